#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: connectivity_check
short_description: Check from AWS state that names resolve and packets get there and back over VPC peering
version_added: 0.1.0
description:
  - Answers, for each flow, "will this name resolve from that VPC, and will the packets reach the address and
    come back", from AWS state alone. No packet is sent and nothing is changed (read-only, C(changed) is always
    false).
  - "Name resolution, as the source VPC's Route 53 Resolver would do it: the most specific of the Resolver rules
    (forward and system) associated with the VPC, the private hosted zones associated with it, the private DNS of
    its interface endpoints, and the EC2 private names (C(ip-a-b-c-d.ec2.internal) in us-east-1,
    C(ip-a-b-c-d.<region>.compute.internal) elsewhere). At equal specificity a rule wins over a zone. CNAME chains
    and alias records are followed, and loops are reported. A zone that matches but lacks the record answers
    NXDOMAIN. EC2 names of a peered VPC resolve only when that VPC's side of the peering allows DNS resolution from
    the remote VPC. Private hosted zones and endpoint private DNS need the VPC's DNS support and DNS hostnames on."
  - "A forwarding rule is followed to where it leads: the query must get from the rule's outbound endpoint to a
    target IP (UDP 53, with the same path checks as below), the target must be an inbound Resolver endpoint read,
    and the name is then resolved as that endpoint's VPC would. The public vpce DNS names of interface endpoints
    resolve to the endpoint's addresses from anywhere; other names under C(amazonaws.com) that nothing private
    answers resolve to public addresses, which this module reports as not reachable privately. A public EC2
    hostname (C(ec2-a-b-c-d.<region>.compute.amazonaws.com)) answers the interface's private address in its own VPC,
    and in a peered VPC when the peering allows DNS resolution from the remote VPC on the owner's side; its public
    address otherwise."
  - "Names are asked of the DNS servers of the source VPC's DHCP option set. When the first one is not the Amazon DNS
    server (C(AmazonProvidedDNS), the VPC's base address plus two), the flow stops with C(dns-servers): what a DNS
    server of your own answers cannot be read from AWS."
  - "The path, from each source subnet to each address: the subnet's route table (its own, else the VPC's main one;
    the longest matching prefix wins) must send the address to C(local) or to an active peering connection whose
    other VPC holds the address (peering is not transitive); the address must belong to a network interface in a
    subnet there; the source's security groups and network ACL must let the request out, the destination's network
    ACL and security groups must let it in, the destination subnet's route table must send replies back over the
    same peering, and both network ACLs must let the replies through to the source's ephemeral ports
    (O(ephemeral_ports)). A security group rule that references a group in another region never matches (AWS does
    not support it); references across VPCs and accounts are listed in RV(flows[].security_group_references)."
  - "Reads, in the region and account of each VPC: the VPCs the flows name, their peers, and for DNS the VPCs of
    the Resolver endpoints their rules use, in rounds; per round and region one filtered describe per resource kind.
    Route 53 is read once per account that has credentials. A VPC in an account without credentials is not read and
    a path through it is reported as not verifiable."
  - "Only for a flow to O(flows[].destination.vpc_endpoint): the provider side of the endpoint's service, in the
    service's region (its C(ServiceRegion), else the endpoint's region) - one DescribeVpcEndpointServiceConfigurations
    filtered by service name per account with credentials; the account whose answer lists the service owns it, and
    its credentials read the service's Network Load Balancers, their listeners, target groups and targets' health
    there. A service no account with credentials owns is not read; its C(endpoint-service) hop says so and does not
    block."
  - The result also describes the topology read (VPCs, peerings, private hosted zones, Resolver rules and endpoints,
    interface endpoints) as data, as a Mermaid graph and as Graphviz DOT text. C(scripts/render-topology) in the
    collection's source turns the DOT text into an SVG when Graphviz is installed.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  flows:
    description:
      - The flows to check, each from a source VPC to a destination name or address.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: A label for the flow, used in messages and results. Defaults to C(flows[<index>]).
        type: str
      source:
        description: Where the traffic starts. Read in O(flows[].source.region) with O(flows[].source.credentials).
        type: dict
        required: true
        suboptions:
          vpc_id:
            description: The source VPC. Names are resolved as this VPC's Resolver would.
            type: str
            required: true
          region:
            description: Region of O(flows[].source.vpc_id). Defaults to the module's O(region).
            type: str
          subnet_ids:
            description:
              - Source subnets of O(flows[].source.vpc_id); each is checked, and the flow is reachable only when
                every one reaches every address.
              - Defaults to every subnet of the VPC, so a route missing in one route table is found.
              - Mutually exclusive with O(flows[].source.private_ip).
            type: list
            elements: str
            aliases: [subnet_id]
          private_ip:
            description:
              - The source address, which must belong to a network interface in the VPC. Its subnet is the source
                subnet, and its security groups are checked for the outbound rule. Without it, each workload
                network interface of the source subnet is tried (one that gets through is enough), and a subnet
                without one is taken as an instance with the VPC's default security group
                (C(source.assumed) in RV(flows[].paths) says so).
            type: str
          credentials:
            description:
              - Credentials of the account that owns the source VPC when it is not the caller's, as
                O(vpcmesh.aws.cross_region_peering#module:peer_credentials) takes them. A role is assumed with the
                module's own credentials.
              - Credentials given for an account in any flow are used for every VPC of that account the check
                reads (peers too).
            type: dict
            suboptions: &credentials
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
      destination:
        description:
          - Where the traffic goes; give exactly one of O(flows[].destination.name), O(flows[].destination.ip) and
            O(flows[].destination.vpc_endpoint).
        type: dict
        required: true
        suboptions:
          name:
            description: A DNS name, resolved from the source VPC; every address it resolves to is checked.
            type: str
          ip:
            description: A private IPv4 address.
            type: str
          vpc_endpoint:
            description:
              - An interface endpoint, by its ID, its C(Name) tag or its service name, in the source VPC (or in
                O(flows[].destination.vpc_id) when given, reached over a peering). Its regional DNS name is
                resolved from the source VPC and every address it gives is checked, as for
                O(flows[].destination.name); the name is returned as C(dns_name) in RV(flows[].destination).
              - For a consumer checking an endpoint whose DNS name exists only once it is made, for example
                the endpoint C(vpcmesh.aws.privatelink_outpost) creates (its C(Name) tag is the chain's name).
              - No such endpoint, or more than one, makes the flow unreachable, saying why.
            type: str
          vpc_id:
            description:
              - The VPC the traffic must end in; the flow fails when the address is reached in another VPC.
                Read in O(flows[].destination.region) with O(flows[].destination.credentials).
            type: str
          region:
            description: Region of O(flows[].destination.vpc_id). Defaults to the module's O(region).
            type: str
          credentials:
            description: Credentials of the account that owns the destination VPC, as for O(flows[].source.credentials).
            type: dict
            suboptions: *credentials
      port:
        description: Destination port (ignored for C(icmp)).
        type: int
        default: 443
      protocol:
        description: IP protocol of the flow.
        type: str
        choices: [tcp, udp, icmp]
        default: tcp
      expect:
        description:
          - What the flow should do; V(unreachable) declares a negative case (for example a VPC that must not reach
            another). RV(flows[].as_expected) compares the result with it, and O(fail_on_unreachable) acts on it.
        type: str
        choices: [reachable, unreachable]
        default: reachable
  fail_on_unreachable:
    description:
      - Fail the task when a flow does not do what its O(flows[].expect) says (not reachable when expected to be,
        or reachable when expected not to be). The message gives each flow's first blocking reason, and the full
        result is returned with the failure.
    type: bool
    default: false
  ephemeral_ports:
    description:
      - The source's ephemeral port range (C(low-high)), to which replies must pass the network ACLs.
        The default is the Linux range; AWS suggests C(1024-65535) to cover every client.
    type: str
    default: "32768-60999"
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions, in each account read: C(ec2:DescribeVpcs), C(ec2:DescribeVpcAttribute), C(ec2:DescribeSubnets),
    C(ec2:DescribeRouteTables), C(ec2:DescribeNetworkAcls), C(ec2:DescribeSecurityGroups),
    C(ec2:DescribeNetworkInterfaces), C(ec2:DescribeVpcEndpoints), C(ec2:DescribeVpcPeeringConnections),
    C(route53resolver:ListResolverEndpoints), C(route53resolver:ListResolverEndpointIpAddresses),
    C(route53resolver:ListResolverRules), C(route53resolver:ListResolverRuleAssociations),
    C(ec2:DescribeDhcpOptions), C(route53:ListHostedZones), C(route53:GetHostedZone), C(route53:ListResourceRecordSets),
    C(sts:GetCallerIdentity), and C(sts:AssumeRole) for a role in O(flows[].source.credentials)."
  - "Not followed: transit gateways, VPN, Direct Connect, NAT and internet gateways, gateway endpoints, load
    balancer addresses behind alias records, prefix-list rules, IPv6. A route to such a target is reported as the
    point where the check stops."
  - What the check cannot see (DNS servers of your own, host firewalls, which instance of a subnet is meant, DNS
    Firewall, state still changing) is listed in docs/connectivity-check.md.
seealso:
  - module: vpcmesh.aws.peering_dns_options
  - module: vpcmesh.aws.cross_region_peering
"""

EXAMPLES = r"""
- name: Guide 1 - api.internal resolves from us-east-1 and answers on port 80 over the peering
  vpcmesh.aws.connectivity_check:
    region: us-east-1
    fail_on_unreachable: true
    flows:
      - name: api from us-east-1
        source:
          vpc_id: vpc-0a1b2c3d4e5f60001
        destination:
          name: api.internal
          vpc_id: vpc-0a1b2c3d4e5f60002
          region: eu-west-1
        port: 80
  register: check

- name: Guide 4 - the data team (another account) reaches the database, the main VPC does not
  vpcmesh.aws.connectivity_check:
    region: us-east-1
    flows:
      - name: data team to database
        source:
          vpc_id: vpc-0a1b2c3d4e5f60005
          region: eu-west-1
          credentials:
            role_arn: arn:aws:iam::222222222222:role/network-automation
        destination:
          ip: 10.41.1.50
        port: 5432
      - name: main VPC must not reach the data team
        source:
          vpc_id: vpc-0a1b2c3d4e5f60003
        destination:
          ip: 10.0.1.10
          region: eu-west-1
        port: 5432
        expect: unreachable
    fail_on_unreachable: true

- name: Guide 2 - the consumer reaches the PrivateLink service through its interface endpoint, by DNS name
  vpcmesh.aws.connectivity_check:
    region: us-west-2
    flows:
      - name: consumer to its endpoint
        source:
          vpc_id: vpc-0a1b2c3d4e5f60012
        destination:
          vpc_endpoint: guide2-outpost  # the endpoint's Name tag; its ID or service name work too
        port: 80
    fail_on_unreachable: true

- name: Save the topology as DOT text (scripts/render-topology turns it into SVG)
  ansible.builtin.copy:
    content: "{{ check.topology.dot }}"
    dest: /tmp/guide1.dot
    mode: "0644"
"""

RETURN = r"""
flows:
  description: One result per flow, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The flow's label.
      type: str
      sample: api from us-east-1
    source:
      description: The source as checked (credentials left out; region filled in).
      type: dict
    destination:
      description:
        - The destination as checked (credentials left out; region filled in).
        - For O(flows[].destination.vpc_endpoint), C(dns_name) is the endpoint's DNS name that was resolved,
          C(service) its service's name and C(service_region) the service's region (another region than the
          endpoint's for native cross-region PrivateLink, where the endpoint names a C(ServiceRegion)).
      type: dict
    port:
      description: Destination port.
      type: int
    protocol:
      description: IP protocol.
      type: str
    expect:
      description: V(reachable) or V(unreachable), as given.
      type: str
    resolves:
      description:
        - The chain of answers for O(flows[].destination.name), each with where it came from; empty for an address.
        - Each item has C(name), C(type) (C(CNAME), C(A), C(A (alias)), C(FORWARD), C(SYSTEM)), C(answer) (list),
          C(source) (in words), C(resource) (zone, rule, endpoint, peering or VPC ID), C(region), and for
          C(FORWARD) the C(hops) of the query's path.
      type: list
      elements: dict
      sample:
        - {name: api.internal, type: CNAME, answer: [ip-172-30-0-224.eu-west-1.compute.internal],
           source: private hosted zone internal (Z0123), resource: Z0123, region: us-east-1}
        - {name: ip-172-30-0-224.eu-west-1.compute.internal, type: A, answer: [172.30.0.224],
           source: "EC2 private DNS name in vpc-2 (eu-west-1), across pcx-1 (accepter side allows DNS resolution
           from the remote VPC)", resource: pcx-1, region: eu-west-1}
    addresses:
      description: The addresses checked (the resolved ones, or O(flows[].destination.ip)).
      type: list
      elements: str
    reachable:
      description: Whether the name resolves and every source subnet reaches every address and gets replies.
      type: bool
    as_expected:
      description: Whether RV(flows[].reachable) matches O(flows[].expect).
      type: bool
    reason:
      description: The first blocking reason, in words naming the resource, its region and the fix; null when reachable.
      type: str
      sample: rtb-0123 in eu-west-1 (route table of subnet-0456) has no route back to 10.0.1.0/24; add a route to
        10.0.0.0/16 via pcx-0789
    blocked_by:
      description: The step that blocks (null when reachable), with C(check), C(resource), C(region), C(ok) and C(detail).
      type: dict
      contains:
        check:
          description:
            - What blocked. DNS - C(dns-attribute), C(dns-option), C(dns-zone), C(dns-record), C(dns-rule), C(dns-name),
              C(dns-public), C(dns-loop), C(dns-servers). Path - C(source), C(route), C(peering), C(subnet), C(interface),
              C(security-group), C(network-acl), C(return-route), C(destination). Past an interface endpoint
              (O(flows[].destination.vpc_endpoint)) - C(vpc-endpoint) (not available, waiting for the provider's
              acceptance, or still being made), C(endpoint-service) (not available, or not supporting the endpoint's
              region), C(load-balancer) (no listener on the flow's port), C(targets) (none registered); the last
              three in the service's region, when the service and its load balancer were read.
          type: str
        resource:
          description: The ID of the blocking resource (route table, peering, zone, rule, ACL, security group, ...).
          type: str
        region:
          description: Region of that resource.
          type: str
        ok:
          description: Always false here.
          type: bool
        detail:
          description: Same as RV(flows[].reason).
          type: str
    hops:
      description: The steps of the first failing path (or of the first path when all pass), each with C(check),
        C(resource), C(region), C(ok) and C(detail).
      type: list
      elements: dict
    paths:
      description: Every (source subnet, address) path with C(source) (C(subnet_id), C(ip), C(interface), the network
        interface traced from, and C(assumed) when the subnet had none), C(destination), C(reachable), C(reason) and
        C(hops).
      type: list
      elements: dict
    security_group_references:
      description:
        - Rules of the security groups on the path that reference a group outside their own VPC, with
          C(security_group), C(direction), C(references), C(account), C(vpc_id), C(region), C(boundary) (C(vpc),
          C(account) or C(region)) and C(problem) (why it cannot work, or null).
      type: list
      elements: dict
reachable:
  description: Whether every flow is reachable.
  returned: always
  type: bool
as_expected:
  description: Whether every flow does what its O(flows[].expect) says.
  returned: always
  type: bool
topology:
  description: What was read, to draw or to assert on.
  returned: always
  type: dict
  contains:
    vpcs:
      description: VPCs with C(id), C(name), C(region), C(account), C(cidrs), C(dns_support), C(dns_hostnames), and
        C(read) (false for a peer that was not read).
      type: list
      elements: dict
    peerings:
      description: Peering connections with C(id), C(status), and C(requester)/C(accepter) (C(vpc_id), C(region),
        C(account), C(cidrs), C(remote_dns)).
      type: list
      elements: dict
    zones:
      description: Private hosted zones associated with a VPC read, with C(id), C(name), C(account), C(vpcs).
      type: list
      elements: dict
    resolver_rules:
      description: Resolver rules associated with a VPC read, with C(id), C(name), C(domain), C(type), C(region),
        C(targets), C(endpoint_id), C(vpc_ids).
      type: list
      elements: dict
    resolver_endpoints:
      description: Resolver endpoints in the VPCs read, with C(id), C(direction), C(vpc_id), C(region), C(ips).
      type: list
      elements: dict
    interface_endpoints:
      description: Interface VPC endpoints in the VPCs read, with C(id), C(vpc_id), C(service), C(private_dns), C(ips).
      type: list
      elements: dict
    mermaid:
      description: The topology as a Mermaid C(graph LR).
      type: str
    dot:
      description: The topology as Graphviz DOT text (one cluster per region and account).
      type: str
changed:
  description: Always false; the module only reads.
  returned: always
  type: bool
actions:
  description: Always empty; the module makes no write call.
  returned: always
  type: list
  elements: dict
diff:
  description: Always empty before and after.
  returned: always
  type: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_runner import ConnectivityCheckRunner
from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module


def main():
    source = dict(
        vpc_id=dict(type="str", required=True),
        region=dict(type="str"),
        subnet_ids=dict(type="list", elements="str", aliases=["subnet_id"]),
        private_ip=dict(type="str"),
        credentials=credentials_spec(),
    )
    destination = dict(
        name=dict(type="str"),
        ip=dict(type="str"),
        vpc_endpoint=dict(type="str"),
        vpc_id=dict(type="str"),
        region=dict(type="str"),
        credentials=credentials_spec(),
    )
    flow = dict(
        name=dict(type="str"),
        source=dict(type="dict", required=True, options=source),
        destination=dict(type="dict", required=True, options=destination),
        port=dict(type="int", default=443),
        protocol=dict(type="str", choices=["tcp", "udp", "icmp"], default="tcp"),
        expect=dict(type="str", choices=["reachable", "unreachable"], default="reachable"),
    )
    argument_spec = dict(
        flows=dict(type="list", elements="dict", required=True, options=flow),
        fail_on_unreachable=dict(type="bool", default=False),
        ephemeral_ports=dict(type="str", default="32768-60999"),
    )
    module = aws_module(argument_spec, supports_check_mode=True)
    module.exit_json(**ConnectivityCheckRunner(module).run())


if __name__ == "__main__":
    main()
