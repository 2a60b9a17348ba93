# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resolver_mesh role's work in Python rather than Jinja: its nodes' problems, the pairs it peers, and its
peerings and Resolver endpoints as list-form runs (vpcmesh.aws.cross_region_peering, peering_dns_options,
peer_routes, resolver_endpoint): one run per account credentials (usually one for the whole mesh) and phase instead
of one per pair, node or direction. For its exact check mode (issue 15): the forwarding mesh's nodes with the
endpoints the run only plans (``planned_endpoints``), and the writes of its stock S3 steps from what it read
(``mesh_s3_writes``, through module_utils stock_writes). Sharing a node's rules with spoke accounts through AWS RAM
(``resolver_mesh_sharing: ram``): the spokes' problems, one share per node with spokes (``mesh_shares``) and one
spoke run per spoke (``mesh_spoke_runs``)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.module_utils.cidrs import CidrError, is_ipv6, parse_cidr
from ansible_collections.vpcmesh.aws.plugins.module_utils.ram_share import principal_kind
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_mesh import node_name, peering_name, resource_names
from ansible_collections.vpcmesh.aws.plugins.module_utils.stock_writes import security_group_writes, vpc_endpoint_writes

PEERING_PHASES = ("request", "dns", "routes")
ENDPOINT_NAME_MAX = 64  # AWS's limit on a Resolver endpoint's name, the longest name the role gives


def mesh_node_names(regions):
    """Filter: the name of each node of `regions` (resolver_mesh_regions), in order: its ``name``, else its region,
    as vpcmesh.aws.resolver_forward_mesh names them."""
    return [node_name(node) for node in regions]


def mesh_resource_names(mesh, node):
    """Filter: the names of what the resolver_mesh role makes for node `node` of mesh `mesh` (module_utils
    resolver_mesh.resource_names), which playbooks/teardown.yml removes by the same names."""
    return resource_names(mesh, node)


def _pair_problem(pair, names):
    if isinstance(pair, (str, dict)) or not hasattr(pair, "__iter__"):
        return f"resolver_mesh_peering: {pair!r} is not a [node, node] pair"
    pair = list(pair)
    unknown = [n for n in pair if n not in names]
    if unknown:
        return f"resolver_mesh_peering: pair {pair} names {', '.join(map(str, unknown))}, not a node ({', '.join(names)})"
    if len(pair) != 2 or pair[0] == pair[1]:
        return f"resolver_mesh_peering: pair {pair} must name two different nodes"
    return None


def mesh_problems(regions, mesh, topology, hub=None, peering="auto"):
    """Filter: what is wrong with a Resolver mesh as a whole before anything is made, one message per problem: node
    names given twice, a hub that is not a node, a resolver_mesh_peering that is not auto, none or a list of
    [node, node] pairs of the nodes, a mesh and node name too long for the endpoints' names, and credentials that
    are a role (assume it first) or come without the node's account_id."""
    names = mesh_node_names(regions)
    problems = []
    twice = [n for i, n in enumerate(names) if n in names[:i]]
    for name in dict.fromkeys(twice):
        problems.append(f"node name {name} is given twice; give `name` to nodes in the same region")
    if topology != "full_mesh" and hub not in names:
        problems.append(f"the hub {hub!r} is not one of the nodes ({', '.join(names)}); with topology hub, set "
                        "resolver_mesh_hub to a node's name")
    if isinstance(peering, str):
        if peering not in ("auto", "none"):
            problems.append(f"resolver_mesh_peering {peering!r} must be auto, none or a list of [node, node] pairs")
    else:
        problems += [p for p in (_pair_problem(pair, names) for pair in peering or []) if p]
    for name in dict.fromkeys(names):
        longest = resource_names(mesh, name)["outbound"]
        if len(longest) > ENDPOINT_NAME_MAX:
            problems.append(f"node {name}: the endpoint name {longest} is longer than {ENDPOINT_NAME_MAX} characters; "
                            "shorten the mesh's or the node's name")
    for name, node in zip(names, regions):
        credentials = node.get("credentials") or {}
        if credentials.get("role_arn"):
            problems.append(f"node {name}: credentials name the role {credentials['role_arn']}; give keys or a "
                            "profile (assume the role first with amazon.aws.sts_assume_role)")
        if credentials and node.get("account_id") in (None, ""):
            problems.append(f"node {name}: credentials come without the node's account_id")
    return problems


