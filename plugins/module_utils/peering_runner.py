# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``cross_region_peering``; the module file only wires it up."""

from __future__ import annotations

import time

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import result, run_action
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import EVENTUAL_CODES, AwsContext, has_credentials
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_shapes import tags_dict, vpc_cidrs
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_state import (
    VpcNotFound, describe_peering, describe_peerings_between, describe_vpcs)
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import (
    NEW_ID, PeeringError, awaited, check_pair, other_role, pick_live, plan_peering, planned_request, role_of,
    settle_duplicates, summarize, waited_for)
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_states import (
    ACCEPTED_PEERING_STATES, DEAD_PEERING_STATES, LIVE_PEERING_STATES, reached, wait_over)
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import checking, gate, overrides, resolve
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import (
    OUTSTANDING_REQUESTS, PEERINGS_PER_VPC, Usage, counted_peerings, outstanding_requests)
from ansible_collections.vpcmesh.aws.plugins.module_utils.waiting import wait_for

# Listings of the pair a run makes at most while settling duplicates with concurrent runs.
MAX_SETTLE_ROUNDS = 6


class PeeringSides:
    """Who ``this`` and ``peer`` are: VPC, region, account and the credentials that act for each."""

    def __init__(self, module, ctx):
        p = module.params
        self.module, self.ctx = module, ctx
        self.region = module.region
        if not self.region:
            module.fail_json(msg="region is required: the region of vpc_id (the requester side)")
        self.peer_creds = p["peer_credentials"] if has_credentials(p["peer_credentials"]) else None
        self.account = ctx.account_id()
        if self.peer_creds:
            self.peer_account = ctx.account_id(self.peer_creds)
            if p["peer_owner_id"] and p["peer_owner_id"] != self.peer_account:
                module.fail_json(msg=f"peer_owner_id is {p['peer_owner_id']} but peer_credentials act as account "
                                     f"{self.peer_account}; give credentials of the peer VPC's owner")
        else:
            self.peer_account = p["peer_owner_id"] or self.account
        self.can_act_as_peer = bool(self.peer_creds) or self.peer_account == self.account
        self.vpc_id, self.peer_vpc_id = p["vpc_id"], p["peer_vpc_id"]
        self.peer_region = p["peer_region"] or self.region

    def creds_for(self, vpc_id):
        """Credentials of the owner of ``vpc_id`` (None: the caller's own)."""
        return None if vpc_id == self.vpc_id else self.peer_creds

    def describe_pair(self):
        """Both VPCs as dicts for check_pair; an unknown VPC fails with region and account named."""
        this = self._describe(self.vpc_id, self.region, None, self.account)
        if self.can_act_as_peer:
            peer = self._describe(self.peer_vpc_id, self.peer_region, self.peer_creds, self.peer_account)
        else:
            peer = dict(vpc_id=self.peer_vpc_id, region=self.peer_region, cidr_blocks=None, ipv6_cidr_blocks=None)
        return this, peer

    def _describe(self, vpc_id, region, creds, account):
        try:
            vpc = describe_vpcs(self.ctx, region, creds, [vpc_id])[vpc_id]
        except VpcNotFound:
            self.module.fail_json(msg=f"VPC {vpc_id} was not found in {region} (account {account}); check the "
                                      "VPC ID and that its region option names the region the VPC lives in")
        v4, v6 = vpc_cidrs(vpc)
        return dict(vpc_id=vpc_id, region=region, cidr_blocks=v4, ipv6_cidr_blocks=v6)


