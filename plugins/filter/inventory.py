# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A VPC host's inventory entry (docs/inventory.md), as playbooks/estate_facts.yml reads it: its problems, checked
offline before any AWS call, the roles its account is reached through, its account's credentials, and its
vpcmesh.aws.vpc_info entry. Every host of group vpcmesh_vpcs is read, also those --limit leaves out of the play."""

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


class FilterModule:
    def filters(self):
        return {"entry_problems": entry_problems, "inventory_problems": inventory_problems,
                "roles_to_assume": roles_to_assume, "account_credentials": account_credentials,
                "vpc_entries": vpc_entries}
