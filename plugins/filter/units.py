# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the main job groups its work: by unit, the VPC hosts that act with the same account credentials.

Each phase of ``playbooks/site.yml`` (requests, accepts, DNS options, routes) runs one module run per unit, on the
unit's first host of the play (its leader), with the list form of the module (``peerings``) holding every item the
unit's hosts own; units run at once (forks), items inside a unit at once (the module's ``max_concurrency``). So the
number of module runs grows with the accounts of the estate, not with its VPCs or pairs. A unit is made of the
play's hosts only, so ``--limit`` and AWX job slicing give each run the work of its own hosts.

Items name their connection by its two VPCs, never by an ID another host's run registered, so a run does not depend
on which hosts share it.
"""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

PHASES = ("request", "accept", "dns", "routes", "delete")


def unit_key(values):
    """The credentials a VPC host acts with (its inventory variables): a role, a profile, or the caller's own."""
    if values.get("vpcmesh_role_arn"):
        return f"role {values['vpcmesh_role_arn']}"
    if values.get("vpcmesh_profile"):
        return f"profile {values['vpcmesh_profile']}"
    return "caller"


def unit_hosts(host, hostvars, play_hosts):
    """Filter: the play's hosts of `host`'s unit when `host` is that unit's leader (its first host in the play),
    else an empty list: the leader runs the unit's work, the others have none of their own."""
    key = unit_key(hostvars[host])
    members = [name for name in play_hosts if unit_key(hostvars[name]) == key]
    return members if members and members[0] == host else []


# The groups of the main job's work (filter work_groups): each play of site.yml and teardown.yml targets the hosts
# with work of its kind, so the hosts without any start no task worker at all.
WORK_GROUPS = ("vpcmesh_unit_leaders", "vpcmesh_zone_owners", "vpcmesh_mesh_runners", "vpcmesh_mesh_nodes",
               "vpcmesh_link_runners")


def work_groups(estate, hostvars, play_hosts):
    """Filter: for ``ansible.builtin.add_host``, one entry per play host with work in the main job: its ``name``,
    the ``groups`` of WORK_GROUPS it belongs to (the leader of its unit; the owner of a zone; the first node of a
    Resolver mesh, and every node of one; the provider of a PrivateLink chain) and, as ``vpcmesh_unit``, the play's
    hosts of the unit it leads (empty unless it leads one). Only the play's hosts count, as in unit_hosts."""
    hosts = list(play_hosts)
    owned = {
        "vpcmesh_zone_owners": {zone["owner"] for zone in estate["zones"]},
        "vpcmesh_mesh_runners": {mesh["runner"] for mesh in estate["resolver_meshes"]},
        "vpcmesh_mesh_nodes": {host for mesh in estate["resolver_meshes"] for host in mesh["hosts"]},
        "vpcmesh_link_runners": {link["runner"] for link in estate["privatelinks"]},
    }
    entries = []
    for host in hosts:
        unit = unit_hosts(host, hostvars, hosts)
        groups = (["vpcmesh_unit_leaders"] if unit else []) + [group for group in WORK_GROUPS[1:] if host in owned[group]]
        if groups:
            entries.append({"name": host, "groups": groups, "vpcmesh_unit": unit})
    return entries


def _item(phase, peering, vpcs, hosts):
    requester, accepter = vpcs[peering["requester"]], vpcs[peering["accepter"]]
    mine_req, mine_acc = peering["requester"] in hosts, peering["accepter"] in hosts
    if phase == "request":
        if not mine_req:
            return None
        return {"region": requester["region"], "vpc_id": requester["vpc_id"], "peer_vpc_id": accepter["vpc_id"],
                "peer_region": accepter["region"], "peer_owner_id": str(accepter["account_id"]),
                "accept": peering["same_account"], "tags": peering["tags"]}
    if phase == "delete":
        if not mine_req:
            return None
        return {"state": "absent", "region": requester["region"], "vpc_id": requester["vpc_id"],
                "peer_vpc_id": accepter["vpc_id"], "peer_region": accepter["region"],
                "peer_owner_id": str(accepter["account_id"])}
    if phase == "accept":
        if not mine_acc or peering["same_account"]:
            return None
        return {"state": "accepted", "region": accepter["region"], "vpc_id": accepter["vpc_id"],
                "peer_vpc_id": requester["vpc_id"], "peer_region": requester["region"],
                "peer_owner_id": str(requester["account_id"]), "tags": peering["tags"]}
    if not (mine_req or mine_acc):
        return None
    this, other = (requester, accepter) if mine_req else (accepter, requester)
    item = {"region": this["region"], "vpc_id": this["vpc_id"], "peer_vpc_id": other["vpc_id"]}
    if phase == "dns":
        for side, mine in (("requester", mine_req), ("accepter", mine_acc)):
            if mine:
                item[f"{side}_dns_resolution"] = peering["dns_resolution"]
        item["enable_vpc_dns"] = True
    else:
        for side, mine in (("requester", mine_req), ("accepter", mine_acc)):
            item[f"{side}_route_tables"] = peering["route_tables"][side] if mine else "none"
    return item


def _planned_connection(peering, vpcs):
    """The connection `peering`'s request makes, as the option planned_connection of the per-side modules wants it."""
    def side(host):
        vpc = vpcs[host]
        return {"vpc_id": vpc["vpc_id"], "region": vpc["region"], "owner_id": str(vpc["account_id"]),
                "cidr_blocks": list(vpc.get("cidrs") or [])}
    return {"requester": side(peering["requester"]), "accepter": side(peering["accepter"])}


