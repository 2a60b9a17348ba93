# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turns an inventory's topology into the plan `playbooks/site.yml` and `teardown.yml` work from.

The inventory model is described in docs/inventory.md: every VPC is a host of group `vpcmesh_vpcs` with
the fact `vpcmesh_vpc` (set by playbooks/estate_facts.yml), and the wanted topology is in the variables
`vpcmesh_peerings`, `vpcmesh_zones`, `vpcmesh_resolver_meshes`, `vpcmesh_privatelinks` and `vpcmesh_flows`,
defined for all hosts or per group (one group per estate); the lists seen by all hosts are merged.
Everything is checked before any play writes to AWS; each error names the inventory entry and the fix.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.module_utils.cidrs import overlapping_pairs

TOPOLOGY_VARS = ("vpcmesh_peerings", "vpcmesh_zones", "vpcmesh_resolver_meshes", "vpcmesh_privatelinks", "vpcmesh_flows")
LINK_SHAPES = ("pair", "full_mesh", "hub", "chain")
LINK_MODES = ("native", "outpost")


class EstateError(ValueError):
    pass


def _merged(host_vars, name):
    """The entries of topology list `name` over all hosts, each once, in first-seen order."""
    seen, out = [], []
    for values in host_vars.values():
        entries = values.get(name) or []
        if not isinstance(entries, list):
            raise EstateError(f"{name} must be a list, got {type(entries).__name__}")
        for entry in entries:
            if entry not in seen:
                seen.append(entry)
                out.append(entry)
    return out


def _known(hosts, name, where):
    if name not in hosts:
        raise EstateError(
            f"{where} names {name!r}, which is not a VPC of the inventory (a host of group vpcmesh_vpcs); "
            f"known: {', '.join(sorted(hosts))}"
        )
    return name


