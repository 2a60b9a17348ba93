#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: shared_rule_association
short_description: Use Route 53 Resolver rules another account shares through AWS RAM in this account's VPCs
version_added: 0.1.0
description:
  - "The spoke's side of M(vpcmesh.aws.resolver_rule_share): with the spoke account's credentials, in O(region),
    accepts the pending invitation of the resource share O(share_name) of account O(share_owner) (accounts outside
    the hub's organization get one; inside an organization with sharing enabled there is none and nothing is
    accepted), waits until the shared rules are visible in this account (RAM is eventually consistent), and
    associates each rule of the share (or the O(rule_ids) given) with each of O(vpc_ids)."
  - "Associations are made with the name C(vpcmesh <share name>), which marks them as ours: only associations of
    that name are ever disassociated (a VPC dropped from O(vpc_ids), a rule no longer in the share or in
    O(rule_ids), or O(state=absent)). An association of a shared rule made otherwise is left alone and counts as
    present."
  - "AWS allows one rule per domain in a VPC: a VPC that already uses another rule for a shared rule's domain makes
    C(AssociateResolverRule) fail, naming the conflicting rule."
  - Supports check mode and diff. In check mode, O(planned_share) lets it plan over a share that an earlier task of
    the same run only plans (M(vpcmesh.aws.resolver_rule_share) in check mode).
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  share_name:
    description: Name of the hub's resource share.
    type: str
    required: true
  share_owner:
    description:
      - Account ID of the hub, which owns the share and its rules. Required with O(state=present); with
        O(state=absent) our associations are found by their name alone.
    type: str
  vpc_ids:
    description: The spoke's VPCs in O(region) that use the shared rules. Required with O(state=present).
    type: list
    elements: str
  rule_ids:
    description: Only these rules of the share are associated. Omitted, every Resolver rule of the share is.
    type: list
    elements: str
  accept_invitation:
    description:
      - Accept a pending invitation of the share (C(ram:AcceptResourceShareInvitation)). False, a pending invitation
        fails the run before any write.
    type: bool
    default: true
  purge:
    description: Disassociate our associations (by their name) that are no longer wanted.
    type: bool
    default: true
  planned_share:
    description:
      - Check mode only (a real run given it fails before any call). What an earlier task of the same check-mode run
        plans for the share, so that RV(actions) are the writes the real run makes.
    type: dict
    suboptions:
      rules:
        description:
          - Rules the share will hold after the hub's run, by ID or as C((new rule <name>)) for a rule still to be
            created (RV(vpcmesh.aws.resolver_rule_share#module:share.rule_ids) of its check-mode run); the rules of
            the share this account already sees are planned anyway.
        type: list
        elements: str
        default: []
      invitation:
        description:
          - Whether this account will receive an invitation (it is a new principal outside the hub's organization,
            or sharing within the organization is not enabled); planned as an C(AcceptResourceShareInvitation).
        type: bool
        default: true
  wait_timeout:
    description: Seconds to wait for the share (or its invitation) and then its rules to become visible.
    type: int
    default: 120
  state:
    description: V(absent) disassociates our associations of the share's rules; the share itself is the hub's.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions of the spoke (docs/iam/shared_rule_association.json): C(ram:GetResourceShareInvitations),
    C(ram:AcceptResourceShareInvitation), C(ram:GetResourceShares), C(ram:ListResources),
    C(ram:ListPendingInvitationResources), C(route53resolver:ListResolverRules),
    C(route53resolver:ListResolverRuleAssociations), C(route53resolver:AssociateResolverRule),
    C(route53resolver:DisassociateResolverRule), C(ec2:DescribeVpcs) (AWS checks the VPC on association),
    C(sts:GetCallerIdentity)."
  - Every call is made with the module's credentials (the spoke's) in O(region).
"""

EXAMPLES = r"""
- name: In a spoke account, use the hub's shared rules in two VPCs
  vpcmesh.aws.shared_rule_association:
    region: us-east-1
    share_name: central-dns
    share_owner: "111111111111"
    vpc_ids: [vpc-0a1b2c3d4e5f60001, vpc-0a1b2c3d4e5f60002]
    access_key: "{{ spoke_keys.access_key }}"
    secret_key: "{{ spoke_keys.secret_key }}"
    session_token: "{{ spoke_keys.session_token }}"

- name: Stop using them (only the associations this module made)
  vpcmesh.aws.shared_rule_association:
    region: us-east-1
    share_name: central-dns
    state: absent
"""

RETURN = r"""
share:
  description: The share as this account sees it.
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the share (null while it is not visible, for example before the invitation is accepted).
      type: str
    name:
      description: Name of the share.
      type: str
    owner:
      description: The hub account.
      type: str
    rule_ids:
      description: Resolver rules in the share.
      type: list
      elements: str
invitations:
  description: The invitations of the share to this account, with their status after the run.
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: ARN of the invitation.
      type: str
    status:
      description: C(PENDING), C(ACCEPTED), C(REJECTED) or C(EXPIRED).
      type: str
associations:
  description: Our associations after the run (predicted in check mode), each with rule_id and vpc_id.
  returned: always
  type: list
  elements: dict
changed:
  description: Whether any write call was made (or would be, in check mode).
  returned: always
  type: bool
actions:
  description: The AWS write calls made, or planned in check mode, in order (acceptance first, then
    disassociations, then associations).
  returned: always
  type: list
  elements: dict
  contains:
    call:
      description: Service and API name, for example C(route53resolver:AssociateResolverRule).
      type: str
    region:
      description: Region of the call.
      type: str
    side:
      description: C(spoke).
      type: str
    account:
      description: The spoke account.
      type: str
    params:
      description: Parameters of the call.
      type: dict
    description:
      description: What the call does, in words.
      type: str
diff:
  description: Our associations before and after.
  returned: always
  type: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module
from ansible_collections.vpcmesh.aws.plugins.module_utils.ram_share_runner import SpokeRunner


def main():
    argument_spec = dict(
        share_name=dict(type="str", required=True),
        share_owner=dict(type="str"),
        vpc_ids=dict(type="list", elements="str"),
        rule_ids=dict(type="list", elements="str"),
        accept_invitation=dict(type="bool", default=True),
        purge=dict(type="bool", default=True),
        planned_share=dict(type="dict", options=dict(
            rules=dict(type="list", elements="str", default=[]),
            invitation=dict(type="bool", default=True),
        )),
        wait_timeout=dict(type="int", default=120),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = aws_module(argument_spec, required_if=[["state", "present", ["share_owner"]]], supports_check_mode=True)
    module.exit_json(**SpokeRunner(module).run())


if __name__ == "__main__":
    main()
