# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``peer_routes``; the module file only wires it up."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import result, run_action
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext, has_credentials
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_shapes import vpc_cidrs
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_state import VpcNotFound, describe_vpcs
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_connection import ConnectionLookup
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_dns import SIDES, DnsOptionsError, acting_credentials
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import checking, gate, overrides, resolve
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import route_usages
from ansible_collections.vpcmesh.aws.plugins.module_utils.routes import (
    RouteError, not_active_message, parse_destinations, parse_selector, plan_routes, select_tables,
    wanted_destinations)


def describe_route_tables_of(ctx, region, creds, vpc_ids):
    """{vpc_id: [route tables]} for several VPCs of one region and account in one filtered, paginated call."""
    tables = ctx.paginate("ec2", region, creds, "describe_route_tables", "RouteTables",
                          Filters=[dict(Name="vpc-id", Values=sorted(vpc_ids))])
    out = {vpc_id: [] for vpc_id in vpc_ids}
    for table in tables:
        out.setdefault(table["VpcId"], []).append(table)
    return out


class RoutesRunner(ConnectionLookup):
    not_active_message = staticmethod(not_active_message)
    quota_gated = True  # passes quota_reads.gate before its first write (batch.run_batch checks a list first)

    def __init__(self, module, ctx=None):
        self.module = module
        self.p = module.params
        overrides(module)  # a bad quotas option fails before any call
        self.ctx = ctx or AwsContext(module)  # a batch (module_utils/batch.py) shares one
        self.region = module.region
        if not self.region:
            module.fail_json(msg="region is required: the region of one of the connection's VPCs that the caller owns")
        self.peer_creds = self.p["peer_credentials"] if has_credentials(self.p["peer_credentials"]) else None

    # -- read --------------------------------------------------------------------------------------
    def _groups(self, summary, creds, sides):
        """Sides grouped by (region, credentials), so each group is read with one call per resource kind."""
        groups = {}
        for side in sides:
            key = (summary[side]["region"], "caller" if creds[side] is None else "peer")
            groups.setdefault(key, []).append(side)
        return [(region, creds[members[0]], members) for (region, _who), members in groups.items()]

    def read_vpcs(self, summary, creds):
        """Each side as dict(vpc_id, region, owner_id, cidr_blocks, ipv6_cidr_blocks): the VPC's current blocks
        for a side the caller acts for, else the blocks the connection shows."""
        vpcs = {side: {k: summary[side][k] for k in ("vpc_id", "region", "owner_id", "cidr_blocks", "ipv6_cidr_blocks")}
                for side in SIDES}
        for region, side_creds, members in self._groups(summary, creds, [s for s in SIDES if s in creds]):
            ids = [summary[side]["vpc_id"] for side in members]
            try:
                found = describe_vpcs(self.ctx, region, side_creds, ids)
            except VpcNotFound as e:
                self.fail(f"VPC {', '.join(e.args[0])} of {summary['id']} was not found in {region}; it may have "
                          "been deleted")
            for side in members:
                vpcs[side]["cidr_blocks"], vpcs[side]["ipv6_cidr_blocks"] = vpc_cidrs(found[vpcs[side]["vpc_id"]])
        return vpcs

    def read_route_tables(self, summary, creds, sides):
        tables = {}
        for region, side_creds, members in self._groups(summary, creds, sides):
            found = describe_route_tables_of(self.ctx, region, side_creds, [summary[s]["vpc_id"] for s in members])
            for side in members:
                tables[side] = found[summary[side]["vpc_id"]]
        return tables

    def apply(self, action, creds):
        """Run one action; a CreateRoute that AWS refuses as RouteAlreadyExists is done when the existing route
        has the same target (a concurrent run of the same task made it first), and fails otherwise."""
        if action.operation != "create_route":
            run_action(self.ctx, action, creds)
            return
        answer = self.ctx.call_allowing("ec2", action.region, creds, "create_route", ("RouteAlreadyExists",),
                                        error_hint=f" ({action.description})", **action.params)
        if answer != "RouteAlreadyExists":
            return
        table = self.ctx.paginate("ec2", action.region, creds, "describe_route_tables", "RouteTables",
                                  RouteTableIds=[action.params["RouteTableId"]])
        destination = action.params.get("DestinationCidrBlock") or action.params.get("DestinationIpv6CidrBlock")
        target = action.params["VpcPeeringConnectionId"]
        if not any(target == r.get("VpcPeeringConnectionId") and destination in (
                r.get("DestinationCidrBlock"), r.get("DestinationIpv6CidrBlock")) for t in table for r in t["Routes"]):
            self.fail(f"a route to {destination} appeared in {action.params['RouteTableId']} while this run was adding "
                      f"one to {target}; it targets something else now, so it was left alone")

    def quota_usages(self, actions, summary, tables, creds):
        """Routes per route table (each family apart) that the plan's CreateRoute calls would reach."""
        side_of = {t["RouteTableId"]: side for side, found in tables.items() for t in found}
        by_id = {t["RouteTableId"]: t for found in tables.values() for t in found}

        def describe_table(table):
            side = side_of[table["RouteTableId"]]
            region, account = summary[side]["region"], summary[side]["owner_id"]
            return region, account, f"{side} {table.get('VpcId')}, {region}, account {account}"

        usages = route_usages(by_id, actions, describe_table)
        accounts = {summary[side]["owner_id"]: creds[side] for side in creds}
        return resolve(self.ctx, self.module, usages, lambda usage: accounts.get(usage.account))

    # -- plan, apply, report -----------------------------------------------------------------------
    def run(self):
        p = self.p
        try:
            selectors = {side: parse_selector(p[f"{side}_route_tables"], f"{side}_route_tables") for side in SIDES}
            explicit = parse_destinations(p["destinations"])
        except RouteError as e:
            self.fail(str(e))
        account = self.ctx.account_id()
        peer_account = self.ctx.account_id(self.peer_creds) if self.peer_creds else None
        if p["state"] == "present":
            summary = self.settled({account, peer_account} - {None})
        else:
            summary = self.find(missing_ok=True)
        if summary is None:  # absent and no live connection (nothing is routed over it), or left to another run
            waiting = {"waiting_for": self.waiting_for} if self.waiting_for else {}
            return result([], {}, {}, peering_id=(self.waiting_for or {}).get("peering_id"),
                          status=(self.waiting_for or {}).get("status"), route_tables=[], sides={},
                          left_to_other_owner=[], **waiting)
        try:
            creds = acting_credentials(summary, account, peer_account, self.peer_creds)
        except DnsOptionsError as e:
            self.fail(str(e))
        vpcs = self.read_vpcs(summary, creds)
        acting = [side for side in SIDES if side in creds and selectors[side]["kind"] != "none"]
        tables = self.read_route_tables(summary, creds, acting)
        try:
            wanted = wanted_destinations(vpcs, explicit, p["ipv6"], selectors)
            selected = {side: select_tables(selectors[side], tables[side], vpcs[side], side) for side in acting}
            plan = plan_routes(summary["id"], vpcs, selected, wanted, selectors, p["state"], p["purge"],
                               p["on_conflict"])
        except RouteError as e:
            self.fail(str(e))
        for entry in plan["left"]:
            self.module.warn(entry["message"])
        if plan["actions"] and checking(self.module):
            gate(self.module, self.quota_usages(plan["actions"], summary, tables, creds))
        if not self.module.check_mode:
            for action in plan["actions"]:
                self.apply(action, creds[action.side])
        sides = {side: dict(vpcs[side], acted_for=side in creds, destinations=wanted[side],
                            route_tables=[t["RouteTableId"] for t in selected.get(side, [])]) for side in SIDES}
        return result(plan["actions"], plan["before"], plan["after"], peering_id=summary["id"],
                      status=summary["status"], route_tables=plan["route_tables"], sides=sides,
                      left_to_other_owner=plan["left"], **self.waited_result())
