#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: estate_info
short_description: Discover an existing estate of VPCs, peerings, zones and Resolver meshes as an inventory
version_added: 0.3.0
description:
  - "Reads every VPC of the given accounts (O(accounts)) in the given regions (O(regions)) with its route tables
    and DNS attributes, the peering connections, private hosted zones (with their VPC associations and records),
    Route 53 Resolver endpoints and forwarding rules, VPC endpoints and endpoint services, and returns an
    inventory in the format of docs/inventory.md (RV(inventory)) that C(playbooks/site.yml) can run over without
    changing anything: the estate is adopted, not rebuilt."
  - "VPCs become hosts (with C(vpcmesh_region), C(vpcmesh_vpc_id) and, where not every route table is routed to
    the peers, C(vpcmesh_route_tables)), in one group per account (C(account_<id>)) with C(vpcmesh_account_id) and
    the account's C(vpcmesh_role_arn) or C(vpcmesh_profile) from O(accounts[].credentials). A host is named after
    the Resolver mesh node it is (its rules' C(vpcmesh:node) tag), else the VPC's C(Name) tag, else its ID."
  - "Peerings are written in the smallest shapes the model has: C(full_mesh) where three or more VPCs are all
    peered with requests in one order, C(hub), C(chain), else C(pair); with C(dns_resolution=false) where neither
    side allows remote DNS resolution, and C(route_tables) where a pair's routed tables differ from the host's."
  - "Private zones are listed with their VPCs (a VPC of the zone's account first) and simple records; Resolver
    forwarding rules tagged C(vpcmesh:mesh) and C(vpcmesh:node) are recognised as the meshes the
    C(vpcmesh.aws.resolver_mesh) role made (C(full_mesh) or C(hub)); endpoint services that form the
    C(vpcmesh.aws.privatelink_outpost) role's chain (the service, its load balancer and target group, the consumer's
    interface endpoint and the outpost's peering with the provider, all named by the chain) as C(vpcmesh_privatelinks);
    flows are proposed to each network interface whose security group admits one TCP port from a peered VPC."
  - "What the model cannot say exactly is never dropped: it is listed in RV(left_as_found) (and in the inventory
    as C(vpcmesh_left_as_found)) with the reason, and left out of the topology, so site.yml neither changes nor
    deletes it: a peering with one DNS option off, or with a C(Name) tag other than the model's, a route to a
    narrower block than the peer VPC's, a route table with only some of the peer's blocks, a peering to a VPC not
    read or not active, a forwarding rule not made by a mesh, a zone association with a VPC not read, an alias
    record, an interface endpoint or endpoint service that is not part of a PrivateLink chain recognised."
  - "Each account is read with its own credentials, each region with one filtered, paginated describe per kind
    (Route 53 once per account); a VPC's DNS attributes, a zone's VPCs and records, a rule's tags and an
    endpoint's IP addresses are read per item, as AWS answers them."
  - Read-only; never writes; supports check mode (it reads the same way).
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  accounts:
    description:
      - The accounts to read. Default, the caller's account only (one entry without credentials).
    type: list
    elements: dict
    suboptions:
      account_id:
        description: The account the credentials must act as; another account fails the module before any read.
        type: str
      credentials:
        description:
          - How to act as the account, when it is not the caller's, as
            O(vpcmesh.aws.vpc_info#module:vpcs[].credentials) takes them. A role is assumed with the module's own
            credentials. A role or profile is written into the account's group of the inventory; keys never are.
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
      regions:
        description: The regions to read in this account (default O(regions)).
        type: list
        elements: str
  regions:
    description: The regions to read in every account of O(accounts) that does not list its own.
    type: list
    elements: str
    required: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions, in each account read (all read-only): C(ec2:DescribeVpcs), C(ec2:DescribeVpcAttribute),
    C(ec2:DescribeRouteTables), C(ec2:DescribeSubnets), C(ec2:DescribeVpcPeeringConnections),
    C(ec2:DescribeSecurityGroups), C(ec2:DescribeNetworkInterfaces), C(ec2:DescribeVpcEndpoints),
    C(ec2:DescribeVpcEndpointServiceConfigurations), C(ec2:DescribeVpcEndpointServicePermissions),
    C(elasticloadbalancing:DescribeLoadBalancers), C(elasticloadbalancing:DescribeListeners),
    C(elasticloadbalancing:DescribeTargetGroups), C(elasticloadbalancing:DescribeTargetHealth) (where a region has
    endpoint services), C(route53:ListHostedZones), C(route53:GetHostedZone),
    C(route53:ListResourceRecordSets), C(route53resolver:ListResolverEndpoints),
    C(route53resolver:ListResolverEndpointIpAddresses), C(route53resolver:ListResolverRules),
    C(route53resolver:ListResolverRuleAssociations), C(route53resolver:ListTagsForResource),
    C(sts:GetCallerIdentity), and C(sts:AssumeRole) for a role in O(accounts[].credentials)
    (docs/iam/estate_info.json)."
  - "The playbook C(vpcmesh.aws.discover) runs this module and writes RV(inventory) to a file; docs/discovery.md
    walks through adopting a two-account estate."
seealso:
  - module: vpcmesh.aws.vpc_info
"""

EXAMPLES = r"""
- name: Discover the caller's account and a second account in two regions
  vpcmesh.aws.estate_info:
    regions: [us-east-1, eu-west-1]
    accounts:
      - {}
      - account_id: "222222222222"
        credentials:
          role_arn: arn:aws:iam::222222222222:role/vpcmesh-demo
  register: estate

- name: Write the inventory site.yml can adopt the estate with
  ansible.builtin.copy:
    content: "{{ estate.inventory | to_nice_yaml(indent=2) }}"
    dest: /tmp/discovered.yml
    mode: "0644"

- name: Say what was left as found
  ansible.builtin.debug:
    msg: "{{ estate.left_as_found | map(attribute='what') | zip(estate.left_as_found | map(attribute='reason')) }}"
"""

RETURN = r"""
inventory:
  description:
    - An inventory in the format of docs/inventory.md (YAML inventory file structure), group C(vpcmesh_vpcs) with
      one child group per account and the topology in its variables (C(vpcmesh_peerings), C(vpcmesh_zones),
      C(vpcmesh_resolver_meshes), C(vpcmesh_privatelinks), C(vpcmesh_flows), C(vpcmesh_left_as_found)); lists that
      would be empty are left out.
  returned: always
  type: dict
  sample:
    vpcmesh_vpcs:
      children:
        account_123456789012:
          hosts:
            app: {vpcmesh_region: us-east-1, vpcmesh_vpc_id: vpc-0123456789abcdef0}
            data: {vpcmesh_region: us-east-1, vpcmesh_vpc_id: vpc-0123456789abcdef1, vpcmesh_route_tables: {tier: private}}
          vars: {vpcmesh_account_id: "123456789012"}
      vars:
        vpcmesh_peerings:
          - pair: [app, data]
        vpcmesh_flows:
          - {name: "app to data 10.41.1.50:5432", from: app, to: {vpc: data, ip: 10.41.1.50}, port: 5432}
left_as_found:
  description: What exists and the inventory does not describe (so site.yml leaves it as it is), with the reason.
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: C(peering), C(route), C(zone), C(zone association), C(record), C(resolver rule), C(resolver mesh),
        C(vpc endpoint) or C(endpoint service).
      type: str
    what:
      description: The resource, with its ID, region and account.
      type: str
    reason:
      description: Why the inventory model cannot say it, and what site.yml does about it (leaves it).
      type: str
  sample:
    - kind: route
      what: route 10.60.5.0/24 over pcx-0123456789abcdef0 in rtb-0123456789abcdef0
      reason: narrower than the peer VPC's block; the model routes a peer's whole blocks, so this route stays as it is
      peering_id: pcx-0123456789abcdef0
      route_table_id: rtb-0123456789abcdef0
hosts:
  description: The host names given to the VPCs, with their IDs.
  returned: always
  type: dict
  sample: {app: vpc-0123456789abcdef0}
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.discovery_read import DiscoveryReader
from ansible_collections.vpcmesh.aws.plugins.module_utils.validation import check_region


def main():
    account = dict(
        account_id=dict(type="str"),
        credentials=credentials_spec(),
        regions=dict(type="list", elements="str"),
    )
    argument_spec = dict(
        accounts=dict(type="list", elements="dict", options=account),
        regions=dict(type="list", elements="str", required=True),
    )
    module = aws_module(argument_spec, supports_check_mode=True)
    if not module.params["accounts"]:
        module.params["accounts"] = [{}]
    named = [(f"regions[{i}]", r) for i, r in enumerate(module.params["regions"])]
    named += [(f"accounts[{a}].regions[{i}]", r) for a, acct in enumerate(module.params["accounts"])
              for i, r in enumerate(acct.get("regions") or [])]
    problems = [message for message in (check_region(path, region) for path, region in named) if message]
    if problems:
        module.fail_json(msg="; ".join(problems))
    module.exit_json(**DiscoveryReader(module).run())


if __name__ == "__main__":
    main()
