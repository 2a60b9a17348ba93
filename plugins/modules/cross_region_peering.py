#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cross_region_peering
short_description: Request, accept and delete a VPC peering connection across regions and accounts
version_added: 0.1.0
description:
  - Ensures one VPC peering connection between O(vpc_id) in O(region) and O(peer_vpc_id) in
    O(peer_region), in the same or different accounts, and accepts it in the same run when the caller can
    act for the accepter (same account, or O(peer_credentials)).
  - An existing connection of the pair is found in either direction, so a request made from the other
    side is reused (then O(vpc_id) is its accepter). A connection in state C(failed), C(rejected),
    C(expired), C(deleting) or C(deleted) is ignored and a new one is requested.
  - "Before any write: both VPCs must exist in the regions given, a VPC cannot be peered with itself, and
    no IPv4 or IPv6 CIDR block of one VPC may overlap a block of the other (AWS refuses such peerings).
    When the peer belongs to another account and no O(peer_credentials) are given, the peer VPC cannot be
    read; AWS then checks the overlap itself and marks the connection C(failed), which this module reports."
  - "Calls are made where AWS requires them: the request in O(region) by the caller; the accept in the
    accepter's region by the accepter's owner; tags on each side in that side's region."
  - AWS's CreateVpcPeeringConnection takes no idempotency token. The module therefore always looks for a
    live connection of the pair before requesting one, so a re-run or a run after an interruption reuses
    it instead of making a second one.
  - "Quotas checked before a request (see O(quotas)): C(L-7E9ECCDB), active and pending peering connections per
    VPC, for this VPC and for the peer VPC when the caller can read it (same account, or O(peer_credentials));
    C(L-DC9F7029), outstanding requests of the caller's account in O(region), for a request this run does not
    accept. Accepting, tagging and deleting change neither count."
  - Supports check mode (the planned calls are returned in RV(actions) and nothing is written) and diff.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  vpc_id:
    description:
      - This side's VPC, in O(region). It is the requester when this module creates the request.
      - Required unless O(peering_id) is given.
    type: str
  peer_vpc_id:
    description:
      - The other VPC, in O(peer_region), owned by O(peer_owner_id).
      - Required unless O(peering_id) is given.
    type: str
  peer_region:
    description:
      - Region of O(peer_vpc_id). Defaults to O(region).
    type: str
  peer_owner_id:
    description:
      - Account ID that owns O(peer_vpc_id).
      - Defaults to the account of O(peer_credentials) when given, else to the caller's account.
    type: str
  peering_id:
    description:
      - Act on this known connection (for example in the accepter's own run). O(region) must be the
        region of one of its VPCs; with only O(peering_id), this side is the VPC in O(region).
    type: str
  state:
    description:
      - V(present) requests the connection if the pair has no live one, and accepts it when O(accept) is true.
      - V(accepted) is the accepter's own run. It accepts a pending request made by the other side and
        fails if there is none. O(vpc_id) is then the accepter VPC.
      - V(absent) deletes the live connection of the pair (a pending request made by the other side is
        rejected instead, as AWS allows the accepter only that).
    type: str
    choices: [present, accepted, absent]
    default: present
  accept:
    description:
      - Accept the connection in this run. Defaults to true when the caller can act for the accepter
        (same account, or O(peer_credentials) given), false otherwise. Then the connection stays
        C(pending-acceptance) and a warning says who must accept it where.
      - True without a way to act for the accepter is an error raised before any write.
    type: bool
  tags:
    description:
      - Tags for the connection, set on each side that the caller can act for (AWS keeps a separate copy of
        the connection per region and account). V(null) leaves tags as they are.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Remove tags not listed in O(tags) (tags whose key starts with C(aws:) are never removed).
    type: bool
    default: true
  planned_request:
    description:
      - Check mode only, with O(state=accepted); ignored in a real run and when the connection exists.
      - An earlier task of the same check-mode run only plans the request (by O(peer_vpc_id)'s owner, in
        O(peer_region)). Instead of failing because no request exists yet, plan the accept of the connection that
        request makes (ID C((new peering connection))), and the accepter side's tags, as the real run will.
      - C(playbooks/site.yml) sets it in check mode for the requests to another account that its accepter's unit
        accepts in the same run.
    type: bool
    default: false
  wait:
    description:
      - Wait until an accepted connection is C(active). The short step from C(initiating-request) to
        C(pending-acceptance) after a request is always awaited.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for a state.
    type: int
    default: 300
extends_documentation_fragment:
  - vpcmesh.aws.peer_credentials
  - vpcmesh.aws.other_owner
  - vpcmesh.aws.peerings
  - vpcmesh.aws.quotas
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions: C(ec2:DescribeVpcs), C(ec2:DescribeVpcPeeringConnections), C(ec2:CreateVpcPeeringConnection),
    C(ec2:AcceptVpcPeeringConnection), C(ec2:DeleteVpcPeeringConnection), C(ec2:RejectVpcPeeringConnection),
    C(ec2:CreateTags), C(ec2:DeleteTags), C(sts:GetCallerIdentity), and C(sts:AssumeRole) for a peer role;
    C(servicequotas:GetServiceQuota) to read the applied quotas (optional, see O(read_quotas))."
  - Peering does not make routes or DNS work by itself; use M(vpcmesh.aws.peer_routes) and
    M(vpcmesh.aws.peering_dns_options), or the C(vpcmesh.aws.vpc_peering) role which runs all three.
  - AWS has no idempotency token for peering requests. After creating one, the module lists the pair's live
    connections again, after its accept too, until nothing is left to settle; when a run of the same task at the
    same time (or a request retried after a timeout) made another, every run keeps the same one (an accepted
    connection wins, otherwise the smallest ID), deletes its own other request (with a warning), and accepts the
    kept one, taking an accept the other run made first as done. So the pair ends with one connection, whichever
    run requests late or accepts first. A connection another run already accepted is never deleted by this run.
  - "Before any call: regions are checked against botocore's list for the partition (exact case), account IDs
    are 12 digits, IDs have AWS's shape. A connection found for the pair must match O(peer_region) and
    O(peer_owner_id) when they are given."
"""

EXAMPLES = r"""
- name: Peer two VPCs of one account across regions, accepted in the same run
  vpcmesh.aws.cross_region_peering:
    region: us-east-1
    vpc_id: vpc-0a1b2c3d4e5f60001
    peer_region: eu-west-1
    peer_vpc_id: vpc-0a1b2c3d4e5f60002
    tags:
      Name: use1-to-euw1

- name: Cross-account, first run by the requester (the other owner accepts later)
  vpcmesh.aws.cross_region_peering:
    region: us-east-1
    vpc_id: vpc-0a1b2c3d4e5f60003
    peer_region: eu-west-1
    peer_vpc_id: vpc-0a1b2c3d4e5f60004
    peer_owner_id: "222222222222"
    accept: false
  register: request

- name: Cross-account, second run by the accepter with its own credentials
  vpcmesh.aws.cross_region_peering:
    region: eu-west-1
    peering_id: "{{ request.peering_id }}"
    state: accepted
    profile: data-team

- name: Cross-account in one run, acting as the accepter through a role
  vpcmesh.aws.cross_region_peering:
    region: us-east-1
    vpc_id: vpc-0a1b2c3d4e5f60003
    peer_region: eu-west-1
    peer_vpc_id: vpc-0a1b2c3d4e5f60004
    peer_credentials:
      role_arn: arn:aws:iam::222222222222:role/network-automation

- name: Delete the connection of a pair
  vpcmesh.aws.cross_region_peering:
    region: us-east-1
    vpc_id: vpc-0a1b2c3d4e5f60001
    peer_region: eu-west-1
    peer_vpc_id: vpc-0a1b2c3d4e5f60002
    state: absent
"""

RETURN = r"""
peering_id:
  description: ID of the connection (null in check mode before it exists, or when absent).
  returned: always
  type: str
  sample: pcx-0123456789abcdef0
peering_connection:
  description: The connection after the run (predicted in check mode); empty when there is none.
  returned: always
  type: dict
  contains:
    id:
      description: Connection ID.
      type: str
    status:
      description: C(pending-acceptance), C(active), C(deleted), C(rejected), C(failed), ...
      type: str
    status_message:
      description: AWS's message for the status.
      type: str
    requester:
      description: Requester side (vpc_id, region, owner_id, cidr_blocks, ipv6_cidr_blocks,
        allow_dns_resolution_from_remote_vpc).
      type: dict
    accepter:
      description: Accepter side, same keys as RV(peering_connection.requester).
      type: dict
    tags:
      description: Tags as the caller's side sees them.
      type: dict
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
      description: Service and API name, for example C(ec2:AcceptVpcPeeringConnection).
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
  description: The connection before and after.
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

from ansible_collections.vpcmesh.aws.plugins.module_utils.batch import BatchForm, prefetch_pairs
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_connection import other_owner_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_runner import PeeringRunner
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import quota_spec


def main():
    argument_spec = dict(
        vpc_id=dict(type="str"),
        peer_vpc_id=dict(type="str"),
        peer_region=dict(type="str"),
        peer_owner_id=dict(type="str"),
        peering_id=dict(type="str"),
        state=dict(type="str", choices=["present", "accepted", "absent"], default="present"),
        accept=dict(type="bool"),
        peer_credentials=credentials_spec(),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        planned_request=dict(type="bool", default=False),
        wait_for_other_owner=other_owner_spec(),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
        **quota_spec(),
    )
    form = BatchForm(argument_spec, ["vpc_id", "peer_vpc_id", "peering_id"], required_one_of=[["vpc_id", "peering_id"]])
    module = form.module()
    module.exit_json(**form.run(module, PeeringRunner, prefetch_pairs))


if __name__ == "__main__":
    main()
