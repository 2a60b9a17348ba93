# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure part of ``estate_info``: what was read of an estate (``discovery_read.py``) -> an inventory in the format
of docs/inventory.md, and what it cannot say (``left_as_found``, each with a reason). No AWS access here.

The inventory is chosen so that ``site.yml`` over it plans no change: every peering, zone and Resolver mesh it lists
is exactly what exists (names, directions, DNS options, routed tables, records), and whatever would make site.yml
write (a Name tag the model would change, a DNS option on only one side, a route table with only some of the
peer's blocks, ...) is left out of the topology and listed in ``left_as_found`` instead. site.yml never deletes
what an inventory does not list (peer_routes and private_zone do not purge by default), so those stay as they are.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter

MESH_TAG = "vpcmesh:mesh"
NODE_TAG = "vpcmesh:node"
MESH_DOMAINS = ("{region}.amazonaws.com", "{region}.vpce.amazonaws.com")
HOST_CHARS = re.compile(r"[^A-Za-z0-9_.-]")
GONE_PEERINGS = ("deleted", "deleting", "rejected", "failed", "expired")


# -- hosts -----------------------------------------------------------------------------------------------
def host_names(vpcs, node_names=None):
    """{vpc_id: host name}: a Resolver mesh node's name (its rules' vpcmesh:node tag), else the VPC's Name tag
    (characters outside letters, digits, ``_ . -`` as ``-``), else the VPC's ID; a name used twice gets the ID."""
    node_names = node_names or {}
    wanted = {}
    for vpc in vpcs:
        name = node_names.get(vpc["vpc_id"]) or HOST_CHARS.sub("-", vpc.get("name") or "").strip("-")
        wanted[vpc["vpc_id"]] = name or vpc["vpc_id"]
    counts = Counter(wanted.values())
    return {vpc_id: (name if counts[name] == 1 else f"{name}-{vpc_id}") for vpc_id, name in wanted.items()}


def usable_tables(vpc):
    """The VPC's route tables a peering route may go in (not those associated with a gateway: edge tables)."""
    return [t for t in vpc["route_tables"] if not t.get("edge")]


def selection_of(vpc, table_ids):
    """The smallest route table selector naming exactly ``table_ids`` of ``vpc``: ``all``, ``none``, ``main``, one
    tag filter ``{key: value}`` matching exactly those tables, or their IDs (sorted)."""
    tables = usable_tables(vpc)
    chosen = set(table_ids)
    if chosen == {t["id"] for t in tables}:
        return "all"
    if not chosen:
        return "none"
    if chosen == {t["id"] for t in tables if t.get("main")}:
        return "main"
    first = next(t for t in tables if t["id"] in chosen)
    for key, value in sorted((first.get("tags") or {}).items()):
        if key == "Name":
            continue
        if {t["id"] for t in tables if (t.get("tags") or {}).get(key) == value} == chosen:
            return {key: value}
    return sorted(chosen)


# -- peerings ---------------------------------------------------------------------------------------------
def routed_tables(vpc, peering_id, peer_cidrs):
    """(tables routing every block of ``peer_cidrs`` over the peering, [(table, destination, why) left as found])."""
    full, odd = [], []
    peer_nets = [ipaddress.ip_network(c) for c in peer_cidrs]
    for table in usable_tables(vpc) + [t for t in vpc["route_tables"] if t.get("edge")]:
        over = {r["destination"] for r in table.get("routes", []) if r.get("peering_id") == peering_id}
        if not over:
            continue
        for dest in sorted(over - set(peer_cidrs)):
            net = ipaddress.ip_network(dest, strict=False)
            inside = any(net.version == p.version and net.subnet_of(p) for p in peer_nets)
            odd.append((table["id"], dest, "narrower than the peer VPC's block" if inside
                        else "not a block of the peer VPC"))
        missing = sorted(set(peer_cidrs) - over)
        if missing:
            odd.append((table["id"], ", ".join(sorted(over & set(peer_cidrs))) or "-",
                        f"the table routes only some of the peer's blocks (not {', '.join(missing)})"))
        elif not table.get("edge"):
            full.append(table["id"])
    return full, odd


def model_prefix(name_tag, requester, accepter):
    """The entry ``name`` under which the model names the pair as its Name tag says: '' for
    ``<requester>-to-<accepter>``, ``X`` for ``X-<requester>-<accepter>``; None when the tag is neither."""
    if name_tag == f"{requester}-to-{accepter}":
        return ""
    tail = f"-{requester}-{accepter}"
    if name_tag and name_tag.endswith(tail) and len(name_tag) > len(tail):
        return name_tag[:-len(tail)]
    return None


def _left(kind, what, reason, **where):
    return dict(kind=kind, what=what, reason=reason, **where)


def _own_view(views, side):
    """The view of a connection read in ``side``'s region and account (where AWS shows that side's option and tags)."""
    return [v for v in views if v.get("seen_in") == side["region"]
            and v.get("seen_by", side.get("owner_id")) == side.get("owner_id")]


def merge_peerings(views):
    """One connection per ID from the views read in each account and region: each side's DNS option and Name tag
    as read in that side's region and account (AWS keeps a copy of the connection, and its tags, per side)."""
    by_id = {}
    for view in views:
        by_id.setdefault(view["id"], []).append(view)
    out = []
    for _conn_id, seen in sorted(by_id.items()):
        merged = dict(seen[0])
        names = {}
        for role in ("requester", "accepter"):
            own = _own_view(seen, seen[0][role])
            merged[role] = dict((own or seen)[0][role])
            names[role] = own[0].get("name") if own else None
        at_requester = _own_view(seen, seen[0]["requester"]) or seen
        merged["name"] = at_requester[0].get("name")
        merged["status"] = at_requester[0]["status"]
        separate = (merged["requester"]["region"], merged["requester"].get("owner_id")) != (
            merged["accepter"]["region"], merged["accepter"].get("owner_id"))
        merged["accepter_name"] = names["accepter"] if separate else merged["name"]
        out.append(merged)
    return out


def peering_facts(peerings, vpcs, hosts):
    """([pair], [left as found]) for the live peering connections: a pair is dict(id, requester, accepter (host
    names), dns_resolution, prefix, tables {host: [table IDs]}) when the model can say it exactly."""
    by_id = {v["vpc_id"]: v for v in vpcs}
    pairs, left = [], []
    for conn in merge_peerings(peerings):
        req, acc = conn["requester"], conn["accepter"]
        what = f"peering {conn['id']} ({req['vpc_id']} {req['region']} -> {acc['vpc_id']} {acc['region']})"
        if conn["status"] in GONE_PEERINGS:
            continue
        if conn["status"] != "active":
            left.append(_left("peering", what, f"it is {conn['status']}, not active: accept or delete it, then "
                              "discover again", peering_id=conn["id"]))
            continue
        unknown = [side["vpc_id"] for side in (req, acc) if side["vpc_id"] not in by_id]
        if unknown:
            left.append(_left("peering", what, f"{', '.join(unknown)} is not in the accounts and regions read",
                              peering_id=conn["id"]))
            continue
        r_host, a_host = hosts[req["vpc_id"]], hosts[acc["vpc_id"]]
        prefix = model_prefix(conn.get("name"), r_host, a_host)
        if prefix is None:
            left.append(_left("peering", what, (
                f"its Name tag ({conn.get('name') or 'none'}) is not the name the inventory model gives the pair "
                f"({r_host}-to-{a_host}, or <name>-{r_host}-{a_host}), so site.yml would tag it again; add "
                f"{{pair: [{r_host}, {a_host}]}} to vpcmesh_peerings to let it"), peering_id=conn["id"]))
            continue
        if conn.get("accepter_name") != conn.get("name"):
            left.append(_left("peering", what, (
                f"its Name tag on the accepter's side ({conn.get('accepter_name') or 'none'}, in {acc['region']}) is "
                f"not the requester's ({conn.get('name')}); site.yml would tag the accepter's copy: tag it so, or add "
                f"{{pair: [{r_host}, {a_host}]}} to vpcmesh_peerings to let site.yml do it"), peering_id=conn["id"]))
            continue
        dns = (req.get("allow_dns"), acc.get("allow_dns"))
        if dns[0] != dns[1]:
            left.append(_left("peering", what, (
                f"remote DNS resolution is {'on' if dns[0] else 'off'} on the requester's side and "
                f"{'on' if dns[1] else 'off'} on the accepter's; the model sets both sides alike (dns_resolution)"),
                peering_id=conn["id"]))
            continue
        if dns[0]:
            off = [f"{v['vpc_id']} has {a} off" for v in (by_id[req["vpc_id"]], by_id[acc["vpc_id"]])
                   for a in ("dns_support", "dns_hostnames") if not v.get(a)]
            if off:
                left.append(_left("peering", what, (
                    f"remote DNS resolution is on but {'; '.join(off)}: site.yml would turn the VPC attributes on"),
                    peering_id=conn["id"]))
                continue
        tables, odd = {}, []
        for side, peer in ((req, acc), (acc, req)):
            vpc = by_id[side["vpc_id"]]
            full, side_odd = routed_tables(vpc, conn["id"], by_id[peer["vpc_id"]]["cidrs"])
            tables[hosts[side["vpc_id"]]] = full
            odd += side_odd
        for table_id, dest, why in odd:
            left.append(_left("route", f"route {dest} over {conn['id']} in {table_id}", (
                f"{why}; the model routes a peer's whole blocks, so this route stays as it is (site.yml does not "
                "remove routes it does not describe)"), peering_id=conn["id"], route_table_id=table_id))
        pairs.append(dict(id=conn["id"], requester=r_host, accepter=a_host, dns_resolution=bool(dns[0]),
                          prefix=prefix, tables=tables))
    return pairs, left


def host_selections(pairs, vpcs_by_host):
    """{host: selector} chosen for most of a host's pairs; each pair's other sides become entry overrides."""
    seen = {}
    for pair in pairs:
        for host, tables in pair["tables"].items():
            seen.setdefault(host, Counter())[tuple(sorted(tables))] += 1
    out = {}
    for host, counts in seen.items():
        top = max(counts.items(), key=lambda item: (item[1], item[0] == tuple(sorted(
            t["id"] for t in usable_tables(vpcs_by_host[host])))))[0]
        out[host] = selection_of(vpcs_by_host[host], top)
    return out


def shapes(edges):
    """The smallest entries for directed ``edges`` [(requester, accepter)]: full meshes (3 or more VPCs whose
    requests follow one order), then hubs (one requester of 2 or more), then chains, then pairs."""
    rest = list(dict.fromkeys(edges))
    entries = []
    while True:
        mesh = _largest_mesh(rest)
        if not mesh:
            break
        entries.append({"full_mesh": mesh})
        inside = set(mesh)
        rest = [e for e in rest if not (e[0] in inside and e[1] in inside)]
    chains = _chains(rest)
    in_chain = {e for chain in chains for e in zip(chain, chain[1:])}
    rest = [e for e in rest if e not in in_chain]
    while True:
        outs = Counter(r for r, _a in rest)
        hubs = [h for h, n in outs.items() if n >= 2]
        if not hubs:
            break
        hub = max(hubs, key=lambda h: (outs[h], [-ord(c) for c in h]))
        entries.append({"hub": hub, "spokes": [a for r, a in rest if r == hub]})
        rest = [e for e in rest if e[0] != hub]
    entries += [{"chain": chain} for chain in chains]
    entries += [{"pair": [r, a]} for r, a in rest]
    return entries


def _largest_mesh(edges):
    """The largest set of 3 or more hosts all peered with each other whose requester always comes first in one
    order, as that order (None when there is none)."""
    linked = {}
    for r, a in edges:
        linked.setdefault(r, set()).add(a)
        linked.setdefault(a, set()).add(r)
    directed = set(edges)
    best = None
    for start in sorted(linked):
        clique = [start]
        for other in sorted(linked[start], key=lambda h: (-len(linked[h]), h)):
            if all(other in linked[member] for member in clique):
                clique.append(other)
        if len(clique) < 3:
            continue
        order = sorted(clique, key=lambda h: (-sum((h, o) in directed for o in clique), h))
        if all((a, b) in directed for i, a in enumerate(order) for b in order[i + 1:]):
            if best is None or len(order) > len(best):
                best = order
    return best


def _chains(edges):
    """Paths of 3 or more hosts a -> b -> c ... where each inner host has exactly one request in and one out and
    no other peering among ``edges``."""
    ins, outs, degree = Counter(), Counter(), Counter()
    for r, a in edges:
        outs[r] += 1
        ins[a] += 1
        degree[r] += 1
        degree[a] += 1
    inner = {h for h in degree if ins[h] == 1 and outs[h] == 1 and degree[h] == 2}
    chains, used = [], set()
    for r, a in edges:
        if r in inner or a not in inner or (r, a) in used:
            continue
        chain = [r, a]
        while chain[-1] in inner:
            chain.append(next(acc for req, acc in edges if req == chain[-1]))
        used.update(zip(chain, chain[1:]))
        chains.append(chain)
    return chains


def peering_entries(pairs, selections, vpcs_by_host):
    """vpcmesh_peerings entries for ``pairs``: those that need no route table override grouped into shapes by DNS
    option and name; the others one ``pair`` each with its ``route_tables``."""
    grouped, singles = {}, []
    for pair in pairs:
        overrides = {}
        for host in (pair["requester"], pair["accepter"]):
            chosen = selection_of(vpcs_by_host[host], pair["tables"][host])
            if chosen != selections[host]:
                overrides[host] = chosen
        if overrides:
            singles.append((pair, overrides))
        else:
            grouped.setdefault((pair["prefix"], pair["dns_resolution"]), []).append(
                (pair["requester"], pair["accepter"]))
    entries = []
    for (prefix, dns), edges in sorted(grouped.items(), key=lambda item: (item[0][0], not item[0][1])):
        for entry in shapes(edges):
            entries.append(_options(entry, prefix, dns))
    for pair, overrides in singles:
        entries.append(_options({"pair": [pair["requester"], pair["accepter"]]}, pair["prefix"],
                                pair["dns_resolution"], overrides))
    return entries


def _options(entry, prefix, dns, route_tables=None):
    out = dict(entry)
    if prefix:
        out["name"] = prefix
    if not dns:
        out["dns_resolution"] = False
    if route_tables:
        out["route_tables"] = route_tables
    return out


# -- private zones ----------------------------------------------------------------------------------------
def record_entry(zone_name, record):
    """The inventory's {name, type, value, ttl} of one record set (None for an alias or a routing policy)."""
    if record.get("alias") or record.get("policy"):
        return None
    full = record["name"].rstrip(".").replace("\\052", "*")
    zone = zone_name.rstrip(".")
    name = full[:-len(zone) - 1] if full.endswith("." + zone) else full
    values = record.get("values") or []
    return {"name": name, "type": record["type"], "value": values[0] if len(values) == 1 else values,
            "ttl": record.get("ttl", 300)}


def zone_entries(zones, vpcs, hosts):
    """(vpcmesh_zones entries, left as found) for the private hosted zones read."""
    by_id = {v["vpc_id"]: v for v in vpcs}
    entries, left = [], []
    for zone in sorted(zones, key=lambda z: (z["name"], z["id"])):
        name = zone["name"].rstrip(".")
        what = f"private zone {name} ({zone['id']}, account {zone['account_id']})"
        known = [a for a in zone["vpcs"] if a["vpc_id"] in by_id]
        for assoc in zone["vpcs"]:
            if assoc["vpc_id"] not in by_id:
                left.append(_left("zone association", f"{what} on {assoc['vpc_id']} ({assoc['region']})",
                                  "that VPC is not in the accounts and regions read; site.yml leaves the association "
                                  "(private_zone does not purge)", zone_id=zone["id"]))
        owners = [a for a in known if by_id[a["vpc_id"]]["account_id"] == zone["account_id"]]
        if not owners:
            left.append(_left("zone", what, "none of its VPCs read belongs to the zone's account, which must own it "
                              "in the model (the zone's first VPC)", zone_id=zone["id"]))
            continue
        off = [f"{a['vpc_id']} has {attr} off" for a in known for attr in ("dns_support", "dns_hostnames")
               if not by_id[a["vpc_id"]].get(attr)]
        if off:
            left.append(_left("zone", what, f"{'; '.join(off)}: site.yml's private_zone would turn them on",
                              zone_id=zone["id"]))
            continue
        if any(zone["name"].rstrip(".") == z["name"].rstrip(".") and z["id"] != zone["id"] for z in zones):
            left.append(_left("zone", what, "another private zone has the same name; the model names a zone by its "
                              "name", zone_id=zone["id"]))
            continue
        records = []
        for record in sorted(zone["records"], key=lambda r: (r["name"], r["type"])):
            if record["type"] in ("SOA", "NS"):
                continue
            entry = record_entry(zone["name"], record)
            if entry is None:
                left.append(_left("record", f"{record['name']} {record['type']} in {what}",
                                  "an alias or a routing policy record; the model's records are simple",
                                  zone_id=zone["id"]))
            else:
                records.append(entry)
        owner = owners[0]
        others = sorted((a for a in known if a is not owner), key=lambda a: hosts[a["vpc_id"]])
        entry = {"name": name, "vpcs": [hosts[owner["vpc_id"]]] + [hosts[a["vpc_id"]] for a in others]}
        if records:
            entry["records"] = records
        if zone.get("comment"):
            entry["comment"] = zone["comment"]
        entries.append(entry)
    return entries, left


# -- Resolver meshes -------------------------------------------------------------------------------------
def mesh_domains(region):
    return sorted(t.format(region=region) for t in MESH_DOMAINS)


def resolver_meshes(resolver, vpcs):
    """(meshes, node names {vpc_id: node}, left as found) from the Resolver rules and endpoints read: the rules
    tagged vpcmesh:mesh / vpcmesh:node make a mesh when they are exactly what the resolver_mesh role makes."""
    by_id = {v["vpc_id"]: v for v in vpcs}
    rules = [r for r in resolver["rules"] if r.get("type") == "FORWARD"]
    endpoints = resolver["endpoints"]
    left, meshes, names = [], [], {}
    tagged = {}
    for rule in rules:
        tags = rule.get("tags") or {}
        if MESH_TAG in tags and NODE_TAG in tags:
            tagged.setdefault(tags[MESH_TAG], []).append(rule)
        else:
            left.append(_left("resolver rule", f"forwarding rule {rule['id']} ({rule.get('name') or 'no name'}, "
                              f"{rule['domain']}, {rule['region']}, account {rule['account_id']})",
                              "a forwarding rule not made by a Resolver mesh of this collection (no vpcmesh:mesh "
                              "tag); site.yml leaves it and its associations", rule_id=rule["id"]))
    for mesh, members in sorted(tagged.items()):
        found, why = _mesh(mesh, members, endpoints, by_id)
        if why:
            left += [_left("resolver rule", f"forwarding rule {r['id']} of mesh {mesh} ({r['domain']}, {r['region']})",
                           why, rule_id=r["id"]) for r in members]
            continue
        meshes.append(found)
        names.update({node["vpc_id"]: node["name"] for node in found["nodes"]})
    return meshes, names, left


def _mesh(mesh, rules, endpoints, by_id):
    """(mesh dict, None) or (None, why the rules are not a mesh the model can say)."""
    nodes = {}
    for rule in rules:
        node = rule["tags"][NODE_TAG]
        vpc_ids = sorted(set(rule.get("vpc_ids") or []))
        if len(vpc_ids) != 1 or vpc_ids[0] not in by_id:
            return None, f"node {node}'s rule is associated with {vpc_ids or 'no VPC'}, not one VPC read"
        known = nodes.setdefault(node, dict(name=node, vpc_id=vpc_ids[0], region=rule["region"], rules=[]))
        if known["vpc_id"] != vpc_ids[0]:
            return None, f"node {node}'s rules are associated with several VPCs"
        known["rules"].append(rule)
    by_ip = {}
    for node in nodes.values():
        ends = {e["direction"]: e for e in endpoints if e["vpc_id"] == node["vpc_id"] and
                e.get("name") in (f"{mesh}-{node['name']}-inbound", f"{mesh}-{node['name']}-outbound")}
        if set(ends) != {"INBOUND", "OUTBOUND"}:
            return None, f"node {node['name']} has not both Resolver endpoints {mesh}-{node['name']}-inbound/-outbound"
        node["inbound"] = ends["INBOUND"]
        for ip in ends["INBOUND"]["ips"]:
            by_ip[ip["ip"]] = node["name"]
    if len(nodes) < 2:
        return None, "a mesh needs at least two nodes"
    # Which node each rule forwards to, and which node's region its domain belongs to.
    home = {d: n["name"] for n in nodes.values() for d in mesh_domains(n["region"])}
    sends = {}
    for node in nodes.values():
        for rule in node["rules"]:
            owner = home.get(rule["domain"].rstrip("."))
            targets = {by_ip.get(ip) for ip in rule["targets"]}
            if owner is None or owner == node["name"] or len(targets) != 1 or None in targets:
                return None, (f"rule {rule['id']} of node {node['name']} forwards {rule['domain']} to "
                              f"{', '.join(rule['targets'])}, not a default domain of another node to its inbound "
                              "endpoint")
            target = targets.pop()
            if sorted(rule["targets"]) != sorted(ip["ip"] for ip in nodes[target]["inbound"]["ips"]):
                return None, f"rule {rule['id']} of node {node['name']} forwards to only some of its target's IPs"
            sends[(node["name"], rule["domain"].rstrip("."))] = target
    names = sorted(nodes)
    expected = {(s, d): o for s in names for o in names if o != s for d in mesh_domains(nodes[o]["region"])}
    if set(sends) != set(expected):
        return None, "its rules are not every other node's default domains for every node"
    topology, hub = None, None
    if all(sends[k] == expected[k] for k in expected):
        topology = "full_mesh"
    else:
        for candidate in names:
            if all(t == (expected[(s, d)] if s == candidate else candidate) for (s, d), t in sends.items()):
                topology, hub = "hub", candidate
    if topology is None:
        return None, "its rules forward neither as a full mesh nor as a hub"
    subnets = {}
    for name in names:
        vpc = by_id[nodes[name]["vpc_id"]]
        used = sorted({ip["subnet_id"] for ip in nodes[name]["inbound"]["ips"]})
        subnets[name] = used if used != sorted(s["id"] for s in vpc["subnets"]) else None
    found = dict(name=mesh, topology=topology, hub=hub,
                 nodes=[dict(name=n, vpc_id=nodes[n]["vpc_id"], region=nodes[n]["region"]) for n in names],
                 subnets=subnets)
    return found, None


def mesh_entry(mesh, s3_endpoints):
    entry = {"name": mesh["name"], "topology": mesh["topology"], "nodes": [n["name"] for n in mesh["nodes"]]}
    if mesh["hub"]:
        entry["hub"] = mesh["hub"]
    if not s3_endpoints:
        entry["s3_endpoints"] = False
    return entry


# -- PrivateLink chains ---------------------------------------------------------------------------------
def _subnet_selection(vpc, subnet_ids):
    """None (every subnet), one tag filter matching exactly ``subnet_ids``, or their IDs."""
    chosen = set(subnet_ids)
    if chosen == {s["id"] for s in vpc["subnets"]}:
        return None
    first = next((s for s in vpc["subnets"] if s["id"] in chosen), None)
    for key, value in sorted(((first or {}).get("tags") or {}).items()):
        if key != "Name" and {s["id"] for s in vpc["subnets"] if (s.get("tags") or {}).get(key) == value} == chosen:
            return {key: value}
    return sorted(chosen)


def _table_selection(vpc, table_ids):
    """None (every route table), one tag filter matching exactly ``table_ids``, or their IDs (as the privatelink
    entry's ``route_tables`` takes them)."""
    chosen = set(table_ids)
    if chosen == {t["id"] for t in vpc["route_tables"]}:
        return None
    found = selection_of(vpc, table_ids)
    return found if isinstance(found, dict) else sorted(chosen)


def privatelink_chains(state, vpcs, hosts):
    """(vpcmesh_privatelinks entries, IDs they account for, left as found) for the endpoint services that form the
    privatelink_outpost role's pattern: a service named X (its Name tag) on the load balancer X in the outpost VPC,
    whose target group X has the provider's IPs as targets, the consumer's interface endpoint X in the outpost's
    region, and the peering X requested by the outpost VPC and accepted by the provider's."""
    by_id = {v["vpc_id"]: v for v in vpcs}
    balancers = {b["arn"]: b for b in state.get("load_balancers", [])}
    conns = merge_peerings(state["peerings"])
    entries, used, left = [], set(), []
    for service in state.get("services", []):
        name = service.get("name")
        what = f"endpoint service {service['id']} ({service['region']}, account {service['account_id']})"
        balancer = balancers.get((service.get("load_balancer_arns") or [None])[0])
        why = None
        if not name or balancer is None or balancer.get("name") != name or len(service["load_balancer_arns"]) != 1:
            why = "its Name tag and its one load balancer are not those of a privatelink_outpost chain"
        groups = [g for g in (balancer or {}).get("target_groups", []) if g.get("name") == name]
        consumers = [e for e in state.get("endpoints", []) if e.get("service") == service.get("service_name")
                     and e.get("name") == name and e.get("type") == "Interface"]
        outpost = by_id.get((balancer or {}).get("vpc_id"))
        peering = [c for c in conns if outpost and c["requester"]["vpc_id"] == outpost["vpc_id"]
                   and c.get("name") == name and c["status"] == "active"]
        if why is None and (len(groups) != 1 or len(consumers) != 1 or len(peering) != 1 or outpost is None):
            why = ("it lacks one of the chain's parts (target group, the consumer's interface endpoint and the "
                   f"peering, each named {name}, and the outpost VPC read)")
        if why is None:
            group, consumer, conn = groups[0], consumers[0], peering[0]
            provider = by_id.get(conn["accepter"]["vpc_id"])
            consumer_vpc = by_id.get(consumer["vpc_id"])
            if provider is None or consumer_vpc is None:
                why = "the provider's or the consumer's VPC is not in the accounts and regions read"
            elif conn["requester"].get("allow_dns") or not conn["accepter"].get("allow_dns") or not all(
                    v.get(a) for v in (provider, outpost) for a in ("dns_support", "dns_hostnames")):
                why = ("the peering's DNS options are not the role's (remote DNS resolution on the provider's side "
                       "only, DNS attributes on in both VPCs)")
            elif conn.get("accepter_name") != name:
                why = f"the peering's Name tag on the provider's side is not {name}"
        if why is None:
            tables, odd = {}, []
            for role, side, peer in (("outpost", outpost, provider), ("provider", provider, outpost)):
                full, side_odd = routed_tables(side, conn["id"], peer["cidrs"])
                odd += side_odd
                tables[role] = _table_selection(side, full) if full else "none"
            if odd or "none" in tables.values():
                why = "its peering's routes are not whole peer blocks in some route tables on both sides"
        if why:
            left.append(_left("endpoint service", what, f"{why}; site.yml leaves the service", service_id=service["id"]))
            continue
        entry = {"name": name, "provider": hosts[provider["vpc_id"]], "outpost": hosts[outpost["vpc_id"]],
                 "consumer": hosts[consumer_vpc["vpc_id"]], "targets": sorted(group["targets"]),
                 "port": balancer["port"]}
        if group.get("port") != balancer["port"]:
            entry["target_port"] = group["port"]
        if service.get("acceptance_required"):
            entry["acceptance_required"] = True
        principals = sorted(service.get("principals") or [])
        if principals != [f"arn:aws:iam::{consumer_vpc['account_id']}:root"]:
            entry["allowed_principals"] = principals
        route_tables = {role: sel for role, sel in tables.items() if sel is not None}
        if route_tables:
            entry["route_tables"] = route_tables
        subnets = {"outpost": _subnet_selection(outpost, balancer["subnet_ids"]),
                   "consumer": _subnet_selection(consumer_vpc, consumer["subnet_ids"])}
        subnets = {role: sel for role, sel in subnets.items() if sel is not None}
        if subnets:
            entry["subnets"] = subnets
        entries.append(entry)
        used |= {service["id"], consumer["id"], conn["id"]}
    return entries, used, left


# -- flows -----------------------------------------------------------------------------------------------
def flows(pairs, vpcs_by_host, interfaces):
    """Flows worth checking: over each peering listed, to each host interface (not one AWS manages) of one side
    whose security group admits TCP on one port from the other side's block."""
    out = []
    for pair in pairs:
        for src, dst in ((pair["requester"], pair["accepter"]), (pair["accepter"], pair["requester"])):
            dst_vpc, src_nets = vpcs_by_host[dst], [ipaddress.ip_network(c) for c in vpcs_by_host[src]["cidrs"]]
            for eni in sorted((i for i in interfaces if i["vpc_id"] == dst_vpc["vpc_id"]), key=lambda i: i["ip"]):
                for port in sorted({rule["port"] for rule in eni["ingress"]
                                    if any(src_net.version == ipaddress.ip_network(c).version
                                           and src_net.subnet_of(ipaddress.ip_network(c))
                                           for c in rule["cidrs"] for src_net in src_nets)}):
                    out.append({"name": f"{src} to {dst} {eni['ip']}:{port}", "from": src,
                                "to": {"vpc": dst, "ip": eni["ip"]}, "port": port})
    return out


# -- the inventory ---------------------------------------------------------------------------------------
def account_group(account_id):
    return f"account_{account_id}"


def inventory(state):
    """dict(inventory, left_as_found, hosts) from the state read. ``state``: accounts [{account_id, vars}], vpcs,
    peerings, zones, resolver {endpoints, rules}, interfaces, endpoints (VPC endpoints), services (endpoint
    services), as discovery_read.py reads them."""
    vpcs = sorted(state["vpcs"], key=lambda v: (v["account_id"], v["region"], v["vpc_id"]))
    meshes, node_names, left = resolver_meshes(state["resolver"], vpcs)
    hosts = host_names(vpcs, node_names)
    by_host = {hosts[v["vpc_id"]]: v for v in vpcs}
    links, linked, link_left = privatelink_chains(state, vpcs, hosts)
    left += link_left
    pairs, peering_left = peering_facts([c for c in state["peerings"] if c["id"] not in linked], vpcs, hosts)
    left += peering_left
    selections = host_selections(pairs, by_host)
    peerings = peering_entries(pairs, selections, by_host)
    zones, zone_left = zone_entries(state["zones"], vpcs, hosts)
    left += zone_left
    mesh_list = []
    mesh_s3 = set()
    for mesh in meshes:
        s3 = all(any(e.get("name") == f"{mesh['name']}-{n['name']}-s3" and e["vpc_id"] == n["vpc_id"]
                     for e in state.get("endpoints", [])) for n in mesh["nodes"])
        mesh_s3 |= {f"{mesh['name']}-{n['name']}-s3" for n in mesh["nodes"]}
        mesh_s3 |= {f"{mesh['name']}-{n['name']}-s3-gateway" for n in mesh["nodes"]}
        entry = mesh_entry(mesh, s3)
        subnets = {n: s for n, s in mesh["subnets"].items() if s}
        if subnets:
            left.append(_left("resolver mesh", f"mesh {mesh['name']}", (
                "its endpoints use only some of the nodes' subnets "
                f"({'; '.join(f'{n}: {s}' for n, s in sorted(subnets.items()))}), which the model selects by tags "
                "for all nodes at once; listed without `subnets` it would pick all"), mesh=mesh["name"]))
            continue
        mesh_list.append(entry)
    for endpoint in state.get("endpoints", []):
        if endpoint.get("name") in mesh_s3 or endpoint.get("type") == "Gateway" or endpoint["id"] in linked:
            continue
        left.append(_left("vpc endpoint", f"{endpoint.get('type', 'Interface')} endpoint {endpoint['id']} "
                          f"({endpoint['service']}, {endpoint['vpc_id']}, {endpoint['region']})",
                          "not the consumer's endpoint of a PrivateLink chain recognised (vpcmesh_privatelinks); "
                          "site.yml leaves the endpoint",
                          endpoint_id=endpoint["id"]))
    groups = {}
    for account in state["accounts"]:
        groups[account_group(account["account_id"])] = {"hosts": {}, "vars": dict(account.get("vars") or {})}
    used = {h for pair in pairs for h in (pair["requester"], pair["accepter"])}
    used |= {h for zone in zones for h in zone["vpcs"]} | {n for mesh in mesh_list for n in mesh["nodes"]}
    used |= {link[role] for link in links for role in ("provider", "outpost", "consumer")}
    for host, vpc in sorted(by_host.items()):
        if vpc.get("default") and host not in used:
            continue  # a default VPC nothing peers with, left out of the inventory
        values = {"vpcmesh_region": vpc["region"], "vpcmesh_vpc_id": vpc["vpc_id"]}
        if host in selections and selections[host] != "all":
            values["vpcmesh_route_tables"] = selections[host]
        group = groups.setdefault(account_group(vpc["account_id"]),
                                  {"hosts": {}, "vars": {"vpcmesh_account_id": vpc["account_id"]}})
        group["hosts"][host] = values
    topology = {}
    if peerings:
        topology["vpcmesh_peerings"] = peerings
    if zones:
        topology["vpcmesh_zones"] = zones
    if mesh_list:
        topology["vpcmesh_resolver_meshes"] = mesh_list
    if links:
        topology["vpcmesh_privatelinks"] = links
    resolver_ips = {ip["ip"] for e in state["resolver"]["endpoints"] for ip in e["ips"]}
    found_flows = flows(pairs, by_host, [i for i in state.get("interfaces", []) if i["ip"] not in resolver_ips])
    if found_flows:
        topology["vpcmesh_flows"] = found_flows
    if left:
        topology["vpcmesh_left_as_found"] = left
    children = {name: group for name, group in groups.items() if group["hosts"]}
    inv = {"vpcmesh_vpcs": {"children": children, "vars": topology}}
    listed = {h for group in children.values() for h in group["hosts"]}
    return {"inventory": inv, "left_as_found": left,
            "hosts": {h: v["vpc_id"] for h, v in sorted(by_host.items()) if h in listed}}
