#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: peer_routes
short_description: Add, repair and remove the routes over one VPC peering connection, on one or both sides
version_added: 0.1.0
description:
  - Routes the other VPC's CIDR blocks over the peering connection O(peering_id) in route tables of the requester
    VPC, the accepter VPC, or both, in one task. Only single routes are managed; route tables are never created,
    deleted, associated, or cleaned of routes this module was not asked about, so it is safe on route tables that
    other tools (for example M(amazon.aws.ec2_vpc_route_table) with its own routes) also manage.
  - "Each side is written where AWS requires it: in that VPC's region, by that VPC's owner. A side owned by the
    caller's account uses the module's credentials; a side owned by another account uses O(peer_credentials).
    Without them the module changes what it may, warns, and lists in RV(left_to_other_owner) what the other owner
    still has to do."
  - "Reads: one filtered, paginated C(DescribeRouteTables) and one C(DescribeVpcs) per region and account
    (both sides at once when they share them), plus the connection and the caller's identity."
  - "A destination that a route table already sends to another target (an internet, NAT or transit gateway,
    another peering connection, an instance, a network interface, a propagated route, ...) is a conflict, handled
    as O(on_conflict) says. Routes with other destinations are not in the way and are left alone: AWS picks the
    longest prefix per destination, so a wider or narrower route to another target does not compete with ours."
  - "A C(blackhole) route over a peering connection that no longer works (deleted, rejected, failed or expired)
    with the same destination is repaired (replaced with a route over O(peering_id)), whatever O(on_conflict)."
  - "Routes carry traffic only over an C(active) connection. With O(state=present), a connection still settling
    (C(initiating-request), C(provisioning), C(pending-acceptance)) is awaited for O(wait_timeout) seconds, then
    the module fails saying who must accept it where; a failed, rejected, expired, deleting or deleted connection
    fails at once, and so does one pending acceptance by an account the caller cannot act for (RV(left_to_other_owner)
    names it). O(state=absent) works in any state of the connection."
  - Supports check mode (the planned calls are returned in RV(actions) and nothing is written; the prediction is
    exact) and diff. A second run with the same options makes no write call.
  - Every input is checked before any write; a run that fails on bad input or on a conflict writes nothing.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  peering_id:
    description:
      - ID of the VPC peering connection the routes go over. It is looked up in O(region), which must be the region
        of one of its VPCs that the caller's account owns.
      - Give O(peering_id), or O(vpc_id) and O(peer_vpc_id) (the live connection between them is used), unless
        O(peerings) is given.
    type: str
  vpc_id:
    description:
      - One VPC of the connection, in O(region), owned by the caller's account (requester or accepter). With
        O(peer_vpc_id), finds the live connection between the two instead of O(peering_id).
    type: str
  peer_vpc_id:
    description:
      - The other VPC of the connection (any region, any account). Given together with O(vpc_id).
    type: str
  requester_route_tables:
    description:
      - Route tables of the requester VPC that get the routes; written in the requester VPC's region by its owner.
      - "V(all) (every route table of the VPC, the default), V(main) (the VPC's main route table), V(none) (leave
        this side alone), a list of route table IDs (each must belong to the requester VPC; a single ID may be given
        as a string), or a dict of tag filters such as C({tier: private}) or C({tier: [private, data]})."
      - "Tag filters work like the AWS C(tag:<key>) filter: the values of one key are alternatives and may use
        C(*) and C(?) wildcards; several keys must all match. A filter or ID list that selects no route table is
        an error."
      - "V(all), V(main) and tag filters never select a route table associated with an internet or virtual private
        gateway (an edge association, for ingress routing): AWS refuses routes to a peering connection there. Such
        a table named by ID is an error, before any write."
    type: raw
    default: all
  accepter_route_tables:
    description:
      - Route tables of the accepter VPC that get the routes, in the same forms as O(requester_route_tables);
        written in the accepter VPC's region by its owner.
    type: raw
    default: all
  destinations:
    description:
      - CIDR blocks to route over the connection. Each must lie inside a CIDR block of one of the two VPCs, and is
        routed from the route tables of the other VPC (a destination inside the accepter VPC goes into the
        requester's route tables, and the other way round). Host bits must be zero (C(10.1.0.0/16), not
        C(10.1.2.3/16)).
      - Default is every CIDR block of the other VPC, secondary blocks included, for each side; IPv6 blocks too
        when O(ipv6) is true.
      - IPv6 destinations given here are routed whatever O(ipv6) says.
    type: list
    elements: str
  ipv6:
    description:
      - Also route the other VPC's IPv6 CIDR blocks when O(destinations) is not given.
    type: bool
    default: false
  on_conflict:
    description:
      - What to do when a selected route table already sends a wanted destination to another target.
      - V(fail) stops before any write, naming every conflicting route table, destination and target.
      - V(replace) points those routes at O(peering_id) (C(ReplaceRoute); a propagated route cannot be replaced,
        so a static route over the connection is added, which AWS prefers to it). A C(local) route is never
        replaced.
      - V(skip) leaves them as they are and lists them in RV(route_tables) under C(skipped).
    type: str
    choices: [fail, replace, skip]
    default: fail
  purge:
    description:
      - With O(state=present), also remove routes over O(peering_id) to destinations no longer wanted, in the
        selected route tables. With O(state=absent), remove every route over O(peering_id) in the selected route
        tables, not only the described destinations.
      - Routes over other targets, and routes in route tables not selected, are never removed.
    type: bool
    default: false
  state:
    description:
      - V(present) adds the routes (and repairs or replaces as described above).
      - V(absent) removes the routes over O(peering_id) to O(destinations) (default every CIDR block of the other
        VPC) from the selected route tables. Routes with those destinations over other targets stay.
      - "With V(absent) and the connection named by O(vpc_id) and O(peer_vpc_id), no live connection between the two
        VPCs leaves nothing to remove: the module changes nothing and returns RV(peering_id) null (a teardown run
        again after the connection was deleted)."
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - With O(state=present), wait for a connection that is not active yet to become active (bounded by
        O(wait_timeout)). When false, such a connection fails the module at once.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the connection to become active.
    type: int
    default: 120
