# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions about one interface VPC endpoint (PrivateLink consumer side), also to a service of another
region (native cross-region PrivateLink, ``ServiceRegion``). No AWS access here.

Every call is made by the endpoint's owner (the consumer) in the endpoint's region.
"""

from __future__ import annotations

import hashlib

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_shapes import tags_dict
from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service import MARKER_KEY, MARKER_VALUE, wanted_tags
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import tag_actions

SIDE = "consumer"
NEW_ID = "(new interface endpoint)"
# Endpoint states in which an endpoint is gone or going, or refused; such an endpoint is never reused.
GONE_STATES = ("deleting", "deleted", "failed", "rejected", "expired")


# The endpoint's IP address type needs these types supported by the service (PrivateLink Guide, IP address types).
NEEDS = {"ipv4": ("ipv4",), "ipv6": ("ipv6",), "dualstack": ("ipv4", "ipv6")}
# DNS record IP types that fit an endpoint's IP address type (EC2 API ref, DnsOptionsSpecification DnsRecordIpType).
RECORD_FITS = {"ipv4": ("ipv4", "service-defined"), "ipv6": ("ipv6", "service-defined"),
               "dualstack": ("ipv4", "ipv6", "dualstack", "service-defined")}


# States of a subnet's IPv6 block association in which the subnet has no IPv6 range (EC2 API ref, SubnetCidrBlockState).
GONE_BLOCK_STATES = ("disassociating", "disassociated", "failing", "failed")


class InterfaceEndpointError(ValueError):
    """Bad input or an impossible request, found before any write."""


def dns_options(endpoint):
    """{dns_record_ip_type, private_dns_only_for_inbound_resolver_endpoint} of a described endpoint."""
    found = endpoint.get("DnsOptions") or {}
    return dict(dns_record_ip_type=found.get("DnsRecordIpType"),
                private_dns_only_for_inbound_resolver_endpoint=found.get("PrivateDnsOnlyForInboundResolverEndpoint"))


def check_ip_settings(ip_type, record_type, private_dns, inbound_only):
    """The endpoint's IP address type and DNS options after the run must fit together."""
    if record_type and record_type not in RECORD_FITS[ip_type]:
        raise InterfaceEndpointError(
            f"dns_options.dns_record_ip_type {record_type} does not fit ip_address_type {ip_type}: an {ip_type} "
            f"endpoint takes {', '.join(RECORD_FITS[ip_type])}")
    if inbound_only and not private_dns:
        raise InterfaceEndpointError("dns_options.private_dns_only_for_inbound_resolver_endpoint needs "
                                     "private_dns_enabled=true (it limits the private DNS name to inbound Resolver "
                                     "endpoints)")


def check_service_types(ip_type, supported, service_name):
    """The service must support what the endpoint's IP address type needs (``supported`` None: not known)."""
    if supported is None:
        return
    missing = [t for t in NEEDS[ip_type] if t not in supported]
    if missing:
        raise InterfaceEndpointError(
            f"ip_address_type {ip_type} needs the endpoint service {service_name} to support "
            f"{' and '.join(NEEDS[ip_type])}, but it supports {', '.join(sorted(supported)) or 'none'}; use "
            f"{'ipv4' if 'ipv4' in supported else 'ipv6'}, or have the provider add "
            f"{', '.join(missing)} (endpoint_service supported_ip_address_types)")


def check_subnets(ip_type, subnets):
    """``subnets``: [{SubnetId, CidrBlock, Ipv6CidrBlockAssociationSet, Ipv6Native}] the endpoint has after the run.
    dualstack needs IPv4 and IPv6 ranges in every subnet, ipv6 IPv6-only subnets (PrivateLink Guide)."""
    if ip_type == "ipv4":
        return
    for subnet in subnets:
        has_ipv6 = any((a.get("Ipv6CidrBlockState") or {}).get("State") not in GONE_BLOCK_STATES
                       for a in subnet.get("Ipv6CidrBlockAssociationSet") or [])
        if ip_type == "dualstack" and not (has_ipv6 and subnet.get("CidrBlock")):
            raise InterfaceEndpointError(f"ip_address_type dualstack needs subnets with IPv4 and IPv6 ranges; "
                                         f"{subnet['SubnetId']} has no IPv6 range")
        if ip_type == "ipv6" and not subnet.get("Ipv6Native"):
            raise InterfaceEndpointError(f"ip_address_type ipv6 needs IPv6-only subnets; {subnet['SubnetId']} is not "
                                         "IPv6-only (use dualstack)")


