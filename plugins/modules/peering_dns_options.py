#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: peering_dns_options
short_description: Allow DNS resolution from the remote VPC on either or both sides of a VPC peering connection
version_added: 0.1.0
description:
  - Sets the option "allow DNS resolution from the remote VPC" (C(AllowDnsResolutionFromRemoteVpc)) on the
    requester side, the accepter side, or both, of one active VPC peering connection, found by O(peering_id)
    or by its two VPCs (O(vpc_id) and O(peer_vpc_id)). An option left unset is left as it is.
  - "A side's option on means: queries from the other VPC for that side's public DNS hostnames
    (for example C(ec2-54-1-2-3.compute-1.amazonaws.com)) answer with private IP addresses. So the
    accepter side's option lets the requester VPC resolve the accepter VPC's hosts, and the other way round."
  - "Each side is changed where AWS requires it: in that side's VPC region, by that side's owner, one
    ModifyVpcPeeringConnectionOptions call per side. A side owned by the caller's account uses the module's
    credentials; a side owned by another account uses O(peer_credentials). Without them the module changes
    what it may, warns, and lists in RV(left_to_other_owner) what the other owner still has to do."
  - "Remote resolution only works when both VPCs have DNS support (C(enableDnsSupport)) and DNS hostnames
    (C(enableDnsHostnames)) on. When an option is to be on, the module reads both attributes of every VPC it can
    act for and fails before any write, naming each VPC and attribute that is off, unless O(enable_vpc_dns) is
    true: then it turns them on (one ModifyVpcAttribute call per attribute, DNS support before DNS hostnames)."
  - "AWS sets these options only on an C(active) connection. A connection still settling
    (C(initiating-request), C(provisioning), C(pending-acceptance)) is awaited for O(wait_timeout) seconds,
    then the module fails saying who must accept it where; a failed, rejected, expired, deleting or deleted
    connection fails at once, and so does one pending acceptance by an account the caller cannot act for
    (RV(left_to_other_owner) names it). The module never reports success for a connection that is not active."
  - Supports check mode (the planned calls are returned in RV(actions) and nothing is written) and diff.
    A second run with the same options makes no write call.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  peering_id:
    description:
      - ID of the peering connection. It is looked up in O(region), which must be the region of one of its VPCs
        that the caller's account owns.
      - Give either O(peering_id), or O(vpc_id) and O(peer_vpc_id).
    type: str
  vpc_id:
    description:
      - One VPC of the connection, in O(region), owned by the caller's account (requester or accepter).
    type: str
  peer_vpc_id:
    description:
      - The other VPC of the connection (any region, any account).
    type: str
  requester_dns_resolution:
    description:
      - Allow the accepter VPC to resolve the requester VPC's public DNS hostnames to private IP addresses
        (the requester side's option). Set in the requester VPC's region by its owner.
      - Unset leaves the requester side as it is. At least one of O(requester_dns_resolution) and
        O(accepter_dns_resolution) must be given.
    type: bool
  accepter_dns_resolution:
    description:
      - Allow the requester VPC to resolve the accepter VPC's public DNS hostnames to private IP addresses
        (the accepter side's option). Set in the accepter VPC's region by its owner.
      - Unset leaves the accepter side as it is.
    type: bool
  enable_vpc_dns:
    description:
      - Turn on DNS support and DNS hostnames in each VPC the caller can act for (in that VPC's region, by its
        owner), instead of failing when one of them is off.
      - When false, the attributes are only read, and only when an option is to be on.
      - Attributes are never turned off.
    type: bool
    default: false
  wait:
    description:
      - Wait for a connection that is not active yet to become active (bounded by O(wait_timeout)).
        When false, such a connection fails the module at once.
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
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions: C(ec2:DescribeVpcPeeringConnections), C(ec2:ModifyVpcPeeringConnectionOptions),
    C(ec2:DescribeVpcAttribute), C(ec2:ModifyVpcAttribute) (with O(enable_vpc_dns)), C(sts:GetCallerIdentity),
    and C(sts:AssumeRole) for a peer role; each in the account and region of the side it acts for."
  - The options disappear with the connection, so there is no C(absent) state; set an option to false to turn it
    off. Delete the connection with M(vpcmesh.aws.cross_region_peering).
  - The C(vpcmesh.aws.vpc_peering) role runs this module after M(vpcmesh.aws.cross_region_peering) and before
    M(vpcmesh.aws.peer_routes).
"""

EXAMPLES = r"""
- name: Both sides, same account, VPCs in two regions; turn the VPC DNS attributes on where needed
  vpcmesh.aws.peering_dns_options:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0
    requester_dns_resolution: true
    accepter_dns_resolution: true
    enable_vpc_dns: true

- name: Only the accepter side, the connection found by its two VPCs (guide 1's first step)
  vpcmesh.aws.peering_dns_options:
    region: us-east-1
    vpc_id: vpc-0a1b2c3d4e5f60001
    peer_vpc_id: vpc-0a1b2c3d4e5f60002
    accepter_dns_resolution: true

- name: Cross-account; the accepter's side is changed with its owner's role
  vpcmesh.aws.peering_dns_options:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0
    requester_dns_resolution: true
    accepter_dns_resolution: true
    peer_credentials:
      role_arn: arn:aws:iam::222222222222:role/network-automation

- name: Cross-account without the other owner's credentials; only the requester side changes
  vpcmesh.aws.peering_dns_options:
    region: us-east-1
    peering_id: pcx-0123456789abcdef0
    requester_dns_resolution: true
    accepter_dns_resolution: true
  register: dns

- name: Tell the other owner what is left to do
  ansible.builtin.debug:
    msg: "{{ dns.left_to_other_owner | map(attribute='message') | list }}"
"""

RETURN = r"""
peering_id:
  description: ID of the connection.
  returned: always
  type: str
  sample: pcx-0123456789abcdef0
options:
  description:
    - Both sides after the run (predicted in check mode). A side owned by another account without
      O(peer_credentials) is shown as the caller sees it.
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
        allow_dns_resolution_from_remote_vpc:
          description: Whether the accepter VPC resolves this VPC's public DNS hostnames to private IPs.
          type: bool
        vpc_dns:
          description:
            - The VPC's DNS attributes (C(enable_dns_support), C(enable_dns_hostnames)); null when not read
              (no option is to be on and O(enable_vpc_dns) is false, or the VPC belongs to an account the caller
              has no credentials for).
          type: dict
    accepter:
      description: The accepter side, same keys as RV(options.requester).
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
    message:
      description: What to do, in words (also given as a warning).
      type: str
changed:
  description: Whether any write call was made (or would be, in check mode).
  returned: always
  type: bool
actions:
  description: The AWS write calls made, or planned in check mode, in order (VPC attributes first).
  returned: always
  type: list
  elements: dict
  contains:
    call:
      description: Service and API name, for example C(ec2:ModifyVpcPeeringConnectionOptions).
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
  description: RV(options) before and after.
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

from ansible_collections.vpcmesh.aws.plugins.module_utils.batch import BatchForm, prefetch_connections
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_connection import other_owner_spec, planned_connection_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_dns_runner import PeeringDnsRunner


def main():
    argument_spec = dict(
        peering_id=dict(type="str"),
        vpc_id=dict(type="str"),
        peer_vpc_id=dict(type="str"),
        requester_dns_resolution=dict(type="bool"),
        accepter_dns_resolution=dict(type="bool"),
        enable_vpc_dns=dict(type="bool", default=False),
        peer_credentials=credentials_spec(),
        planned_connection=planned_connection_spec(),
        wait_for_other_owner=other_owner_spec(),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=120),
    )
    form = BatchForm(argument_spec, ["peering_id", "vpc_id", "peer_vpc_id"],
                     required_one_of=[["peering_id", "vpc_id"]],
                     mutually_exclusive=[["peering_id", "vpc_id"], ["peering_id", "peer_vpc_id"]],
                     required_together=[["vpc_id", "peer_vpc_id"]])
    module = form.module()
    module.exit_json(**form.run(module, PeeringDnsRunner, prefetch_connections))


if __name__ == "__main__":
    main()
