# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check mode of the privatelink_outpost role, in Python rather than Jinja: the connection its planned peering makes
(for peering_dns_options and peer_routes, option planned_connection), and the writes its stock steps
(community.aws.elb_target_group, community.aws.elb_network_lb, amazon.aws.ec2_security_group,
amazon.aws.ec2_vpc_endpoint) would make, as actions of the collection's shape, from the state the role read. Those
modules report ``changed`` but no actions (the two load balancer modules do not run in check mode at all), so without
this check mode could not list the writes the real run makes.

Pure: no AWS access; the role reads, these functions decide."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action

STEPS = ("target_group", "load_balancer", "security_group", "endpoint")


def _tags(value):
    """Tags as a dict, from a dict or a boto3 list ({Key, Value} or {key, value}); AWS's own (aws:...) left out."""
    if isinstance(value, dict):
        pairs = value.items()
    else:
        pairs = ((t.get("Key", t.get("key")), t.get("Value", t.get("value"))) for t in value or [])
    return {str(k): "" if v is None else str(v) for k, v in pairs if k is not None and not str(k).startswith("aws:")}


def _tag_actions(service, current, wanted, resource, region, side="owner"):
    """The stock modules' tag writes (purge_tags defaults to true in all four): add or change, then remove."""
    current, wanted = _tags(current), _tags(wanted)
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
    return out


def _named(found, key, name):
    return next((item for item in found or [] if item.get(key) == name), None)


def target_group_writes(found, want):
    """community.aws.elb_target_group with modify_targets: create (then register the targets and tag it, as that
    module does), or register the missing targets, deregister the others and fix the tags."""
    region, name, port = want["region"], want["name"], int(want["port"])
    targets = sorted(set(want.get("targets") or []))
    group = _named(found, "target_group_name", name)
    if group is None:
        out = [Action("elbv2:CreateTargetGroup", region, side="owner",
                      params=dict(Name=name, Protocol="TCP", Port=port, TargetType="ip", VpcId=want.get("vpc_id")),
                      description=f"create the target group {name} (TCP {port}, IP targets)")]
        if targets:
            out.append(Action("elbv2:RegisterTargets", region, side="owner",
                              params=dict(Targets=[dict(Id=ip, Port=port, AvailabilityZone="all") for ip in targets]),
                              description=f"register {', '.join(targets)} as targets of {name}"))
        return out + _tag_actions("elbv2", {}, want.get("tags"), f"target group {name}", region)
    have = sorted({(t.get("target") or {}).get("id") for t in group.get("targets_health_description") or []
                   if ((t.get("target_health") or {}).get("state") or "") != "draining"} - {None})
    out = []
    missing, extra = sorted(set(targets) - set(have)), sorted(set(have) - set(targets))
    if missing:
        out.append(Action("elbv2:RegisterTargets", region, side="owner",
                          params=dict(Targets=[dict(Id=ip, Port=port, AvailabilityZone="all") for ip in missing]),
                          description=f"register {', '.join(missing)} as targets of {name}"))
    if extra:
        out.append(Action("elbv2:DeregisterTargets", region, side="owner", params=dict(Targets=[dict(Id=ip) for ip in extra]),
                          description=f"deregister {', '.join(extra)} from {name}"))
    return out + _tag_actions("elbv2", group.get("tags"), want.get("tags"), f"target group {name}", region)


def load_balancer_writes(found, want):
    """community.aws.elb_network_lb with one TCP listener (purge_listeners): create it with its tags and its
    listener, or add the listener it lacks, remove the others and fix the tags."""
    region, name, port = want["region"], want["name"], int(want["port"])
    balancer = _named(found, "load_balancer_name", name)
    listener = Action("elbv2:CreateListener", region, side="owner", params=dict(Protocol="TCP", Port=port),
                      description=f"add a TCP listener on port {port} of {name}, forwarding to the target group {name}")
    if balancer is None:
        return [Action("elbv2:CreateLoadBalancer", region, side="owner",
                       params=dict(Name=name, Type="network", Scheme="internal", Subnets=list(want.get("subnets") or []),
                                   Tags=_tags(want.get("tags"))),
                       description=f"create the internal Network Load Balancer {name}"), listener]
    listeners = balancer.get("listeners") or []
    out = [] if any(int(item.get("port") or 0) == port for item in listeners) else [listener]
    for item in listeners:
        if int(item.get("port") or 0) != port:
            out.append(Action("elbv2:DeleteListener", region, side="owner",
                              params=dict(ListenerArn=item.get("listener_arn")),
                              description=f"remove the listener on port {item.get('port')} of {name}"))
    return out + _tag_actions("elbv2", balancer.get("tags"), want.get("tags"), f"load balancer {name}", region)


def _ingress_rules(permissions):
    """(protocol, from, to, cidr) of every IPv4 CIDR rule; other kinds of source as (protocol, from, to, None)."""
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


def security_group_writes(found, want):
    """amazon.aws.ec2_security_group with one ingress rule (purge_rules): create it (tags at create) and allow the
    port from the CIDR, or allow it, revoke the other ingress rules and fix the tags."""
    region, name, port, cidr = want["region"], want["name"], int(want["port"]), want["cidr"]
    side = want.get("side") or "consumer"
    group = next((g for g in found or [] if g.get("group_name") == name and g.get("vpc_id") == want.get("vpc_id")), None)
    allow = Action("ec2:AuthorizeSecurityGroupIngress", region, side=side,
                   params=dict(IpPermissions=[dict(IpProtocol="tcp", FromPort=port, ToPort=port,
                                                   IpRanges=[dict(CidrIp=cidr)])]),
                   description=f"allow TCP {port} from {cidr} in the security group {name}")
    if group is None:
        return [Action("ec2:CreateSecurityGroup", region, side=side,
                       params=dict(GroupName=name, VpcId=want.get("vpc_id"), Tags=_tags(want.get("tags"))),
                       description=f"create the security group {name} in {want.get('vpc_id')}"), allow]
    rules = _ingress_rules(group.get("ip_permissions"))
    wanted = ("tcp", port, port, cidr)
    out = [] if wanted in rules else [allow]
    if rules - {wanted}:
        out.append(Action("ec2:RevokeSecurityGroupIngress", region, side=side, params=dict(GroupId=group.get("group_id")),
                          description=f"revoke the other ingress rules of the security group {name}"))
    return out + _tag_actions("ec2", group.get("tags"), want.get("tags"), f"security group {name}", region, side)


