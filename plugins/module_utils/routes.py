# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions for ``peer_routes``: which route tables of each side, which destinations, and which
CreateRoute / ReplaceRoute / DeleteRoute calls bring them there. No AWS access here.

AWS rules followed: a route table holds at most one static route per destination (longest prefix
match is per destination, so a route with another destination is never in the way); the route
destination over a peering is (part of) a CIDR block of the peer VPC; each side's routes are written
in that side's region by that side's owner. A route this module did not make is only ever touched
when it has the same destination as a wanted route: replaced when ``on_conflict=replace``, or when it
is a ``blackhole`` route over a dead peering connection (repaired).
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.cidrs import CidrError, parse_cidr
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_dns import SIDES, other_side
from ansible_collections.vpcmesh.aws.plugins.module_utils import peering_states

KEYWORDS = ("all", "main", "none")
RTB_ID = re.compile(r"^rtb-[0-9a-f]{8,17}$")
PROPAGATED = "EnableVgwRoutePropagation"
# Where a route sends traffic, in the order a route's target is named.
TARGET_KEYS = ("VpcPeeringConnectionId", "TransitGatewayId", "NatGatewayId", "GatewayId",
               "EgressOnlyInternetGatewayId", "InstanceId", "NetworkInterfaceId", "CarrierGatewayId",
               "LocalGatewayId", "CoreNetworkArn")


class RouteError(ValueError):
    """Bad input, or a state that makes the request impossible, found before any write."""


# -- input ------------------------------------------------------------------------------------------
def parse_selector(value, option):
    """A route table selector as dict(kind=all|main|none|ids|tags, ids=[...], tags={key: [values]})."""
    hint = ("give all, main, none, a list of route table IDs (rtb-...), or a dict of tag filters "
            "such as {tier: private}")
    if isinstance(value, str):
        if value.strip().lower() in KEYWORDS:
            return dict(kind=value.strip().lower())
        if RTB_ID.match(value):
            return dict(kind="ids", ids=[value])
        raise RouteError(f"{option}={value!r} is not a route table selector; {hint}")
    if isinstance(value, list):
        bad = [v for v in value if not (isinstance(v, str) and RTB_ID.match(v))]
        if bad or not value:
            what = f"has entries that are not route table IDs: {bad}" if bad else "is an empty list"
            raise RouteError(f"{option} {what}; {hint} (none leaves this side alone)")
        return dict(kind="ids", ids=sorted(set(value)))
    if isinstance(value, dict) and value:
        tags = {}
        for key, wanted in value.items():
            values = wanted if isinstance(wanted, list) else [wanted]
            if not values or any(v is None or isinstance(v, (dict, list)) for v in values):
                raise RouteError(f"{option}: tag {key!r} needs a value or a list of values, not {wanted!r}")
            tags[str(key)] = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
        return dict(kind="tags", tags=tags)
    raise RouteError(f"{option}={value!r} is not a route table selector; {hint}")


def describe_selector(selector):
    """The selector in words, for messages."""
    kind = selector["kind"]
    if kind == "all":
        return "every route table"
    if kind == "main":
        return "the main route table"
    if kind == "ids":
        return "route tables " + ", ".join(selector["ids"])
    if kind == "tags":
        return "route tables tagged " + ", ".join(f"{k}={'|'.join(v)}" for k, v in selector["tags"].items())
    return "no route table"


def parse_destinations(values):
    """Canonical CIDR strings, duplicates dropped (None: every block of the other VPC)."""
    if values is None:
        return None
    if not values:
        raise RouteError("destinations is an empty list; omit it to route every CIDR block of the other VPC")
    out = []
    for value in values:
        try:
            cidr = str(parse_cidr(value, "destination"))
        except CidrError as e:
            raise RouteError(str(e)) from None
        if cidr not in out:
            out.append(cidr)
    return out


# -- what is wanted ---------------------------------------------------------------------------------
def _blocks(vpc):
    return list(vpc["cidr_blocks"]) + list(vpc["ipv6_cidr_blocks"])