class PeeringRunner:
    waited = None  # what an accept waited for (wait_for_other_owner), when it waited and the request came
    quota_gated = True  # passes quota_reads.gate before its first write (batch.run_batch checks a list first)

    def __init__(self, module, ctx=None):
        self.module = module
        self.p = module.params
        overrides(module)  # a bad quotas option fails before any call
        self.ctx = ctx or AwsContext(module)  # a batch (module_utils/batch.py) shares one
        self.sides = PeeringSides(module, self.ctx)

    # -- read --------------------------------------------------------------------------------------
    def read(self):
        s = self.sides
        if self.p["peering_id"]:
            conn = describe_peering(self.ctx, s.region, None, self.p["peering_id"])
            if conn is None:
                self.module.fail_json(msg=f"peering connection {self.p['peering_id']} was not found in {s.region}; "
                                          "region must be the region of one of its VPCs")
            summary = summarize(conn)
            self._adopt_vpcs(summary)
            return conn if summary["status"] in LIVE_PEERING_STATES else None
        if not (s.vpc_id and s.peer_vpc_id):
            self.module.fail_json(msg="give vpc_id and peer_vpc_id, or peering_id")
        return pick_live(describe_peerings_between(self.ctx, s.region, None, s.vpc_id, s.peer_vpc_id))

    def _adopt_vpcs(self, summary):
        """With only peering_id, ``this`` is the side in the module's region (the accepter for state=accepted)."""
        s = self.sides
        if s.vpc_id and role_of(summary, s.vpc_id) is None:
            self.module.fail_json(msg=f"{summary['id']} does not connect {s.vpc_id}")
        if not s.vpc_id:
            prefer = ("accepter", "requester") if self.p["state"] == "accepted" else ("requester", "accepter")
            role = next((r for r in prefer if summary[r]["region"] == s.region), prefer[0])
            s.vpc_id = summary[role]["vpc_id"]
        other = "accepter" if role_of(summary, s.vpc_id) == "requester" else "requester"
        s.peer_vpc_id = s.peer_vpc_id or summary[other]["vpc_id"]
        s.peer_region = summary[other]["region"]
        if summary[other]["owner_id"] != s.peer_account and not s.peer_creds:
            s.peer_account = summary[other]["owner_id"]
            s.can_act_as_peer = s.peer_account == s.account

    def side_tags(self, summary):
        """Tags as each side sees them; the other side is read only when its view is separate and readable."""
        s = self.sides
        this_role = role_of(summary, s.vpc_id)
        other = "accepter" if this_role == "requester" else "requester"
        tags = {this_role: summary["tags"]}
        separate = (summary["requester"]["region"] != summary["accepter"]["region"]
                    or summary["requester"]["owner_id"] != summary["accepter"]["owner_id"])
        if not separate:
            tags[other] = summary["tags"]
        elif s.can_act_as_peer:
            conn = describe_peering(self.ctx, summary[other]["region"], s.peer_creds, summary["id"])
            tags[other] = tags_dict(conn.get("Tags")) if conn else {}
        return tags

    # -- plan --------------------------------------------------------------------------------------
    def want(self):
        s = self.sides
        accept = self.p["accept"]
        if accept is None:
            accept = s.can_act_as_peer
        return dict(state=self.p["state"], vpc_id=s.vpc_id, region=s.region, owner_id=s.account,
                    peer_vpc_id=s.peer_vpc_id, peer_region=s.peer_region, peer_owner_id=s.peer_account,
                    accept=accept, can_act_as_peer=s.can_act_as_peer, tags=self.p["tags"],
                    purge_tags=self.p["purge_tags"])

    def check_found(self, current):
        """A connection found from the two VPCs must join them where the options say: a wrong peer_region or
        peer_owner_id is refused rather than silently taken from the connection."""
        s = self.sides
        other = current[other_role(role_of(current, s.vpc_id) or "requester")]
        if self.p["peer_region"] and other["region"] and other["region"] != self.p["peer_region"]:
            self.module.fail_json(msg=f"peer_region is {self.p['peer_region']!r}, but the existing connection "
                                      f"{current['id']} joins {s.vpc_id} to {other['vpc_id']} in {other['region']}; "
                                      f"give peer_region: {other['region']}")
        if self.p["peer_owner_id"] and other["owner_id"] and other["owner_id"] != self.p["peer_owner_id"]:
            self.module.fail_json(msg=f"peer_owner_id is {self.p['peer_owner_id']!r}, but the existing connection "
                                      f"{current['id']} joins {s.vpc_id} to {other['vpc_id']} of account "
                                      f"{other['owner_id']}; give peer_owner_id: {other['owner_id']!r}")
        if other["region"]:
            s.peer_region = other["region"]

    def run(self):
        conn = self.read()
        current = summarize(conn)
        if current is None and self.awaits_request():
            current = self.await_request()
            if current is None:
                s = self.sides
                waiting = awaited(None, s.vpc_id, s.peer_vpc_id, s.region, self.patience())
                return result([], {}, {}, peering_connection={}, peering_id=None, waiting_for=waiting)
        if current and not self.p["peering_id"]:
            self.check_found(current)
        want = self.want()
        try:
            if want["state"] != "absent" and (current is None or current["status"] != "active"):
                check_pair(*self.sides.describe_pair())
            tags = self.side_tags(current) if current and self.p["tags"] is not None else None
            if current is None and want["state"] == "accepted" and self.p["planned_request"] and self.module.check_mode:
                current, tags = planned_request(want)  # the request an earlier task of this check-mode run plans
            actions, after, notes = plan_peering(want, current, tags)
        except PeeringError as e:
            self.module.fail_json(msg=str(e))
        for note in notes:
            self.module.warn(note)
        if actions and checking(self.module):
            gate(self.module, self.quota_usages(actions))
        if actions and not self.module.check_mode:
            after = self.apply(actions, current)
        return result(actions, current or {}, after or {}, peering_connection=after or current or {},
                      peering_id=(after or current or {}).get("id"), **({"waited": self.waited} if self.waited else {}))

    def awaits_request(self):
        """An accept (by the two VPCs) with wait_for_other_owner: the request is the requester's run's part. In check
        mode, planned_request stands for a request this run plans instead."""
        planned = self.p["planned_request"] and self.module.check_mode
        return (self.p["state"] == "accepted" and not self.p["peering_id"] and not planned
                and self.p["wait_for_other_owner"] is not None)

    def patience(self):
        return 0 if self.module.check_mode else self.p["wait_for_other_owner"]

    def await_request(self):
        """The pair's live connection once another run has requested it (bounded by wait_for_other_owner), or None."""
        s = self.sides

        def read():
            return summarize(pick_live(describe_peerings_between(self.ctx, s.region, None, s.vpc_id, s.peer_vpc_id)))

        started = time.monotonic()
        current = wait_for(read, lambda found: found is not None, self.patience())[0] if self.patience() else None
        if current is not None:
            self.check_found(current)
            seconds = round(time.monotonic() - started)
            if seconds:
                self.waited = waited_for(None, s.vpc_id, s.peer_vpc_id, s.region, seconds)
        return current

    # -- quotas ------------------------------------------------------------------------------------
    def quota_usages(self, actions):
        """What a new request counts against: each VPC the caller can read (active and pending connections per
        VPC) and, for a request this run does not accept, the requester account's outstanding requests."""
        operations = {a.operation for a in actions}
        if "create_vpc_peering_connection" not in operations:
            return []  # accepting, tagging or deleting adds nothing AWS counts ("active and pending" per VPC)
        s = self.sides
        usages = []
        vpcs = [(s.vpc_id, s.region, None, s.account)]
        if s.can_act_as_peer:
            vpcs.append((s.peer_vpc_id, s.peer_region, s.peer_creds, s.peer_account))
        for vpc_id, region, creds, account in vpcs:
            found = []
            for side in ("requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id"):
                found += self.ctx.paginate("ec2", region, creds, "describe_vpc_peering_connections",
                                           "VpcPeeringConnections", Filters=[dict(Name=side, Values=[vpc_id])])
            usages.append(Usage(PEERINGS_PER_VPC, vpc_id, f"VPC {vpc_id} ({region}, account {account}), its active and "
                                f"pending peering connections", len(counted_peerings(found, vpc_id)), 1, region,
                                account))
        if "accept_vpc_peering_connection" not in operations:
            pending = self.ctx.paginate("ec2", s.region, None, "describe_vpc_peering_connections",
                                        "VpcPeeringConnections", Filters=[
                                            dict(Name="requester-vpc-info.owner-id", Values=[s.account]),
                                            dict(Name="status-code", Values=["pending-acceptance"])])
            usages.append(Usage(OUTSTANDING_REQUESTS, (s.account, s.region), f"account {s.account} in {s.region}, its "
                                "outstanding peering requests (not accepted in this run)",
                                len(outstanding_requests(pending, s.account, s.region)), 1, s.region, s.account))
        peer_only = s.peer_account != s.account

        def creds_of(usage):
            return s.peer_creds if peer_only and usage.account == s.peer_account else None

        return resolve(self.ctx, self.module, usages, creds_of)

    # -- apply -------------------------------------------------------------------------------------
    def apply(self, actions, current):
        s = self.sides
        conn_id = current["id"] if current else None
        created = None
        roles = dict(requester=current["requester"]["vpc_id"], accepter=current["accepter"]["vpc_id"]) \
            if current else dict(requester=s.vpc_id, accepter=s.peer_vpc_id)
        accepting = any(a.operation == "accept_vpc_peering_connection" for a in actions)
        for action in actions:
            if conn_id and action.params.get("VpcPeeringConnectionId") == NEW_ID:
                action.params["VpcPeeringConnectionId"] = conn_id
            if conn_id and action.params.get("Resources") == [NEW_ID]:
                action.params["Resources"] = [conn_id]
            if action.operation == "accept_vpc_peering_connection":
                conn_id = self._converge(created, accepting=True)
                continue
            answer = run_action(self.ctx, action, s.creds_for(roles[action.side]), extra_codes=EVENTUAL_CODES)
            if action.operation == "create_vpc_peering_connection":
                created = conn_id = answer["VpcPeeringConnection"]["VpcPeeringConnectionId"]
                self._wait(conn_id, s.region, ("pending-acceptance", "active", "deleted"), "requested")
                if not accepting:
                    conn_id = self._converge(created, accepting=False)
        final = describe_peering(self.ctx, s.region, None, conn_id)
        return summarize(final)

    def _converge(self, created, accepting):
        """Settle the pair's connections with any concurrent run of this task (see peering.settle_duplicates)
        and, when ``accepting``, accept the one kept: re-list, delete what this run may delete, accept, and
        repeat until a listing leaves nothing to do. Returns the ID of the connection kept.

        Either run may request late or accept first; each step tolerates the other run having done it
        already (an accept answered InvalidStateTransition because the connection is active, a duplicate
        deleted twice), and a kept connection that another run deleted meanwhile is replaced by the next
        listing's choice."""
        s = self.sides
        want = dict(self.want(), accept=accepting)
        tolerated = ("InvalidStateTransition", "InvalidVpcPeeringConnectionID.NotFound",
                     "InvalidVpcPeeringConnectionId.NotFound")
        accepted = set()
        for _round in range(MAX_SETTLE_ROUNDS):
            found = describe_peerings_between(self.ctx, s.region, None, s.vpc_id, s.peer_vpc_id)
            keep, drop = settle_duplicates(found, created, want)
            if keep is None:
                self.module.fail_json(msg=f"no live peering connection is left between {s.vpc_id} and "
                                          f"{s.peer_vpc_id}: a concurrent run or another owner deleted it while this "
                                          "run settled duplicates; run the task again")
            keep_id = keep["VpcPeeringConnectionId"]
            for conn in drop:
                self.ctx.call_allowing("ec2", s.region, None, "delete_vpc_peering_connection", tolerated,
                                       VpcPeeringConnectionId=conn["VpcPeeringConnectionId"])
                self.module.warn(f"deleted {conn['VpcPeeringConnectionId']}, a duplicate request for this pair made "
                                 f"at the same time (by another run, or by a retried request); kept {keep_id}")
            status = keep["Status"]["Code"]
            if not accepting or status in ACCEPTED_PEERING_STATES or (keep_id in accepted and not self.p["wait"]):
                if not drop:
                    return keep_id
                continue  # list again: the deletes may have raced with another run's steps
            accepted.add(keep_id)
            kept = summarize(keep)
            region, creds = kept["accepter"]["region"], s.creds_for(kept["accepter"]["vpc_id"])
            self.ctx.call_allowing("ec2", region, creds, "accept_vpc_peering_connection", tolerated,
                                   extra_codes=EVENTUAL_CODES, VpcPeeringConnectionId=keep_id)
            self._wait(keep_id, region, ("active", "deleted"), "accepted", creds)
        self.module.fail_json(msg=f"the connections between {s.vpc_id} and {s.peer_vpc_id} kept changing while this "
                                  f"run settled duplicates ({MAX_SETTLE_ROUNDS} rounds); run the task again")

    def _wait(self, conn_id, region, wanted, what, creds=None):
        """Wait for one of the ``wanted`` states; a connection that went dead instead (failed, rejected, expired;
        deleting or deleted unless ``deleted`` is wanted) fails the module at once."""

        def read():
            return summarize(describe_peering(self.ctx, region, creds, conn_id))

        def done(summary):
            return summary is not None and wait_over(summary["status"], wanted)

        # The step from initiating-request to pending-acceptance is always awaited: accepting needs it.
        timeout = self.p["wait_timeout"] if self.p["wait"] or what == "requested" else 0
        summary, ok = wait_for(read, done, timeout)
        if summary and summary["status"] in DEAD_PEERING_STATES and not reached(summary["status"], wanted):
            self.module.fail_json(msg=f"peering connection {conn_id} went to {summary['status']} after it was "
                                      f"{what}: {summary.get('status_message')}", peering_connection=summary)
        if not ok and timeout:
            self.module.fail_json(msg=f"peering connection {conn_id} did not reach {'/'.join(wanted)} within "
                                      f"{self.p['wait_timeout']}s after it was {what}", peering_connection=summary)