def client_token(region, account, vpc_id, service_name, service_region):
    """Idempotency token of CreateVpcEndpoint: the same endpoint (region, account, VPC, service) always gets it."""
    digest = hashlib.sha256("|".join([region, account, vpc_id, service_name, service_region]).encode()).hexdigest()
    return f"vpcmesh-{digest[:40]}"


def summarize(endpoint, region):
    """The endpoint as the module returns it (None stays None); ``region``: the endpoint's own region."""
    if not endpoint:
        return None
    return dict(
        vpc_endpoint_id=endpoint.get("VpcEndpointId"), vpc_id=endpoint.get("VpcId"),
        service_name=endpoint.get("ServiceName"), service_region=endpoint.get("ServiceRegion") or region,
        state=endpoint.get("State"), subnet_ids=sorted(endpoint.get("SubnetIds") or []),
        security_group_ids=sorted(g["GroupId"] for g in endpoint.get("Groups") or [] if g.get("GroupId")),
        dns_names=[e["DnsName"] for e in endpoint.get("DnsEntries") or [] if e.get("DnsName")],
        ip_address_type=endpoint.get("IpAddressType") or "ipv4", dns_options=dns_options(endpoint),
        private_dns_enabled=bool(endpoint.get("PrivateDnsEnabled")),
        tags=tags_dict(endpoint.get("Tags")))


def pick_endpoint(endpoints, service_region, region):
    """The one live endpoint of the VPC to the service in ``service_region`` (None if there is none)."""
    found = [e for e in endpoints if (e.get("VpcEndpointType") or "Interface").lower() == "interface"
             and (e.get("State") or "").lower() not in GONE_STATES
             and (e.get("ServiceRegion") or region) == service_region]
    if len(found) > 1:
        ids = ", ".join(sorted(e["VpcEndpointId"] for e in found))
        raise InterfaceEndpointError(f"the VPC has several interface endpoints to this service ({ids}); delete "
                                     "the extra ones, or manage one of them by tagging it")
    return found[0] if found else None


def owned(summary):
    return summary["tags"].get(MARKER_KEY) == MARKER_VALUE


def plan(want, current):
    """Actions that bring the endpoint to ``want['state']``; returns (actions, predicted summary).

    ``want``: state, region, vpc_id, service_name, service_region, subnet_ids (None: keep), security_group_ids
    (None: keep), tags (None: keep), purge_tags, private_dns_enabled (None: keep; false on create), client_token,
    ip_address_type (None: keep; AWS's default on create), dns_options ({dns_record_ip_type,
    private_dns_only_for_inbound_resolver_endpoint}, each None: keep; or None).
    """
    if current is not None and not owned(current):
        raise InterfaceEndpointError(
            f"interface endpoint {current['vpc_endpoint_id']} to {current['service_name']} was not created by "
            f"vpcmesh.aws (it has no tag {MARKER_KEY}={MARKER_VALUE}), so it is left alone; use it as it is, or "
            f"tag it {MARKER_KEY}={MARKER_VALUE} to let this module manage it")
    region = want["region"]
    if want["state"] == "absent":
        if current is None:
            return [], None
        return [Action("ec2:DeleteVpcEndpoints", region, dict(VpcEndpointIds=[current["vpc_endpoint_id"]]),
                       side=SIDE, description=f"delete interface endpoint {current['vpc_endpoint_id']}")], None
    if current is None:
        return _plan_create(want)
    return _plan_update(want, current)


