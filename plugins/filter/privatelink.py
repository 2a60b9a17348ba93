# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check mode of the privatelink_outpost and privatelink roles, in Python rather than Jinja: the connection its planned peering makes
(for peering_dns_options and peer_routes, option planned_connection), and the writes its stock steps
(community.aws.elb_target_group, community.aws.elb_network_lb, amazon.aws.ec2_security_group,
amazon.aws.ec2_vpc_endpoint) would make, as actions of the collection's shape, from the state the role read. Those
modules report ``changed`` but no actions (the two load balancer modules do not run in check mode at all), so without
this check mode could not list the writes the real run makes. The EC2 ones (security group, endpoint, tags) are
module_utils stock_writes, which the resolver_mesh role's filters share.

Pure: no AWS access; the role reads, these functions decide."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.stock_writes import (
    matching_endpoint, security_group_writes, tag_actions, tags_of, vpc_endpoint_writes)

STEPS = ("target_group", "load_balancer", "security_group", "endpoint")


def _named(found, key, name):
    return next((item for item in found or [] if item.get(key) == name), None)


def target_group_writes(found, want):
    """community.aws.elb_target_group with modify_targets: create (then register the targets and tag it, as that
    module does), or register the missing targets, deregister the others and fix the tags."""
    region, name, port = want["region"], want["name"], int(want["port"])
    targets, zone = sorted(set(want.get("targets") or [])), want.get("target_zone", "all")
    group = _named(found, "target_group_name", name)
    if group is None:
        out = [Action("elbv2:CreateTargetGroup", region, side="owner",
                      params=dict(Name=name, Protocol="TCP", Port=port, TargetType="ip", VpcId=want.get("vpc_id")),
                      description=f"create the target group {name} (TCP {port}, IP targets)")]
        if targets:
            out.append(Action("elbv2:RegisterTargets", region, side="owner",
                              params=dict(Targets=[target(ip, port, zone) for ip in targets]),
                              description=f"register {', '.join(targets)} as targets of {name}"))
        return out + tag_actions("elbv2", {}, want.get("tags"), f"target group {name}", region)
    have = sorted({(t.get("target") or {}).get("id") for t in group.get("targets_health_description") or []
                   if ((t.get("target_health") or {}).get("state") or "") != "draining"} - {None})
    out = []
    missing, extra = sorted(set(targets) - set(have)), sorted(set(have) - set(targets))
    if missing:
        out.append(Action("elbv2:RegisterTargets", region, side="owner",
                          params=dict(Targets=[target(ip, port, zone) for ip in missing]),
                          description=f"register {', '.join(missing)} as targets of {name}"))
    if extra:
        out.append(Action("elbv2:DeregisterTargets", region, side="owner", params=dict(Targets=[dict(Id=ip) for ip in extra]),
                          description=f"deregister {', '.join(extra)} from {name}"))
    return out + tag_actions("elbv2", group.get("tags"), want.get("tags"), f"target group {name}", region)


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
                                   Tags=tags_of(want.get("tags"))),
                       description=f"create the internal Network Load Balancer {name}"), listener]
    listeners = balancer.get("listeners") or []
    out = [] if any(int(item.get("port") or 0) == port for item in listeners) else [listener]
    for item in listeners:
        if int(item.get("port") or 0) != port:
            out.append(Action("elbv2:DeleteListener", region, side="owner",
                              params=dict(ListenerArn=item.get("listener_arn")),
                              description=f"remove the listener on port {item.get('port')} of {name}"))
    return out + tag_actions("elbv2", balancer.get("tags"), want.get("tags"), f"load balancer {name}", region)


def endpoint_writes(found, want):
    """amazon.aws.ec2_vpc_endpoint (Interface): create the endpoint unless one of the consumer VPC to the service
    exists (whatever its state, as that module matches), else fix its tags (module_utils stock_writes). A new
    endpoint of another account than the service's owner to a service that requires acceptance is then accepted by
    the role (the owner's own endpoints AWS accepts at once)."""
    out = vpc_endpoint_writes(found, dict(want, type="Interface", route_table_ids=None))
    if matching_endpoint(found, want) is not None:
        return out
    return out + accept_writes(want)


def accept_writes(want):
    """The accept the role makes of a new endpoint: one of another account than the service's owner, to a service
    that requires acceptance, is accepted by the owner in the service's region (the owner's own endpoints AWS
    accepts at once)."""
    owner, named = want.get("owner_account"), want.get("service_name") or "the new endpoint service"
    if not (want.get("acceptance_required") and owner and str(want.get("consumer_account")) != str(owner)):
        return []
    return [Action("ec2:AcceptVpcEndpointConnections", want.get("service_region") or want["region"], side="owner",
                   params=dict(ServiceId=want.get("service_id"), VpcEndpointIds=["(new endpoint)"]),
                   description=f"accept the new endpoint of account {want.get('consumer_account')} to {named}")]


def privatelink_accept_writes(endpoint, want):
    """Filter: in check mode, the accept (as action dicts) a new endpoint would then need: `endpoint` is the
    consumer's endpoint as planned (vpcmesh.aws.interface_endpoint's registered result; a planned create has no
    vpc_endpoint_id yet), `want` as for accept_writes (region, service_region, service_name, service_id,
    acceptance_required, consumer_account, owner_account). Nothing for an endpoint that exists."""
    if ((endpoint or {}).get("endpoint") or {}).get("vpc_endpoint_id") or (endpoint or {}).get("vpc_endpoint_id"):
        return []
    return [action.as_dict() for action in accept_writes(want)]


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


def target(ip, port, zone="all"):
    """One IP target: in Availability Zone `zone` (``all``: the only value AWS takes for an IP outside the load
    balancer's VPC, the outpost's case), or without one (None: an IP of the load balancer's own VPC, whose zone AWS
    takes from its subnet, the native link's case)."""
    return dict(Id=ip, Port=int(port), **({"AvailabilityZone": zone} if zone else {}))


def privatelink_targets(ips, port, zone="all"):
    """Filter: the targets option of community.aws.elb_target_group for IP targets `ips` on `port` (see target)."""
    return [target(ip, port, zone) for ip in ips or []]


class FilterModule:
    def filters(self):
        return {"privatelink_stock_writes": privatelink_stock_writes,
                "privatelink_accept_writes": privatelink_accept_writes,
                "privatelink_planned_connection": privatelink_planned_connection,
                "privatelink_targets": privatelink_targets}