def _link_pairs(entry, where):
    """The (requester, accepter) pairs one `vpcmesh_peerings` entry describes."""
    shapes = [shape for shape in LINK_SHAPES if shape in entry]
    if len(shapes) != 1:
        raise EstateError(f"{where} must have exactly one of {', '.join(LINK_SHAPES)}; it has {shapes or 'none'}")
    shape = shapes[0]
    if shape == "hub":
        spokes = entry.get("spokes") or []
        if not spokes:
            raise EstateError(f"{where} (hub {entry['hub']!r}) needs `spokes`, a list of VPCs")
        return [(entry["hub"], spoke) for spoke in spokes]
    members = entry[shape]
    if not isinstance(members, list) or len(members) < 2 or (shape == "pair" and len(members) != 2):
        size = "exactly two" if shape == "pair" else "at least two"
        raise EstateError(f"{where} ({shape}) must list {size} VPCs, got {members!r}")
    if shape == "full_mesh":
        return [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
    return list(zip(members, members[1:]))


def plan_peerings(entries, vpcs, route_tables):
    """One dict per peering: name, requester, accepter, same_account, dns_resolution, route tables, tags."""
    peerings, index_of = [], {}
    for number, entry in enumerate(entries):
        where = f"vpcmesh_peerings[{number}]" + (f" ({entry['name']})" if entry.get("name") else "")
        for requester, accepter in _link_pairs(entry, where):
            _known(vpcs, requester, where)
            _known(vpcs, accepter, where)
            if requester == accepter:
                raise EstateError(f"{where} peers {requester!r} with itself; a VPC cannot be peered with itself")
            key = frozenset((requester, accepter))
            if key in index_of:
                raise EstateError(
                    f"{where} peers {requester!r} and {accepter!r}, which {index_of[key]} already does; "
                    "a pair can have one live peering connection: list it once"
                )
            index_of[key] = where
            overlaps = overlapping_pairs(vpcs[requester]["cidrs"], vpcs[accepter]["cidrs"])
            if overlaps:
                shown = ", ".join(f"{a} ({requester}) and {b} ({accepter})" for a, b in overlaps)
                raise EstateError(
                    f"{where}: {shown} overlap; AWS refuses to peer VPCs with overlapping CIDR blocks. "
                    "Remove the pair, or re-address one VPC"
                )
            chosen = entry.get("route_tables") or {}
            name = f"{entry['name']}-{requester}-{accepter}" if entry.get("name") else f"{requester}-to-{accepter}"
            peerings.append({
                "name": name,
                "requester": requester,
                "accepter": accepter,
                "same_account": vpcs[requester]["account_id"] == vpcs[accepter]["account_id"],
                "dns_resolution": bool(entry.get("dns_resolution", True)),
                "route_tables": {side: chosen.get(host, route_tables[host])
                                 for side, host in (("requester", requester), ("accepter", accepter))},
                "tags": dict(entry.get("tags") or {}, Name=name),
            })
    return peerings


def select(items, selection, where, id_key):
    """IDs of `items` (dicts with `id_key` and `tags`) chosen by `all`, a list of IDs, or a dict of tag filters
    (values of one key are alternatives and may use * and ?; all keys must match), as peer_routes does."""
    if selection in (None, "all"):
        return [item[id_key] for item in items]
    if isinstance(selection, list):
        return list(selection)
    if not isinstance(selection, dict):
        raise EstateError(f"{where}: {selection!r} is not `all`, a list of IDs or a dict of tag filters")

    def matches(tags):
        return all(key in tags and any(fnmatchcase(str(tags[key]), str(value)) for value in (wanted if isinstance(wanted, list) else [wanted]))
                   for key, wanted in selection.items())
    chosen = [item[id_key] for item in items if matches(item["tags"])]
    if not chosen:
        raise EstateError(f"{where}: no {id_key.replace('_id', '')} has tags matching {selection}")
    return chosen


def node(vpcs, host):
    """What the roles need of a VPC, without credentials (added at task time by with_credentials)."""
    vpc = vpcs[host]
    return {"host": host, "vpc_id": vpc["vpc_id"], "region": vpc["region"], "account_id": vpc["account_id"]}


def plan_zones(entries, vpcs):
    zones = []
    for number, entry in enumerate(entries):
        where = f"vpcmesh_zones[{number}]"
        if not entry.get("name") or not entry.get("vpcs"):
            raise EstateError(f"{where} needs `name` (the zone) and `vpcs` (its VPCs, the zone's owner first)")
        members = [_known(vpcs, host, f"{where} ({entry['name']})") for host in entry["vpcs"]]
        if len(set(members)) != len(members):
            raise EstateError(f"{where} ({entry['name']}) lists a VPC twice: {members}")
        owner = vpcs[members[0]]
        # The owner's account makes the zone; other VPCs name their account, and get its credentials at task time.
        zone_vpcs = [{"vpc_id": owner["vpc_id"], "region": owner["region"]}] + [node(vpcs, host) for host in members[1:]]
        zones.append({"name": entry["name"], "owner": members[0], "vpcs": zone_vpcs,
                      "records": list(entry.get("records") or []), "comment": entry.get("comment", "")})
    return zones


def plan_resolver_meshes(entries, vpcs):
    meshes = []
    for number, entry in enumerate(entries):
        where = f"vpcmesh_resolver_meshes[{number}]"
        nodes = [_known(vpcs, host, where) for host in entry.get("nodes") or []]
        if not entry.get("name") or len(nodes) < 2:
            raise EstateError(f"{where} needs `name` and `nodes`, at least two VPCs")
        topology = entry.get("topology", "full_mesh")
        if topology not in ("full_mesh", "hub"):
            raise EstateError(f"{where} ({entry['name']}): topology {topology!r} is unknown; use full_mesh or hub")
        if topology == "hub" and entry.get("hub") not in nodes:
            raise EstateError(f"{where} ({entry['name']}): topology hub needs `hub`, one of its nodes {nodes}")
        members = []
        for host in nodes:
            member = dict(node(vpcs, host), name=host, cidr=vpcs[host]["cidrs"][0],
                          subnet_ids=select(vpcs[host]["subnets"], entry.get("subnets"), f"{where} ({host})", "subnet_id"),
                          route_table_ids=[table["route_table_id"] for table in vpcs[host]["route_tables"]])
            members.append(member)
        mesh = {"name": entry["name"], "runner": nodes[0], "hosts": nodes, "topology": topology, "hub": entry.get("hub"),
                "nodes": members, "s3_endpoints": bool(entry.get("s3_endpoints", True))}
        meshes.append(dict(mesh, **plan_mesh_sharing(entry, vpcs, mesh, f"{where} ({entry['name']})")))
    return meshes


def _spoke_node(spoke, mesh, vpcs, where):
    """The node whose rules a spoke VPC uses: the one it names, else the only node in its region, else the hub there."""
    if spoke.get("node"):
        if spoke["node"] not in mesh["hosts"]:
            raise EstateError(f"{where}: spoke {spoke['vpc']!r} names node {spoke['node']!r}, which is not one of the "
                              f"mesh's nodes {mesh['hosts']}")
        return spoke["node"]
    region = vpcs[spoke["vpc"]]["region"]
    local = [host for host in mesh["hosts"] if vpcs[host]["region"] == region]
    if len(local) > 1 and mesh["hub"] in local:
        local = [mesh["hub"]]
    if len(local) != 1:
        raise EstateError(f"{where}: spoke {spoke['vpc']!r} ({region}) needs `node`, the mesh node in its region whose "
                          f"rules it uses; the mesh has {len(local)} nodes there ({', '.join(local) or 'none'})")
    return local[0]


def plan_mesh_sharing(entry, vpcs, mesh, where):
    """`sharing`, `spokes`, `share_principals`, `share_within_organization` of a mesh: with ``sharing: ram`` each
    node's rules are shared through AWS RAM with the spoke VPCs' accounts, and each spoke account associates them
    with its VPCs (role resolver_mesh, resolver_mesh_sharing: ram). The spokes come out one per (node, account): its
    first VPC's host (for credentials at task time), its node, region, account and VPC IDs."""
    sharing = entry.get("sharing", "none")
    if sharing not in ("none", "ram"):
        raise EstateError(f"{where}: sharing {sharing!r} is unknown; use none (each node's own rules) or ram (a node's "
                          "rules shared with the spokes' accounts)")
    given = entry.get("spokes") or []
    if sharing == "none":
        if given:
            raise EstateError(f"{where}: `spokes` needs `sharing: ram` (the spokes use the nodes' rules through RAM)")
        return {"sharing": "none", "spokes": [], "share_principals": [], "share_within_organization": False}
    if not given:
        raise EstateError(f"{where}: `sharing: ram` needs `spokes`, the VPCs of other accounts that use the nodes' "
                          "rules")
    by_unit = {}
    for item in given:
        spoke = {"vpc": item} if isinstance(item, str) else dict(item)
        _known(vpcs, spoke.get("vpc"), where)
        host = spoke["vpc"]
        if host in mesh["hosts"]:
            raise EstateError(f"{where}: {host!r} is a node of the mesh and uses its own rules; list it in `nodes` or "
                              "in `spokes`, not both")
        node_host = _spoke_node(spoke, mesh, vpcs, where)
        owner, spoke_vpc = vpcs[node_host], vpcs[host]
        if spoke_vpc["region"] != owner["region"]:
            raise EstateError(f"{where}: spoke {host!r} is in {spoke_vpc['region']} but node {node_host!r} in "
                              f"{owner['region']}; Resolver rules can only be used in their own region")
        if spoke_vpc["account_id"] == owner["account_id"]:
            raise EstateError(f"{where}: spoke {host!r} is in the account of node {node_host!r} "
                              f"({owner['account_id']}), which RAM cannot share with; make it a node of the mesh")
        unit = by_unit.setdefault((node_host, spoke_vpc["account_id"]), {
            "host": host, "name": f"{spoke_vpc['account_id']}-{owner['region']}", "node": node_host,
            "region": owner["region"], "account_id": spoke_vpc["account_id"], "vpc_ids": []})
        unit["vpc_ids"].append(spoke_vpc["vpc_id"])
    return {"sharing": "ram", "spokes": list(by_unit.values()),
            "share_principals": list(entry.get("share_principals") or []),
            "share_within_organization": bool(entry.get("share_within_organization", False))}


def link_mode(entry, where):
    """`mode` of a vpcmesh_privatelinks entry: as given, else `outpost` when the entry names an outpost VPC (guide
    2's entries, written before native links existed, keep their behaviour) and `native` when it does not."""
    mode = entry.get("mode") or ("outpost" if entry.get("outpost") else "native")
    if mode not in LINK_MODES:
        raise EstateError(f"{where}: mode {mode!r} is unknown; give native (the consumer's endpoint reaches the "
                          "provider's region itself) or outpost (through an outpost VPC in the consumer's region)")
    if mode == "native" and entry.get("outpost"):
        raise EstateError(f"{where}: mode native has no outpost VPC, but `outpost: {entry['outpost']}` is given; drop "
                          "`outpost`, or say `mode: outpost`")
    return mode


def plan_privatelinks(entries, vpcs):
    links = []
    for number, entry in enumerate(entries):
        where = f"vpcmesh_privatelinks[{number}]"
        mode = link_mode(entry, where)
        roles = {}
        for role in ("provider", "outpost", "consumer") if mode == "outpost" else ("provider", "consumer"):
            if not entry.get(role):
                kinds = "provider, outpost and consumer are" if mode == "outpost" else "provider and consumer are"
                raise EstateError(f"{where} needs `{role}`: {kinds} VPCs of the inventory (mode {mode})")
            roles[role] = _known(vpcs, entry[role], where)
        link = (_outpost_link if mode == "outpost" else _native_link)(entry, vpcs, roles, where)
        link.update({
            "mode": mode,
            "runner": roles["provider"],
            "port": entry.get("port", 80),
            "target_port": entry.get("target_port"),
            "acceptance_required": bool(entry.get("acceptance_required", False)),
            "allowed_principals": entry.get("allowed_principals"),
            "consumer": dict(node(vpcs, roles["consumer"]), subnet_ids=select(
                vpcs[roles["consumer"]]["subnets"], (entry.get("subnets") or {}).get("consumer"), f"{where} (consumer)",
                "subnet_id")),
        })
        link["provider"]["targets"] = list(entry.get("targets") or [])
        if not link["provider"]["targets"]:
            raise EstateError(f"{where} needs `targets`: the private IPs of the provider's hosts behind the load balancer")
        links.append(link)
    return links


def _outpost_link(entry, vpcs, roles, where):
    if vpcs[roles["outpost"]]["region"] != vpcs[roles["consumer"]]["region"]:
        raise EstateError(
            f"{where}: the outpost {roles['outpost']!r} ({vpcs[roles['outpost']]['region']}) must be in the "
            f"consumer's region ({vpcs[roles['consumer']]['region']}): an interface endpoint reaches only services "
            "of its own region"
        )
    tables = {role: select(vpcs[roles[role]]["route_tables"], (entry.get("route_tables") or {}).get(role),
                           f"{where} ({role})", "route_table_id") for role in ("provider", "outpost")}
    provider, outpost = vpcs[roles["provider"]], vpcs[roles["outpost"]]
    return {
        "name": entry.get("name") or f"{roles['provider']}-outpost",
        "provider": {"vpc_id": provider["vpc_id"], "region": provider["region"], "route_tables": tables["provider"]},
        "outpost": {"vpc_id": outpost["vpc_id"], "region": outpost["region"],
                    "subnet_ids": select(outpost["subnets"], (entry.get("subnets") or {}).get("outpost"),
                                         f"{where} (outpost)", "subnet_id"),
                    "route_tables": tables["outpost"]},
    }


def _native_link(entry, vpcs, roles, where):
    provider, consumer = vpcs[roles["provider"]], vpcs[roles["consumer"]]
    if provider["region"] == consumer["region"]:
        raise EstateError(
            f"{where}: the provider {roles['provider']!r} and the consumer {roles['consumer']!r} are both in "
            f"{provider['region']}; native cross-region PrivateLink is for a consumer in another region. In one region "
            "an interface endpoint reaches the service directly: publish it with vpcmesh.aws.endpoint_service and give "
            "the consumer a vpcmesh.aws.interface_endpoint without service_region, or peer the two VPCs "
            "(vpcmesh_peerings)"
        )
    if entry.get("route_tables"):
        raise EstateError(f"{where}: `route_tables` is for mode outpost (the routes of its peering); a native link has "
                          "no peering and no routes: drop it")
    return {
        "name": entry.get("name") or f"{roles['provider']}-native",
        "provider": {"vpc_id": provider["vpc_id"], "region": provider["region"],
                     "subnet_ids": select(provider["subnets"], (entry.get("subnets") or {}).get("provider"),
                                          f"{where} (provider)", "subnet_id")},
    }


def _flow_end(value, vpcs, where, links=()):
    """A flow end written as a VPC host name, or as a dict whose `vpc` is one, or (a destination) whose
    `privatelink` names a chain: its consumer's interface endpoint, tagged with the chain's name by the role."""
    end = {"vpc": value} if isinstance(value, str) else dict(value)
    if "privatelink" in end:
        link = next((link for link in links if link["name"] == end["privatelink"]), None)
        if link is None:
            raise EstateError(f"{where}: `privatelink: {end['privatelink']}` names no chain of vpcmesh_privatelinks "
                              f"(chains: {', '.join(link['name'] for link in links) or 'none'})")
        end = dict({k: v for k, v in end.items() if k != "privatelink"}, vpc_endpoint=link["name"],
                   vpc=link["consumer"]["host"])
    if "vpc" in end:
        vpc = vpcs[_known(vpcs, end.pop("vpc"), where)]
        end.update(vpc_id=vpc["vpc_id"], region=vpc["region"], host=vpc["name"])
    return end


def plan_flows(entries, vpcs, links=()):
    flows = []
    for number, entry in enumerate(entries):
        where = f"vpcmesh_flows[{number}]" + (f" ({entry['name']})" if entry.get("name") else "")
        if "from" not in entry or "to" not in entry:
            raise EstateError(f"{where} needs `from` (a VPC of the inventory) and `to` (a VPC, or a dict with name or ip)")
        flow = {key: value for key, value in entry.items() if key not in ("from", "to")}
        flow["source"] = _flow_end(entry["from"], vpcs, where)
        flow["destination"] = _flow_end(entry["to"], vpcs, where, links)
        if "host" not in flow["source"]:
            raise EstateError(f"{where}: `from` must name a VPC of the inventory")
        flows.append(flow)
    return flows


def check_runners(plan, delegated):
    """A zone owner, first mesh node or PrivateLink provider acting through a role or profile passes the other VPCs'
    credentials explicitly; a VPC acting with the caller's own credentials has none to pass, and would be acted on
    with the runner's. Refuse that instead."""
    entries = [("vpcmesh_zones", zone["name"], zone["owner"], [v["host"] for v in zone["vpcs"][1:]]) for zone in plan["zones"]]
    entries += [("vpcmesh_resolver_meshes", mesh["name"], mesh["runner"], mesh["hosts"] + [s["host"] for s in mesh["spokes"]])
                for mesh in plan["resolver_meshes"]]
    entries += [("vpcmesh_privatelinks", link["name"], link["runner"], [link["consumer"]["host"]]) for link in plan["privatelinks"]]
    for kind, name, runner, members in entries:
        if not delegated[runner]:
            continue
        for host in members:
            if not delegated[host] and plan["vpcs"][host]["account_id"] != plan["vpcs"][runner]["account_id"]:
                raise EstateError(
                    f"{kind} {name!r} is run by {runner!r}, which acts through vpcmesh_role_arn/vpcmesh_profile, but "
                    f"{host!r} (account {plan['vpcs'][host]['account_id']}) has neither, so it cannot be acted on as "
                    "its own account: give its account a role or profile, or list a VPC of the caller's account first"
                )


def plan_estate(host_vars):
    """The whole plan from each host's variables (`vpcmesh_vpc` fact plus the topology lists)."""
    missing = [host for host, values in host_vars.items() if not values.get("vpcmesh_vpc")]
    if missing:
        raise EstateError(f"no vpcmesh_vpc fact for {', '.join(missing)}: run playbooks/estate_facts.yml first")
    vpcs = {host: values["vpcmesh_vpc"] for host, values in host_vars.items()}
    route_tables = {host: values.get("vpcmesh_route_tables", "all") for host, values in host_vars.items()}
    merged = {name: _merged(host_vars, name) for name in TOPOLOGY_VARS}
    links = plan_privatelinks(merged["vpcmesh_privatelinks"], vpcs)
    plan = {
        "vpcs": vpcs,
        "peerings": plan_peerings(merged["vpcmesh_peerings"], vpcs, route_tables),
        "zones": plan_zones(merged["vpcmesh_zones"], vpcs),
        "resolver_meshes": plan_resolver_meshes(merged["vpcmesh_resolver_meshes"], vpcs),
        "privatelinks": links,
        "flows": plan_flows(merged["vpcmesh_flows"], vpcs, links),
    }
    check_runners(plan, {host: bool(values.get("vpcmesh_role_arn") or values.get("vpcmesh_profile"))
                         for host, values in host_vars.items()})
    return plan


def estate_plan(hostvars, hosts):
    """Filter: ``hostvars | vpcmesh.aws.estate_plan(groups['vpcmesh_vpcs'])``."""
    wanted = ("vpcmesh_vpc", "vpcmesh_route_tables", "vpcmesh_role_arn", "vpcmesh_profile") + TOPOLOGY_VARS
    host_vars = {host: {name: hostvars[host][name] for name in wanted if name in hostvars[host]} for host in hosts}
    try:
        return plan_estate(host_vars)
    except EstateError as error:
        raise AnsibleFilterError(f"The inventory's topology is not usable: {error}") from None


def _credentialed(end, hostvars):
    end = dict(end or {})
    host = end.pop("host", None)
    if host is not None and hostvars[host].get("vpcmesh_credentials"):
        end["credentials"] = hostvars[host]["vpcmesh_credentials"]
    return end


def with_credentials(items, hostvars, *keys):
    """Filter: replaces `host` in each item (or in each of its `keys`, e.g. source and destination) by that
    host's account credentials (fact `vpcmesh_credentials`; none for the caller's account), at task time,
    so credentials never sit in the plan's facts. Accepts one item (a dict) or a list."""
    if isinstance(items, dict):
        return with_credentials([items], hostvars, *keys)[0]
    out = []
    for item in items:
        if keys:
            out.append(dict(item, **{key: _credentialed(item.get(key), hostvars) for key in keys}))
        else:
            out.append(_credentialed(item, hostvars))
    return out


def pick(item, **names):
    """Filter: a dict of `item`'s values renamed, e.g. ``subnets | map('vpcmesh.aws.pick', subnet_id='id')``;
    a missing value is None."""
    return {new: item.get(old) for new, old in names.items()}


def _record_key(name, record_type, zone):
    bare, zone = str(name).lower().rstrip("."), str(zone).lower().rstrip(".")
    full = bare if bare == zone or bare.endswith("." + zone) else f"{bare}.{zone}"
    return (full + ".", str(record_type).upper())


def listed_records(record_sets, records, zone, unlisted=False):
    """Filter: the Route 53 record sets (route53_info's ResourceRecordSets) that the inventory's `records` of `zone`
    name (same name and type), or with unlisted=true those it does not name. SOA and NS are never listed."""
    wanted = {_record_key(record["name"], record["type"], zone) for record in records}
    chosen = []
    for record_set in record_sets:
        if record_set["Type"] in ("SOA", "NS"):
            continue
        key = (record_set["Name"].lower().replace("\\052", "*"), record_set["Type"])
        if (key in wanted) != bool(unlisted):
            chosen.append(record_set)
    return chosen


def flow_line(flow):
    """Filter: one line per connectivity_check flow result, for summaries."""
    verdict = "reachable" if flow.get("reachable") else "unreachable"
    mark = "ok" if flow.get("as_expected") else "NOT AS EXPECTED"
    reason = f" - {flow['reason']}" if flow.get("reason") else ""
    return f"{mark}: {flow.get('name')}: {verdict}{reason}"


class FilterModule:
    def filters(self):
        return {"estate_plan": estate_plan, "with_credentials": with_credentials, "pick": pick, "flow_line": flow_line,
                "listed_records": listed_records}
