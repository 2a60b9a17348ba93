# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions about one VPC peering connection: which existing one to use, whether a pair may be
peered, and which calls bring it to the wanted state. No AWS access here.

Vocabulary: ``this`` is the VPC named by ``vpc_id``/``region`` (the caller's side), ``peer`` the other.
``requester``/``accepter`` are AWS's roles on a connection; a request made from the other side makes
``this`` the accepter. Each action names the role whose region and account must make the call.
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.cidrs import overlapping_pairs
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_shapes import tags_dict
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_states import (
    ACCEPTED_PEERING_STATES, LIVE_PEERING_STATES, SETTLING_PEERING_STATES, preference)

NEW_ID = "(new peering connection)"


class PeeringError(ValueError):
    """Bad input or an impossible request, found before any write."""


def side_summary(info):
    info = info or {}
    return dict(
        vpc_id=info.get("VpcId"),
        region=info.get("Region"),
        owner_id=info.get("OwnerId"),
        cidr_blocks=[c["CidrBlock"] for c in info.get("CidrBlockSet", [])] or
        ([info["CidrBlock"]] if info.get("CidrBlock") else []),
        ipv6_cidr_blocks=[c["Ipv6CidrBlock"] for c in info.get("Ipv6CidrBlockSet", [])],
        allow_dns_resolution_from_remote_vpc=bool(
            (info.get("PeeringOptions") or {}).get("AllowDnsResolutionFromRemoteVpc", False)),
    )


def summarize(conn):
    """The connection as modules return it (None stays None)."""
    if not conn:
        return None
    status = conn.get("Status") or {}
    return dict(
        id=conn.get("VpcPeeringConnectionId"),
        status=status.get("Code"),
        status_message=status.get("Message"),
        requester=side_summary(conn.get("RequesterVpcInfo")),
        accepter=side_summary(conn.get("AccepterVpcInfo")),
        tags=tags_dict(conn.get("Tags")),
    )


def planned_summary(planned, found, pair):
    """The connection a per-side module (peering_dns_options, peer_routes) plans over in check mode when this run
    only plans the request or accept that makes it active: ``found`` (the pair's live connection, not active yet)
    taken as active, or, when there is none, the connection the planned request makes, from ``planned``
    (``requester`` and ``accepter``, each with vpc_id, region, owner_id, cidr_blocks, ipv6_cidr_blocks): active,
    no DNS option on, no tags, ID ``NEW_ID``. ``pair`` is the task's (vpc_id, peer_vpc_id)."""
    if found is not None:
        return dict(found, status="active", planned=True)
    sides = {}
    for side in ("requester", "accepter"):
        given = planned.get(side) or {}
        missing = [key for key in ("vpc_id", "region", "owner_id") if not given.get(key)]
        if missing:
            raise PeeringError(f"planned_connection.{side} needs {', '.join(missing)}")
        sides[side] = dict(vpc_id=given["vpc_id"], region=given["region"], owner_id=str(given["owner_id"]),
                           cidr_blocks=list(given.get("cidr_blocks") or []),
                           ipv6_cidr_blocks=list(given.get("ipv6_cidr_blocks") or []),
                           allow_dns_resolution_from_remote_vpc=False)
    if {sides["requester"]["vpc_id"], sides["accepter"]["vpc_id"]} != set(pair):
        raise PeeringError(f"planned_connection joins {sides['requester']['vpc_id']} and {sides['accepter']['vpc_id']}, "
                           f"not the task's {pair[0]} and {pair[1]}")
    return dict(id=NEW_ID, status="active", status_message="planned: this run requests it first", tags={},
                planned=True, **sides)


def planned_request(want):
    """The connection an earlier task's planned request makes, as the accepter (``want``, state=accepted) would find
    it once it exists: pending acceptance, requested by the peer VPC, and (as each side's view) the requester's
    tags those of the request, the accepter's none yet. Check mode plans the accept over it (option
    planned_request of cross_region_peering): (summary, side_tags)."""
    requester = dict(vpc_id=want["peer_vpc_id"], region=want["peer_region"], owner_id=want["peer_owner_id"])
    accepter = dict(vpc_id=want["vpc_id"], region=want["region"], owner_id=want["owner_id"])
    summary = dict(id=NEW_ID, status="pending-acceptance", status_message="planned: this run requests it first",
                   requester=requester, accepter=accepter, tags=dict(want.get("tags") or {}))
    return summary, {"requester": dict(want.get("tags") or {}), "accepter": {}}


def awaited(summary, vpc_id, peer_vpc_id, region, waited):
    """What a task left undone waits for from another owner's run (option wait_for_other_owner): the request of the
    pair (``summary`` None: no live connection yet) or the accept of the connection. The ``waiting_for`` result:
    vpc_id and peer_vpc_id (the item's), peering_id, status, and a one-line message."""
    after = f" after waiting {waited}s" if waited else ""
    if summary is None:
        message = (f"no peering connection between {vpc_id} and {peer_vpc_id} is visible in {region}{after}: the "
                   "requester's run must request it first")
        return dict(vpc_id=vpc_id, peer_vpc_id=peer_vpc_id, peering_id=None, status=None, message=message)
    acc = summary["accepter"]
    message = (f"{summary['id']} is {summary['status']}{after}: the owner of {acc['vpc_id']} (account "
               f"{acc['owner_id']}) must accept it in {acc['region']} first")
    return dict(vpc_id=vpc_id, peer_vpc_id=peer_vpc_id, peering_id=summary["id"], status=summary["status"],
                message=message)


def waited_for(before, vpc_id, peer_vpc_id, region, seconds):
    """The ``waited`` result of an item that waited ``seconds`` for another owner's part and got it: what it waited
    for (the request, ``before`` None, or the accept of ``before``), so a job slice's log says what held it up."""
    if before is None:
        what = f"the request of a peering connection between {vpc_id} and {peer_vpc_id}, seen in {region}"
    else:
        acc = before["accepter"]
        what = f"the owner of {acc['vpc_id']} (account {acc['owner_id']}) to accept {before['id']} in {acc['region']}"
    return dict(seconds=seconds, message=f"waited {seconds}s for {what}")


def pick_live(connections):
    """The live connection of a pair (active first), or None when all are dead (failed, rejected, expired,
    deleting, deleted)."""
    live = [c for c in connections if (c.get("Status") or {}).get("Code") in LIVE_PEERING_STATES]
    if not live:
        return None
    return sorted(live, key=lambda c: preference(c["Status"]["Code"]))[0]


def settle_duplicates(connections, own_id, want):
    """The connection of a pair to keep, and the ones this run deletes: (keep, drop).

    AWS has no idempotency token for CreateVpcPeeringConnection, so two runs of the same task at once (or a
    create that botocore retried after a read timeout) can each create a connection for the pair. Every run
    re-lists the pair after its create, after its accept, and again until nothing is left to settle, and
    applies this rule, which every run evaluates the same way on the same list whatever the timing:

    - an active connection wins over pending ones (an accepted connection may already carry routes, and a run
      that requested late, after another run finished, must yield to it); among equals the smallest ID wins;
    - a run deletes its own connection (``own_id``) when it is not the one kept, even when it had accepted it;
    - it deletes other pending requests that look exactly like its own (same direction, same tags: another run
      of this task, or an orphan of a retried create) only once the decision is final: the kept connection is
      active, or this task does not accept (``want['accept']`` false). While every candidate is pending, another
      run may be accepting one of them; deleting it then could leave the pair with none.

    An active connection another run made is never deleted by this run; that run deletes its own.
    """
    live = [c for c in connections if (c.get("Status") or {}).get("Code") in LIVE_PEERING_STATES]
    if not live:
        return None, []
    active = [c for c in live if c["Status"]["Code"] in ACCEPTED_PEERING_STATES]
    keep = min(active or live, key=lambda c: c["VpcPeeringConnectionId"])
    final = bool(active) or not want.get("accept")
    drop = [c for c in live if c is not keep and (
        c["VpcPeeringConnectionId"] == own_id or (final and _same_request(c, want)))]
    return keep, drop


def _same_request(conn, want):
    summary = summarize(conn)
    return (summary["status"] == "pending-acceptance" and summary["requester"]["vpc_id"] == want["vpc_id"]
            and summary["accepter"]["vpc_id"] == want["peer_vpc_id"] and summary["tags"] == (want.get("tags") or {}))


def role_of(summary, vpc_id):
    """'requester' or 'accepter' for ``vpc_id`` on a summarized connection (None if not part of it)."""
    if summary["requester"]["vpc_id"] == vpc_id:
        return "requester"
    if summary["accepter"]["vpc_id"] == vpc_id:
        return "accepter"
    return None


def other_role(role):
    return "accepter" if role == "requester" else "requester"


def check_pair(this, peer):
    """Errors that make a pair impossible to peer; ``this``/``peer`` are dicts with vpc_id, region,
    cidr_blocks, ipv6_cidr_blocks (the CIDR lists may be None when the VPC cannot be read)."""
    if this["vpc_id"] == peer["vpc_id"] and this["region"] == peer["region"]:
        raise PeeringError(f"VPC {this['vpc_id']} cannot be peered with itself")
    if this.get("cidr_blocks") is None or peer.get("cidr_blocks") is None:
        return
    pairs = overlapping_pairs(this["cidr_blocks"] + this.get("ipv6_cidr_blocks", []),
                              peer["cidr_blocks"] + peer.get("ipv6_cidr_blocks", []))
    if pairs:
        described = ", ".join(f"{a} ({this['vpc_id']}) and {b} ({peer['vpc_id']})" for a, b in pairs)
        raise PeeringError(f"CIDR blocks overlap: {described}; AWS cannot peer VPCs with overlapping CIDR "
                           "blocks. Re-address one VPC or peer other VPCs.")


def tag_actions(current, wanted, purge, resource_id, region, role):
    """CreateTags/DeleteTags on one side of a connection to reach ``wanted`` (None: leave tags alone)."""
    if wanted is None:
        return []
    actions = []
    to_set = {k: v for k, v in wanted.items() if current.get(k) != v}
    if to_set:
        actions.append(Action("ec2:CreateTags", region, dict(
            Resources=[resource_id], Tags=[dict(Key=k, Value=v) for k, v in sorted(to_set.items())]),
            side=role, description=f"tag {resource_id} on the {role} side"))
    to_drop = sorted(k for k in current if k not in wanted and not k.startswith("aws:")) if purge else []
    if to_drop:
        actions.append(Action("ec2:DeleteTags", region, dict(
            Resources=[resource_id], Tags=[dict(Key=k) for k in to_drop]),
            side=role, description=f"remove tags {', '.join(to_drop)} from {resource_id} on the {role} side"))
    return actions


def plan_peering(want, current, side_tags=None):
    """Actions that bring the connection of a pair to ``want['state']``.

    ``want``: state (present/accepted/absent), vpc_id, region, peer_vpc_id, peer_region, peer_owner_id,
    accept (bool), can_act_as_peer (bool), tags (dict or None), purge_tags.
    ``current``: summary of the live connection of the pair (or None).
    ``side_tags``: {'requester': {...}, 'accepter': {...}} tags as each side sees them (None: unknown).
    Returns (actions, predicted summary after the run, notes for the user).
    """
    state = want["state"]
    side_tags = side_tags or {}
    notes = []
    if state == "absent":
        if not current:
            return [], None, notes
        role = role_of(current, want["vpc_id"]) or "requester"
        region = current[role]["region"]
        if current["status"] == "pending-acceptance" and role == "accepter":
            call, what = "ec2:RejectVpcPeeringConnection", "reject"
        else:
            call, what = "ec2:DeleteVpcPeeringConnection", "delete"
        after = dict(current, status="rejected" if what == "reject" else "deleted")
        return [Action(call, region, dict(VpcPeeringConnectionId=current["id"]), side=role,
                       description=f"{what} {current['id']} from the {role} side")], after, notes

    actions = []
    if current is None:
        if state == "accepted":
            raise PeeringError(
                f"no pending peering request exists between {want['vpc_id']} ({want['region']}) and "
                f"{want['peer_vpc_id']} ({want['peer_region']}); the requester must create it first "
                "(state=present on its side)")
        params = dict(VpcId=want["vpc_id"], PeerVpcId=want["peer_vpc_id"], PeerRegion=want["peer_region"],
                      PeerOwnerId=want["peer_owner_id"])
        if want.get("tags"):
            params["TagSpecifications"] = [dict(ResourceType="vpc-peering-connection", Tags=[
                dict(Key=k, Value=v) for k, v in sorted(want["tags"].items())])]
        actions.append(Action("ec2:CreateVpcPeeringConnection", want["region"], params, side="requester",
                              description=f"request peering {want['vpc_id']} -> {want['peer_vpc_id']}"))
        after = dict(id=None, status="pending-acceptance", status_message=None,
                     requester=dict(vpc_id=want["vpc_id"], region=want["region"], owner_id=want.get("owner_id")),
                     accepter=dict(vpc_id=want["peer_vpc_id"], region=want["peer_region"],
                                   owner_id=want["peer_owner_id"]),
                     tags=dict(want.get("tags") or {}))
        this_role, conn_id, requester_tags, accepter_tags = "requester", NEW_ID, want.get("tags") or {}, {}
    else:
        after = dict(current)
        this_role = role_of(current, want["vpc_id"]) or "requester"
        conn_id = current["id"]
        requester_tags = side_tags.get("requester", current.get("tags") or {})
        accepter_tags = side_tags.get("accepter")
        if current["status"] == "active":
            pass
        elif state == "accepted" and this_role == "requester" and current["status"] == "pending-acceptance":
            raise PeeringError(
                f"{current['id']} was requested by {want['vpc_id']}'s side; only the accepter "
                f"({current['accepter']['vpc_id']}, account {current['accepter']['owner_id']}, "
                f"{current['accepter']['region']}) can accept it")

    accepter_can_act = this_role == "requester" and want.get("can_act_as_peer") or this_role == "accepter"
    status = after["status"]
    if status in SETTLING_PEERING_STATES:
        wants_accept = state == "accepted" or want.get("accept")
        if wants_accept and accepter_can_act:
            accepter_region = after["accepter"]["region"]
            actions.append(Action("ec2:AcceptVpcPeeringConnection", accepter_region,
                                  dict(VpcPeeringConnectionId=conn_id), side="accepter",
                                  description=f"accept {conn_id} in {accepter_region}"))
            after = dict(after, status="active")
        elif wants_accept:
            raise PeeringError(
                f"the accepter {after['accepter']['vpc_id']} belongs to account {after['accepter']['owner_id']}; "
                "give peer_credentials to accept in this run, or set accept=false and let that owner run "
                "state=accepted")
        else:
            named = "the new connection" if conn_id == NEW_ID else conn_id
            notes.append(f"{named} is pending acceptance: the owner of {after['accepter']['vpc_id']} "
                         f"(account {after['accepter']['owner_id']}) must accept it in "
                         f"{after['accepter']['region']} (state=accepted)")

    # Each side's copy of the connection (and its tags) is changed only by an owner the caller can act for: the
    # accepter without peer credentials tags its own copy, never the requester's.
    requester_can_act = this_role == "requester" or want.get("can_act_as_peer")
    if current is not None and requester_can_act:
        actions += tag_actions(requester_tags, want.get("tags"), want.get("purge_tags"), conn_id,
                               after["requester"]["region"], "requester")
    if accepter_can_act and accepter_tags is not None and _separate_accepter_view(after):
        actions += tag_actions(accepter_tags, want.get("tags"), want.get("purge_tags"), conn_id,
                               after["accepter"]["region"], "accepter")
    if want.get("tags") is not None:
        after = dict(after, tags=_merged_tags(requester_tags, want["tags"], want.get("purge_tags")))
    return actions, after, notes


def _separate_accepter_view(summary):
    """AWS keeps a separate copy (and tags) of a connection per region and per account."""
    r, a = summary["requester"], summary["accepter"]
    return r.get("region") != a.get("region") or r.get("owner_id") != a.get("owner_id")


def _merged_tags(current, wanted, purge):
    out = {} if purge else dict(current)
    out.update(wanted)
    return out
