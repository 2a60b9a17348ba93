# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The writes amazon.aws's stock EC2 modules make, predicted from what their info modules read, in the collection's
actions shape (plugins/module_utils/actions.py). The roles' check mode needs them (issue 15): those modules report
``changed`` but not which calls they made or would make.

Shared by the roles' filters (plugins/filter/privatelink.py, plugins/filter/resolver_mesh.py). What each predicts is
what the stock module does, read in its source and in the recording proxy's log of a real run:

- amazon.aws.ec2_security_group (``rules`` given, ``purge_rules`` and ``purge_tags`` on, no ``rules_egress``): a new
  group is created with its tags in ``TagSpecifications`` (one CreateSecurityGroup), then every wanted ingress rule is
  allowed in one AuthorizeSecurityGroupIngress; an existing group gets its tags fixed, then one
  RevokeSecurityGroupIngress for the rules not wanted and one AuthorizeSecurityGroupIngress for the wanted ones it
  lacks. Egress rules are left alone.
- amazon.aws.ec2_vpc_endpoint: an endpoint matches when it is of the VPC and the service and has exactly the route
  tables given (none for an interface endpoint), whatever its state; a match only gets its tags fixed, else the
  endpoint is created with its tags in ``TagSpecifications`` and its route tables in ``RouteTableIds`` (one
  CreateVpcEndpoint, no route call of its own).
- Tags (``ensure_ec2_tags``, ``purge_tags`` on): one DeleteTags for the tags not wanted, then one CreateTags for the
  tags to add or change; AWS's own (``aws:...``) are never removed. (community.aws's load balancer modules, through
  elbv2: AddTags, then RemoveTags.)

Pure: no AWS access; the roles read, these functions decide."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action


def tags_of(value):
    """Tags as a dict, from a dict or a boto3 list ({Key, Value} or {key, value}); AWS's own (aws:...) left out."""
    if isinstance(value, dict):
        pairs = value.items()
    else:
        pairs = ((t.get("Key", t.get("key")), t.get("Value", t.get("value"))) for t in value or [])
    return {str(k): "" if v is None else str(v) for k, v in pairs if k is not None and not str(k).startswith("aws:")}


def tag_actions(service, current, wanted, resource, region, side="owner"):
    """The stock modules' tag writes (purge_tags on): for EC2 remove, then add or change; for elbv2 the other way."""
    current, wanted = tags_of(current), tags_of(wanted)
    changed = sorted(k for k, v in wanted.items() if current.get(k) != v)
    removed = sorted(set(current) - set(wanted))
    add, remove = ("AddTags", "RemoveTags") if service == "elbv2" else ("CreateTags", "DeleteTags")
    out = []
    if changed:
        out.append(Action(f"{service}:{add}", region, side=side, params={"Tags": {k: wanted[k] for k in changed}},
                          description=f"tag {resource} with {', '.join(changed)}"))
    if removed:
        out.append(Action(f"{service}:{remove}", region, side=side, params={"TagKeys": removed},
                          description=f"remove the tags {', '.join(removed)} of {resource}"))
    return out if service == "elbv2" else out[::-1]


def ingress_rules(permissions):
    """(protocol, from, to, cidr) of every IPv4 CIDR rule of an info module's ``ip_permissions``; other kinds of
    source as (protocol, from, to, None)."""
    rules = set()
    for perm in permissions or []:
        key = (str(perm.get("ip_protocol")), perm.get("from_port"), perm.get("to_port"))
        ranges = [r.get("cidr_ip") for r in perm.get("ip_ranges") or []]
        others = (perm.get("ipv6_ranges") or []) + (perm.get("prefix_list_ids") or []) + \
            (perm.get("user_id_group_pairs") or [])
        rules.update(key + (cidr,) for cidr in ranges)
        if others:
            rules.add(key + (None,))
    return rules


def _cidrs(want):
    cidrs = want.get("cidrs")
    if cidrs is None:
        cidrs = [want["cidr"]]
    return sorted(dict.fromkeys(str(c) for c in cidrs))