def endpoint_writes(found, want):
    """amazon.aws.ec2_vpc_endpoint (Interface): create the endpoint unless one of the consumer VPC to the service
    exists (whatever its state, as that module matches), else fix its tags. A new endpoint of another account than
    the service's owner to a service that requires acceptance is then accepted by the role (the owner's own
    endpoints AWS accepts at once)."""
    region, service = want["region"], want.get("service_name")
    side = want.get("side") or "consumer"
    endpoint = None if not service else next(
        (e for e in found or [] if e.get("vpc_id") == want.get("vpc_id") and e.get("service_name") == service), None)
    named = service or "the new endpoint service"
    if endpoint is not None:
        return _tag_actions("ec2", endpoint.get("tags"), want.get("tags"), f"endpoint {endpoint.get('vpc_endpoint_id')}",
                            region, side)
    out = [Action("ec2:CreateVpcEndpoint", region, side=side,
                  params=dict(VpcId=want.get("vpc_id"), VpcEndpointType="Interface", ServiceName=service,
                              SubnetIds=list(want.get("subnet_ids") or []),
                              SecurityGroupIds=list(want.get("security_group_ids") or []), Tags=_tags(want.get("tags"))),
                  description=f"create an interface endpoint in {want.get('vpc_id')} to {named}")]
    owner = want.get("owner_account")
    if want.get("acceptance_required") and owner and str(want.get("consumer_account")) != str(owner):
        out.append(Action("ec2:AcceptVpcEndpointConnections", want.get("service_region") or region, side="owner",
                          params=dict(ServiceId=want.get("service_id"), VpcEndpointIds=["(new endpoint)"]),
                          description=f"accept the new endpoint of account {want.get('consumer_account')} to {named}"))
    return out


_WRITES = {"target_group": target_group_writes, "load_balancer": load_balancer_writes,
           "security_group": security_group_writes, "endpoint": endpoint_writes}


def privatelink_stock_writes(found, step, want):
    """Filter: the writes (actions, as dicts) the role's stock module of `step` would make, given what the role read
    (`found`: the info module's list) and what the step wants (`want`)."""
    if step not in _WRITES:
        raise AnsibleFilterError(f"privatelink_stock_writes: step {step!r} is not one of {', '.join(STEPS)}")
    missing = [key for key in ("region",) + (("name", "port") if step != "endpoint" else ()) if not want.get(key)]
    if missing:
        raise AnsibleFilterError(f"privatelink_stock_writes: the {step} step's want needs {', '.join(missing)}")
    return [action.as_dict() for action in _WRITES[step](found or [], want)]


def _cidrs(vpc):
    v4 = [a["cidr_block"] for a in vpc.get("cidr_block_association_set") or []
          if (a.get("cidr_block_state") or {}).get("state", "associated") == "associated"] or \
        ([vpc["cidr_block"]] if vpc.get("cidr_block") else [])
    v6 = [a["ipv6_cidr_block"] for a in vpc.get("ipv6_cidr_block_association_set") or []
          if (a.get("ipv6_cidr_block_state") or {}).get("state", "associated") == "associated"]
    return v4, v6


def _read_vpcs(read):
    """The VPCs of amazon.aws.ec2_vpc_net_info's registered result (a loop's items too; skipped ones have none)."""
    if isinstance(read, dict):
        items = read.get("results") if isinstance(read.get("results"), list) else [read]
        return [vpc for item in items if isinstance(item, dict) for vpc in item.get("vpcs") or []]
    return list(read or [])


def privatelink_planned_connection(peering, read):
    """Filter: option planned_connection of peering_dns_options and peer_routes over the peering that the role's
    cross_region_peering task only plans in check mode: its requester and accepter (`peering`, that task's
    peering_connection) with their CIDR blocks from `read` (amazon.aws.ec2_vpc_net_info's registered result, or its
    vpcs). None when no VPC was read (the peering is active already, or this is a real run)."""
    vpcs = _read_vpcs(read)
    if not vpcs:
        return None
    by_id = {vpc.get("id") or vpc.get("vpc_id"): vpc for vpc in vpcs}
    out = {}
    for side in ("requester", "accepter"):
        given = (peering or {}).get(side) or {}
        vpc = by_id.get(given.get("vpc_id"))
        if vpc is None:
            raise AnsibleFilterError(f"privatelink_planned_connection: the {side} VPC {given.get('vpc_id')} was not "
                                     "among the VPCs read")
        v4, v6 = _cidrs(vpc)
        out[side] = dict(vpc_id=given["vpc_id"], region=given.get("region"),
                         owner_id=str(given.get("owner_id") or vpc.get("owner_id") or ""))
        # (the modules refuse an empty list: a VPC without IPv6 blocks has the key left out)
        out[side].update({key: blocks for key, blocks in (("cidr_blocks", v4), ("ipv6_cidr_blocks", v6)) if blocks})
    return out


class FilterModule:
    def filters(self):
        return {"privatelink_stock_writes": privatelink_stock_writes,
                "privatelink_planned_connection": privatelink_planned_connection}
