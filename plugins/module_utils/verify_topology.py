# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The topology a check read (VPCs, peerings, private hosted zones, Resolver rules and endpoints, interface
endpoints), as data, as a Mermaid graph and as Graphviz DOT text (pure)."""

from __future__ import annotations

import re


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


def _vpc_label(vpc, newline):
    lines = [vpc["name"] or vpc["id"]] + ([vpc["id"]] if vpc["name"] else []) + vpc["cidrs"]
    if not vpc["read"]:
        lines.append("(not read)")
    return newline.join(_quote(line) for line in lines)


def _unique(lines):
    """Drop repeated nodes and edges (several rules may lead the same way); keep every block end."""
    seen, out = set(), []
    for line in lines:
        if line.strip() in ("}", "end") or line not in seen:
            out.append(line)
            seen.add(line)
    return out


def _dns_flags(conn):
    flags = [role[0].upper() for role in ("requester", "accepter") if conn[role]["remote_dns"]]
    return "DNS " + "+".join(flags) if flags else "no DNS"


def _groups(topology):
    groups = {}
    for vpc in topology["vpcs"]:
        groups.setdefault((vpc["region"], vpc["account"]), []).append(vpc)
    return sorted(groups.items(), key=lambda g: (g[0][0] or "", g[0][1] or ""))


def mermaid(topology):
    lines = ["graph LR"]
    for (region, account), vpcs in _groups(topology):
        lines.append(f'  subgraph {_node(f"{region}_{account}")}["{region} · {account}"]')
        for vpc in vpcs:
            lines.append(f'    {_node(vpc["id"])}["{_vpc_label(vpc, "<br/>")}"]')
        for endpoint in topology["resolver_endpoints"]:
            if endpoint["region"] == region and any(v["id"] == endpoint["vpc_id"] for v in vpcs):
                label = f"{endpoint['direction'].lower()} {endpoint['id']}<br/>{', '.join(endpoint['ips'])}"
                lines.append(f'    {_node(endpoint["id"])}(["{label}"])')
        lines.append("  end")
    for conn in topology["peerings"]:
        label = f"{conn['id']} {conn['status']}, {_dns_flags(conn)}"
        lines.append(f'  {_node(conn["requester"]["vpc_id"])} <-->|"{label}"| {_node(conn["accepter"]["vpc_id"])}')
    for endpoint in topology["resolver_endpoints"]:
        lines.append(f'  {_node(endpoint["vpc_id"])} --- {_node(endpoint["id"])}')
    for zone in topology["zones"]:
        lines.append(f'  {_node(zone["id"])}{{{{"zone {zone["name"]}<br/>{zone["id"]}"}}}}')
        for vpc in zone["vpcs"]:
            lines.append(f'  {_node(zone["id"])} -.- {_node(vpc["vpc_id"])}')
    for rule in topology["resolver_rules"]:
        lines.append(f'  {_node(rule["id"])}[/"{rule["type"].lower()} {rule["domain"]}<br/>{rule["id"]}"/]')
        for vpc_id in rule["vpc_ids"]:
            lines.append(f'  {_node(vpc_id)} -.-> {_node(rule["id"])}')
        if rule["endpoint_id"]:
            lines.append(f'  {_node(rule["id"])} --> {_node(rule["endpoint_id"])}')
        for target in _rule_targets(topology, rule):
            lines.append(f'  {_node(rule["endpoint_id"] or rule["id"])} -->|"{target[1]}"| {_node(target[0])}')
    for endpoint in topology["interface_endpoints"]:
        lines.append(f'  {_node(endpoint["id"])}>"{endpoint["service"]}<br/>{", ".join(endpoint["ips"])}"]')
        lines.append(f'  {_node(endpoint["vpc_id"])} --- {_node(endpoint["id"])}')
    return "\n".join(_unique(lines)) + "\n"


def _rule_targets(topology, rule):
    """(inbound endpoint id, "ip:port") for each target that is a known inbound endpoint address."""
    out = []
    for target in rule["targets"]:
        owner = next((e for e in topology["resolver_endpoints"] if target["ip"] in e["ips"]), None)
        if owner:
            out.append((owner["id"], f"{target['ip']}:{target['port']}"))
    return out


def dot(topology):
    lines = ["digraph vpcmesh {", '  graph [rankdir=LR, fontname="Helvetica", fontsize=11];',
             '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for index, ((region, account), vpcs) in enumerate(_groups(topology)):
        lines.append(f'  subgraph cluster_{index} {{')
        lines.append(f'    label="{region} / {account}"; style="dashed";')
        for vpc in vpcs:
            style = "" if vpc["read"] else ', style="rounded,dotted"'
            lines.append(f'    "{vpc["id"]}" [label="{_vpc_label(vpc, chr(92) + "n")}"{style}];')
        for endpoint in topology["resolver_endpoints"]:
            if any(v["id"] == endpoint["vpc_id"] for v in vpcs):
                label = f"{endpoint['direction'].lower()} resolver\\n{endpoint['id']}\\n{', '.join(endpoint['ips'])}"
                lines.append(f'    "{endpoint["id"]}" [shape=ellipse, label="{label}"];')
        for endpoint in topology["interface_endpoints"]:
            if any(v["id"] == endpoint["vpc_id"] for v in vpcs):
                label = f"{endpoint['service']}\\n{endpoint['id']}\\n{', '.join(endpoint['ips'])}"
                lines.append(f'    "{endpoint["id"]}" [shape=cds, label="{label}"];')
        lines.append("  }")
    for conn in topology["peerings"]:
        style = "solid" if conn["status"] == "active" else "dashed"
        lines.append(f'  "{conn["requester"]["vpc_id"]}" -> "{conn["accepter"]["vpc_id"]}" [dir=both, style={style}, '
                     f'label="{conn["id"]}\\n{conn["status"]}, {_dns_flags(conn)}"];')
    for endpoint in topology["resolver_endpoints"] + topology["interface_endpoints"]:
        lines.append(f'  "{endpoint["vpc_id"]}" -> "{endpoint["id"]}" [arrowhead=none];')
    for zone in topology["zones"]:
        lines.append(f'  "{zone["id"]}" [shape=folder, label="zone {zone["name"]}\\n{zone["id"]}"];')
        for vpc in zone["vpcs"]:
            lines.append(f'  "{zone["id"]}" -> "{vpc["vpc_id"]}" [style=dotted, arrowhead=none];')
    for rule in topology["resolver_rules"]:
        lines.append(f'  "{rule["id"]}" [shape=note, label="{rule["type"].lower()} {rule["domain"]}\\n{rule["id"]}"];')
        for vpc_id in rule["vpc_ids"]:
            lines.append(f'  "{vpc_id}" -> "{rule["id"]}" [style=dotted];')
        if rule["endpoint_id"]:
            lines.append(f'  "{rule["id"]}" -> "{rule["endpoint_id"]}";')
        for endpoint_id, target in _rule_targets(topology, rule):
            lines.append(f'  "{rule["endpoint_id"] or rule["id"]}" -> "{endpoint_id}" [label="{target}"];')
    lines.append("}")
    return "\n".join(_unique(lines)) + "\n"