def _plan_create(want):
    if not want.get("subnet_ids"):
        raise InterfaceEndpointError("subnet_ids is required to create an interface endpoint: give one subnet per "
                                     "Availability Zone the endpoint should have an address in")
    region = want["region"]
    tags = wanted_tags(want) or {MARKER_KEY: MARKER_VALUE}
    params = dict(VpcEndpointType="Interface", VpcId=want["vpc_id"], ServiceName=want["service_name"],
                  SubnetIds=sorted(want["subnet_ids"]), PrivateDnsEnabled=bool(want.get("private_dns_enabled")),
                  ClientToken=want["client_token"],
                  TagSpecifications=[dict(ResourceType="vpc-endpoint",
                                          Tags=[dict(Key=k, Value=v) for k, v in sorted(tags.items())])])
    ip_type = want.get("ip_address_type") or "ipv4"
    options = {k: v for k, v in (want.get("dns_options") or {}).items() if v is not None}
    check_ip_settings(ip_type, options.get("dns_record_ip_type"), bool(want.get("private_dns_enabled")),
                      options.get("private_dns_only_for_inbound_resolver_endpoint"))
    if want.get("ip_address_type"):
        params["IpAddressType"] = want["ip_address_type"]
    if options:
        params["DnsOptions"] = _dns_params(options)
    if want.get("security_group_ids"):
        params["SecurityGroupIds"] = sorted(want["security_group_ids"])
    if want["service_region"] != region:
        params["ServiceRegion"] = want["service_region"]
    where = "" if want["service_region"] == region else f" in {want['service_region']}"
    action = Action("ec2:CreateVpcEndpoint", region, params, side=SIDE,
                    description=f"create an interface endpoint in {want['vpc_id']} to {want['service_name']}{where}")
    after = dict(vpc_endpoint_id=None, vpc_id=want["vpc_id"], service_name=want["service_name"],
                 service_region=want["service_region"], state="available", subnet_ids=sorted(want["subnet_ids"]),
                 security_group_ids=sorted(want.get("security_group_ids") or []), dns_names=[],
                 ip_address_type=ip_type, dns_options=dict(
                     dns_record_ip_type=options.get("dns_record_ip_type") or ip_type,
                     private_dns_only_for_inbound_resolver_endpoint=options.get(
                         "private_dns_only_for_inbound_resolver_endpoint")),
                 private_dns_enabled=bool(want.get("private_dns_enabled")), tags=tags)
    return [action], after


def _dns_params(options):
    out = {}
    if options.get("dns_record_ip_type"):
        out["DnsRecordIpType"] = options["dns_record_ip_type"]
    if options.get("private_dns_only_for_inbound_resolver_endpoint") is not None:
        out["PrivateDnsOnlyForInboundResolverEndpoint"] = options["private_dns_only_for_inbound_resolver_endpoint"]
    return out


def _plan_ip_settings(want, current, after):
    """The IpAddressType, DnsOptions and PrivateDnsEnabled part of ModifyVpcEndpoint (changed values only)."""
    modify = {}
    ip_type = want.get("ip_address_type") or current["ip_address_type"]
    if ip_type != current["ip_address_type"]:
        modify["IpAddressType"] = ip_type
    have = current.get("dns_options") or {}
    options = {k: v for k, v in (want.get("dns_options") or {}).items() if v is not None and have.get(k) != v}
    private_dns = current["private_dns_enabled"] if want.get("private_dns_enabled") is None \
        else want["private_dns_enabled"]
    merged = dict(have, **options)
    record = merged.get("dns_record_ip_type")
    changing = "IpAddressType" in modify or "dns_record_ip_type" in options
    if changing and record and record not in RECORD_FITS[ip_type] and "dns_record_ip_type" not in options:
        raise InterfaceEndpointError(
            f"the endpoint's DNS records are {record}, which an {ip_type} endpoint cannot have: give "
            f"dns_options.dns_record_ip_type ({', '.join(RECORD_FITS[ip_type])}) with ip_address_type")
    check_ip_settings(ip_type, record if changing else None, private_dns,
                      merged.get("private_dns_only_for_inbound_resolver_endpoint"))
    if options:
        modify["DnsOptions"] = _dns_params(options)
    if private_dns != current["private_dns_enabled"]:
        modify["PrivateDnsEnabled"] = private_dns
    after.update(ip_address_type=ip_type, dns_options=merged, private_dns_enabled=private_dns)
    return modify


def _difference(have, wanted):
    return sorted(set(wanted) - set(have)), sorted(set(have) - set(wanted))


def _plan_update(want, current):
    region, endpoint_id = want["region"], current["vpc_endpoint_id"]
    after, modify = dict(current), {}
    for key, add, remove in (("subnet_ids", "AddSubnetIds", "RemoveSubnetIds"),
                             ("security_group_ids", "AddSecurityGroupIds", "RemoveSecurityGroupIds")):
        if want.get(key) is None:
            continue
        added, removed = _difference(current[key], want[key])
        if added:
            modify[add] = added
        if removed:
            modify[remove] = removed
        after[key] = sorted(want[key])
    modify.update(_plan_ip_settings(want, current, after))
    actions = []
    if modify:
        actions.append(Action("ec2:ModifyVpcEndpoint", region, dict(VpcEndpointId=endpoint_id, **modify), side=SIDE,
                              description=f"change {', '.join(sorted(modify))} of {endpoint_id}"))
    tags_wanted = wanted_tags(want)
    actions += tag_actions(current["tags"], tags_wanted, want.get("purge_tags"), endpoint_id, region, SIDE)
    if tags_wanted is not None:
        kept = {k: v for k, v in current["tags"].items() if k.startswith("aws:") or not want.get("purge_tags")}
        after["tags"] = dict(kept, **tags_wanted)
    return actions, after
