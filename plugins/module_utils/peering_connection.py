# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The peering connection a per-side module works over (``peer_routes``, ``peering_dns_options``): found by
``peering_id`` or as the live one between two VPCs, then waited on (bounded) until it is ``active``; in check mode,
when this run only plans the request or accept that makes it active (``planned_connection``), taken as active.
With ``wait_for_other_owner``, a connection whose request or accept is another owner's run's part is waited for
(bounded), then left undone (``waiting_for``) instead of failing the module."""

from __future__ import annotations

import time

from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_state import describe_peering, describe_peerings_between
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import (
    PeeringError, awaited, pick_live, planned_summary, summarize, waited_for)
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_dns import owed_acceptance
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_states import DEAD_PEERING_STATES, wait_over
from ansible_collections.vpcmesh.aws.plugins.module_utils.waiting import wait_for


# What each side needs (vpc_id, region, owner_id) is checked by peering.planned_summary, naming the side.
_PLANNED_SIDE = dict(type="dict", options=dict(
    vpc_id=dict(type="str"), region=dict(type="str"), owner_id=dict(type="str"),
    cidr_blocks=dict(type="list", elements="str"), ipv6_cidr_blocks=dict(type="list", elements="str")))


def other_owner_spec():
    """Argument spec of the option ``wait_for_other_owner`` (doc fragment ``vpcmesh.aws.other_owner``)."""
    return dict(type="int")


def planned_connection_spec():
    """Argument spec of the option ``planned_connection`` (doc fragment ``vpcmesh.aws.planned_connection``)."""
    return dict(type="dict", options=dict(requester=_PLANNED_SIDE, accepter=_PLANNED_SIDE))


class ConnectionLookup:
    """Mixed into a runner that has ``module``, ``p`` (its params), ``ctx`` (an AwsContext) and ``region``.

    ``not_active_message(summary, waited)`` says, in the runner's own terms, why its work needs an active
    connection and what to do; ``fail(msg, **extra)`` fails the module (with the peering ID)."""

    not_active_message = None  # set by the runner: a function (summary, waited) -> str
    waiting_for = None  # set by settled() when it leaves the item to another owner's run
    waited = None  # set by settled() when it waited for another owner's run and got what it waited for

    def waited_result(self):
        """The ``waited`` key of the result, when the item waited for another owner's run."""
        return {"waited": self.waited} if self.waited else {}

    def fail(self, msg, **extra):
        extra.setdefault("peering_id", self.p.get("peering_id"))
        self.module.fail_json(msg=msg, **extra)

    def find(self, missing_ok=False):
        """The connection, by peering_id or as the live one between vpc_id and peer_vpc_id, as the caller sees it
        in ``region``; fails when there is none, unless ``missing_ok`` and it was looked for by its VPCs: None."""
        if self.p["peering_id"]:
            conn = describe_peering(self.ctx, self.region, None, self.p["peering_id"])
            if conn is None:
                self.fail(f"peering connection {self.p['peering_id']} was not found in {self.region} (account "
                          f"{self.ctx.account_id()}); region must be the region of one of its VPCs, and the caller "
                          "must own that VPC")
            return summarize(conn)
        vpc_id, peer_vpc_id = self.p["vpc_id"], self.p["peer_vpc_id"]
        found = describe_peerings_between(self.ctx, self.region, None, vpc_id, peer_vpc_id)
        live = pick_live(found)
        if live is None and missing_ok:
            return None
        if live is None:
            seen = ", ".join(f"{c['VpcPeeringConnectionId']} ({c['Status']['Code']})" for c in found)
            self.fail(f"no live peering connection between {vpc_id} and {peer_vpc_id} is visible in {self.region}"
                      f"{' (only ' + seen + ')' if seen else ''}; request and accept one first with "
                      "vpcmesh.aws.cross_region_peering, and give the region of vpc_id")
        return summarize(live)

    def settled(self, accounts):
        """The connection to work over, once active (find, then wait_active). In check mode, with the option
        ``planned_connection``, a connection that is missing or not active yet is the one this run's planned
        request or accept makes (peering.planned_summary): its DNS options and routes are planned over it, so that
        check mode lists the writes the real run then makes. With ``wait_for_other_owner``, None when the request
        or accept of another owner's run has not come in time (``waiting_for`` says which)."""
        planned = self.p.get("planned_connection") if self.module.check_mode else None
        patience = self.p.get("wait_for_other_owner")
        found = self.find(missing_ok=planned is not None or patience is not None)
        if planned is not None and (found is None or found["status"] != "active"):
            try:
                return planned_summary(planned, found, (self.p["vpc_id"], self.p["peer_vpc_id"]))
            except PeeringError as e:
                self.fail(str(e))
        if patience is not None and (found is None or owed_acceptance(found, accounts)):
            found = self.await_other_owner(found, accounts, 0 if self.module.check_mode else patience)
            if found is None:
                return None
        return self.wait_active(found, accounts)

    def await_other_owner(self, summary, accounts, patience):
        """Wait up to ``patience`` seconds for another owner's run to request (``summary`` None) or accept the
        connection; the connection when it came, else None with ``waiting_for`` set."""
        def read():
            return self.find(missing_ok=True)

        def done(current):
            return current is not None and not owed_acceptance(current, accounts)

        started = time.monotonic()
        current = wait_for(read, done, patience)[0] if patience else summary
        if current is not None and not owed_acceptance(current, accounts):
            seconds = round(time.monotonic() - started)
            if seconds:
                self.waited = waited_for(summary, self.p["vpc_id"], self.p["peer_vpc_id"], self.region, seconds)
            return current
        self.waiting_for = awaited(current, self.p["vpc_id"], self.p["peer_vpc_id"], self.region, patience)
        return None

    def wait_active(self, summary, accounts=()):
        """The connection once ``active``; waits (bounded) while it settles, fails clearly otherwise. A pending
        acceptance owed by an owner the caller cannot act for (not one of ``accounts``) fails at once: waiting
        cannot make it active, and ``left_to_other_owner`` says who must accept it where."""
        if summary["status"] == "active":
            return summary
        owed = owed_acceptance(summary, accounts)
        if owed:
            self.fail(type(self).not_active_message(summary, 0), peering_id=summary["id"],
                      status=summary["status"], left_to_other_owner=owed)
        timeout = self.p["wait_timeout"] if self.p["wait"] and summary["status"] not in DEAD_PEERING_STATES else 0

        def read():
            return summarize(describe_peering(self.ctx, self.region, None, summary["id"])) or summary

        def done(current):
            return wait_over(current["status"], ("active",))

        current = wait_for(read, done, timeout)[0] if timeout else summary
        if current["status"] != "active":
            self.fail(type(self).not_active_message(current, timeout), peering_id=summary["id"],
                      status=current["status"])
        return current
