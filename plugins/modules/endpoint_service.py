#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: endpoint_service
short_description: Publish Network Load Balancers as a VPC endpoint service, with allowed principals and acceptance
version_added: 0.1.0
description:
  - Ensures one VPC endpoint service (AWS PrivateLink, provider side) for the Network Load Balancers in
    O(network_load_balancer_arns), the principals allowed to connect to it, and the acceptance of pending
    endpoint connections.
  - "The service is found by its load balancers: a live service that serves any of them is the one managed,
    so a re-run or a run after an interruption never creates a second one. O(service_id) names a known service
    instead. The create call also carries a client token derived from the region, the account, the load
    balancer ARNs and the other create parameters, so a retried create gets the same service. AWS remembers a
    token after its service is deleted and answers it with that service; the module then takes the next token
    derived from the same inputs, so O(state=absent) followed by O(state=present) makes a new service."
  - "Only services that carry the tag C(vpcmesh:managed-by=vpcmesh.aws) are changed or deleted. The module
    sets that tag on every service it creates and never removes it. A service found without it fails the run
    before any write, naming the service."
  - "Every call is made by the caller (the service owner) in O(region), which must be the load balancers'
    region. Consumers connect from their own accounts with interface endpoints (for example
    M(amazon.aws.ec2_vpc_endpoint)); the module sees their connections and accepts them when
    O(accept_connections) is true."
  - "Before any write: each load balancer ARN must be well formed and in O(region), each load balancer the
    service would gain must exist and be of type C(network), and every principal must be an ARN, an account
    ID, a service principal or C(*)."
  - Supports check mode (the planned calls are returned in RV(actions) and nothing is written) and diff.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  network_load_balancer_arns:
    description:
      - ARNs of the Network Load Balancers the service publishes, all in O(region).
      - Required to create a service. On an existing service, load balancers not listed are detached and
        listed ones attached. V(null) with O(service_id) keeps the service's load balancers.
    type: list
    elements: str
    aliases: [nlb_arns]
  service_id:
    description:
      - Act on this known service (C(vpce-svc-...)) instead of finding it by its load balancers.
    type: str
  planned_load_balancers:
    description:
      - Check mode only; ignored in a real run, which needs O(network_load_balancer_arns) (or O(service_id)).
      - Names of Network Load Balancers in O(region) that an earlier task of the same check-mode run only plans to
        create (for example C(community.aws.elb_network_lb), which does not run in check mode), so they have no ARN
        yet. They count as load balancers of the service, with the stand-in ARN C((new load balancer NAME)); no
        service can serve a load balancer that does not exist yet, so with no O(network_load_balancer_arns) the
        module plans the service's create and its principals, and RV(actions) lists the writes the real run then
        makes.
      - Give only names of load balancers that do not exist yet; an existing one goes in
        O(network_load_balancer_arns).
    type: list
    elements: str
  state:
    description:
      - V(present) creates or updates the service; V(absent) deletes it.
      - AWS deletes a service only when no endpoint connection to it is C(available) or C(pendingAcceptance).
        With such connections V(absent) fails before any write, listing them, unless O(reject_connections)
        is true.
    type: str
    choices: [present, absent]
    default: present
  acceptance_required:
    description:
      - Whether endpoint connections from other accounts must be accepted by the owner (with
        O(accept_connections) or otherwise) before they carry traffic. Endpoints of the owner's own account
        are accepted by AWS at once.
      - V(null) leaves an existing service as it is and creates a new one with acceptance required.
    type: bool
  allowed_principals:
    description:
      - Principals allowed to create interface endpoints to the service and to see it in
        C(DescribeVpcEndpointServices). An IAM ARN (C(arn:aws:iam::222222222222:root) for a whole account,
        or a role or user ARN), a 12-digit account ID (turned into its C(root) ARN in the load balancers'
        partition), a service principal (C(*.amazonaws.com)) or C(*) (everyone).
      - Added to the service's principals; those not listed are removed only with O(purge_principals).
        V(null) leaves the principals as they are.
    type: list
    elements: str
  purge_principals:
    description:
      - Remove allowed principals not listed in O(allowed_principals). Ignored when O(allowed_principals) is
        V(null); with an empty list, removes every principal.
    type: bool
    default: false
  accept_connections:
    description:
      - Accept the service's endpoint connections that are C(pendingAcceptance) (those of O(accept_from) only,
        when given). Connections in other states are left as they are.
    type: bool
    default: false
  accept_from:
    description:
      - Limits O(accept_connections) to these endpoint IDs (C(vpce-...)) and endpoint owners (an account ID, or
        any principal ARN of that account). Empty accepts every pending connection.
    type: list
    elements: str
    default: []
  reject_connections:
    description:
      - With O(state=absent), reject the service's C(available) and C(pendingAcceptance) endpoint connections
        before deleting it. The consumers' endpoints stay in their accounts, in state C(rejected).
    type: bool
    default: false
  tags:
    description:
      - Tags of the service. The ownership tag C(vpcmesh:managed-by=vpcmesh.aws) is always added.
        V(null) leaves the tags as they are.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Remove tags not listed in O(tags) (never the ownership tag, nor tags whose key starts with C(aws:)).
    type: bool
    default: true
  supported_regions:
    description:
      - Regions other than O(region) whose consumers may connect to the service with an interface endpoint that
        names O(region) as its service region (C(ServiceRegion) of C(CreateVpcEndpoint); native cross-region
        PrivateLink).
      - "The service's own region, O(region), is always supported: listing it changes nothing, and it is never
        removed."
      - The listed regions are added; with O(purge_supported_regions) (the default) the service's other regions
        are removed, so the service is offered in exactly O(region) and these. V(null) leaves them as they are;
        an empty list with O(purge_supported_regions) leaves only O(region).
      - "Each region's state (C(Pending), C(Available), ...) is returned in RV(service.supported_region_states).
        Both regions must be ones where AWS offers cross-region PrivateLink."
    type: list
    elements: str
  purge_supported_regions:
    description:
      - Remove supported regions not listed in O(supported_regions) (never O(region)). Ignored when
        O(supported_regions) is V(null).
    type: bool
    default: true
  private_dns_name:
    description:
      - The service's private DNS name (C(PrivateDnsName)), for example C(api.example.com). In consumer VPCs whose
        endpoints have private DNS enabled it resolves to the endpoint, so clients keep the name they use outside.
        Set on create, or changed with C(ModifyVpcEndpointServiceConfiguration), in O(region) by the caller.
      - "Consumers can use it only once AWS has verified that the domain is the provider's: a public TXT record
        (RV(service.private_dns_verification_record)) then C(StartVpcEndpointServicePrivateDnsVerification). See
        O(private_dns_verification) to have the module do both; the state is returned in
        RV(service.private_dns_name_configuration.state)."
      - An empty string removes the name (C(RemovePrivateDnsName)); the verification record is left in its zone.
        V(null) leaves the name as it is.
      - Lower case, without the trailing dot; a leading C(*.) is allowed.
    type: str
  private_dns_verification:
    description:
      - Prove the domain of O(private_dns_name) with a TXT record in a Route 53 public hosted zone of ours, and
        start AWS's verification.
      - The record is C(<verification name>.<zone's domain>) with AWS's verification value
        (C(PrivateDnsNameConfiguration) C(Name) and C(Value)). It is written with C(ChangeResourceRecordSets)
        C(UPSERT) only when it does not hold that value (other TXT values at that name are kept), and awaited until
        Route 53 reports the change C(INSYNC) (C(GetChange)). Then C(StartVpcEndpointServicePrivateDnsVerification)
        is called in O(region), only when the record was written, the name is new, the last verification C(failed),
        or the module never started this name's verification; after a start the module tags the service
        C(vpcmesh:private-dns-verification) (a digest of the name and AWS's value), since AWS does not say whether a
        check is under way. A name C(verified), or C(pendingVerification) after the module's start with nothing
        changed (AWS is checking), gets no call, so a second run writes nothing; a run interrupted between the
        record and the start is completed by the next one. The tag is never purged by O(purge_tags).
      - The zone must be public, and its domain must be the private DNS name or a parent of it (AWS accepts the
        record under C(example.com) for C(api.example.com)). Both are checked before any write.
      - "In check mode the record's name and value of a name set in the same run are not known yet: the planned
        C(UPSERT) shows stand-ins, which the real run replaces with AWS's values."
      - Route 53 calls are made with O(private_dns_verification.credentials) when given (the zone's account), else
        by the caller; they are signed for C(us-east-1) (Route 53 is global).
    type: dict
    suboptions:
      hosted_zone_id:
        description: ID of the public hosted zone of the domain (C(Z...), with or without C(/hostedzone/)).
        type: str
        required: true
      ttl:
        description: TTL of the TXT record, in seconds (only when the module writes it).
        type: int
        default: 1800
      wait:
        description:
          - After starting the verification, wait until AWS reports the name C(verified); fail when it reports
            C(failed) or O(private_dns_verification.wait_timeout) passes. AWS may take a while (minutes or more).
        type: bool
        default: false
      wait_timeout:
        description:
          - Seconds to wait for the record to be C(INSYNC), and with O(private_dns_verification.wait) for the name
            to be verified.
        type: int
        default: 300
      credentials:
        description:
          - Credentials of the account that owns the hosted zone, when it is not the service's account. They make the
            Route 53 calls (C(GetHostedZone), C(ListResourceRecordSets), C(ChangeResourceRecordSets), C(GetChange)).
          - Give exactly one of O(private_dns_verification.credentials.profile),
            O(private_dns_verification.credentials.role_arn) or O(private_dns_verification.credentials.access_key).
            A role is assumed with the module's own credentials.
        type: dict
        suboptions:
          profile:
            description: Named profile of the zone's account.
            type: str
          role_arn:
            description: ARN of a role in the zone's account to assume with C(sts:AssumeRole).
            type: str
          role_session_name:
            description: Session name used when assuming O(private_dns_verification.credentials.role_arn).
            type: str
            default: vpcmesh-aws
          external_id:
            description: External ID required by the role's trust policy, if any.
            type: str
          access_key:
            description: Access key ID of the zone's account.
            type: str
          secret_key:
            description: Secret access key going with O(private_dns_verification.credentials.access_key).
            type: str
          session_token:
            description: Session token for temporary keys.
            type: str
  supported_ip_address_types:
    description:
      - IP address types consumers may connect over (C(SupportedIpAddressTypes)), V(ipv4), V(ipv6) or both.
        Exactly this set. On create it is sent as given; on an existing service the difference is added and
        removed (C(AddSupportedIpAddressTypes), C(RemoveSupportedIpAddressTypes)), in O(region) by the caller.
      - V(ipv6) needs every Network Load Balancer of the service to have IP address type C(dualstack) (PrivateLink
        Guide, IP address types); the load balancers are read (C(DescribeLoadBalancers)) and an IPv4-only one is
        refused before any write.
      - V(null) leaves the types as they are; a new service then supports V(ipv4) only (AWS's default).
    type: list
    elements: str
    choices: [ipv4, ipv6]
  wait:
    description:
      - After creating a service, wait until it is C(Available) (AWS shows it C(Pending) for a moment; consumers
        cannot connect before).
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for a new service to become C(Available).
    type: int
    default: 300
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions: C(ec2:DescribeVpcEndpointServiceConfigurations), C(ec2:DescribeVpcEndpointServicePermissions),
    C(ec2:DescribeVpcEndpointConnections), C(ec2:CreateVpcEndpointServiceConfiguration),
    C(ec2:ModifyVpcEndpointServiceConfiguration), C(ec2:ModifyVpcEndpointServicePermissions),
    C(vpce:AllowMultiRegion) (for O(supported_regions)),
    C(ec2:StartVpcEndpointServicePrivateDnsVerification), C(route53:GetHostedZone), C(route53:ListResourceRecordSets),
    C(route53:ChangeResourceRecordSets), C(route53:GetChange) (for O(private_dns_verification)),
    C(ec2:AcceptVpcEndpointConnections), C(ec2:RejectVpcEndpointConnections),
    C(ec2:DeleteVpcEndpointServiceConfigurations), C(ec2:CreateTags), C(ec2:DeleteTags),
    C(elasticloadbalancing:DescribeLoadBalancers), C(sts:GetCallerIdentity)."
  - "A load balancer cannot be deleted while an endpoint service uses it: delete the service first."
  - "For a whole provider-outpost-consumer chain (peering, load balancer with IP targets across the peering,
    service, consumer endpoint), use the C(vpcmesh.aws.privatelink_outpost) role."
"""

EXAMPLES = r"""
- name: Publish an internal NLB to one consumer account, no acceptance needed
  vpcmesh.aws.endpoint_service:
    region: us-west-2
    network_load_balancer_arns:
      - arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/outpost/0123456789abcdef
    acceptance_required: false
    allowed_principals:
      - "222222222222"
    tags:
      Name: outpost-api
  register: service

- name: Create an internal NLB (the module does not run in check mode, so check mode has no ARN)
  community.aws.elb_network_lb:
    name: outpost
    region: us-west-2
    scheme: internal
    subnets: [subnet-0123456789abcdef0]
    state: present
  register: nlb

- name: Publish it; in check mode, plan the service over the load balancer the task above would create
  vpcmesh.aws.endpoint_service:
    region: us-west-2
    network_load_balancer_arns: "{{ [nlb.load_balancer_arn] if nlb.load_balancer_arn is defined else omit }}"
    planned_load_balancers: "{{ ['outpost'] if ansible_check_mode and nlb.load_balancer_arn is not defined else omit }}"
    allowed_principals:
      - "222222222222"

- name: Offer the service to consumers in eu-west-1 too (native cross-region PrivateLink)
  vpcmesh.aws.endpoint_service:
    region: us-west-2
    service_id: "{{ service.service_id }}"
    supported_regions: [eu-west-1]
    allowed_principals:
      - "222222222222"

- name: Give the service a private DNS name, prove the domain with a record in our public zone, wait until verified
  vpcmesh.aws.endpoint_service:
    region: us-west-2
    service_id: "{{ service.service_id }}"
    private_dns_name: api.example.com
    private_dns_verification:
      hosted_zone_id: Z0123456789ABCDEFGHIJ
      wait: true
      wait_timeout: 900
  register: named

- name: The TXT record to create by hand when the domain's DNS is elsewhere
  ansible.builtin.debug:
    var: named.service.private_dns_verification_record

- name: Offer the service over IPv4 and IPv6 (its load balancers are dualstack)
  vpcmesh.aws.endpoint_service:
    region: us-west-2
    service_id: "{{ service.service_id }}"
    supported_ip_address_types: [ipv4, ipv6]

- name: Allow exactly these principals (remove any other)
  vpcmesh.aws.endpoint_service:
    region: us-west-2
    service_id: "{{ service.service_id }}"
    allowed_principals:
      - arn:aws:iam::222222222222:root
      - arn:aws:iam::333333333333:role/consumer
    purge_principals: true

- name: Accept the pending connection of one consumer account
  vpcmesh.aws.endpoint_service:
    region: us-west-2
    service_id: "{{ service.service_id }}"
    accept_connections: true
    accept_from:
      - "222222222222"

- name: Delete the service (after the consumers deleted their endpoints)
  vpcmesh.aws.endpoint_service:
    region: us-west-2
    service_id: "{{ service.service_id }}"
    state: absent
"""

RETURN = r"""
service_id:
  description: ID of the service (null in check mode before it exists, or when absent).
  returned: always
  type: str
  sample: vpce-svc-0123456789abcdef0
service_name:
  description: Name consumers use to create interface endpoints (null as for RV(service_id)).
  returned: always
  type: str
  sample: com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0
service:
  description: The service after the run (predicted in check mode); empty when there is none.
  returned: always
  type: dict
  contains:
    service_id:
      description: Service ID.
      type: str
    service_name:
      description: Service name.
      type: str
    service_state:
      description: C(Pending), C(Available), C(Deleting), C(Deleted) or C(Failed).
      type: str
    acceptance_required:
      description: Whether connections must be accepted.
      type: bool
    network_load_balancer_arns:
      description: The load balancers the service publishes.
      type: list
      elements: str
    supported_regions:
      description: Regions consumers may connect from, the service's own region first.
      type: list
      elements: str
    supported_region_states:
      description: Each supported region (C(region)) with the service's state there (C(state)), own region first.
      type: list
      elements: dict
    availability_zones:
      description: Availability zones the service is offered in (those of its load balancers).
      type: list
      elements: str
    base_endpoint_dns_names:
      description: DNS names of the service.
      type: list
      elements: str
    private_dns_name:
      description: The service's private DNS name, if any.
      type: str
    private_dns_name_configuration:
      description:
        - The domain verification of RV(service.private_dns_name) (C(PrivateDnsNameConfiguration)); null without a
          name. In check mode, a name set in the run has C(name) and C(value) null.
      type: dict
      contains:
        state:
          description: C(pendingVerification), C(verified) or C(failed); consumers can use the name once C(verified).
          type: str
        type:
          description: The verification record's type, C(TXT).
          type: str
        name:
          description: First label(s) of the verification record's name, as AWS gives it (for example C(_a1b2c3d4)).
          type: str
        value:
          description: The text the record must hold.
          type: str
    private_dns_verification_record:
      description:
        - The TXT record that proves the domain, ready for a DNS provider (null while AWS gave no name and value).
          Its name is under the zone of O(private_dns_verification), else under the private DNS name itself.
      type: dict
      contains:
        hosted_zone_id:
          description: The zone of O(private_dns_verification) (null without it).
          type: str
        name:
          description: Full record name, with the trailing dot.
          type: str
        type:
          description: C(TXT).
          type: str
        value:
          description: The record's value, in double quotes as Route 53 stores it.
          type: str
    supported_ip_address_types:
      description: IP address types consumers may connect over (C(ipv4), C(ipv6)).
      type: list
      elements: str
    allowed_principals:
      description: Principals allowed to connect.
      type: list
      elements: str
    connections:
      description: Endpoint connections to the service (vpc_endpoint_id, owner, state).
      type: list
      elements: dict
    tags:
      description: Tags of the service.
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
      description: Service and API name, for example C(ec2:ModifyVpcEndpointServicePermissions).
      type: str
    region:
      description: Region the call is made in.
      type: str
    side:
      description: Whose account makes the call (always C(owner), the service owner).
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
  description: The service before and after.
  returned: always
  type: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service_runner import EndpointServiceRunner
from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec


def main():
    argument_spec = dict(
        network_load_balancer_arns=dict(type="list", elements="str", aliases=["nlb_arns"]),
        service_id=dict(type="str"),
        planned_load_balancers=dict(type="list", elements="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        acceptance_required=dict(type="bool"),
        allowed_principals=dict(type="list", elements="str"),
        purge_principals=dict(type="bool", default=False),
        accept_connections=dict(type="bool", default=False),
        accept_from=dict(type="list", elements="str", default=[]),
        reject_connections=dict(type="bool", default=False),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        supported_regions=dict(type="list", elements="str"),
        purge_supported_regions=dict(type="bool", default=True),
        private_dns_name=dict(type="str"),
        private_dns_verification=dict(type="dict", options=dict(
            hosted_zone_id=dict(type="str", required=True),
            ttl=dict(type="int", default=1800),
            wait=dict(type="bool", default=False),
            wait_timeout=dict(type="int", default=300),
            credentials=credentials_spec(),
        )),
        supported_ip_address_types=dict(type="list", elements="str", choices=["ipv4", "ipv6"]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
    )
    module = aws_module(
        argument_spec,
        required_one_of=[["network_load_balancer_arns", "service_id", "planned_load_balancers"]],
        supports_check_mode=True,
    )
    module.exit_json(**EndpointServiceRunner(module).run())


if __name__ == "__main__":
    main()
