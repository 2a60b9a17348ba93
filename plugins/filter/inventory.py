# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A VPC host's inventory entry (docs/inventory.md), as playbooks/estate_facts.yml reads it: its problems, checked
offline before any AWS call, the roles its account is reached through, its account's credentials, and its
vpcmesh.aws.vpc_info entry. Every host of group vpcmesh_vpcs is read, also those --limit leaves out of the play, and the VPCs
of the catalogue (vpcmesh_vpc_catalogue) that the inventory does not hold (an AWX job slice's)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.module_utils.validation import check_region, check_shape


# A VPC host's inventory variables that have AWS's shape, and the module option whose shape each has.
ENTRY_SHAPES = {"vpcmesh_vpc_id": "vpc_id", "vpcmesh_account_id": "account_id", "vpcmesh_role_arn": "role_arn"}


def entry_problems(host_vars, host):
    """What is wrong with the shape of VPC host `host`'s own variables (`host_vars`): its region (botocore's list,
    exact case), VPC ID, account ID and role ARN, each message naming the host and the variable. Checked before any
    AWS call, so a wrong value is never sent."""
    problems = []
    if "vpcmesh_region" in host_vars:
        problems.append(check_region(f"{host}: vpcmesh_region", host_vars["vpcmesh_region"]))
    for var, option in ENTRY_SHAPES.items():
        if host_vars.get(var) not in (None, ""):
            value = host_vars[var] if var != "vpcmesh_account_id" else str(host_vars[var])
            problems.append(check_shape(f"{host}: {var}", option, value))
    return [p for p in problems if p]


def inventory_problems(hosts, hostvars):
    """Filter: what is wrong with the inventory entries of VPC hosts `hosts` (every host of group vpcmesh_vpcs,
    also those left out by --limit): a missing region, both a role and a profile, and entry_problems' shapes."""
    problems = []
    for host in hosts:
        values = hostvars[host]
        if values.get("vpcmesh_region") in (None, ""):
            problems.append(f"{host}: set vpcmesh_region (the VPC's region)")
        if values.get("vpcmesh_role_arn") and values.get("vpcmesh_profile"):
            problems.append(f"{host}: give the account's vpcmesh_role_arn or vpcmesh_profile, not both")
        problems += entry_problems(values, host)
    return problems


ROLE_VARS = {"vpcmesh_role_arn": "role_arn", "vpcmesh_role_session_name": "role_session_name",
             "vpcmesh_role_external_id": "external_id", "vpcmesh_role_duration_seconds": "duration_seconds"}


def _role_of(values):
    role = {option: values.get(var) for var, option in ROLE_VARS.items() if values.get(var) not in (None, "")}
    role.setdefault("role_session_name", "vpcmesh")
    return role if role.get("role_arn") else None


def roles_to_assume(hosts, hostvars):
    """Filter: each distinct role (``role_arn``, ``role_session_name``, and ``external_id``, ``duration_seconds`` when
    given) that VPC hosts `hosts` act through, once: amazon.aws.sts_assume_role's options."""
    roles = []
    for host in hosts:
        role = _role_of(hostvars[host])
        if role and role not in roles:
            roles.append(role)
    return roles


def account_credentials(hosts, hostvars, assumed):
    """Filter: {host: credentials} for VPC hosts `hosts`: the keys of its role from `assumed` (the results of a loop of
    amazon.aws.sts_assume_role over roles_to_assume), ``{profile: ...}`` for a profile, None for the caller's own."""
    keys = []
    for run in (assumed or {}).get("results") or []:
        creds = run.get("sts_creds") or {}
        if creds:
            keys.append((run["item"], {"access_key": creds["access_key"], "secret_key": creds["secret_key"],
                                       "session_token": creds["session_token"]}))
    out = {}
    for host in hosts:
        values = hostvars[host]
        role = _role_of(values)
        if role:
            out[host] = next((creds for item, creds in keys if item == role), None)
            if out[host] is None:
                raise AnsibleFilterError(f"{host}: the role {role['role_arn']} was not assumed in this run")
        elif values.get("vpcmesh_profile"):
            out[host] = {"profile": values["vpcmesh_profile"]}
        else:
            out[host] = None
    return out


# A VPC host's inventory variables and the vpc_info entry option each one gives.
ENTRY_OPTIONS = {"vpcmesh_region": "region", "vpcmesh_vpc_id": "vpc_id", "vpcmesh_vpc_name": "vpc_name",
                 "vpcmesh_account_id": "account_id", "vpcmesh_credentials": "credentials"}


def vpc_entries(hosts, hostvars):
    """Filter: the ``vpc_info`` entries (``vpcs``) of VPC hosts `hosts`, from their inventory variables and their
    account's credentials (fact ``vpcmesh_credentials``), so one module run reads them all."""
    entries = []
    for host in hosts:
        values = hostvars[host]
        entry = {"name": host}
        for var, option in ENTRY_OPTIONS.items():
            value = values.get(var)
            if value not in (None, "", {}):
                entry[option] = str(value) if option == "account_id" else value
        entries.append(entry)
    return entries


# What a VPC host's entry says about the VPC, kept in the catalogue (vpcmesh_vpc_catalogue) for runs whose inventory
# does not hold the host: an AWX job slice holds only its own hosts (and every group's variables).
CATALOGUE_VARS = ("vpcmesh_region", "vpcmesh_vpc_id", "vpcmesh_vpc_name", "vpcmesh_account_id", "vpcmesh_profile",
                  "vpcmesh_route_tables") + tuple(ROLE_VARS)


def _catalogue_entry(values):
    return {var: values[var] for var in CATALOGUE_VARS if values.get(var) not in (None, "")}


def vpc_catalogue(hosts, hostvars):
    """Filter: {host: its VPC entry} for VPC hosts `hosts`, each with the inventory variables that say which VPC it
    is and how to act for its account (CATALOGUE_VARS, as the host resolves them, group variables included)."""
    return {host: _catalogue_entry(hostvars[host]) for host in sorted(hosts)}


def catalogued_vpcs(catalogue, hosts, hostvars):
    """Filter: [{name, vars}] the entries of `catalogue` (vpcmesh_vpc_catalogue) whose VPC is not a host of the
    inventory (`hosts`: group vpcmesh_vpcs), to be added as hosts of group vpcmesh_catalogued for this run only. An
    entry of a host the inventory holds must agree with it: a stale catalogue stops the run before any call."""
    if catalogue in (None, ""):
        return []
    if not isinstance(catalogue, dict):
        raise AnsibleFilterError(f"vpcmesh_vpc_catalogue must be a mapping of VPC host names to their variables, "
                                 f"got {type(catalogue).__name__}")
    added, stale = [], []
    for name, values in sorted(catalogue.items()):
        if not isinstance(values, dict):
            raise AnsibleFilterError(f"vpcmesh_vpc_catalogue: {name} must be a mapping of its variables")
        unknown = sorted(set(values) - set(CATALOGUE_VARS))
        if unknown:
            raise AnsibleFilterError(f"vpcmesh_vpc_catalogue: {name} has {', '.join(unknown)}; an entry holds only "
                                     f"{', '.join(CATALOGUE_VARS)}")
        if name in hosts:
            differ = sorted(var for var in CATALOGUE_VARS
                            if str(values.get(var, "")) != str(_catalogue_entry(hostvars[name]).get(var, "")))
            if differ:
                stale.append(f"{name} ({', '.join(differ)})")
        else:
            added.append({"name": name, "vars": dict(values)})
    if stale:
        raise AnsibleFilterError(
            f"vpcmesh_vpc_catalogue disagrees with the inventory on {'; '.join(stale)}: write it again from the "
            "inventory (playbook vpcmesh.aws.catalogue) so that every job slice sees the same VPCs")
    return added


class FilterModule:
    def filters(self):
        return {"entry_problems": entry_problems, "inventory_problems": inventory_problems,
                "roles_to_assume": roles_to_assume, "account_credentials": account_credentials,
                "vpc_entries": vpc_entries, "vpc_catalogue": vpc_catalogue, "catalogued_vpcs": catalogued_vpcs}
