# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions for ``peering_dns_options``: which side's "allow DNS resolution from the remote VPC"
option to change, which VPC DNS attributes to turn on first, and what is left to the other owner.

AWS rules followed: each side's option is changed by that side's owner in that side's region (one
ModifyVpcPeeringConnectionOptions call per side), only on an ``active`` connection; remote resolution
needs DNS support and DNS hostnames on in both VPCs; ModifyVpcAttribute takes one attribute per call,
and DNS hostnames can only be turned on once DNS support is on. No AWS access here.
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils import peering_states, vpc_dns
from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action

SIDES = ("requester", "accepter")
OPTION = "AllowDnsResolutionFromRemoteVpc"
OPTIONS_PARAM = dict(requester="RequesterPeeringConnectionOptions", accepter="AccepterPeeringConnectionOptions")
# In the order they must be turned on: AWS refuses DNS hostnames while DNS support is off.


class DnsOptionsError(ValueError):
    """Input or state that makes the request impossible, found before any write."""


def other_side(side):
    return "accepter" if side == "requester" else "requester"


def acting_credentials(summary, account, peer_account, peer_creds):
    """{side: credentials} for each side the caller can act for (None: the caller's own credentials).

    A side is missing from the answer when its VPC belongs to an account the caller has no credentials for.
    """
    owners = {side: summary[side]["owner_id"] for side in SIDES}
    if peer_creds and peer_account not in owners.values():
        raise DnsOptionsError(
            f"peer_credentials act as account {peer_account}, which owns neither VPC of {summary['id']} "
            f"(requester {summary['requester']['vpc_id']} in account {owners['requester']}, accepter "
            f"{summary['accepter']['vpc_id']} in account {owners['accepter']}); give the other VPC owner's credentials")
    creds = {}
    for side in SIDES:
        if owners[side] == account:
            creds[side] = None
        elif peer_creds and owners[side] == peer_account:
            creds[side] = peer_creds
    return creds


def owed_acceptance(summary, accounts):
    """[left_to_other_owner entry] when ``summary`` waits for an accept by an account not in ``accounts`` (the
    ones the caller can act for), else []."""
    acc = summary["accepter"]
    if summary["status"] != "pending-acceptance" or not accounts or acc["owner_id"] in accounts:
        return []
    return [_left(summary, "accepter", (
        f"the owner of {acc['vpc_id']} (account {acc['owner_id']}) must accept {summary['id']} in {acc['region']} "
        "(vpcmesh.aws.cross_region_peering with state=accepted)"))]


def not_active_message(summary, waited):
    """Why DNS options cannot be set on a connection that is not ``active``, and what to do."""
    return peering_states.not_active_message(summary, waited, "DNS options can only be set on an active connection")


def side_view(summary, side, vpc_dns=None):
    """One side as the module returns it."""
    info = summary[side]
    return dict(vpc_id=info["vpc_id"], region=info["region"], owner_id=info["owner_id"],
                allow_dns_resolution_from_remote_vpc=bool(info["allow_dns_resolution_from_remote_vpc"]),
                vpc_dns=_snake_attributes(vpc_dns))


def _snake_attributes(attributes):
    if attributes is None:
        return None
    return dict(enable_dns_support=attributes["enableDnsSupport"],
                enable_dns_hostnames=attributes["enableDnsHostnames"])


def _left(summary, side, message):
    info = summary[side]
    return dict(side=side, account_id=info["owner_id"], region=info["region"], vpc_id=info["vpc_id"], message=message)


def plan_vpc_dns(summary, attributes, needed, enable):
    """ModifyVpcAttribute calls (support before hostnames) and what is left to another owner.

    ``attributes``: {side: {'enableDnsSupport': bool, 'enableDnsHostnames': bool}} for the sides read
    (a side absent: its VPC belongs to an account the caller cannot act for). ``needed``: some side's
    option is to be on, so both VPCs must have both attributes on. ``enable``: turn them on.
    Returns (actions, attributes after, left); raises DnsOptionsError naming every VPC and attribute off.
    """
    actions, after, left, off = [], {}, [], []
    if not (needed or enable):
        return actions, dict(attributes), left
    for side in SIDES:
        info = summary[side]
        if side not in attributes:
            left.append(_left(summary, side, (
                f"the owner of {info['vpc_id']} (account {info['owner_id']}) must make sure enableDnsSupport and "
                f"enableDnsHostnames are on in that VPC ({info['region']}), or remote DNS resolution will not work")))
            continue
        current = attributes[side]
        after[side] = dict(current)
        if vpc_dns.missing(current) and not enable:
            off += [f"{info['vpc_id']} ({side}, {info['region']}) has {a} off" for a in vpc_dns.missing(current)]
            continue
        turned, after[side] = vpc_dns.turn_on(info["vpc_id"], info["region"], current, side=side)
        actions += turned
    if off:
        raise DnsOptionsError(
            "resolving DNS across a peering connection needs DNS support and DNS hostnames on in both VPCs: "
            f"{'; '.join(off)}. Set enable_vpc_dns=true to turn them on, or turn them on with ModifyVpcAttribute")
    return actions, after, left


def plan_options(summary, wanted, acting):
    """ModifyVpcPeeringConnectionOptions calls, one per side that differs and that the caller can act for.

    ``wanted``: {side: True/False/None} (None leaves the side as it is); ``acting``: sides the caller can act for.
    Returns (actions, {side: option after}, left).
    """
    actions, after, left = [], {}, []
    for side in SIDES:
        info, peer = summary[side], summary[other_side(side)]
        current = bool(info["allow_dns_resolution_from_remote_vpc"])
        after[side] = current
        value = wanted.get(side)
        if value is None or value == current:
            continue
        effect = (f"{'allow' if value else 'stop allowing'} {peer['vpc_id']} to resolve {info['vpc_id']}'s "
                  "public DNS hostnames to private IPs")
        if side not in acting:
            left.append(_left(summary, side, (
                f"the owner of {info['vpc_id']} (account {info['owner_id']}) must set {OPTION}={str(value).lower()} "
                f"on the {side} side of {summary['id']} in {info['region']}, to {effect}")))
            continue
        actions.append(Action("ec2:ModifyVpcPeeringConnectionOptions", info["region"],
                              {"VpcPeeringConnectionId": summary["id"], OPTIONS_PARAM[side]: {OPTION: value}},
                              side=side, description=f"{effect} ({side} side of {summary['id']})"))
        after[side] = value
    return actions, after, left


def plan_dns(summary, wanted, acting, attributes, enable_vpc_dns):
    """Everything ``peering_dns_options`` does on an active connection.

    ``summary``: peering.summarize() of the connection, each side's option as that side sees it.
    Returns dict(actions, before, after, left): VPC attribute calls first, then the option calls;
    before/after are {side: side_view}; ``left`` lists what another owner still has to do.
    """
    needed = any(wanted.get(side) for side in SIDES)
    attr_actions, attrs_after, attr_left = plan_vpc_dns(summary, attributes, needed, enable_vpc_dns)
    opt_actions, options_after, opt_left = plan_options(summary, wanted, acting)
    before = {side: side_view(summary, side, attributes.get(side)) for side in SIDES}
    after = {side: dict(side_view(summary, side, attrs_after.get(side)),
                        allow_dns_resolution_from_remote_vpc=options_after[side]) for side in SIDES}
    return dict(actions=attr_actions + opt_actions, before=before, after=after, left=opt_left + attr_left)