# How long an accept waits for a request its requester's unit made earlier in the same run: AWS shows a new request
# in the accepter's region a little after the requester sees it pending.
REQUEST_SHOWS_SECONDS = 60


def peering_work(estate, phase, hosts, skip=(), planned=(), requested_in_run=(), patience=0):
    """Filter: the items of `phase` (request, accept, dns, routes, delete) that VPC hosts `hosts` (a unit) own, for
    the list form (``peerings``) of cross_region_peering, peering_dns_options or peer_routes, in the estate's order.
    A request (and a delete) is the requester's; an accept (other accounts only) the accepter's; DNS options and
    routes are each side's, one item per connection with every side the unit owns. Peerings named in `skip` are left out;
    for those named in `planned` (check mode: this run only plans their request or accept), the accept items carry
    planned_request and the DNS and routes items the connection the request makes (planned_connection), so that
    they are planned over it. The accept items of peerings whose requester is one of `requested_in_run` (the hosts of
    the run's units, whose request task ran before) wait for the request (wait_for_other_owner) at least
    REQUEST_SHOWS_SECONDS, or `patience` (the module's wait_for_other_owner) when longer."""
    if phase not in PHASES:
        raise AnsibleFilterError(f"peering_work: phase {phase!r} is not one of {', '.join(PHASES)}")
    skipped = set(skip or ())
    items = []
    for peering in estate["peerings"]:
        if peering["name"] in skipped:
            continue
        item = _item(phase, peering, estate["vpcs"], set(hosts))
        if item is not None and phase in ("dns", "routes") and peering["name"] in planned:
            item["planned_connection"] = _planned_connection(peering, estate["vpcs"])
        if item is not None and phase == "accept" and peering["name"] in planned:
            item["planned_request"] = True
        if item is not None and phase == "accept" and peering["requester"] in requested_in_run:
            item["wait_for_other_owner"] = max(int(patience or 0), REQUEST_SHOWS_SECONDS)
        if item is not None:
            items.append(item)
    return items


def _results(hostvars, play_hosts, registered):
    """(name, result) of every item result of the list-form variables `registered` on the play's hosts."""
    for host in play_hosts:
        for var in registered:
            for result in (hostvars[host].get(var) or {}).get("results") or []:
                name = ((result.get("peering_connection") or {}).get("tags") or {}).get("Name")
                if name:
                    yield name, result


def not_active_yet(hostvars, play_hosts, *registered):
    """Filter: the names of the peerings that the request and accept results `registered` found not active before
    they ran. In check mode nothing was requested or accepted, so DNS options and routes over them cannot be
    planned yet."""
    return sorted({name for name, result in _results(hostvars, play_hosts, registered)
                   if ((result.get("diff") or {}).get("before") or {}).get("status") != "active"})


def check_mode_split(estate, hostvars, leaders):
    """Filter, for check mode: the peerings that the request (and, once run, accept) results of the units'
    `leaders` (``vpcmesh_requested``, ``vpcmesh_accepted``) found not active yet, split in two. ``planned``: those
    this run makes active (a request within one account accepts at once; a request to another account is accepted
    by its accepter's unit when that unit is in the run), whose accept check mode plans over the request to be
    (peering_work's `planned`: planned_request) and whose DNS options and routes it plans over the connection to be
    (planned_connection). ``unsettled``: the rest (a request to an account whose unit is not in the run, under
    --limit or in a slice), left to the run that has the accepter."""
    not_active = not_active_yet(hostvars, leaders, "vpcmesh_requested", "vpcmesh_accepted")
    in_run = {host for leader in leaders for host in hostvars[leader].get("vpcmesh_unit") or []}
    split = {"planned": [], "unsettled": []}
    for peering in estate["peerings"]:
        if peering["name"] in not_active:
            settles = peering["same_account"] or peering["accepter"] in in_run
            split["planned" if settles else "unsettled"].append(peering["name"])
    return split


def left_undone(estate, *registered):
    """Filter: what the list-form results `registered` (this unit's accept, DNS options and routes) left to another
    account's run (option wait_for_other_owner): one {name, host, message} per peering, in the estate's order, where
    `host` is the VPC host whose run must act (the requester, for a request not made yet; else the accepter)."""
    waiting = {}
    for value in registered:
        for result in (value or {}).get("results") or []:
            found = result.get("waiting_for")
            if found:
                waiting.setdefault(frozenset((found["vpc_id"], found["peer_vpc_id"])), found)
    left = []
    for peering in estate["peerings"]:
        requester, accepter = peering["requester"], peering["accepter"]
        found = waiting.get(frozenset((estate["vpcs"][requester]["vpc_id"], estate["vpcs"][accepter]["vpc_id"])))
        if found:
            host = requester if found["peering_id"] is None else accepter
            left.append({"name": peering["name"], "host": host, "message": found["message"]})
    return left


def flows_within(flows, play_hosts):
    """Filter: the estate's flows whose ends are the play's VPCs (a destination given by IP or name alone counts as
    within): all of them, or under --limit those between the limited hosts, whose run converged both ends."""
    hosts = set(play_hosts)
    return [flow for flow in flows if flow["source"].get("host") in hosts
            and flow["destination"].get("host") in hosts | {None}]


class FilterModule:
    def filters(self):
        return {"unit_hosts": unit_hosts, "work_groups": work_groups, "peering_work": peering_work,
                "not_active_yet": not_active_yet, "check_mode_split": check_mode_split, "flows_within": flows_within,
                "left_undone": left_undone}
