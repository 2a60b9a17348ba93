#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: resolver_endpoint
short_description: Create, update and delete a Route 53 Resolver inbound or outbound endpoint
version_added: 0.1.0
description:
  - Ensures one Route 53 Resolver endpoint, found by O(name) and O(direction) in O(region) (and in the VPC of
    its subnets), with the IP addresses, security groups and tags given.
  - "Before any write the addresses are checked: at least two, in at least two Availability Zones, all
    subnets in one VPC, each explicit IP inside its subnet and not one of the five addresses AWS reserves."
  - "IP addresses are added before others are removed, one call each, waiting between calls, so the endpoint
    never has fewer than two. An address given without C(ip) matches any address the endpoint already has in
    that subnet."
  - With O(dns_security_group) the module creates (and keeps exact) a security group in the endpoint's VPC that
    allows DNS (TCP and UDP port 53) in from O(dns_security_group.allowed_cidrs). It changes only a group it
    created (tagged C(vpcmesh:resolver-endpoint)), and deletes it with the endpoint when nothing else uses it.
  - AWS cannot change the security groups of an existing endpoint; a difference is reported as a warning.
  - The create carries a C(CreatorRequestId) derived from region, direction, VPC and name, so a retried create
    never makes a second endpoint; when AWS answers that the ID is already used, the endpoint created with it
    is adopted, and when none is visible (it was deleted, and AWS keeps used IDs) the next ID derived from the same
    inputs is used.
  - The security groups in O(security_group_ids) are read before the create; unknown ones, or groups of another
    VPC, fail the run before any write.
  - Every call is made in O(region) by the caller's account.
  - "Quotas checked before any write (see O(quotas)), in check mode too: C(L-4A669CC0) (Route 53 Resolver, endpoints
    per AWS Region; AWS default 4), counted over every endpoint of the account in O(region), inbound and outbound,
    whoever made it, when the plan creates one; C(L-D2FE9758) (IP addresses per Resolver endpoint; default 6), the
    addresses of a new endpoint, or the endpoint's addresses plus those the plan adds (it adds before it removes).
    With O(endpoints), all items are counted together before any item writes. The values are read with
    C(servicequotas:GetServiceQuota) in O(region) (service C(route53resolver)) unless O(quotas) gives them."
  - Supports check mode (the planned calls are returned in RV(actions) and nothing is written) and diff.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  name:
    description:
      - Name of the endpoint; with O(direction), it identifies the endpoint in O(region).
      - Up to 64 letters, digits, C(-), C(_) and spaces.
      - Required unless O(endpoints) is given.
    type: str
  direction:
    description:
      - V(inbound) answers DNS queries from outside the VPC (for example forwarded by another region's
        outbound endpoint); V(outbound) forwards queries that match forwarding rules.
      - Required unless O(endpoints) is given.
    type: str
    choices: [inbound, outbound]
  state:
    description:
      - V(present) creates or updates the endpoint; V(absent) deletes it (and its O(dns_security_group) when
        nothing else uses that group).
    type: str
    choices: [present, absent]
    default: present
  subnet_ids:
    description:
      - Subnets for the endpoint's addresses, one address each, chosen by AWS. At least two, in at least two
        Availability Zones. Required with O(state=present) unless O(ip_addresses) is given.
    type: list
    elements: str
  ip_addresses:
    description:
      - The endpoint's addresses, each a subnet with an optional fixed IP.
    type: list
    elements: dict
    suboptions:
      subnet_id:
        description: Subnet of the address.
        type: str
        required: true
      ip:
        description:
          - Fixed IPv4 address in that subnet; omitted, AWS picks one (and any it has is kept).
          - Not with O(endpoint_type=ipv6), whose addresses are IPv6 only.
        type: str
      ipv6:
        description:
          - Fixed IPv6 address in that subnet (in one of its IPv6 CIDR blocks, not one of the five AWS reserves), for
            O(endpoint_type=ipv6) or O(endpoint_type=dualstack); omitted, AWS picks one.
          - When an endpoint changes from V(ipv4) to V(dualstack), an address's IPv6 is set in place
            (C(UpdateResolverEndpoint) C(UpdateIpAddresses)), the address is not replaced.
        type: str
  protocols:
    description:
      - The DNS protocols the endpoint answers (inbound) or forwards with (outbound). C(Do53) is DNS over port 53,
        C(DoH) DNS over HTTPS (port 443), C(DoH-FIPS) DoH with FIPS-validated cryptography.
      - "An inbound endpoint takes V(Do53), V(DoH) or V(DoH-FIPS) alone, or V(Do53) with V(DoH) or with V(DoH-FIPS); an
        outbound one V(Do53) or V(DoH) alone, or both (DoH-FIPS is for inbound endpoints only). Other sets fail before
        any call."
      - Omitted, a new endpoint gets AWS's default (C(Do53)) and an existing one keeps its protocols. A difference is
        changed in place with C(UpdateResolverEndpoint) in O(region).
      - AWS does not switch an inbound endpoint from V(Do53) alone straight to V(DoH) or V(DoH-FIPS) alone; the module
        refuses that before any write, asking for both first (for example V([Do53, DoH])), then the new one alone.
      - A DoH or DoH-FIPS endpoint is reached on TCP port 443; O(dns_security_group) then allows it too (a group of
        O(security_group_ids) must allow it itself).
    type: list
    elements: str
    choices: [Do53, DoH, DoH-FIPS]
  endpoint_type:
    description:
      - The IP addresses of the endpoint. V(ipv4) (AWS's default), V(ipv6) (IPv6 addresses only) or V(dualstack)
        (each address has an IPv4 and an IPv6 address). V(ipv6) and V(dualstack) need subnets with an IPv6 CIDR block
        (checked before any write).
      - Omitted, a new endpoint is V(ipv4) and an existing one keeps its type.
      - AWS changes an existing endpoint only between V(ipv4) and V(dualstack) (C(UpdateResolverEndpoint) in
        O(region)); any other change fails before any write, asking to delete and create it again.
    type: str
    choices: [ipv4, ipv6, dualstack]
  vpc_id:
    description:
      - The endpoint's VPC. With O(state=present) it is taken from the subnets (and must match when given);
        with O(state=absent) it picks the endpoint when several have the same name.
    type: str
  security_group_ids:
    description:
      - Security groups of the endpoint (at most 10, in its VPC). Used only when the endpoint is created.
    type: list
    elements: str
  dns_security_group:
    description:
      - Create a security group for the endpoint that allows DNS in from the given CIDR blocks, in addition to
        O(security_group_ids) - TCP and UDP 53, and TCP 443 when the endpoint's O(protocols) (or, not given, its
        current ones) include C(DoH) or C(DoH-FIPS). Its DNS rules are kept exactly as listed (rules for other ports,
        and TCP 443 of an endpoint without DoH, are left alone).
      - An inbound endpoint needs the CIDRs that send it queries (for example the VPCs of other regions'
        outbound endpoints); an outbound endpoint needs none but its default outbound rule.
    type: dict
    suboptions:
      name:
        description: Name of the group. Defaults to O(name) followed by C(-dns).
        type: str
      allowed_cidrs:
        description:
          - IPv4 or IPv6 CIDR blocks allowed to send DNS queries (TCP and UDP 53). Empty, the group has no
            inbound rule (enough for an outbound endpoint).
        type: list
        elements: str
        default: []
  tags:
    description: Tags of the endpoint. V(null) leaves them as they are.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description: Remove tags not listed in O(tags) (tags whose key starts with C(aws:) are never removed).
    type: bool
    default: true
  wait:
    description:
      - Wait until the endpoint is C(OPERATIONAL) (after a create or change) or gone (after a delete).
        Between two address changes the module always waits.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait.
    type: int
    default: 600
  endpoints:
    description:
      - Converge several endpoints in one run instead of a loop. Each item is a dict of this module's options
        for one endpoint (and its O(region)); options given beside O(endpoints) are every item's defaults.
      - Each item is checked, planned and applied as the same options would be in a loop item, with the same
        result, returned in RV(results) in item order. Items run at the same time, at most O(max_concurrency)
        at once, sharing clients and the caller's identity, so many endpoints cost one module run.
      - An item that fails does not stop the others (as in a loop); the module then fails naming every failed
        item. An invalid item fails the module before any call.
    type: list
    elements: dict
  max_concurrency:
    description: How many items of O(endpoints) run at the same time.
    type: int
    default: 4
