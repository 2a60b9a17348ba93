# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology a check read (VPCs, peerings, private hosted zones, Resolver rules and endpoints, interface
endpoints), as data, as a Mermaid graph and as Graphviz DOT text (pure)."""

from __future__ import annotations

import re
from collections import namedtuple


def _node(resource_id):
    return re.sub(r"[^A-Za-z0-9_]", "_", resource_id)


def _quote(text):
    return text.replace("\\", "\\\\").replace('"', "'")


def describe(snapshot):
    """The topology as plain data; VPCs that were seen as peers but not read are listed with ``read: false``."""
    vpcs = [dict(id=v["id"], name=v["name"], region=v["region"], account=v["account"], cidrs=v["cidrs"],
                 dns_support=v["dns_support"], dns_hostnames=v["dns_hostnames"], read=True)
            for v in sorted(snapshot.vpcs.values(), key=lambda v: (v["region"], v["id"]))]
    read = set(snapshot.vpcs)
    peerings = sorted(snapshot.peerings.values(), key=lambda c: c["id"])
    for conn in peerings:
        for side in (conn["requester"], conn["accepter"]):
            if side["vpc_id"] not in read:
                read.add(side["vpc_id"])
                vpcs.append(dict(id=side["vpc_id"], name=None, region=side["region"], account=side["account"],
                                 cidrs=side["cidrs"], dns_support=None, dns_hostnames=None, read=False))
    known = set(snapshot.vpcs)
    zones = [dict(id=z["id"], name=z["name"], account=z["account"], vpcs=z["vpcs"])
             for z in sorted(snapshot.zones.values(), key=lambda z: z["id"])
             if any(v["vpc_id"] in known for v in z["vpcs"])]
    rules = [dict(id=r["id"], name=r["name"], domain=r["domain"], type=r["type"], region=r["region"],
                  targets=r["targets"], endpoint_id=r["endpoint_id"], vpc_ids=r["vpc_ids"])
             for r in sorted(snapshot.resolver_rules.values(), key=lambda r: r["id"]) if r["vpc_ids"]]
    endpoints = [dict(id=e["id"], direction=e["direction"], vpc_id=e["vpc_id"], region=e["region"],
                      ips=[a["ip"] for a in e["ips"]])
                 for e in sorted(snapshot.resolver_endpoints.values(), key=lambda e: e["id"]) if e["vpc_id"] in known]
    interface_endpoints = [dict(id=e["id"], vpc_id=e["vpc_id"], service=e["service"], private_dns=e["private_dns"],
                                ips=snapshot.endpoint_ips(e))
                           for e in sorted(snapshot.vpc_endpoints.values(), key=lambda e: e["id"])
                           if e["type"] == "interface"]
    topology = dict(vpcs=vpcs, peerings=[dict(id=c["id"], status=c["status"], requester=c["requester"],
                                              accepter=c["accepter"]) for c in peerings],
                    zones=zones, resolver_rules=rules, resolver_endpoints=endpoints,
                    interface_endpoints=interface_endpoints)
    topology["mermaid"] = mermaid(topology)
    topology["dot"] = dot(topology)
    return topology


# The graph's elements. A node: its kind, id and label parts; an endpoint's node also names the VPC it sits in
# (beside) and, for a Resolver endpoint, its region. An edge: its kind, ends and label parts. A group: the VPC
# nodes of one (region, account).
_Node = namedtuple("_Node", "kind id parts beside region")
_Edge = namedtuple("_Edge", "kind a b parts")
_Group = namedtuple("_Group", "index region account vpcs")


def _vpc_node(vpc):
    lines = [vpc["name"] or vpc["id"]] + ([vpc["id"]] if vpc["name"] else []) + vpc["cidrs"]
    if not vpc["read"]:
        lines.append("(not read)")
    return _Node("vpc" if vpc["read"] else "unread_vpc", vpc["id"], tuple(_quote(line) for line in lines), None, None)


def _dns_flags(conn):
    flags = [role[0].upper() for role in ("requester", "accepter") if conn[role]["remote_dns"]]
    return "DNS " + "+".join(flags) if flags else "no DNS"


def _groups(topology):
    groups = {}
    for vpc in topology["vpcs"]:
        groups.setdefault((vpc["region"], vpc["account"]), []).append(vpc)
    return sorted(groups.items(), key=lambda g: (g[0][0] or "", g[0][1] or ""))


def _rule_targets(topology, rule):
    """(inbound endpoint id, "ip:port") for each target that is a known inbound endpoint address."""
    out = []
    for target in rule["targets"]:
        owner = next((e for e in topology["resolver_endpoints"] if target["ip"] in e["ips"]), None)
        if owner:
            out.append((owner["id"], f"{target['ip']}:{target['port']}"))
    return out


def _graph(topology):
    """The graph of the topology, walked once for every renderer: the VPC nodes grouped by (region, account),
    then the other nodes and the edges in drawing order (an endpoint's node names the VPC it sits in)."""
    groups = [_Group(index, region, account, [_vpc_node(vpc) for vpc in vpcs])
              for index, ((region, account), vpcs) in enumerate(_groups(topology))]
    items = [_Node("resolver_endpoint", e["id"], (e["direction"].lower(), e["id"], ", ".join(e["ips"])),
                   e["vpc_id"], e["region"]) for e in topology["resolver_endpoints"]]
    for conn in topology["peerings"]:
        items.append(_Edge("peering" if conn["status"] == "active" else "inactive_peering",
                           conn["requester"]["vpc_id"], conn["accepter"]["vpc_id"],
                           (conn["id"], conn["status"], _dns_flags(conn))))
    items += [_Edge("resolver_link", e["vpc_id"], e["id"], ()) for e in topology["resolver_endpoints"]]
    for endpoint in topology["interface_endpoints"]:
        items += [_Node("interface_endpoint", endpoint["id"],
                        (endpoint["service"], endpoint["id"], ", ".join(endpoint["ips"])), endpoint["vpc_id"], None),
                  _Edge("interface_link", endpoint["vpc_id"], endpoint["id"], ())]
    for zone in topology["zones"]:
        items.append(_Node("zone", zone["id"], (zone["name"], zone["id"]), None, None))
        items += [_Edge("zone_link", zone["id"], vpc["vpc_id"], ()) for vpc in zone["vpcs"]]
    for rule in topology["resolver_rules"]:
        items.append(_Node("rule", rule["id"], (rule["type"].lower(), rule["domain"], rule["id"]), None, None))
        items += [_Edge("rule_link", vpc_id, rule["id"], ()) for vpc_id in rule["vpc_ids"]]
        if rule["endpoint_id"]:
            items.append(_Edge("rule_endpoint", rule["id"], rule["endpoint_id"], ()))
        items += [_Edge("rule_target", rule["endpoint_id"] or rule["id"], endpoint_id, (target,))
                  for endpoint_id, target in _rule_targets(topology, rule)]
    return groups, items


def _unique(lines):
    """Drop repeated nodes and edges (several rules may lead the same way); keep every block end."""
    seen, out = set(), []
    for line in lines:
        if line.strip() in ("}", "end") or line not in seen:
            out.append(line)
            seen.add(line)
    return out


def _draw(item, syntax):
    template, ref = syntax[item.kind], syntax["ref"]
    if isinstance(item, _Edge):
        return template.format(a=ref(item.a), b=ref(item.b), p=item.parts)
    return template.format(ref=ref(item.id), p=item.parts, text=syntax["newline"].join(item.parts))


def _render(topology, syntax):
    """The graph in one syntax: a block per group with its VPCs and the endpoints of the kinds the syntax nests
    (nodes of those kinds are drawn only there), then every other node and edge, the syntax's ``last`` kinds at
    the end."""
    groups, items = _graph(topology)
    nested = syntax["nested"]
    lines = list(syntax["head"])
    for group in groups:
        vpc_ids = {vpc.id for vpc in group.vpcs}
        inside = [item for item in items if item.kind in nested and item.beside in vpc_ids
                  and (item.region == group.region or not syntax["same_region"])]
        lines += [line.format(ref=syntax["ref"](f"{group.region}_{group.account}"), index=group.index,
                              region=group.region, account=group.account) for line in syntax["group"]]
        lines += ["    " + _draw(item, syntax) for item in group.vpcs + inside]
        lines.append(syntax["end"])
    loose = sorted((item for item in items if item.kind not in nested), key=lambda item: item.kind in syntax["last"])
    lines += ["  " + _draw(item, syntax) for item in loose]
    lines += syntax["tail"]
    return "\n".join(_unique(lines)) + "\n"


_MERMAID = dict(
    ref=_node, newline="<br/>", head=("graph LR",), tail=(),
    group=('  subgraph {ref}["{region} · {account}"]',), end="  end",
    nested=("resolver_endpoint",), same_region=True, last=("interface_endpoint", "interface_link"),
    vpc='{ref}["{text}"]', unread_vpc='{ref}["{text}"]',
    resolver_endpoint='{ref}(["{p[0]} {p[1]}<br/>{p[2]}"])',
    interface_endpoint='{ref}>"{p[0]}<br/>{p[2]}"]',
    zone='{ref}{{{{"zone {p[0]}<br/>{p[1]}"}}}}',
    rule='{ref}[/"{p[0]} {p[1]}<br/>{p[2]}"/]',
    peering='{a} <-->|"{p[0]} {p[1]}, {p[2]}"| {b}', inactive_peering='{a} <-->|"{p[0]} {p[1]}, {p[2]}"| {b}',
    resolver_link="{a} --- {b}", interface_link="{a} --- {b}", zone_link="{a} -.- {b}",
    rule_link="{a} -.-> {b}", rule_endpoint="{a} --> {b}", rule_target='{a} -->|"{p[0]}"| {b}',
)

_DOT = dict(
    ref='"{0}"'.format, newline="\\n",
    head=("digraph vpcmesh {", '  graph [rankdir=LR, fontname="Helvetica", fontsize=11];',
          '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
          '  edge [fontname="Helvetica", fontsize=9];'), tail=("}",),
    group=("  subgraph cluster_{index} {{", '    label="{region} / {account}"; style="dashed";'), end="  }",
    nested=("resolver_endpoint", "interface_endpoint"), same_region=False, last=(),
    vpc='{ref} [label="{text}"];', unread_vpc='{ref} [label="{text}", style="rounded,dotted"];',
    resolver_endpoint='{ref} [shape=ellipse, label="{p[0]} resolver\\n{p[1]}\\n{p[2]}"];',
    interface_endpoint='{ref} [shape=cds, label="{p[0]}\\n{p[1]}\\n{p[2]}"];',
    zone='{ref} [shape=folder, label="zone {p[0]}\\n{p[1]}"];',
    rule='{ref} [shape=note, label="{p[0]} {p[1]}\\n{p[2]}"];',
    peering='{a} -> {b} [dir=both, style=solid, label="{p[0]}\\n{p[1]}, {p[2]}"];',
    inactive_peering='{a} -> {b} [dir=both, style=dashed, label="{p[0]}\\n{p[1]}, {p[2]}"];',
    resolver_link="{a} -> {b} [arrowhead=none];", interface_link="{a} -> {b} [arrowhead=none];",
    zone_link="{a} -> {b} [style=dotted, arrowhead=none];", rule_link="{a} -> {b} [style=dotted];",
    rule_endpoint="{a} -> {b};", rule_target='{a} -> {b} [label="{p[0]}"];',
)


def mermaid(topology):
    """The topology as a Mermaid graph: a subgraph per (region, account) with its VPCs and Resolver endpoints."""
    return _render(topology, _MERMAID)


def dot(topology):
    """The topology as Graphviz DOT: a cluster per (region, account) with its VPCs and endpoints."""
    return _render(topology, _DOT)
