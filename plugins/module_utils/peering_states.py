# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The states of a VPC peering connection, in AWS's terms (the ``Code`` of EC2's
VpcPeeringConnectionStateReason), and the groups of them every peering module decides with. Pure: no AWS
access here, and no imports, so plans, reads, runners and filters can all use it.

A connection is requested (``initiating-request``), waits for its accepter (``pending-acceptance``), is
accepted (``provisioning``) and carries traffic (``active``). It ends ``rejected``, ``expired`` (not accepted
in time), ``failed`` or, once deleted, ``deleting`` and then ``deleted``. None of the ends can become
``active`` again.
"""

from __future__ import annotations

INITIATING_REQUEST = "initiating-request"
PENDING_ACCEPTANCE = "pending-acceptance"
PROVISIONING = "provisioning"
ACTIVE = "active"
DELETING = "deleting"
DELETED = "deleted"
REJECTED = "rejected"
FAILED = "failed"
EXPIRED = "expired"

# On the way to active, not there yet: waiting (bounded) may see it become active.
SETTLING_PEERING_STATES = (INITIATING_REQUEST, PROVISIONING, PENDING_ACCEPTANCE)
# The connection exists or is on its way; a pair of VPCs has at most one such connection.
LIVE_PEERING_STATES = SETTLING_PEERING_STATES + (ACTIVE,)
# It can never become active again: a wait for any live state stops here. ``deleting`` belongs here, as it is
# on its way to ``deleted`` and nothing can stop that.
DEAD_PEERING_STATES = (FAILED, REJECTED, EXPIRED, DELETED, DELETING)
# Its accepter has accepted it (provisioning comes between the accept and active).
ACCEPTED_PEERING_STATES = (ACTIVE, PROVISIONING)
# Which live connection of a pair to use when there is more than one (AWS allows only one; be safe).
LIVE_PREFERENCE = (ACTIVE, PENDING_ACCEPTANCE, PROVISIONING, INITIATING_REQUEST)


def preference(status):
    """Sort key among live connections: active first; an unknown state last."""
    return LIVE_PREFERENCE.index(status) if status in LIVE_PREFERENCE else len(LIVE_PREFERENCE)


def reached(status, wanted):
    """Whether a connection in ``status`` is in one of the ``wanted`` states; ``deleting`` counts as
    ``deleted``, where it is going anyway."""
    return status in wanted or (status == DELETING and DELETED in wanted)


def wait_over(status, wanted):
    """Whether a wait for one of ``wanted`` can stop at ``status``: it reached one, or it is dead and so will
    never reach another."""
    return reached(status, wanted) or status in DEAD_PEERING_STATES


def not_active_message(summary, waited, needs, dead_hint=""):
    """Why work that ``needs`` an active connection (``DNS options can only be set on an active connection``)
    cannot be done on ``summary`` (dict(id, status, status_message, accepter)), and what to do: accept it,
    wait for it, or request a new one (``dead_hint`` adds what else to do then)."""
    status = summary["status"]
    after = f" after waiting {waited}s" if waited else ""
    head = f"peering connection {summary['id']} is {status}{after}; {needs}"
    if status == PENDING_ACCEPTANCE:
        acc = summary["accepter"]
        return (f"{head}. The owner of {acc['vpc_id']} (account {acc['owner_id']}) must accept it in {acc['region']} "
                "first (vpcmesh.aws.cross_region_peering with state=accepted), then run this again")
    if status in SETTLING_PEERING_STATES:
        return f"{head}. Run this again once it is active, or raise wait_timeout"
    message = f" ({summary['status_message']})" if summary.get("status_message") else ""
    return (f"{head}{message}. It cannot become active again: request a new connection with "
            f"vpcmesh.aws.cross_region_peering{dead_hint}")