extends_documentation_fragment:
  - vpcmesh.aws.quotas
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions: C(route53resolver:ListResolverEndpoints), C(route53resolver:GetResolverEndpoint),
    C(route53resolver:ListResolverEndpointIpAddresses), C(route53resolver:ListTagsForResource),
    C(route53resolver:CreateResolverEndpoint), C(route53resolver:DeleteResolverEndpoint),
    C(route53resolver:UpdateResolverEndpoint) (for O(protocols) and O(endpoint_type)),
    C(route53resolver:AssociateResolverEndpointIpAddress), C(route53resolver:DisassociateResolverEndpointIpAddress),
    C(route53resolver:TagResource), C(route53resolver:UntagResource), and for the network interfaces AWS makes
    C(ec2:CreateNetworkInterface), C(ec2:DescribeNetworkInterfaces), C(ec2:DeleteNetworkInterface),
    C(ec2:DescribeSubnets), C(ec2:DescribeSecurityGroups); with O(dns_security_group) also
    C(ec2:CreateSecurityGroup), C(ec2:AuthorizeSecurityGroupIngress), C(ec2:RevokeSecurityGroupIngress),
    C(ec2:DeleteSecurityGroup), C(ec2:CreateTags); C(servicequotas:GetServiceQuota) to read the applied quotas
    (optional, see O(read_quotas))."
  - Forwarding rules between endpoints of several regions are managed by M(vpcmesh.aws.resolver_forward_mesh).