def _inside(cidr, block):
    net, outer = ipaddress.ip_network(cidr), ipaddress.ip_network(block)
    return net.version == outer.version and net.subnet_of(outer)


def wanted_destinations(vpcs, explicit, ipv6, selectors):
    """{side: [destinations routed from that side's route tables]}.

    ``vpcs``: {side: dict(vpc_id, cidr_blocks, ipv6_cidr_blocks)}. By default a side routes every IPv4
    block of the other VPC (and its IPv6 blocks when ``ipv6``). An explicit destination is routed from
    the side whose *other* VPC contains it; one inside neither VPC is an error (traffic over a peering
    connection only reaches addresses of the peer VPC).
    """
    wanted = {side: [] for side in SIDES}
    if explicit is None:
        for side in SIDES:
            other = vpcs[other_side(side)]
            wanted[side] = list(other["cidr_blocks"]) + (list(other["ipv6_cidr_blocks"]) if ipv6 else [])
    else:
        for dest in explicit:
            owner = next((s for s in SIDES if any(_inside(dest, b) for b in _blocks(vpcs[s]))), None)
            if owner is None:
                known = "; ".join(f"{s} {vpcs[s]['vpc_id']}: {', '.join(_blocks(vpcs[s])) or 'unknown'}" for s in SIDES)
                raise RouteError(f"destination {dest} is not inside a CIDR block of either VPC ({known}); a peering "
                                 "connection only carries traffic to addresses of the peer VPC")
            side = other_side(owner)
            if selectors[side]["kind"] == "none":
                raise RouteError(f"destination {dest} is in the {owner} VPC {vpcs[owner]['vpc_id']}, so it is routed "
                                 f"from the {side} VPC's route tables, but {side}_route_tables is none")
            wanted[side].append(dest)
    for side in SIDES:
        if selectors[side]["kind"] == "none":
            wanted[side] = []
    return wanted


def edge_gateways(table):
    """The internet or virtual private gateways a route table is associated with (edge associations)."""
    return sorted(a["GatewayId"] for a in table.get("Associations") or [] if a.get("GatewayId") and
                  (a.get("AssociationState") or {}).get("State", "associated") in ("associated", "associating"))


def select_tables(selector, tables, vpc, side):
    """The route tables of one VPC that ``selector`` names; an ID not in the VPC or a tag filter matching
    nothing is an error naming the VPC's route tables.

    Route tables associated with an internet or virtual private gateway (edge associations, for ingress
    routing) are never selected by ``all``, ``main`` or tags: AWS refuses a route to a peering connection in
    them. Named by ID, such a table is an error giving that reason."""
    kind = selector["kind"]
    tables = sorted(tables, key=lambda t: t["RouteTableId"])
    where = f"{vpc['vpc_id']} ({side}, {vpc['region']})"
    listed = ", ".join(f"{t['RouteTableId']}{_tag_text(t)}" for t in tables) or "none"
    usable = [t for t in tables if not edge_gateways(t)]
    if kind == "all":
        return usable
    if kind == "main":
        found = [t for t in usable if any(a.get("Main") for a in t.get("Associations", []))]
    elif kind == "ids":
        known = {t["RouteTableId"] for t in tables}
        missing = [i for i in selector["ids"] if i not in known]
        if missing:
            raise RouteError(f"{side}_route_tables: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not "
                             f"a route table of {where}; its route tables are: {listed}")
        found = [t for t in tables if t["RouteTableId"] in selector["ids"]]
        edge = [f"{t['RouteTableId']} (associated with {', '.join(edge_gateways(t))})" for t in found
                if edge_gateways(t)]
        if edge:
            raise RouteError(f"{side}_route_tables: {', '.join(edge)} {'is' if len(edge) == 1 else 'are'} associated "
                             "with a gateway (an edge association, for ingress routing); AWS does not allow a route to "
                             "a peering connection in such a table: leave it out")
    elif kind == "tags":
        found = [t for t in usable if _tags_match(t, selector["tags"])]
    else:
        return []
    if not found:
        raise RouteError(f"{side}_route_tables: {describe_selector(selector)} matches no route table of {where}; "
                         f"its route tables are: {listed}")
    return found