extends_documentation_fragment:
  - vpcmesh.aws.peer_credentials
  - vpcmesh.aws.planned_connection
  - vpcmesh.aws.other_owner
  - vpcmesh.aws.peerings
  - vpcmesh.aws.quotas
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions: C(ec2:DescribeVpcPeeringConnections), C(ec2:DescribeVpcs), C(ec2:DescribeRouteTables),
    C(ec2:CreateRoute), C(ec2:ReplaceRoute), C(ec2:DeleteRoute), C(sts:GetCallerIdentity), and C(sts:AssumeRole)
    for a peer role; each in the account and region of the side it acts for. C(servicequotas:GetServiceQuota) to
    read the applied quota (optional, see O(read_quotas))."
  - "Quota checked before any write (see O(quotas)): C(L-93826ACB), routes per route table. Each table's
    non-propagated routes (the local route included) plus the routes the plan adds, less those it deletes, IPv4
    and IPv6 counted separately as AWS does."
  - CreateRoute takes no idempotency token; the module reads the route tables first, so a re-run adds nothing twice.
  - The C(vpcmesh.aws.vpc_peering) role runs this module after M(vpcmesh.aws.cross_region_peering) and
    M(vpcmesh.aws.peering_dns_options).
"""

EXAMPLES = r"""
- name: Route both VPCs to each other in every route table (same account, two regions)
  vpcmesh.aws.peer_routes:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0

- name: Only the private route tables of each side, IPv6 blocks too
  vpcmesh.aws.peer_routes:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0
    requester_route_tables:
      tier: private
    accepter_route_tables:
      tier: private
    ipv6: true

- name: Only the requester's main route table, to one subnet of the accepter VPC; take over a stale route
  vpcmesh.aws.peer_routes:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0
    requester_route_tables: main
    accepter_route_tables: none
    destinations: [172.30.4.0/24]
    on_conflict: replace

- name: Cross-account; the accepter's routes are written with its owner's role, in its region
  vpcmesh.aws.peer_routes:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0
    requester_route_tables: [rtb-0a1b2c3d4e5f60001, rtb-0a1b2c3d4e5f60002]
    peer_credentials:
      role_arn: arn:aws:iam::222222222222:role/network-automation

- name: Keep exactly the primary block routed, removing older routes over the connection
  vpcmesh.aws.peer_routes:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0
    destinations: [10.0.0.0/16, 172.30.0.0/16]
    purge: true

- name: Remove every route over the connection before deleting it
  vpcmesh.aws.peer_routes:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0
    state: absent
    purge: true
  register: routes

- name: Show what each route table got
  ansible.builtin.debug:
    msg: "{{ routes.route_tables }}"
"""

RETURN = r"""
peering_id:
  description: ID of the connection.
  returned: always
  type: str
  sample: pcx-0123456789abcdef0
status:
  description: Status of the connection (C(active) whenever O(state=present) succeeds).
  returned: always
  type: str
  sample: active
route_tables:
  description:
    - Per selected route table (keyed by its ID) of each side the caller acted for, what was done (or would be,
      in check mode).
  returned: always
  type: dict
  sample:
    rtb-0a1b2c3d4e5f60001:
      side: requester
      vpc_id: vpc-0a1b2c3d4e5f60001
      region: us-east-1
      added: [172.30.0.0/16]
      replaced: []
      removed: []
      present: [172.31.0.0/16]
      skipped: []
  contains:
    side:
      description: C(requester) or C(accepter).
      type: str
    vpc_id:
      description: VPC of the route table.
      type: str
    region:
      description: Region of the route table.
      type: str
    added:
      description: Destinations given a new route over the connection.
      type: list
      elements: str
    replaced:
      description: Destinations whose route to another target was pointed at the connection (replaced, or a
        repaired blackhole), each with C(destination) and C(previous_target).
      type: list
      elements: dict
    removed:
      description: Destinations whose route over the connection was removed.
      type: list
      elements: str
    present:
      description: Destinations already routed over the connection.
      type: list
      elements: str
    skipped:
      description: Destinations left routed elsewhere (O(on_conflict=skip)), each with C(destination) and C(target).
      type: list
      elements: dict
