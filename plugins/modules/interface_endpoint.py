#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: interface_endpoint
short_description: An interface VPC endpoint to an endpoint service, also one of another region
version_added: 0.1.0
description:
  - "Ensures one interface VPC endpoint (AWS PrivateLink, consumer side) in O(vpc_id) to the endpoint service
    O(service_name), which may be hosted in another region (O(service_region), native cross-region PrivateLink:
    the service must list O(region) among its supported regions, see M(vpcmesh.aws.endpoint_service))."
  - "The endpoint is found by its VPC, its service name and its service region, so a re-run never creates a
    second one; the create call carries a client token derived from the region, the account, the VPC, the
    service and its region."
  - "Only endpoints that carry the tag C(vpcmesh:managed-by=vpcmesh.aws) are changed or deleted; the module sets
    it on every endpoint it creates. An endpoint found without it fails the run before any write."
  - "Every call is made by the caller (the consumer) in O(region). Acceptance, where the service requires it, is
    the provider's call in the service's region and account: run M(vpcmesh.aws.endpoint_service) there with
    O(vpcmesh.aws.endpoint_service#module:accept_connections) and the provider's credentials. A new endpoint is
    waited for until it is C(available) or C(pendingAcceptance)."
  - Supports check mode (the planned calls are returned in RV(actions) and nothing is written) and diff.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  vpc_id:
    description: The consumer VPC, in O(region).
    type: str
    required: true
  service_name:
    description: Name of the endpoint service (C(com.amazonaws.vpce.<service region>.vpce-svc-...)).
    type: str
    required: true
  service_region:
    description:
      - Region the service is hosted in. Omitted, the service is in O(region).
      - Another region makes a cross-region endpoint (C(ServiceRegion) of C(CreateVpcEndpoint)).
    type: str
  subnet_ids:
    description:
      - Subnets of O(vpc_id) the endpoint has an address in (one per Availability Zone). Required to create it;
        on an existing endpoint, subnets not listed are removed. V(null) keeps them.
    type: list
    elements: str
  security_group_ids:
    description:
      - Security groups of the endpoint's network interfaces (the VPC's default group when none is given on
        create); on an existing endpoint, groups not listed are removed. V(null) keeps them.
    type: list
    elements: str
  private_dns_enabled:
    description:
      - Whether the service's private DNS name (for an endpoint service, its verified
        O(vpcmesh.aws.endpoint_service#module:private_dns_name)) resolves to the endpoint in the VPC; the VPC needs
        DNS support and DNS hostnames.
      - Set on create (V(false) when V(null)), changed with C(ModifyVpcEndpoint) C(PrivateDnsEnabled). V(null) leaves
        an existing endpoint as it is.
    type: bool
  ip_address_type:
    description:
      - IP addresses of the endpoint's network interfaces (C(IpAddressType)), V(ipv4), V(dualstack) or V(ipv6). Set
        on create (AWS's default, V(ipv4), when V(null)), changed with C(ModifyVpcEndpoint). V(null) keeps it.
      - "Checked before any write: the service must support what the type needs (V(ipv4) ipv4, V(ipv6) ipv6,
        V(dualstack) both; C(DescribeVpcEndpointServices), asked for O(service_region), see
        O(vpcmesh.aws.endpoint_service#module:supported_ip_address_types)), and the subnets must have the ranges it
        needs (V(dualstack) IPv4 and IPv6 ranges, V(ipv6) IPv6-only subnets; C(DescribeSubnets)). A service the
        caller cannot see (a check-mode stand-in) is not checked."
    type: str
    choices: [ipv4, ipv6, dualstack]
  dns_options:
    description:
      - DNS options of the endpoint (C(DnsOptions)), set on create and changed with C(ModifyVpcEndpoint); each
        sub-option left V(null) keeps its value.
    type: dict
    suboptions:
      dns_record_ip_type:
        description:
          - Records the endpoint's DNS names get (C(DnsRecordIpType)); V(ipv4) A records, V(ipv6) AAAA, V(dualstack)
            both, V(service-defined) what the service says. AWS's default is the endpoint's IP address type.
          - It must fit O(ip_address_type); an ipv4 endpoint takes V(ipv4) or V(service-defined), an ipv6 one V(ipv6)
            or V(service-defined), a dualstack one any. Changing O(ip_address_type) so that the current record type no
            longer fits needs this option too.
        type: str
        choices: [ipv4, ipv6, dualstack, service-defined]
      private_dns_only_for_inbound_resolver_endpoint:
        description:
          - Resolve the private DNS name to the endpoint only for queries from inbound Resolver endpoints
            (C(PrivateDnsOnlyForInboundResolverEndpoint)); for AWS services with gateway and interface endpoints (S3),
            with O(private_dns_enabled=true).
        type: bool
  state:
    description: V(present) creates or updates the endpoint; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  tags:
    description:
      - Tags of the endpoint. The ownership tag C(vpcmesh:managed-by=vpcmesh.aws) is always added. V(null) keeps
        the tags.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description: Remove tags not listed in O(tags) (never the ownership tag, nor C(aws:) tags).
    type: bool
    default: true
  wait:
    description: After creating the endpoint, wait until it is C(available) or C(pendingAcceptance).
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for a new endpoint.
    type: int
    default: 300
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions: C(ec2:DescribeVpcEndpoints), C(ec2:CreateVpcEndpoint), C(ec2:ModifyVpcEndpoint),
    C(ec2:DeleteVpcEndpoints), C(ec2:CreateTags), C(ec2:DeleteTags), C(sts:GetCallerIdentity),
    C(ec2:DescribeVpcEndpointServices) and C(ec2:DescribeSubnets) (for O(ip_address_type)), and
    C(vpce:AllowMultiRegion) for O(service_region)."
"""

EXAMPLES = r"""
- name: Reach a service of us-west-2 from a VPC of eu-west-1, without peering
  vpcmesh.aws.interface_endpoint:
    region: eu-west-1
    vpc_id: vpc-0123456789abcdef0
    service_name: com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0
    service_region: us-west-2
    subnet_ids: [subnet-0123456789abcdef0]
    security_group_ids: [sg-0123456789abcdef0]
    tags:
      Name: api-from-eu
  register: endpoint

- name: The same endpoint over IPv4 and IPv6, with A and AAAA records, resolving the service's private DNS name
  vpcmesh.aws.interface_endpoint:
    region: eu-west-1
    vpc_id: vpc-0123456789abcdef0
    service_name: com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0
    service_region: us-west-2
    ip_address_type: dualstack
    dns_options:
      dns_record_ip_type: dualstack
    private_dns_enabled: true
"""

RETURN = r"""
vpc_endpoint_id:
  description: ID of the endpoint (null in check mode before it exists, or when absent).
  returned: always
  type: str
  sample: vpce-0123456789abcdef0
endpoint:
  description: The endpoint after the run (predicted in check mode); empty when there is none.
  returned: always
  type: dict
  contains:
    vpc_endpoint_id:
      description: Endpoint ID.
      type: str
    vpc_id:
      description: The consumer VPC.
      type: str
    service_name:
      description: The service.
      type: str
    service_region:
      description: The service's region.
      type: str
    state:
      description: C(pendingAcceptance), C(available), ...
      type: str
    subnet_ids:
      description: Subnets of the endpoint.
      type: list
      elements: str
    security_group_ids:
      description: Security groups of the endpoint.
      type: list
      elements: str
    dns_names:
      description: The endpoint's DNS names (regional first, then zonal).
      type: list
      elements: str
    ip_address_type:
      description: C(ipv4), C(dualstack) or C(ipv6).
      type: str
    dns_options:
      description: The endpoint's DNS options.
      type: dict
      contains:
        dns_record_ip_type:
          description: C(ipv4), C(ipv6), C(dualstack) or C(service-defined).
          type: str
        private_dns_only_for_inbound_resolver_endpoint:
          description: Whether private DNS answers only inbound Resolver endpoints (null when AWS does not say).
          type: bool
    private_dns_enabled:
      description: Whether the service's private DNS name resolves to the endpoint in the VPC.
      type: bool
    tags:
      description: Tags of the endpoint.
      type: dict
changed:
  description: Whether any write call was made (or would be, in check mode).
  returned: always
  type: bool
actions:
  description: The AWS write calls made, or planned in check mode, in order (call, region, side, params, description).
  returned: always
  type: list
  elements: dict
diff:
  description: The endpoint before and after.
  returned: always
  type: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.interface_endpoint_runner import InterfaceEndpointRunner
from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module


def main():
    argument_spec = dict(
        vpc_id=dict(type="str", required=True),
        service_name=dict(type="str", required=True),
        service_region=dict(type="str"),
        subnet_ids=dict(type="list", elements="str"),
        security_group_ids=dict(type="list", elements="str"),
        private_dns_enabled=dict(type="bool"),
        ip_address_type=dict(type="str", choices=["ipv4", "ipv6", "dualstack"]),
        dns_options=dict(type="dict", options=dict(
            dns_record_ip_type=dict(type="str", choices=["ipv4", "ipv6", "dualstack", "service-defined"]),
            private_dns_only_for_inbound_resolver_endpoint=dict(type="bool"),
        )),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
    )
    module = aws_module(argument_spec, supports_check_mode=True)
    module.exit_json(**InterfaceEndpointRunner(module).run())


if __name__ == "__main__":
    main()