def _node_problems(name, node):
    problems = []
    try:
        if is_ipv6(str(parse_cidr(node.get("cidr", ""), f"node {name}: cidr"))):
            problems.append(f"node {name}: cidr {node.get('cidr')!r} is not an IPv4 CIDR block")
    except CidrError as e:
        problems.append(str(e))
    count = len(set(node.get("subnet_ids") or []))
    if count < 2:
        problems.append(f"node {name}: subnet_ids lists {count} subnet, a Resolver endpoint needs two subnets")
    return problems


def mesh_node_problems(names, nodes):
    """Filter: one message per node of `names` whose ``cidr`` is not an IPv4 CIDR block in AWS's form (the network
    address, checked by module_utils.cidrs) or whose ``subnet_ids`` name fewer than two subnets (a Resolver endpoint
    needs two IP addresses), checked before anything is made."""
    return [problem for name in names for problem in _node_problems(name, nodes[name])]


def mesh_pairs(names, topology, hub=None, peering="auto"):
    """Filter: the [node, node] pairs to peer: none (``peering`` none), the given list, every pair of a full mesh,
    or the hub with each other node."""
    if peering == "none":
        return []
    if not isinstance(peering, str):
        return [list(pair) for pair in peering]
    if topology == "full_mesh":
        return [[a, b] for i, a in enumerate(names) for b in names[i + 1:]]
    return [[hub, name] for name in names if name != hub]


def _requester_first(pair, nodes):
    """The pair's (requester, accepter): the first node, unless only the second acts with the caller's own
    credentials, so the caller requests and accepts with the other side's credentials in the same run."""
    first, second = nodes[pair[0]], nodes[pair[1]]
    if first.get("credentials") and not second.get("credentials"):
        return second, first
    return first, second


def _peering_item(phase, pair, nodes, mesh):
    requester, accepter = _requester_first(pair, nodes)
    item = {"region": requester["region"], "vpc_id": requester["vpc_id"], "peer_vpc_id": accepter["vpc_id"]}
    if accepter.get("credentials"):
        item["peer_credentials"] = accepter["credentials"]
    if phase == "request":
        item.update(peer_region=accepter["region"], tags={"Name": peering_name(mesh, pair)})
        if accepter.get("account_id"):
            item["peer_owner_id"] = str(accepter["account_id"])
    elif phase == "dns":
        item.update(requester_dns_resolution=True, accepter_dns_resolution=True, enable_vpc_dns=True, wait=False)
    else:
        item.update(requester_route_tables="all", accepter_route_tables="all", wait=False)
    return requester, item


def mesh_peerings(pairs, nodes, mesh, phase):
    """Filter: [{credentials, pairs, peerings: [items]}], the list-form runs of `phase` (request: request and accept;
    dns: DNS resolution from the remote VPC on both sides; routes: every route table of both sides) over `pairs`,
    one group per distinct credentials of the requesting side, in first-seen order. The requester is the side that
    acts with the caller's own credentials where one does; the other side's credentials act for the accepter."""
    if phase not in PEERING_PHASES:
        raise AnsibleFilterError(f"mesh_peerings: phase {phase!r} is not one of {', '.join(PEERING_PHASES)}")
    groups = []
    for pair in pairs:
        requester, item = _peering_item(phase, pair, nodes, mesh)
        credentials = requester.get("credentials") or {}
        group = next((g for g in groups if g["credentials"] == credentials), None)
        if group is None:
            group = {"credentials": credentials, "pairs": [], "peerings": []}
            groups.append(group)
        group["pairs"].append(list(pair))
        group["peerings"].append(item)
    return groups


