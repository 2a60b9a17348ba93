# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field guides' VPCs (playbooks/vars/demo_vpcs.yml) as the guide playbooks use them: the vpcmesh.aws.vpc_info
entries that find them by Name tag, each in its account, and the `vpcs` fact built from what that one run read
(playbooks/tasks/resolve_vpcs.yml)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError


def _spec(demo_vpcs, name):
    for spec in demo_vpcs:
        if spec.get("name") == name:
            return spec
    raise AnsibleFilterError(f"{name} is not a VPC of demo_vpcs (playbooks/vars/demo_vpcs.yml)")


def _credentials(spec, account_credentials):
    account = spec.get("account")
    if account is None:
        return None
    if str(account) not in account_credentials:
        raise AnsibleFilterError(f"{spec['name']}: no credentials for account {account} (add it to demo_accounts)")
    return account_credentials[str(account)]


def guide_vpc_entries(names, demo_vpcs, account_credentials):
    """Filter: the vpc_info entries (``vpcs``) of the demo VPCs `names`: each found by its Name tag in its region, as
    its account (`account_credentials`, account ID -> keys; none for the caller's own account)."""
    entries = []
    for name in names:
        spec = _spec(demo_vpcs, name)
        entry = {"name": name, "region": spec["region"]}
        if spec.get("account") is not None:
            entry["account_id"] = str(spec["account"])
            entry["credentials"] = _credentials(spec, account_credentials)
        entries.append(entry)
    return entries


def _tier_tables(tables, tier):
    return [t["route_table_id"] for t in tables if t.get("tags", {}).get("tier") == tier]


def guide_vpcs(found, demo_vpcs, account_credentials):
    """Filter: name -> {vpc_id, region, account, cidr, credentials, subnets: [{subnet_id, cidr, az, tier}],
    route_tables: {public, private, all}, hosts} for each VPC vpc_info `found` (its RV(vpcs)), with the hosts'
    IPs and the account's credentials from the demo VPCs' description."""
    vpcs = {}
    for name, vpc in found.items():
        spec = _spec(demo_vpcs, name)
        tables = vpc.get("route_tables", [])
        vpcs[name] = {
            "vpc_id": vpc["vpc_id"], "region": vpc["region"], "account": vpc["account_id"], "cidr": vpc["cidrs"][0],
            "credentials": _credentials(spec, account_credentials),
            "subnets": [{"subnet_id": s["subnet_id"], "cidr": s["cidr"], "az": s["az"],
                         "tier": s.get("tags", {}).get("tier", "")} for s in vpc.get("subnets", [])],
            "route_tables": {"public": _tier_tables(tables, "public"), "private": _tier_tables(tables, "private"),
                             "all": [t["route_table_id"] for t in tables]},
            "hosts": [h["ip"] for h in spec.get("hosts", [])],
        }
    return vpcs


class FilterModule:
    def filters(self):
        return {"guide_vpc_entries": guide_vpc_entries, "guide_vpcs": guide_vpcs}