def _allow(region, side, name, port, cidrs):
    return Action("ec2:AuthorizeSecurityGroupIngress", region, side=side,
                  params=dict(IpPermissions=[dict(IpProtocol="tcp", FromPort=port, ToPort=port,
                                                  IpRanges=[dict(CidrIp=c) for c in cidrs])]),
                  description=f"allow TCP {port} from {', '.join(cidrs)} in the security group {name}")


def security_group_writes(found, want):
    """amazon.aws.ec2_security_group with one TCP ingress rule (purge_rules): create the group (tags at create) and
    allow the port from the CIDRs, or fix the tags, revoke its other ingress rules and allow what it lacks.

    ``found``: amazon.aws.ec2_security_group_info's ``security_groups``. ``want``: region, name, vpc_id, port,
    ``cidr`` (one) or ``cidrs`` (a list), tags, side (default consumer)."""
    region, name, port, cidrs = want["region"], want["name"], int(want["port"]), _cidrs(want)
    side = want.get("side") or "consumer"
    group = next((g for g in found or [] if g.get("group_name") == name and g.get("vpc_id") == want.get("vpc_id")), None)
    if group is None:
        return [Action("ec2:CreateSecurityGroup", region, side=side,
                       params=dict(GroupName=name, VpcId=want.get("vpc_id"), Tags=tags_of(want.get("tags"))),
                       description=f"create the security group {name} in {want.get('vpc_id')}"),
                _allow(region, side, name, port, cidrs)]
    rules = ingress_rules(group.get("ip_permissions"))
    wanted = {("tcp", port, port, cidr) for cidr in cidrs}
    out = tag_actions("ec2", group.get("tags"), want.get("tags"), f"security group {name}", region, side)
    if rules - wanted:
        out.append(Action("ec2:RevokeSecurityGroupIngress", region, side=side, params=dict(GroupId=group.get("group_id")),
                          description=f"revoke the other ingress rules of the security group {name}"))
    missing = sorted(rule[3] for rule in wanted - rules)
    if missing:
        out.append(_allow(region, side, name, port, missing))
    return out


def matching_endpoint(found, want):
    """The endpoint amazon.aws.ec2_vpc_endpoint takes as the one wanted: of the VPC and the service, with exactly the
    route tables given (none for an interface endpoint), in any state; None."""
    service, tables = want.get("service_name"), sorted(want.get("route_table_ids") or [])
    if not service:
        return None
    return next((e for e in found or [] if e.get("vpc_id") == want.get("vpc_id") and e.get("service_name") == service
                 and sorted(e.get("route_table_ids") or []) == tables), None)


def vpc_endpoint_writes(found, want):
    """amazon.aws.ec2_vpc_endpoint: create the endpoint (tags and route tables in the create) unless one matches
    (matching_endpoint), else fix its tags.

    ``found``: amazon.aws.ec2_vpc_endpoint_info's ``vpc_endpoints``. ``want``: region, vpc_id, service_name (None for a
    service still to be made), type (Interface, default, or Gateway), subnet_ids and security_group_ids (Interface),
    route_table_ids (Gateway), tags, side (default consumer)."""
    region, service = want["region"], want.get("service_name")
    side, kind = want.get("side") or "consumer", want.get("type") or "Interface"
    endpoint = matching_endpoint(found, want)
    if endpoint is not None:
        return _endpoint_tags(endpoint, want, region, side)
    params = dict(VpcId=want.get("vpc_id"), VpcEndpointType=kind, ServiceName=service)
    if kind == "Gateway":
        params["RouteTableIds"] = list(want.get("route_table_ids") or [])
    else:
        params.update(SubnetIds=list(want.get("subnet_ids") or []),
                      SecurityGroupIds=list(want.get("security_group_ids") or []))
    params["Tags"] = tags_of(want.get("tags"))
    return [Action("ec2:CreateVpcEndpoint", region, side=side, params=params,
                   description=f"create {'a gateway' if kind == 'Gateway' else 'an interface'} endpoint in "
                               f"{want.get('vpc_id')} to {service or 'the new endpoint service'}")]


def _endpoint_tags(endpoint, want, region, side):
    if not want.get("tags"):
        return []  # the module leaves the tags of an endpoint alone when it is given none
    return tag_actions("ec2", endpoint.get("tags"), want.get("tags"), f"endpoint {endpoint.get('vpc_endpoint_id')}",
                       region, side)