sides:
  description: Both sides of the connection and what the task wants there.
  returned: always
  type: dict
  contains:
    requester:
      description: The requester side.
      type: dict
      contains:
        vpc_id:
          description: The requester VPC.
          type: str
        region:
          description: Its region.
          type: str
        owner_id:
          description: Its account.
          type: str
        cidr_blocks:
          description: Its IPv4 CIDR blocks.
          type: list
          elements: str
        ipv6_cidr_blocks:
          description: Its IPv6 CIDR blocks.
          type: list
          elements: str
        acted_for:
          description: Whether the caller could act for this side (own account, or O(peer_credentials)).
          type: bool
        destinations:
          description: Destinations routed over the connection from this side's route tables.
          type: list
          elements: str
        route_tables:
          description: IDs of the selected route tables (empty when the side was not acted for or is V(none)).
          type: list
          elements: str
    accepter:
      description: The accepter side, same keys as RV(sides.requester).
      type: dict
left_to_other_owner:
  description: What the owner of a VPC the caller cannot act for still has to do; empty when nothing.
  returned: always
  type: list
  elements: dict
  contains:
    side:
      description: C(requester) or C(accepter).
      type: str
    account_id:
      description: The account that must act.
      type: str
    region:
      description: The region it must act in.
      type: str
    vpc_id:
      description: Its VPC.
      type: str
    destinations:
      description: The destinations concerned.
      type: list
      elements: str
    message:
      description: What to do, in words (also given as a warning).
      type: str
changed:
  description: Whether any write call was made (or would be, in check mode).
  returned: always
  type: bool
actions:
  description: The AWS write calls made, or planned in check mode, in order.
  returned: always
  type: list
  elements: dict
  contains:
    call:
      description: Service and API name, C(ec2:CreateRoute), C(ec2:ReplaceRoute) or C(ec2:DeleteRoute).
      type: str
    region:
      description: Region the call is made in.
      type: str
    side:
      description: Which side's account makes the call (C(requester) or C(accepter)).
      type: str
    params:
      description: Parameters of the call.
      type: dict
    description:
      description: What the call does, in words.
      type: str
diff:
  description:
    - Per route table, the target of every destination the task concerns (wanted destinations and routes over the
      connection), before and after.
  returned: always
  type: dict
waited:
  description: Only when O(wait_for_other_owner) made the item wait for another owner's part and it came; how long
    and what for, so a job slice's log says what held it up.
  returned: when the item waited for another owner's run
  type: dict
  contains:
    seconds:
      description: How long it waited.
      type: int
    message:
      description: One line saying what it waited for.
      type: str
waiting_for:
  description: Only when O(wait_for_other_owner) is set and another owner's part did not come in time; the item
    was left undone (not changed, not failed) and the next run finishes it.
  returned: when left to another owner's run
  type: dict
  contains:
    vpc_id:
      description: The item's VPC.
      type: str
    peer_vpc_id:
      description: The item's peer VPC.
      type: str
    peering_id:
      description: The connection, or null when it has not been requested yet.
      type: str
    status:
      description: Its status, or null when it has not been requested yet.
      type: str
    message:
      description: One line saying what the item waits for and who must do it where.
      type: str
results:
  description: With O(peerings), each item's result (the keys above, as the same options alone return them), in
    item order; a failed item has C(failed) and C(msg) instead.
  returned: when O(peerings) is given
  type: list
  elements: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.batch import BatchForm, prefetch_routes
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_connection import other_owner_spec, planned_connection_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.routes_runner import RoutesRunner
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import quota_spec


def main():
    argument_spec = dict(
        peering_id=dict(type="str"),
        vpc_id=dict(type="str"),
        peer_vpc_id=dict(type="str"),
        requester_route_tables=dict(type="raw", default="all"),
        accepter_route_tables=dict(type="raw", default="all"),
        destinations=dict(type="list", elements="str"),
        ipv6=dict(type="bool", default=False),
        on_conflict=dict(type="str", choices=["fail", "replace", "skip"], default="fail"),
        purge=dict(type="bool", default=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        peer_credentials=credentials_spec(),
        planned_connection=planned_connection_spec(),
        wait_for_other_owner=other_owner_spec(),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=120),
        **quota_spec(),
    )
    form = BatchForm(argument_spec, ["peering_id", "vpc_id", "peer_vpc_id"],
                     required_one_of=[["peering_id", "vpc_id"]],
                     mutually_exclusive=[["peering_id", "vpc_id"], ["peering_id", "peer_vpc_id"]],
                     required_together=[["vpc_id", "peer_vpc_id"]])
    module = form.module()
    module.exit_json(**form.run(module, RoutesRunner, prefetch_routes))


if __name__ == "__main__":
    main()
