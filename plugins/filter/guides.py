# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field guides' VPCs (playbooks/vars/demo_vpcs.yml) as the guide playbooks use them: described as VPC hosts of
an inventory (docs/inventory.md), so playbooks/tasks/resolve_vpcs.yml learns them with the steps site.yml learns an
inventory with (playbooks/tasks/learn_vpcs.yml), and the `vpcs` fact built from what those steps set."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError


def _spec(demo_vpcs, name):
    for spec in demo_vpcs:
        if spec.get("name") == name:
            return spec
    raise AnsibleFilterError(f"{name} is not a VPC of demo_vpcs (playbooks/vars/demo_vpcs.yml)")


def guide_vpc_hosts(names, demo_vpcs, demo_accounts):
    """Filter: the demo VPCs `names` as VPC hosts of group vpcmesh_vpcs (docs/inventory.md): each named as the VPC
    (found by that Name tag) with ``vpcmesh_region``, and for another account ``vpcmesh_account_id`` and
    ``vpcmesh_role_arn``, the role of that account in `demo_accounts` (account ID -> {role_arn})."""
    hosts = []
    for name in names:
        spec = _spec(demo_vpcs, name)
        host = {"name": name, "vpcmesh_region": spec["region"]}
        account = spec.get("account")
        if account is not None:
            role = (demo_accounts or {}).get(str(account)) or {}
            if not role.get("role_arn"):
                raise AnsibleFilterError(f"{name}: no role for account {account} (add its role_arn to demo_accounts)")
            host.update(vpcmesh_account_id=str(account), vpcmesh_role_arn=role["role_arn"])
        hosts.append(host)
    return hosts


def _tier_tables(tables, tier):
    return [t["route_table_id"] for t in tables if t.get("tags", {}).get("tier") == tier]


def guide_vpcs(names, hostvars, demo_vpcs):
    """Filter: name -> {vpc_id, region, account, cidr, credentials, subnets: [{subnet_id, cidr, az, tier}],
    route_tables: {public, private, all}, hosts} for each VPC host of `names`, from its facts ``vpcmesh_vpc`` and
    ``vpcmesh_credentials`` (set by playbooks/tasks/learn_vpcs.yml) and the demo hosts' IPs in `demo_vpcs`."""
    vpcs = {}
    for name in names:
        spec, values = _spec(demo_vpcs, name), hostvars[name]
        vpc = values["vpcmesh_vpc"]
        tables = vpc.get("route_tables", [])
        vpcs[name] = {
            "vpc_id": vpc["vpc_id"], "region": vpc["region"], "account": vpc["account_id"], "cidr": vpc["cidrs"][0],
            "credentials": values.get("vpcmesh_credentials"),
            "subnets": [{"subnet_id": s["subnet_id"], "cidr": s["cidr"], "az": s["az"],
                         "tier": s.get("tags", {}).get("tier", "")} for s in vpc.get("subnets", [])],
            "route_tables": {"public": _tier_tables(tables, "public"), "private": _tier_tables(tables, "private"),
                             "all": [t["route_table_id"] for t in tables]},
            "hosts": [h["ip"] for h in spec.get("hosts", [])],
        }
    return vpcs


def guide_mesh_nodes(names, vpcs):
    """Filter: the nodes of the resolver_mesh role (resolver_mesh_regions) for the guide VPCs `names`, from the
    ``vpcs`` fact (filter guide_vpcs): region, vpc_id, cidr, every subnet and route table, account and credentials."""
    nodes = []
    for name in names:
        if name not in vpcs:
            raise AnsibleFilterError(f"guide_mesh_nodes: {name} is not one of the VPCs looked up ({', '.join(vpcs)})")
        vpc = vpcs[name]
        nodes.append({"region": vpc["region"], "vpc_id": vpc["vpc_id"], "cidr": vpc["cidr"],
                      "subnet_ids": [s["subnet_id"] for s in vpc["subnets"]],
                      "route_table_ids": list(vpc["route_tables"]["all"]), "account_id": vpc["account"],
                      "credentials": vpc["credentials"]})
    return nodes


def guide_mesh_readback(result_nodes, nodes):
    """Filter: the nodes of vpcmesh.aws.resolver_forward_mesh that read a built mesh back: each node of the role's
    resolver_mesh_result.nodes (name -> region and endpoint IDs) with the credentials of the mesh node (`nodes`,
    filter guide_mesh_nodes) in its region."""
    by_region = {node["region"]: node for node in nodes}
    out = []
    for name, node in sorted((result_nodes or {}).items()):
        if node["region"] not in by_region:
            raise AnsibleFilterError(f"guide_mesh_readback: node {name} is in {node['region']}, where no mesh node is")
        out.append({"name": name, "region": node["region"], "inbound_endpoint_id": node.get("inbound_endpoint_id"),
                    "outbound_endpoint_id": node.get("outbound_endpoint_id"),
                    "credentials": by_region[node["region"]].get("credentials")})
    return out


class FilterModule:
    def filters(self):
        return {"guide_vpc_hosts": guide_vpc_hosts, "guide_vpcs": guide_vpcs, "guide_mesh_nodes": guide_mesh_nodes,
                "guide_mesh_readback": guide_mesh_readback}
