#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: vpc_info
short_description: Read many VPCs, with their subnets and route tables, each in its own account and region
version_added: 0.2.0
description:
  - "Finds each VPC of O(vpcs) by its ID or by its C(Name) tag, in the entry's region, as the entry's account
    (O(vpcs[].credentials), or the module's own credentials), and returns what the main job works from: its ID,
    account, associated IPv4 CIDR blocks, subnets and route tables (RV(vpcs))."
  - The entries are grouped by account credentials and region. Each group is read with one filtered, paginated
    call per kind (C(DescribeVpcs) by ID and by C(Name) tag, C(DescribeSubnets), C(DescribeRouteTables)), whatever
    the number of VPCs in it; groups are read concurrently, at most O(max_concurrency) at a time. C(playbooks/estate_facts.yml)
    reads every VPC of an inventory in one run of this module.
  - An entry that finds no VPC, several VPCs (a C(Name) tag used twice), or a VPC of another account than
    O(vpcs[].account_id) is a problem (RV(problems)); the module fails naming every one unless
    O(fail_on_problems=false).
  - Read-only; supports check mode (it reads the same way).
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  vpcs:
    description: The VPCs to read.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - The entry's name (an inventory host name, say), the key of its result in RV(vpcs).
          - Also the C(Name) tag looked for when neither O(vpcs[].vpc_id) nor O(vpcs[].vpc_name) is given.
        type: str
        required: true
      region:
        description: The VPC's region.
        type: str
        required: true
      vpc_id:
        description: The VPC's ID. When given, the VPC is found by it, not by its C(Name) tag.
        type: str
      vpc_name:
        description: The VPC's C(Name) tag (default O(vpcs[].name)), when O(vpcs[].vpc_id) is not given.
        type: str
      account_id:
        description: The account that must own the VPC; another owner is a problem.
        type: str
      credentials:
        description:
          - Credentials of the account that owns the VPC when it is not the caller's, as
            O(vpcmesh.aws.cross_region_peering#module:peer_credentials) takes them. A role is assumed with the
            module's own credentials, once per role.
        type: dict
        suboptions:
          profile:
            description: Named profile of that account.
            type: str
          role_arn:
            description: ARN of a role in that account to assume with C(sts:AssumeRole).
            type: str
          role_session_name:
            description: Session name used when assuming the role.
            type: str
            default: vpcmesh-aws
          external_id:
            description: External ID required by the role's trust policy, if any.
            type: str
          access_key:
            description: Access key ID of that account.
            type: str
          secret_key:
            description: Secret access key going with the access key.
            type: str
          session_token:
            description: Session token for temporary keys.
            type: str
  fail_on_problems:
    description: Fail when an entry finds no VPC, several, or one of another account. When false, RV(problems) lists them.
    type: bool
    default: true
  max_concurrency:
    description: How many (account, region) groups are read at the same time.
    type: int
    default: 8
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions, in each account read: C(ec2:DescribeVpcs), C(ec2:DescribeSubnets), C(ec2:DescribeRouteTables),
    and C(sts:AssumeRole) for a role in O(vpcs[].credentials) (docs/iam/vpc_info.json)."
"""

EXAMPLES = r"""
- name: Read two VPCs, one by Name tag in the caller's account, one by ID in another account
  vpcmesh.aws.vpc_info:
    vpcs:
      - name: app-use1
        region: us-east-1
      - name: data-euw1
        region: eu-west-1
        vpc_id: vpc-0123456789abcdef0
        account_id: "222222222222"
        credentials:
          role_arn: arn:aws:iam::222222222222:role/network-automation
  register: found

- name: Route tables of the first VPC
  ansible.builtin.debug:
    msg: "{{ found.vpcs['app-use1'].route_tables | map(attribute='route_table_id') }}"
"""

RETURN = r"""
vpcs:
  description: What was found, by entry name (entries with a problem are left out).
  returned: always
  type: dict
  contains:
    name:
      description: The entry's name.
      type: str
    vpc_id:
      description: The VPC's ID.
      type: str
    region:
      description: The VPC's region.
      type: str
    account_id:
      description: The account that owns the VPC.
      type: str
    cidrs:
      description: The VPC's associated IPv4 CIDR blocks, primary first.
      type: list
      elements: str
    subnets:
      description: The VPC's subnets.
      type: list
      elements: dict
      contains:
        subnet_id: {description: The subnet's ID., type: str}
        cidr: {description: The subnet's IPv4 CIDR block., type: str}
        az: {description: The subnet's availability zone., type: str}
        tags: {description: The subnet's tags., type: dict}
    route_tables:
      description: The VPC's route tables.
      type: list
      elements: dict
      contains:
        route_table_id: {description: The route table's ID., type: str}
        tags: {description: The route table's tags., type: dict}
  sample:
    app-use1:
      name: app-use1
      vpc_id: vpc-0123456789abcdef0
      region: us-east-1
      account_id: "111111111111"
      cidrs: [10.0.0.0/16]
      subnets: [{subnet_id: subnet-0123456789abcdef0, cidr: 10.0.1.0/24, az: us-east-1a, tags: {tier: private}}]
      route_tables: [{route_table_id: rtb-0123456789abcdef0, tags: {Name: app-private}}]
problems:
  description: One message per entry that found no VPC, several, or one of another account, naming the entry.
  returned: always
  type: list
  elements: str
  sample: ["data-euw1: the VPC named data-euw1 was not found in eu-west-1"]
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module
from ansible_collections.vpcmesh.aws.plugins.module_utils.vpc_info import VpcInfoRunner


def main():
    entry = dict(
        name=dict(type="str", required=True),
        region=dict(type="str", required=True),
        vpc_id=dict(type="str"),
        vpc_name=dict(type="str"),
        account_id=dict(type="str"),
        credentials=credentials_spec(),
    )
    argument_spec = dict(
        vpcs=dict(type="list", elements="dict", required=True, options=entry),
        fail_on_problems=dict(type="bool", default=True),
        max_concurrency=dict(type="int", default=8),
    )
    module = aws_module(argument_spec, supports_check_mode=True)
    module.exit_json(**VpcInfoRunner(module).run())


if __name__ == "__main__":
    main()
