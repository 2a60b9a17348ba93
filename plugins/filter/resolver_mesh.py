# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resolver_mesh role's Resolver endpoints as list-form runs of vpcmesh.aws.resolver_endpoint: one run per
account credentials (usually one for the whole mesh) instead of one per node and direction."""

from __future__ import annotations


def mesh_endpoints(names, nodes, mesh, cidrs, tags=None, directions=("inbound", "outbound")):
    """Filter: [{credentials, ends: [[node, direction]], endpoints: [items]}], one group per distinct node
    credentials in first-seen order; each node's endpoints share its DNS security group ``<mesh>-<node>-dns``."""
    groups = []
    for name in names:
        node = nodes[name]
        credentials = node.get("credentials") or {}
        group = next((g for g in groups if g["credentials"] == credentials), None)
        if group is None:
            group = {"credentials": credentials, "ends": [], "endpoints": []}
            groups.append(group)
        for direction in directions:
            group["ends"].append([name, direction])
            group["endpoints"].append({
                "region": node["region"], "name": f"{mesh}-{name}-{direction}", "direction": direction,
                "subnet_ids": list(node["subnet_ids"]), "tags": dict(tags or {}),
                "dns_security_group": {"name": f"{mesh}-{name}-dns", "allowed_cidrs": list(cidrs)}})
    return groups


def endpoint_results(registered):
    """Filter: the item results of the list-form runs `registered` (a loop over mesh_endpoints' groups), each with
    ``item`` = [node, direction], as a loop over nodes and directions would have registered them."""
    out = []
    for run in (registered or {}).get("results") or []:
        group = run.get("group") or {}
        for end, result in zip(group.get("ends") or [], run.get("results") or []):
            out.append(dict(result, item=end))
    return out


class FilterModule:
    def filters(self):
        return {"mesh_endpoints": mesh_endpoints, "endpoint_results": endpoint_results}