"""

EXAMPLES = r"""
- name: Inbound endpoint in two private subnets, with a DNS security group for the peered VPCs
  vpcmesh.aws.resolver_endpoint:
    region: us-east-2
    name: mesh-us-east-2-inbound
    direction: inbound
    subnet_ids: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
    dns_security_group:
      allowed_cidrs: [10.30.0.0/16, 10.31.0.0/16, 10.32.0.0/16]
    tags:
      team: network
  register: inbound

- name: Outbound endpoint with fixed addresses and an existing security group
  vpcmesh.aws.resolver_endpoint:
    region: us-east-1
    name: mesh-us-east-1-outbound
    direction: outbound
    ip_addresses:
      - {subnet_id: subnet-0a1b2c3d4e5f60003, ip: 10.30.1.10}
      - {subnet_id: subnet-0a1b2c3d4e5f60004, ip: 10.30.2.10}
    security_group_ids: [sg-0a1b2c3d4e5f60005]

- name: A dual-stack inbound endpoint answering DNS over port 53 and over HTTPS
  vpcmesh.aws.resolver_endpoint:
    region: us-east-2
    name: mesh-us-east-2-inbound-doh
    direction: inbound
    protocols: [Do53, DoH]
    endpoint_type: dualstack
    ip_addresses:
      - {subnet_id: subnet-0a1b2c3d4e5f60001, ipv6: "2600:1f16:0:1::10"}
      - {subnet_id: subnet-0a1b2c3d4e5f60002}
    security_group_ids: [sg-0a1b2c3d4e5f60006]

- name: Delete the inbound endpoint (and its DNS security group)
  vpcmesh.aws.resolver_endpoint:
    region: us-east-2
    name: mesh-us-east-2-inbound
    direction: inbound
    dns_security_group: {}
    state: absent