def _grouped_results(registered, key):
    """(label, item result) of each item of a loop of list-form runs over groups, the group's `key` labelling its
    items in order."""
    for run in (registered or {}).get("results") or []:
        group = run.get("group") or {}
        for label, result in zip(group.get(key) or [], run.get("results") or []):
            yield label, result


def _pair_results(registered):
    return _grouped_results(registered, "pairs")


def mesh_settled(requested, check_mode=False):
    """Filter: the pairs whose connection the request runs `requested` (a loop over mesh_peerings' groups) left
    active; in check mode, those that were already active before (a new one is only planned, so DNS options and
    routes over it cannot be planned yet)."""
    settled = []
    for pair, result in _pair_results(requested):
        if check_mode:
            status = ((result.get("diff") or {}).get("before") or {}).get("status")
        else:
            status = (result.get("peering_connection") or {}).get("status")
        if status == "active":
            settled.append(pair)
    return settled


def mesh_peering_results(requested, dns=None, routes=None):
    """Filter: per pair what the peering phases reported (as the vpc_peering role did): ``pair``, ``peering_id``,
    ``status``, ``options`` (DNS), ``routes`` (route tables) and ``left_to_other_owner``."""
    by_pair = {}
    for phase, registered in (("dns", dns), ("routes", routes)):
        for pair, result in _pair_results(registered):
            by_pair.setdefault(tuple(pair), {})[phase] = result
    out = []
    for pair, result in _pair_results(requested):
        later = by_pair.get(tuple(pair), {})
        dns_result, routes_result = later.get("dns") or {}, later.get("routes") or {}
        out.append({"pair": list(pair), "peering_id": result.get("peering_id"),
                    "status": (result.get("peering_connection") or {}).get("status"),
                    "options": dns_result.get("options"), "routes": routes_result.get("route_tables"),
                    "left_to_other_owner": list(dns_result.get("left_to_other_owner") or [])
                    + list(routes_result.get("left_to_other_owner") or [])})
    return out


def mesh_endpoints(names, nodes, mesh, cidrs, tags=None, directions=("inbound", "outbound")):
    """Filter: [{credentials, ends: [[node, direction]], endpoints: [items]}], one group per distinct node
    credentials in first-seen order; each node's endpoints share its DNS security group ``<mesh>-<node>-dns``
    (names from module_utils resolver_mesh.resource_names)."""
    groups = []
    for name in names:
        node, made = nodes[name], resource_names(mesh, name)
        credentials = node.get("credentials") or {}
        group = next((g for g in groups if g["credentials"] == credentials), None)
        if group is None:
            group = {"credentials": credentials, "ends": [], "endpoints": []}
            groups.append(group)
        for direction in directions:
            group["ends"].append([name, direction])
            group["endpoints"].append({
                "region": node["region"], "name": made[direction], "direction": direction,
                "subnet_ids": list(node["subnet_ids"]), "tags": dict(tags or {}),
                "dns_security_group": {"name": made["dns_security_group"], "allowed_cidrs": list(cidrs)}})
    return groups


def endpoint_results(registered):
    """Filter: the item results of the list-form runs `registered` (a loop over mesh_endpoints' groups), each with
    ``item`` = [node, direction], as a loop over nodes and directions would have registered them."""
    return [dict(result, item=end) for end, result in _grouped_results(registered, "ends")]


def _by_end(endpoints):
    """{(node, direction): result} of endpoint_results' items."""
    return {tuple(result["item"]): result for result in endpoints or []}