def _table_tags(table):
    return {t["Key"]: t["Value"] for t in table.get("Tags") or []}


def _tag_text(table):
    tags = _table_tags(table)
    return f" ({', '.join(f'{k}={v}' for k, v in sorted(tags.items()))})" if tags else ""


def _tags_match(table, filters):
    """AWS ``tag:<key>`` filter semantics: values of one key OR-ed (``*``/``?`` wildcards), keys AND-ed."""
    tags = _table_tags(table)
    return all(k in tags and any(fnmatch.fnmatchcase(tags[k], v) for v in values) for k, values in filters.items())


# -- routes -----------------------------------------------------------------------------------------
def route_destination(route):
    """A route's destination as a canonical CIDR (None for prefix-list routes)."""
    cidr = route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
    return str(ipaddress.ip_network(cidr, strict=False)) if cidr else None


def route_target(route):
    """Where a route sends traffic, as AWS names it, with its state when it is not active."""
    target = next((route[k] for k in TARGET_KEYS if route.get(k)), "no target")
    if route.get("State") == "blackhole":
        target += " (blackhole)"
    if route.get("Origin") == PROPAGATED:
        target += " (propagated)"
    return target


def _sort_key(cidr):
    net = ipaddress.ip_network(cidr)
    return net.version, net


def _route_action(call, table_id, dest, region, side, description, peering_id=None):
    key = "DestinationIpv6CidrBlock" if ipaddress.ip_network(dest).version == 6 else "DestinationCidrBlock"
    params = {"RouteTableId": table_id, key: dest}
    if peering_id:
        params["VpcPeeringConnectionId"] = peering_id
    return Action(call, region, params, side=side, description=description)


def plan_table(table, side, region, peering_id, wanted, state, purge, on_conflict):
    """Calls for one route table. Returns dict(actions, report, conflicts, before, after).

    ``report`` lists what is added, replaced (with the previous target), removed, already present, or
    skipped; ``before``/``after`` map each destination the task concerns to its target.
    """
    table_id = table["RouteTableId"]
    by_dest = {}
    for route in table.get("Routes", []):
        dest = route_destination(route)
        if dest:
            by_dest.setdefault(dest, []).append(route)
    ours = {d for d, routes in by_dest.items() if any(r.get("VpcPeeringConnectionId") == peering_id for r in routes)}
    shown = {d: _shown(routes, peering_id) for d, routes in by_dest.items() if d in ours or d in wanted}
    report = dict(side=side, vpc_id=table.get("VpcId"), region=region, added=[], replaced=[], removed=[], present=[],
                  skipped=[])
    actions, conflicts, after = [], [], dict(shown)
    if state == "present":
        for dest in wanted:
            if dest in ours:
                report["present"].append(dest)
                continue
            static = [r for r in by_dest.get(dest, []) if r.get("Origin") != PROPAGATED]
            current = static[0] if static else (by_dest.get(dest) or [None])[0]
            if current is None:
                actions.append(_route_action("ec2:CreateRoute", table_id, dest, region, side,
                                             f"route {dest} over {peering_id} in {table_id}", peering_id))
                report["added"].append(dest)
            elif _dead_peering_route(current) or (on_conflict == "replace" and not _is_local(current)):
                what = "repair the blackhole route" if _dead_peering_route(current) else "replace the route"
                call = "ec2:ReplaceRoute" if static else "ec2:CreateRoute"  # a propagated route cannot be replaced
                actions.append(_route_action(call, table_id, dest, region, side,
                                             f"{what} {dest} -> {route_target(current)} in {table_id} with one over "
                                             f"{peering_id}", peering_id))
                report["replaced"].append(dict(destination=dest, previous_target=route_target(current)))
            elif on_conflict == "skip":
                report["skipped"].append(dict(destination=dest, target=route_target(current)))
                continue
            else:
                conflicts.append(f"{table_id} ({side} {table.get('VpcId')}): {dest} -> {route_target(current)}")
                continue
            after[dest] = peering_id
        remove = sorted(ours - set(wanted), key=_sort_key) if purge else []
    else:
        remove = sorted(ours if purge else ours & set(wanted), key=_sort_key)
    for dest in remove:
        actions.append(_route_action("ec2:DeleteRoute", table_id, dest, region, side,
                                     f"remove the route {dest} over {peering_id} from {table_id}"))
        report["removed"].append(dest)
        rest = [r for r in by_dest[dest] if r.get("VpcPeeringConnectionId") != peering_id]  # a propagated route
        if rest:
            after[dest] = route_target(rest[0])
        else:
            del after[dest]
    return dict(actions=actions, report=report, conflicts=conflicts, before=shown, after=after)


