# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Batched, paginated reads of EC2 state shared by the peering, DNS, route and verify modules. What is read out of
the answers without AWS (tags, CIDR blocks) is in ``ec2_shapes.py``, peering states in ``peering_states.py``."""

from __future__ import annotations


class VpcNotFound(Exception):
    pass


def describe_vpcs(ctx, region, creds, vpc_ids):
    """{vpc_id: Vpc} for the given IDs in one filtered call; missing IDs raise VpcNotFound naming them."""
    ids = sorted(set(vpc_ids))
    if not ids:
        return {}
    vpcs = ctx.paginate("ec2", region, creds, "describe_vpcs", "Vpcs", Filters=[dict(Name="vpc-id", Values=ids)])
    found = {v["VpcId"]: v for v in vpcs}
    missing = [i for i in ids if i not in found]
    if missing:
        raise VpcNotFound(missing)
    return found


def describe_peerings_between(ctx, region, creds, vpc_a, vpc_b):
    """Every peering connection between two VPCs, in either direction, as seen from ``region``."""
    pair = [vpc_a, vpc_b]
    found = ctx.paginate("ec2", region, creds, "describe_vpc_peering_connections", "VpcPeeringConnections",
                         Filters=[dict(Name="requester-vpc-info.vpc-id", Values=pair),
                                  dict(Name="accepter-vpc-info.vpc-id", Values=pair)])
    return [c for c in found if {(c.get("RequesterVpcInfo") or {}).get("VpcId"),
                                 (c.get("AccepterVpcInfo") or {}).get("VpcId")} == set(pair)]


def describe_peering(ctx, region, creds, peering_id):
    """One peering connection by ID as seen from ``region`` (None when not visible there)."""
    found = ctx.paginate("ec2", region, creds, "describe_vpc_peering_connections", "VpcPeeringConnections",
                         Filters=[dict(Name="vpc-peering-connection-id", Values=[peering_id])])
    return next((c for c in found if c.get("VpcPeeringConnectionId") == peering_id), None)


def describe_route_tables(ctx, region, creds, vpc_id):
    """Every route table of a VPC in one filtered, paginated call."""
    return ctx.paginate("ec2", region, creds, "describe_route_tables", "RouteTables",
                        Filters=[dict(Name="vpc-id", Values=[vpc_id])])


def vpc_dns_attributes(ctx, region, creds, vpc_id):
    """{'enableDnsSupport': bool, 'enableDnsHostnames': bool} (AWS answers one attribute per call)."""
    out = {}
    for attribute in ("enableDnsSupport", "enableDnsHostnames"):
        answer = ctx.call("ec2", region, creds, "describe_vpc_attribute", VpcId=vpc_id, Attribute=attribute)
        key = attribute[0].upper() + attribute[1:]
        out[attribute] = bool(answer.get(key, {}).get("Value"))
    return out