def mesh_forward_nodes(names, nodes, endpoints, check_mode=False):
    """Filter: vpcmesh.aws.resolver_forward_mesh's ``nodes``: per node of `names` its name, region, VPC, domains,
    credentials and the IDs of its inbound and outbound endpoints, from `endpoints` (endpoint_results). In check mode
    an endpoint the run only plans to create (its result has no ID) is listed in the node's ``planned_endpoints``
    instead, so the rules are planned over it."""
    ends = _by_end(endpoints)
    out = []
    for name in names:
        node = nodes[name]
        item = {"name": name, "region": node["region"], "vpc_ids": [node["vpc_id"]],
                "domains": node.get("domains"), "credentials": node.get("credentials")}
        planned = []
        for direction in ("inbound", "outbound"):
            found = (ends.get((name, direction)) or {}).get("endpoint_id")
            item[f"{direction}_endpoint_id"] = found
            if check_mode and not found and (name, direction) in ends:
                planned.append(direction)
        if planned:  # (the module refuses an empty list)
            item["planned_endpoints"] = planned
        out.append(item)
    return out


def _found(registered, key):
    """{loop item: the info module's `key` list} of a registered loop over the nodes (skipped items have none)."""
    out = {}
    for result in (registered or {}).get("results") or []:
        if isinstance(result, dict) and not result.get("skipped"):
            out[result.get("item")] = result.get(key) or []
    return out


def mesh_s3_writes(names, nodes, mesh, cidrs, tags=None, groups=None, endpoints=None):
    """Filter: the writes (actions, as dicts) the role's stock S3 steps would make, per node of `names` in order: its
    S3 security group (amazon.aws.ec2_security_group, HTTPS from every node's CIDR), its S3 gateway endpoint (when it
    has route tables) and its S3 interface endpoint (amazon.aws.ec2_vpc_endpoint), from what the role read: `groups`
    and `endpoints`, the registered loops over the nodes of amazon.aws.ec2_security_group_info (the node's S3
    security group) and amazon.aws.ec2_vpc_endpoint_info (the VPC's S3 endpoints). Those modules report ``changed``
    but no actions; these are the calls they make (module_utils stock_writes)."""
    found_groups, found_endpoints = _found(groups, "security_groups"), _found(endpoints, "vpc_endpoints")
    out = []
    for name in names:
        node, made = nodes[name], resource_names(mesh, name)
        region, vpc_id, service = node["region"], node["vpc_id"], f"com.amazonaws.{node['region']}.s3"
        here = found_endpoints.get(name, [])
        group_found = found_groups.get(name, [])
        out += security_group_writes(group_found, {
            "region": region, "name": made["s3_security_group"], "vpc_id": vpc_id, "port": 443, "cidrs": list(cidrs),
            "tags": dict(tags or {}, Name=made["s3_security_group"]), "side": name})
        group = next((g for g in group_found if g.get("group_name") == made["s3_security_group"]
                      and g.get("vpc_id") == vpc_id), {})
        if node.get("route_table_ids"):
            out += vpc_endpoint_writes(here, {
                "region": region, "vpc_id": vpc_id, "service_name": service, "type": "Gateway",
                "route_table_ids": list(node["route_table_ids"]), "side": name,
                "tags": dict(tags or {}, Name=made["s3_gateway_endpoint"])})
        out += vpc_endpoint_writes(here, {
            "region": region, "vpc_id": vpc_id, "service_name": service, "type": "Interface",
            "subnet_ids": list(node["subnet_ids"]), "side": name,
            "security_group_ids": [group.get("group_id") or "(new security group)"],
            "tags": dict(tags or {}, Name=made["s3_endpoint"])})
    return [action.as_dict() for action in out]


def mesh_report_nodes(names, nodes, endpoints, s3=None):
    """Filter: the role's report per node of `names`: {name: {region, vpc_id, inbound_endpoint_id, inbound_ips,
    outbound_endpoint_id, outbound_ips, s3_endpoint_id}}, from `endpoints` (endpoint_results) and `s3` (the results
    of the S3 interface endpoints' loop over the nodes; none when there are none or check mode made none)."""
    ends = _by_end(endpoints)
    made = {}
    for result in s3 or []:
        endpoint = result.get("result")  # in check mode, amazon.aws.ec2_vpc_endpoint's result is a message
        made.setdefault(result.get("item"), endpoint.get("vpc_endpoint_id") if isinstance(endpoint, dict) else None)
    out = {}
    for name in names:
        inbound, outbound = ends.get((name, "inbound")) or {}, ends.get((name, "outbound")) or {}
        out[name] = {"region": nodes[name]["region"], "vpc_id": nodes[name]["vpc_id"],
                     "inbound_endpoint_id": inbound.get("endpoint_id"), "inbound_ips": inbound.get("ip_addresses"),
                     "outbound_endpoint_id": outbound.get("endpoint_id"), "outbound_ips": outbound.get("ip_addresses"),
                     "s3_endpoint_id": made.get(name)}
    return out