def _shown(routes, peering_id):
    """The target shown for a destination: ours if present, else the static route, else the propagated one."""
    if any(r.get("VpcPeeringConnectionId") == peering_id for r in routes):
        return peering_id
    static = [r for r in routes if r.get("Origin") != PROPAGATED]
    return route_target((static or routes)[0])


def _dead_peering_route(route):
    return bool(route.get("VpcPeeringConnectionId")) and route.get("State") == "blackhole"


def _is_local(route):
    return route.get("GatewayId") == "local"


def plan_routes(peering_id, vpcs, selected, wanted, selectors, state, purge, on_conflict):
    """Everything ``peer_routes`` does on one connection.

    ``selected``: {side: [route tables]} for each side the caller acts for; ``wanted``: {side: [destinations]}.
    Returns dict(actions, route_tables, before, after, left); raises RouteError listing every conflict when
    ``on_conflict=fail`` (so nothing is written).
    """
    actions, conflicts, tables, before, after, left = [], [], {}, {}, {}, []
    for side in SIDES:
        if side not in selected:
            if selectors[side]["kind"] != "none" and wanted[side]:
                left.append(_left(peering_id, vpcs[side], side, selectors[side], wanted[side], state, purge))
            continue
        for table in selected[side]:
            plan = plan_table(table, side, vpcs[side]["region"], peering_id, wanted[side], state, purge, on_conflict)
            table_id = table["RouteTableId"]
            actions += plan["actions"]
            conflicts += plan["conflicts"]
            tables[table_id] = plan["report"]
            before[table_id], after[table_id] = plan["before"], plan["after"]
    if conflicts:
        raise RouteError(
            f"destinations already routed to another target (on_conflict=fail, nothing was changed): "
            f"{'; '.join(conflicts)}. Set on_conflict=replace to point them at {peering_id}, on_conflict=skip to "
            "leave them as they are, or narrow destinations or the route tables")
    return dict(actions=actions, route_tables=tables, before=before, after=after, left=left)


def _left(peering_id, vpc, side, selector, destinations, state, purge):
    """What the owner of a side the caller cannot act for still has to do."""
    if state == "present":
        task = f"add routes to {', '.join(destinations)} over {peering_id}"
        if purge:
            task += f" and remove other routes over {peering_id}"
    elif purge:
        task = f"remove every route over {peering_id}"
    else:
        task = f"remove the routes to {', '.join(destinations)} over {peering_id}"
    message = (f"the owner of {vpc['vpc_id']} (account {vpc['owner_id']}) must {task} in {describe_selector(selector)} "
               f"of that VPC, in {vpc['region']}")
    return dict(side=side, account_id=vpc["owner_id"], region=vpc["region"], vpc_id=vpc["vpc_id"],
                destinations=list(destinations), message=message)


def not_active_message(summary, waited):
    """Why routes are not set over a connection that is not ``active``, and what to do."""
    return peering_states.not_active_message(
        summary, waited, "routes over it only carry traffic once it is active",
        "; routes still over this one can be removed with state=absent")
