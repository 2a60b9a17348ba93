#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: resolver_rule_share
short_description: Share Route 53 Resolver forwarding rules with other accounts through AWS RAM (the hub's side)
version_added: 0.1.0
description:
  - "Ensures one AWS Resource Access Manager (RAM) resource share named O(name) in O(region), owned by the caller
    (the hub account that owns the outbound endpoint and the forwarding rules), whose resources are the given
    Resolver rules and whose principals are O(principals): account IDs, an organization ARN or OU ARNs. Each
    principal account can then associate the rules with its own VPCs (M(vpcmesh.aws.shared_rule_association))."
  - "RAM shares and Resolver rules are regional: the rules, the share and the spokes' VPCs are all in O(region)."
  - "Principals and rules are changed by their difference (C(AssociateResourceShare),
    C(DisassociateResourceShare)); with O(purge_principals) and O(purge_rules) false nothing is removed. Every
    RAM write carries a C(clientToken) derived from its inputs and the share's last update, so a retried run reuses
    it; a share made again after a delete gets a new one."
  - "Only a share that carries the tag C(vpcmesh:managed-by=vpcmesh.aws) is changed or deleted; the module sets it
    on the share it creates. A share of that name without it fails the run before any write."
  - "Accounts outside the hub's organization (or any account when sharing within the organization is not enabled)
    receive an invitation they must accept; accounts of the organization and the organization's OUs get the share
    at once when sharing with AWS Organizations is enabled (C(ram:EnableSharingWithAwsOrganization), done once by
    the management account)."
  - Supports check mode (the planned calls are returned in RV(actions) and nothing is written) and diff.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  name:
    description: Name of the resource share (1 to 255 characters). The share is found by this name and its owner.
    type: str
    required: true
  rule_ids:
    description: Resolver rules to share, by ID; each must exist in O(region) and belong to the caller.
    type: list
    elements: str
  rule_names:
    description:
      - Resolver rules to share, by name (for example the names M(vpcmesh.aws.resolver_forward_mesh) gives its rules,
        C(<mesh>-<node>-<domain with dashes>)); each name must match exactly one of the caller's rules in O(region).
    type: list
    elements: str
  planned_rule_names:
    description:
      - Check mode only (a real run given it fails before any call). Names of rules an earlier task of the same
        check-mode run only plans to create; they are planned into the share as C((new rule <name>)), so that
        RV(actions) are the writes the real run makes.
    type: list
    elements: str
  principals:
    description:
      - Who may use the rules. Account IDs (C(123456789012)), an organization ARN
        (C(arn:aws:organizations::<management account>:organization/o-...)) or OU ARNs
        (C(arn:aws:organizations::<management account>:ou/o-.../ou-...)). Required with O(state=present).
    type: list
    elements: str
  allow_external_principals:
    description:
      - Whether principals outside the hub's organization may be added (RAM's C(allowExternalPrincipals)).
      - Omitted, a new share gets true when O(principals) lists an account ID (it may be outside the organization)
        and false when only the organization or its OUs are listed; an existing share keeps its setting, unless an
        account ID is added to a share that refuses external principals (then it becomes true).
    type: bool
  purge_principals:
    description: Remove principals of the share that O(principals) does not list.
    type: bool
    default: true
  purge_rules:
    description: Remove rules from the share that are not given.
    type: bool
    default: true
  tags:
    description:
      - Tags of the share, besides C(vpcmesh:managed-by=vpcmesh.aws). Tags are added or changed, never removed.
    type: dict
    aliases: [resource_tags]
  state:
    description: V(absent) deletes the share (only ours); the spokes' VPCs stop using its rules.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions of the hub (docs/iam/resolver_rule_share.json): C(ram:GetResourceShares),
    C(ram:GetResourceShareAssociations), C(ram:CreateResourceShare), C(ram:AssociateResourceShare),
    C(ram:DisassociateResourceShare), C(ram:UpdateResourceShare), C(ram:DeleteResourceShare), C(ram:TagResource),
    C(route53resolver:ListResolverRules), C(route53resolver:GetResolverRulePolicy),
    C(route53resolver:PutResolverRulePolicy) (RAM sets the rule's policy when it is shared), C(sts:GetCallerIdentity)."
  - Every call is made with the module's credentials in O(region).
"""

EXAMPLES = r"""
- name: Share the hub's forwarding rules with two spoke accounts
  vpcmesh.aws.resolver_rule_share:
    region: us-east-1
    name: central-dns
    rule_names:
      - central-hub-onprem-example-com
      - central-hub-us-east-2-amazonaws-com
    principals: ["222222222222", "333333333333"]
    tags:
      team: network
  register: share

- name: Share them with the whole organization instead (sharing with AWS Organizations enabled)
  vpcmesh.aws.resolver_rule_share:
    region: us-east-1
    name: central-dns
    rule_ids: "{{ share.share.rule_ids }}"
    principals: ["arn:aws:organizations::111111111111:organization/o-exampleorgid"]

- name: Stop sharing
  vpcmesh.aws.resolver_rule_share:
    region: us-east-1
    name: central-dns
    state: absent
"""

RETURN = r"""
share:
  description: The share after the run (predicted in check mode; empty when absent).
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the share (C((new resource share <name>)) for one still to be created in check mode).
      type: str
    name:
      description: Name of the share.
      type: str
    status:
      description: RAM status of the share, such as C(ACTIVE).
      type: str
    owner:
      description: The hub account.
      type: str
    allow_external_principals:
      description: Whether principals outside the organization may be added.
      type: bool
    principals:
      description: Principals associated with the share (ASSOCIATING or ASSOCIATED).
      type: list
      elements: str
    rule_arns:
      description: ARNs of the rules in the share (C((new rule <name>)) for planned rules in check mode).
      type: list
      elements: str
    rule_ids:
      description: IDs of those rules.
      type: list
      elements: str
    tags:
      description: Tags of the share.
      type: dict
  sample:
    arn: arn:aws:ram:us-east-1:111111111111:resource-share/6c7a9f54-5c16-4a39-9d04-example
    name: central-dns
    status: ACTIVE
    owner: "111111111111"
    allow_external_principals: true
    principals: ["222222222222", "333333333333"]
    rule_arns: [arn:aws:route53resolver:us-east-1:111111111111:resolver-rule/rslvr-rr-0123456789abcdef0]
    rule_ids: [rslvr-rr-0123456789abcdef0]
    tags: {vpcmesh:managed-by: vpcmesh.aws, team: network}
rule_names:
  description: Name of each shared rule by ID (null where the rule was given by ID and has no name).
  returned: always
  type: dict
rules_added:
  description:
    - Rules this run adds (or would add) to the share, by ID, or C((new rule <name>)) for a planned rule. A spoke's
      check mode plans to associate them (M(vpcmesh.aws.shared_rule_association) option C(planned_share.rules)).
  returned: always
  type: list
  elements: str
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
      description: Service and API name, for example C(ram:CreateResourceShare).
      type: str
    region:
      description: Region of the call.
      type: str
    side:
      description: C(hub).
      type: str
    account:
      description: The hub account.
      type: str
    params:
      description: Parameters of the call.
      type: dict
    description:
      description: What the call does, in words.
      type: str
diff:
  description: The share before and after.
  returned: always
  type: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module
from ansible_collections.vpcmesh.aws.plugins.module_utils.ram_share_runner import ShareRunner


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        rule_ids=dict(type="list", elements="str"),
        rule_names=dict(type="list", elements="str"),
        planned_rule_names=dict(type="list", elements="str"),
        principals=dict(type="list", elements="str"),
        allow_external_principals=dict(type="bool"),
        purge_principals=dict(type="bool", default=True),
        purge_rules=dict(type="bool", default=True),
        tags=dict(type="dict", aliases=["resource_tags"]),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = aws_module(argument_spec, supports_check_mode=True)
    module.exit_json(**ShareRunner(module).run())


if __name__ == "__main__":
    main()