# -- sharing the rules with spoke accounts through RAM ------------------------------------------------------
def mesh_share_name(mesh, node):
    """Filter: the name of the RAM resource share of node `node`'s rules in mesh `mesh` (``<mesh>-<node>``)."""
    return f"{mesh}-{node}"


def _spoke_node(spoke, names, nodes):
    if spoke.get("node"):
        return spoke["node"]
    found = [n for n in names if nodes[n]["region"] == spoke.get("region")]
    return found[0] if len(found) == 1 else None


def mesh_spoke_problems(spokes, names, nodes, principals=None):
    """Filter: what is wrong with `spokes` (resolver_mesh_spokes) before anything is made, one message each: a spoke
    without account_id or vpc_ids, a node that is not one of `names` (or no single node in the spoke's region), a
    region other than its node's (rules are regional), credentials that are a role (assume it first), a spoke name
    given twice, and principals that are neither accounts, an organization nor OUs."""
    problems, seen = [], set()
    for index, spoke in enumerate(spokes or []):
        label = spoke.get("name") or f"resolver_mesh_spokes[{index}]"
        if label in seen:
            problems.append(f"spoke name {label} is given twice")
        seen.add(label)
        if not str(spoke.get("account_id") or "").isdigit() or len(str(spoke.get("account_id"))) != 12:
            problems.append(f"spoke {label}: account_id {spoke.get('account_id')!r} is not an account ID (12 digits)")
        if not spoke.get("vpc_ids"):
            problems.append(f"spoke {label}: vpc_ids is empty; give the spoke's VPCs that use the shared rules")
        node = _spoke_node(spoke, names, nodes)
        if node is None or node not in names:
            problems.append(f"spoke {label}: give node (or a region with one node), the mesh node whose rules it "
                            f"uses ({', '.join(names)}); {spoke.get('node') or spoke.get('region')!r} names none")
            continue
        if spoke.get("region") and spoke["region"] != nodes[node]["region"]:
            problems.append(f"spoke {label}: region {spoke['region']} is not the region of node {node} "
                            f"({nodes[node]['region']}); Resolver rules can only be used in their own region")
        if (spoke.get("credentials") or {}).get("role_arn"):
            problems.append(f"spoke {label}: credentials give a role; assume it first (amazon.aws.sts_assume_role) "
                            "and give its keys")
    for principal in principals or []:
        if principal_kind(str(principal)) is None:
            problems.append(f"resolver_mesh_share_principals: {principal!r} is neither an account ID, an organization "
                            "ARN nor an OU ARN")
    return problems


def mesh_shares(spokes, names, nodes, mesh, forwarding, principals=None, within_organization=False, check_mode=False):
    """Filter: one vpcmesh.aws.resolver_rule_share run per node that has spokes: {node, region, share_name,
    credentials (the node's), rule_names, planned_rule_names, principals, spokes}. The rules are the node's own, by
    name, from `forwarding` (the registered result of vpcmesh.aws.resolver_forward_mesh: its ``rules`` per region);
    in check mode a rule with no ID is one the run only plans, shared as ``planned_rule_names``. The principals are
    `principals` (resolver_mesh_share_principals) or else the node's spokes' accounts. Each spoke gets
    ``invitation``: whether it will receive an invitation to accept (its account is a principal and the accounts are
    not inside the hub's organization with sharing enabled, `within_organization`)."""
    rules = [r for region in sorted((forwarding or {}).get("rules") or {}) for r in forwarding["rules"][region]]
    out = []
    for name in names:
        mine = [dict(s) for s in spokes or [] if _spoke_node(s, names, nodes) == name]
        if not mine:
            continue
        owned = sorted((r for r in rules if r.get("node") == name), key=lambda r: r.get("name") or "")
        wanted = sorted(set(principals or [s["account_id"] for s in mine]))
        for spoke in mine:
            spoke.update(region=nodes[name]["region"], node=name,
                         invitation=spoke["account_id"] in wanted and not within_organization)
        out.append({"node": name, "region": nodes[name]["region"], "share_name": mesh_share_name(mesh, name),
                    "credentials": nodes[name].get("credentials"),
                    "rule_names": [r["name"] for r in owned if r.get("id") or not check_mode],
                    "planned_rule_names": [r["name"] for r in owned if not r.get("id") and check_mode],
                    "principals": wanted, "spokes": mine})
    return out


