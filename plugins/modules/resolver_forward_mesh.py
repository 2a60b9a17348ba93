#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: resolver_forward_mesh
short_description: Forward DNS between the Route 53 Resolver endpoints of several regions (full mesh or hub)
version_added: 0.1.0
description:
  - Manages the Route 53 Resolver forwarding rules, and their associations with VPCs, that let every node of a
    mesh resolve the domains of the other nodes through their inbound endpoints. A node is a VPC's inbound and
    outbound endpoints in one region and account, answering for some O(domains) (by default
    C(<region>.amazonaws.com) and C(<region>.vpce.amazonaws.com), so that names of interface endpoints in
    another region resolve to their private IPs there).
  - "With O(topology=full_mesh) every node has a rule for each domain of every other node, whose targets are the
    IPs of that node's inbound endpoint (port 53): for N nodes with two domains each, N*(N-1)*2 rules. With
    O(topology=hub) the spokes forward every other node's domains to the O(hub)'s inbound endpoint, and the hub
    forwards each spoke's domains to that spoke."
  - "Each rule lives in its node's region and account, uses the node's outbound endpoint, and is associated with
    the node's O(nodes[].vpc_ids). The module plans every rule and association, reads each region and account
    once (endpoints, rules, associations; tags of rules that may be the mesh's), and makes only the calls that
    differ. Regions are read and changed concurrently, at most O(max_concurrency) at a time."
  - "Rules are the mesh's by their tags C(vpcmesh:mesh) (O(name)) and C(vpcmesh:node); each has a deterministic
    name (C(<mesh>-<node>-<domain with dashes>)) and C(CreatorRequestId), so a retried create adopts the rule
    instead of making a second; when the ID was used by a rule since deleted (a node removed and added again),
    the next ID derived from the same inputs is used. Rules without the mesh's tag are never changed or deleted."
  - "A VPC already using a rule of someone else for a planned domain is a conflict (AWS allows one rule per
    domain in a VPC): the mesh's rule is created but not associated there, and the conflict is returned in
    RV(conflicts) and as a warning."
  - When the IPs of a target node's inbound endpoint change, the rules that forward to it are updated in place
    (C(UpdateResolverRule)); so are a changed outbound endpoint or name, and a changed O(target_protocol) or
    O(target_address_family).
  - "Quotas checked before the first write of the mesh, in check mode too (see O(quotas)), per region and account
    of the nodes: C(L-51D8A1FB) (Route 53 Resolver, rules per AWS Region; AWS default 1000), the rules the account
    owns there plus the rules the plan creates, less those it deletes; C(L-94E19253) (associations between Resolver
    rules and VPCs per AWS Region; default 2000), every association of the account there (one unfiltered listing,
    read only when the plan adds associations) plus the plan's, less its disassociations. The values are read with
    C(servicequotas:GetServiceQuota) in each node's region and account (service C(route53resolver)) unless
    O(quotas) gives them. A plan over a quota in any region writes nothing anywhere."
  - Supports check mode (the planned calls are returned in RV(actions) and nothing is written) and diff. In check
    mode, O(nodes[].planned_endpoints) lets it plan over endpoints that earlier tasks of the same run only plan to
    create, so that RV(actions) are the writes the real run then makes.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  name:
    description:
      - Name of the mesh, up to 32 letters, digits, C(-) and C(_). It is the value of the C(vpcmesh:mesh) tag of
        every rule of the mesh and the start of the rules' names.
    type: str
    required: true
  topology:
    description:
      - V(full_mesh) forwards each domain straight to the node that answers for it.
      - V(hub) forwards from the spokes to the O(hub) only (fewer targets to update, one central resolver).
    type: str
    choices: [full_mesh, hub]
    default: full_mesh
  hub:
    description: Name of the hub node. Required with O(topology=hub).
    type: str
  nodes:
    description:
      - The nodes of the mesh; with O(state=present) at least two (a mesh of one node forwards to no one).
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the node, up to 32 letters, digits, C(-) and C(_); it goes into the C(vpcmesh:node) tag and the
            rule names. Defaults to O(nodes[].region); two nodes in one region need names.
        type: str
      region:
        description: Region of the node's endpoints; its rules are created there.
        type: str
        required: true
      state:
        description:
          - V(absent) removes the node. Its own rules (in its region) and the rules that forward its domains are
            deleted, even with O(purge=false). A node simply dropped from the list loses them too with
            O(purge=true), when its region can be told from the domains the other nodes' rules forwarded to it
            (C(<region>.amazonaws.com), the default) and it is in the caller's account; otherwise the run is
            refused before any write, asking to list it once as V(absent).
        type: str
        choices: [present, absent]
        default: present
      inbound_endpoint_id:
        description: The node's inbound endpoint, target of the rules that forward its domains.
        type: str
      outbound_endpoint_id:
        description: The node's outbound endpoint, used by its rules. Needed when the node forwards anything.
        type: str
      planned_endpoints:
        description:
          - Check mode only. A real run given it fails before any call, naming the option; it then needs
            O(nodes[].inbound_endpoint_id) and O(nodes[].outbound_endpoint_id) instead.
          - The node's endpoints, by direction, that an earlier task of the same check-mode run only plans to create
            (for example M(vpcmesh.aws.resolver_endpoint) in check mode, which returns no endpoint ID then). The module
            plans the rules over them as the real run then finds them, so that RV(actions) are the writes the real run
            makes - every C(CreateResolverRule) and C(AssociateResolverRule), and an C(UpdateResolverRule) of a rule
            that forwards to or from another endpoint now.
          - "A planned V(inbound) endpoint is not read: rules forwarding to it show the target
            C((IPs of the new inbound endpoint of <node>)). A planned V(outbound) endpoint's rules show the resolver
            endpoint C((new outbound endpoint of <node>))."
          - Not with the same direction's O(nodes[].inbound_endpoint_id) or O(nodes[].outbound_endpoint_id), nor on a
            node with O(nodes[].state=absent). O(nodes[].vpc_ids) is then required, since the VPCs of an endpoint
            still to be made cannot be read.
          - The C(vpcmesh.aws.resolver_mesh) role passes it in check mode for the endpoints it has not made yet.
        type: list
        elements: str
        choices: [inbound, outbound]
      vpc_ids:
        description:
          - VPCs of the node's region and account whose queries use its rules.
          - Defaults to the VPCs of the node's endpoints. Required with O(nodes[].planned_endpoints).
        type: list
        elements: str
      target_protocol:
        description:
          - "How the mesh's rules forward queries to this node's inbound endpoint, overriding O(target_protocol):
            V(Do53) (DNS on port 53) or V(DoH) (DNS over HTTPS, port 443)."
          - The node's inbound endpoint and the outbound endpoint of every node forwarding to it must have that
            protocol in their C(Protocols) (option O(vpcmesh.aws.resolver_endpoint#module:protocols)); the endpoints are
            read and a mismatch fails the run before any write. An endpoint in
            O(nodes[].planned_endpoints) is not checked (the real run checks it).
          - A change is made in place in each source node's region (C(UpdateResolverRule) C(TargetIps)).
        type: str
        choices: [Do53, DoH]
      target_address_family:
        description:
          - "Which addresses of this node's inbound endpoint the rules forward to, overriding
            O(target_address_family): V(ipv4) (C(Ip)) or V(ipv6) (C(Ipv6); the inbound endpoint and the outbound
            endpoints forwarding to it must be C(ipv6) or C(dualstack), checked before any write)."
          - A change is made in place in each source node's region (C(UpdateResolverRule) C(TargetIps)).
        type: str
        choices: [ipv4, ipv6]
      domains:
        description:
          - Domains the node answers for, overriding O(domains). C({region}) and C({name}) are replaced by the node's
            region and name. An empty list makes a node that only forwards.
        type: list
        elements: str
      credentials:
        description:
          - Credentials of the account that owns the node's endpoints and VPCs, for every read and write in the
            node's region. Omitted, the module's own credentials are used.
          - Give exactly one of O(nodes[].credentials.profile), O(nodes[].credentials.role_arn) or
            O(nodes[].credentials.access_key). A role is assumed with the module's own credentials.
        type: dict
        suboptions:
          profile:
            description: Named profile of that account.
            type: str
          role_arn:
            description: ARN of a role in that account to assume with C(sts:AssumeRole).
            type: str
          role_session_name:
            description: Session name used when assuming O(nodes[].credentials.role_arn).
            type: str
            default: vpcmesh-aws
          external_id:
            description: External ID required by the role's trust policy, if any.
            type: str
          access_key:
            description: Access key ID of that account.
            type: str
          secret_key:
            description: Secret access key going with O(nodes[].credentials.access_key).
            type: str
          session_token:
            description: Session token for temporary keys.
            type: str
  domains:
    description:
      - Domains each node answers for unless it lists its own O(nodes[].domains); C({region}) and C({name}) are
        replaced per node. Each domain may belong to one present node only.
    type: list
    elements: str
    default: ["{region}.amazonaws.com", "{region}.vpce.amazonaws.com"]
  target_protocol:
    description:
      - "The protocol of every rule's targets, unless the target node gives its own O(nodes[].target_protocol):
        V(Do53) (DNS on port 53, AWS's default) or V(DoH) (DNS over HTTPS, port 443)."
      - A V(DoH) target needs an inbound endpoint with C(DoH) and a source outbound endpoint with C(DoH).
    type: str
    choices: [Do53, DoH]
    default: Do53
  target_address_family:
    description:
      - "The addresses of the target nodes' inbound endpoints the rules forward to, unless a node gives its own
        O(nodes[].target_address_family): V(ipv4) or V(ipv6)."
    type: str
    choices: [ipv4, ipv6]
    default: ipv4
  purge:
    description:
      - Delete the mesh's rules that are no longer planned (associations first, then the rule), and remove
        associations of the mesh's rules with VPCs no longer listed.
    type: bool
    default: true
  state:
    description: V(absent) deletes every rule of the mesh in the nodes' regions (all nodes are taken as absent).
    type: str
    choices: [present, absent]
    default: present
  max_concurrency:
    description: How many regions (and accounts) are read and changed at the same time.
    type: int
    default: 4
extends_documentation_fragment:
  - vpcmesh.aws.quotas
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Permissions in each node's account: C(route53resolver:ListResolverEndpoints),
    C(route53resolver:ListResolverEndpointIpAddresses), C(route53resolver:ListResolverRules),
    C(route53resolver:ListResolverRuleAssociations), C(route53resolver:ListTagsForResource),
    C(route53resolver:CreateResolverRule), C(route53resolver:UpdateResolverRule),
    C(route53resolver:DeleteResolverRule), C(route53resolver:AssociateResolverRule),
    C(route53resolver:DisassociateResolverRule), C(route53resolver:TagResource), C(ec2:DescribeVpcs),
    C(sts:GetCallerIdentity), and C(sts:AssumeRole) for a node's role; C(servicequotas:GetServiceQuota) to read the
    applied quotas (optional, see O(read_quotas))."
  - The module's own O(region) is only used for STS; every Resolver call is made in a node's region.
  - Forwarded queries travel from the outbound endpoint to the target's inbound endpoint over the network, so
    the VPCs must be connected (for example with the C(vpcmesh.aws.vpc_peering) role) and the inbound
    endpoint's security group must allow DNS from the source VPCs. The C(vpcmesh.aws.resolver_mesh) role builds
    all of it.
"""

EXAMPLES = r"""
- name: The guide's three regions as a full mesh (12 rules)
  vpcmesh.aws.resolver_forward_mesh:
    name: s3-anywhere
    nodes:
      - region: us-east-1
        inbound_endpoint_id: rslvr-in-0123456789abcdef0
        outbound_endpoint_id: rslvr-out-0123456789abcdef0
      - region: us-east-2
        inbound_endpoint_id: rslvr-in-0123456789abcdef1
        outbound_endpoint_id: rslvr-out-0123456789abcdef1
      - region: us-west-2
        inbound_endpoint_id: rslvr-in-0123456789abcdef2
        outbound_endpoint_id: rslvr-out-0123456789abcdef2
  register: mesh

- name: A hub in us-east-1; a workload-only node that answers for nothing, in another account
  vpcmesh.aws.resolver_forward_mesh:
    name: central
    topology: hub
    hub: central
    nodes:
      - name: central
        region: us-east-1
        inbound_endpoint_id: rslvr-in-0123456789abcdef0
        outbound_endpoint_id: rslvr-out-0123456789abcdef0
      - region: eu-west-1
        inbound_endpoint_id: rslvr-in-0123456789abcdef3
        outbound_endpoint_id: rslvr-out-0123456789abcdef3
        domains: ["{region}.amazonaws.com", "{region}.vpce.amazonaws.com", "{region}.compute.internal"]
      - name: workload
        region: us-east-2
        outbound_endpoint_id: rslvr-out-0123456789abcdef4
        vpc_ids: [vpc-0a1b2c3d4e5f60001, vpc-0a1b2c3d4e5f60002]
        domains: []
        credentials:
          role_arn: arn:aws:iam::222222222222:role/network-automation

- name: DNS over HTTPS between two regions, to dual-stack inbound endpoints on their IPv6 addresses
  vpcmesh.aws.resolver_forward_mesh:
    name: encrypted
    target_protocol: DoH
    target_address_family: ipv6
    nodes:
      - region: us-east-1
        inbound_endpoint_id: rslvr-in-0123456789abcdef5
        outbound_endpoint_id: rslvr-out-0123456789abcdef5
      - region: us-east-2
        inbound_endpoint_id: rslvr-in-0123456789abcdef6
        outbound_endpoint_id: rslvr-out-0123456789abcdef6
        target_address_family: ipv4

- name: Take us-west-2 out (its rules and the rules forwarding to it are deleted)
  vpcmesh.aws.resolver_forward_mesh:
    name: s3-anywhere
    nodes:
      - region: us-east-1
        inbound_endpoint_id: rslvr-in-0123456789abcdef0
        outbound_endpoint_id: rslvr-out-0123456789abcdef0
      - region: us-east-2
        inbound_endpoint_id: rslvr-in-0123456789abcdef1
        outbound_endpoint_id: rslvr-out-0123456789abcdef1
      - region: us-west-2
        state: absent

- name: In check mode, plan the rules over endpoints earlier tasks only plan (the resolver_mesh role does this)
  vpcmesh.aws.resolver_forward_mesh:
    name: s3-anywhere
    nodes:
      - region: us-east-1
        inbound_endpoint_id: rslvr-in-0123456789abcdef0
        planned_endpoints: [outbound]
        vpc_ids: [vpc-0a1b2c3d4e5f60000]
      - region: us-east-2
        planned_endpoints: [inbound, outbound]
        vpc_ids: [vpc-0a1b2c3d4e5f60001]
  check_mode: true
"""

RETURN = r"""
plan:
  description:
    - Per region, what the run does (or would do, in check mode) to the mesh's rules and associations.
    - Each rule is a dict with id (null for a rule still to be created in check mode), name, node, domain,
      target_node, target_ips, target_protocol, resolver_endpoint_id, vpc_ids and account; an updated rule also has
      C(changes) (name, resolver_endpoint_id, target_ips, target_protocol, target_ports, each with before and after).
  returned: always
  type: dict
  contains:
    rules:
      description: Lists C(created), C(updated), C(deleted), C(unchanged).
      type: dict
    associations:
      description: Lists C(created), C(deleted), C(unchanged) of dicts with rule_id, rule_name, vpc_id, account.
      type: dict
    conflicts:
      description: Same as RV(conflicts), for this region.
      type: list
  sample:
    us-east-1:
      rules:
        created: [{name: s3-anywhere-us-east-1-us-east-2-amazonaws-com, domain: us-east-2.amazonaws.com}]
        updated: []
        deleted: []
        unchanged: []
      associations: {created: [], deleted: [], unchanged: []}
      conflicts: []
rules:
  description: The mesh's rules after the run, per region (predicted in check mode), each as in RV(plan).
  returned: always
  type: dict
conflicts:
  description: Planned associations that were skipped because the VPC already uses another rule for the domain.
  returned: always
  type: list
  elements: dict
  contains:
    vpc_id:
      description: The VPC.
      type: str
    domain:
      description: The domain both rules forward.
      type: str
    node:
      description: The mesh node whose rule was not associated.
      type: str
    rule_name:
      description: The mesh's rule.
      type: str
    conflicting_rule_id:
      description: The rule the VPC uses.
      type: str
    conflicting_rule_name:
      description: Its name.
      type: str
    conflicting_rule_owner:
      description: Its owner account.
      type: str
    message:
      description: The conflict in words, with what to do.
      type: str
changed:
  description: Whether any write call was made (or would be, in check mode).
  returned: always
  type: bool
actions:
  description: The AWS write calls made, or planned in check mode, in order (regions sorted; per region creates,
    updates, disassociations, associations, deletes).
  returned: always
  type: list
  elements: dict
  contains:
    call:
      description: Service and API name, for example C(route53resolver:CreateResolverRule).
      type: str
    region:
      description: Region the call is made in.
      type: str
    side:
      description: The node whose account makes the call.
      type: str
    account:
      description: That account.
      type: str
    params:
      description:
        - Parameters of the call (a rule still to be created is named C((new rule <name>)) in check mode).
        - Over O(nodes[].planned_endpoints), the endpoint still to be created is C((new outbound endpoint of <node>))
          and its IPs C((IPs of the new inbound endpoint of <node>)).
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
  description: The mesh's rules per region before and after.
  returned: always
  type: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import quota_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_mesh import DEFAULT_DOMAINS
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_mesh_runner import MeshRunner
from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module, non_empty_nodes


def main():
    node_spec = dict(
        name=dict(type="str"),
        region=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        inbound_endpoint_id=dict(type="str"),
        outbound_endpoint_id=dict(type="str"),
        planned_endpoints=dict(type="list", elements="str", choices=["inbound", "outbound"]),
        target_protocol=dict(type="str", choices=["Do53", "DoH"]),
        target_address_family=dict(type="str", choices=["ipv4", "ipv6"]),
        vpc_ids=dict(type="list", elements="str"),
        domains=dict(type="list", elements="str"),
        credentials=credentials_spec(),
    )
    argument_spec = dict(
        name=dict(type="str", required=True),
        topology=dict(type="str", choices=["full_mesh", "hub"], default="full_mesh"),
        hub=dict(type="str"),
        nodes=dict(type="list", elements="dict", required=True, options=node_spec),
        domains=dict(type="list", elements="str", default=list(DEFAULT_DOMAINS)),
        purge=dict(type="bool", default=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        target_protocol=dict(type="str", choices=["Do53", "DoH"], default="Do53"),
        target_address_family=dict(type="str", choices=["ipv4", "ipv6"], default="ipv4"),
        max_concurrency=dict(type="int", default=4),
        **quota_spec(),
    )
    module = aws_module(
        argument_spec,
        required_if=[["topology", "hub", ["hub"]]],
        supports_check_mode=True,
    )
    if module.params["state"] == "present":
        non_empty_nodes(module)
    if not 1 <= module.params["max_concurrency"] <= 16:
        module.fail_json(msg=f"max_concurrency is {module.params['max_concurrency']}; give 1 to 16")
    module.exit_json(**MeshRunner(module).run())


if __name__ == "__main__":
    main()