"""

RETURN = r"""
endpoint:
  description: The endpoint after the run (predicted in check mode, with null IDs for what does not exist yet);
    empty when absent.
  returned: always
  type: dict
  contains:
    id:
      description: Endpoint ID.
      type: str
      sample: rslvr-in-0123456789abcdef0
    arn:
      description: Endpoint ARN.
      type: str
    name:
      description: Endpoint name.
      type: str
    direction:
      description: C(inbound) or C(outbound).
      type: str
    vpc_id:
      description: The VPC the endpoint lives in.
      type: str
    status:
      description: C(CREATING), C(OPERATIONAL), C(UPDATING), C(AUTO_RECOVERING), C(ACTION_NEEDED), C(DELETING).
      type: str
    status_message:
      description: AWS's message for the status.
      type: str
    security_group_ids:
      description: Security groups of the endpoint.
      type: list
      elements: str
    creator_request_id:
      description: The idempotency token the endpoint was created with.
      type: str
    protocols:
      description: The protocols of the endpoint (C(Do53), C(DoH), C(DoH-FIPS)), sorted.
      type: list
      elements: str
    endpoint_type:
      description: C(ipv4), C(ipv6) or C(dualstack).
      type: str
    ip_address_count:
      description: Number of IP addresses.
      type: int
    ip_addresses:
      description: The addresses (ip, ipv6, subnet_id, ip_id, status).
      type: list
      elements: dict
    tags:
      description: Tags of the endpoint.
      type: dict
endpoint_id:
  description: ID of the endpoint (null in check mode before it exists, or when absent).
  returned: always
  type: str
ip_addresses:
  description: The IPv4 addresses the endpoint answers on, sorted (for forwarding rules' targets).
  returned: always
  type: list
  elements: str
  sample: [10.31.1.4, 10.31.2.4]
ipv6_addresses:
  description: The IPv6 addresses the endpoint answers on, sorted (empty for an C(ipv4) endpoint).
  returned: always
  type: list
  elements: str
security_group_id:
  description: ID of the group managed through O(dns_security_group) (null when not used, or not created yet
    in check mode).
  returned: always
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
      description: Service and API name, for example C(route53resolver:CreateResolverEndpoint).
      type: str
    region:
      description: Region the call is made in.
      type: str
    side:
      description: Always C(requester) (the caller's account).
      type: str
    params:
      description: Parameters of the call.
      type: dict
    description:
      description: What the call does, in words.
      type: str
actions_left:
  description:
    - When the run fails after it started on its plan, the planned write calls it did not make (same shape as
      RV(actions)); RV(actions) then lists the calls that were made and C(changed) says whether any was.
  returned: on failure after the plan started
  type: list
  elements: dict
diff:
  description: The endpoint before and after.
  returned: always
  type: dict
results:
  description: With O(endpoints), each item's result (the keys above, as the same options alone return them), in
    item order; a failed item has C(failed) and C(msg) instead.
  returned: when O(endpoints) is given
  type: list
  elements: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.batch import BatchForm
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import quota_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_endpoint_runner import ResolverEndpointRunner


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        direction=dict(type="str", choices=["inbound", "outbound"], required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        subnet_ids=dict(type="list", elements="str"),
        ip_addresses=dict(type="list", elements="dict", options=dict(
            subnet_id=dict(type="str", required=True), ip=dict(type="str"), ipv6=dict(type="str"))),
        protocols=dict(type="list", elements="str", choices=["Do53", "DoH", "DoH-FIPS"]),
        endpoint_type=dict(type="str", choices=["ipv4", "ipv6", "dualstack"]),
        vpc_id=dict(type="str"),
        security_group_ids=dict(type="list", elements="str"),
        dns_security_group=dict(type="dict", options=dict(
            name=dict(type="str"), allowed_cidrs=dict(type="list", elements="str", default=[]))),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
        **quota_spec(),
    )
    form = BatchForm(argument_spec, ["name", "direction"], key="endpoints",
                     mutually_exclusive=[["subnet_ids", "ip_addresses"]])
    module = form.module()
    module.exit_json(**form.run(module, ResolverEndpointRunner))


if __name__ == "__main__":
    main()