def mesh_spoke_runs(share_runs, check_mode=False):
    """Filter: one vpcmesh.aws.shared_rule_association run per spoke, from the registered loop of
    vpcmesh.aws.resolver_rule_share runs over mesh_shares: {name, region, share_name, share_owner, vpc_ids,
    credentials, planned_share}. In check mode ``planned_share`` says what the hub's run only plans (the share's rules
    after it, and the invitation a new principal outside the organization gets), so the spokes plan the real run's
    writes; else it is None (omitted)."""
    out = []
    for run in (share_runs or {}).get("results") or []:
        share = run.get("share") or {}
        item = run.get(run.get("ansible_loop_var") or "item") or {}
        for spoke in item.get("spokes") or []:
            planned = None
            if check_mode and run.get("changed"):
                planned = {"invitation": bool(spoke["invitation"])}
                if share.get("rule_ids"):  # every rule of the share after the hub's run (a new spoke uses them all)
                    planned["rules"] = list(share["rule_ids"])
            out.append({"name": spoke.get("name") or spoke["account_id"], "region": spoke["region"],
                        "share_name": item["share_name"], "share_owner": share.get("owner"),
                        "vpc_ids": sorted(spoke["vpc_ids"]), "credentials": spoke.get("credentials") or {},
                        "planned_share": planned})
    return out


def mesh_share_report(share_runs, spoke_runs=None):
    """Filter: what sharing made, without the credentials the loop items carry: {shares: [{node, changed, share}],
    spokes: [{name, share_name, changed, invitations, associations}]} from the registered loops of share.yml."""
    shares = []
    for run in (share_runs or {}).get("results") or []:
        item = run.get(run.get("ansible_loop_var") or "item") or {}
        shares.append({"node": item.get("node"), "changed": bool(run.get("changed")), "share": run.get("share")})
    spokes = []
    for run in (spoke_runs or {}).get("results") or []:
        item = run.get(run.get("ansible_loop_var") or "item") or {}
        spokes.append({"name": item.get("name"), "share_name": item.get("share_name"),
                       "changed": bool(run.get("changed")), "invitations": run.get("invitations") or [],
                       "associations": run.get("associations") or []})
    return {"shares": shares, "spokes": spokes}


class FilterModule:
    def filters(self):
        return {"mesh_share_name": mesh_share_name, "mesh_share_report": mesh_share_report, "mesh_spoke_problems": mesh_spoke_problems,
                "mesh_shares": mesh_shares, "mesh_spoke_runs": mesh_spoke_runs,
                "mesh_endpoints": mesh_endpoints, "endpoint_results": endpoint_results,
                "mesh_forward_nodes": mesh_forward_nodes, "mesh_node_names": mesh_node_names,
                "mesh_node_problems": mesh_node_problems, "mesh_pairs": mesh_pairs, "mesh_peerings": mesh_peerings,
                "mesh_problems": mesh_problems, "mesh_report_nodes": mesh_report_nodes,
                "mesh_resource_names": mesh_resource_names, "mesh_settled": mesh_settled,
                "mesh_peering_results": mesh_peering_results, "mesh_s3_writes": mesh_s3_writes}
