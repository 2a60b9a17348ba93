# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``peering_dns_options``; the module file only wires it up."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import result, run_action
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext, has_credentials
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_state import describe_peering, vpc_dns_attributes
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import NEW_ID, summarize
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_connection import ConnectionLookup
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_dns import (
    SIDES, DnsOptionsError, acting_credentials, not_active_message, plan_dns)


class PeeringDnsRunner(ConnectionLookup):
    not_active_message = staticmethod(not_active_message)

    def __init__(self, module, ctx=None):
        self.module = module
        self.p = module.params
        self.ctx = ctx or AwsContext(module)  # a batch (module_utils/batch.py) shares one
        self.region = module.region
        if not self.region:
            module.fail_json(msg="region is required: the region of vpc_id, or of one of the VPCs of peering_id")
        self.peer_creds = self.p["peer_credentials"] if has_credentials(self.p["peer_credentials"]) else None

    # -- read --------------------------------------------------------------------------------------
    def own_views(self, summary, creds):
        """Each side's option as that side sees it, in its own region with its owner's credentials."""
        out = dict(summary)
        if summary["id"] == NEW_ID:  # planned in check mode: nothing to read yet
            return out
        for side in SIDES:
            info = summary[side]
            if side not in creds or (info["region"] == self.region and creds[side] is None):
                continue
            conn = describe_peering(self.ctx, info["region"], creds[side], summary["id"])
            if conn:
                out[side] = summarize(conn)[side]
        return out

    def vpc_attributes(self, summary, creds, wanted):
        """DNS attributes of each VPC the caller can act for, read only when some option is to be on or
        enable_vpc_dns is set (DescribeVpcAttribute answers one attribute per call)."""
        if not (self.p["enable_vpc_dns"] or any(wanted.values())):
            return {}
        return {side: vpc_dns_attributes(self.ctx, summary[side]["region"], creds[side], summary[side]["vpc_id"])
                for side in SIDES if side in creds}

    # -- plan, apply, report -----------------------------------------------------------------------
    def run(self):
        if self.p["requester_dns_resolution"] is None and self.p["accepter_dns_resolution"] is None:
            self.module.fail_json(msg="give requester_dns_resolution, accepter_dns_resolution or both (true or false); "
                                      "with neither option set there is nothing to do")
        account = self.ctx.account_id()
        peer_account = self.ctx.account_id(self.peer_creds) if self.peer_creds else None
        summary = self.settled({account, peer_account} - {None})
        if summary is None:  # left to another owner's run (wait_for_other_owner)
            return result([], {}, {}, peering_id=self.waiting_for["peering_id"], options={}, left_to_other_owner=[],
                          waiting_for=self.waiting_for)
        wanted = dict(requester=self.p["requester_dns_resolution"], accepter=self.p["accepter_dns_resolution"])
        try:
            creds = acting_credentials(summary, account, peer_account, self.peer_creds)
            summary = self.own_views(summary, creds)
            attributes = self.vpc_attributes(summary, creds, wanted)
            plan = plan_dns(summary, wanted, set(creds), attributes, self.p["enable_vpc_dns"])
        except DnsOptionsError as e:
            self.module.fail_json(msg=str(e), peering_id=summary["id"])
        for entry in plan["left"]:
            self.module.warn(entry["message"])
        if not self.module.check_mode:
            for action in plan["actions"]:
                run_action(self.ctx, action, creds[action.side])
        return result(plan["actions"], plan["before"], plan["after"], peering_id=summary["id"],
                      options=plan["after"], left_to_other_owner=plan["left"], **self.waited_result())
