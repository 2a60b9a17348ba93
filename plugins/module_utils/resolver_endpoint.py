# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions for one Route 53 Resolver endpoint: are its IP addresses valid, which IPs to add and
remove, what its DNS security group must allow, and which calls reach the wanted state. No AWS access.

AWS rules followed (Route 53 Developer Guide, "Values that you specify when you create or edit inbound
endpoints"; API reference CreateResolverEndpoint): at least two IP addresses, which we require in at least
two Availability Zones; all subnets in one VPC; an IP must lie in its subnet and not be one of the five
addresses AWS reserves in every subnet; the security groups of an endpoint cannot be changed after it is
created; an IP is added or removed one call at a time.

Protocols and address types (API reference CreateResolverEndpoint / UpdateResolverEndpoint ``Protocols`` and
``ResolverEndpointType``): an inbound endpoint takes Do53, DoH or DoH-FIPS alone, or Do53 with DoH or with DoH-FIPS;
an outbound one Do53 or DoH alone, or both (DoH-FIPS "is applicable for default inbound endpoints only"); none means
Do53. An inbound endpoint cannot go from Do53 alone straight to DoH or DoH-FIPS alone ("you must first enable both
Do53 and DoH ... and then remove the Do53"). An endpoint is IPV4 (the default), IPV6 or DUALSTACK; UpdateResolverEndpoint
changes only between IPV4 and DUALSTACK ("IPV6 endpoint type can't be updated to other type"; "Updating to IPV6 type
isn't currently supported"), giving each address its IPv6 (``UpdateIpAddresses``, chosen by AWS when not given).
An IPV6 or DUALSTACK endpoint needs subnets with an IPv6 CIDR block.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.cidrs import CidrError, is_ipv6, parse_cidr
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import (
    DNS_PORT, DOH_PORT, ResolverError, live_ips, live_ipv6)

NEW_ENDPOINT = "(new endpoint)"
NEW_SG = "(new security group)"
ENDPOINT_TAG = "vpcmesh:resolver-endpoint"
GOING_IP_STATES = ("DETACHING", "REMAP_DETACHING", "DELETING")
DEFAULT_PROTOCOLS = ("Do53",)
# The protocol sets AWS accepts, per direction.
PROTOCOL_SETS = {
    "inbound": ({"Do53"}, {"DoH"}, {"DoH-FIPS"}, {"Do53", "DoH"}, {"Do53", "DoH-FIPS"}),
    "outbound": ({"Do53"}, {"DoH"}, {"Do53", "DoH"}),
}
ENDPOINT_TYPES = {"ipv4": "IPV4", "ipv6": "IPV6", "dualstack": "DUALSTACK"}
DEFAULT_TYPE = "ipv4"
TYPE_CHANGES = {("ipv4", "dualstack"), ("dualstack", "ipv4")}


def check_protocols(direction, protocols):
    """The wanted protocols (sorted, without duplicates), or None when not given; a set AWS refuses raises."""
    if protocols is None:
        return None
    wanted = set(protocols)
    if wanted not in PROTOCOL_SETS[direction]:
        if "DoH-FIPS" in wanted and direction == "outbound":
            why = "DoH-FIPS is for inbound endpoints only"
        else:
            why = "allowed: " + "; ".join(" and ".join(sorted(c)) for c in PROTOCOL_SETS[direction])
        raise ResolverError(f"protocols {sorted(wanted)} cannot be used by an {direction} endpoint ({why})")
    return sorted(wanted)


DOH_PERMISSION = "tcp/443"  # the (protocol, cidr) pairs of a DNS security group: tcp, udp (53), and DoH's TCP 443
DOH_PROTOCOLS = ("DoH", "DoH-FIPS")


def speaks_doh(protocols):
    """Whether an endpoint with ``protocols`` answers DNS over HTTPS (TCP 443)."""
    return any(p in DOH_PROTOCOLS for p in protocols or ())


def needs_ipv6(endpoint_type):
    return endpoint_type in ("ipv6", "dualstack")


def check_ip_spec(entries, subnets, endpoint_type=None):
    """Validate the wanted IP addresses against the described subnets; returns the VPC they share.

    ``entries``: [{'subnet_id', 'ip' (None: AWS picks one), 'ipv6' (optional)}]; ``subnets``: {subnet_id: {vpc_id,
    az, cidr, ipv6_cidrs (optional)}}; ``endpoint_type``: ipv4, ipv6, dualstack or None (IPv4).
    """
    missing = sorted({e["subnet_id"] for e in entries} - set(subnets))
    if missing:
        raise ResolverError(f"subnets {', '.join(missing)} were not found in this region; check the subnet IDs "
                            "and the region option")
    if len(entries) < 2:
        raise ResolverError(f"a Resolver endpoint needs at least two IP addresses (got {len(entries)}); list two "
                            "subnets in different Availability Zones, or two ip_addresses")
    vpcs = sorted({subnets[e["subnet_id"]]["vpc_id"] for e in entries})
    if len(vpcs) > 1:
        raise ResolverError(f"the subnets belong to different VPCs ({', '.join(vpcs)}); an endpoint lives in one VPC")
    zones = sorted({subnets[e["subnet_id"]]["az"] for e in entries})
    if len(zones) < 2:
        raise ResolverError(f"every IP address is in {zones[0]}; AWS requires the addresses of an endpoint in at "
                            "least two Availability Zones - add a subnet of another zone")
    kind = endpoint_type or DEFAULT_TYPE
    if needs_ipv6(kind):
        bare = sorted({e["subnet_id"] for e in entries if not subnets[e["subnet_id"]].get("ipv6_cidrs")})
        if bare:
            raise ResolverError(f"endpoint_type {kind} needs subnets with an IPv6 CIDR block; {', '.join(bare)} "
                                "has none - associate one with the subnet, or use endpoint_type ipv4")
    seen = set()
    for entry in entries:
        if entry.get("ip") and kind == "ipv6":
            raise ResolverError(f"IP address {entry['ip']} is IPv4, but an endpoint of endpoint_type ipv6 has IPv6 "
                                "addresses only; give ipv6 instead, or use endpoint_type dualstack")
        if entry.get("ipv6") and kind == "ipv4":
            raise ResolverError(f"ipv6 {entry['ipv6']} is given for an endpoint of endpoint_type ipv4; give "
                                "endpoint_type dualstack (or ipv6) to use IPv6 addresses")
        if entry.get("ip"):
            _check_ip(entry["ip"], entry["subnet_id"], subnets[entry["subnet_id"]]["cidr"])
        if entry.get("ipv6"):
            _check_ipv6(entry["ipv6"], entry["subnet_id"], subnets[entry["subnet_id"]].get("ipv6_cidrs") or [])
        for address in (entry.get("ip"), entry.get("ipv6")):
            if address and address in seen:
                raise ResolverError(f"IP address {address} is listed twice")
            seen.add(address)
    return vpcs[0]


def _check_ipv6(ip, subnet_id, cidrs):
    try:
        address = ipaddress.ip_address(ip)
        if address.version != 6:
            raise ValueError(ip)
    except ValueError:
        raise ResolverError(f"ipv6 {ip!r} is not an IPv6 address") from None
    nets = [ipaddress.ip_network(c) for c in cidrs]
    net = next((n for n in nets if address in n), None)
    if net is None:
        raise ResolverError(f"IPv6 address {ip} is not in subnet {subnet_id} ({', '.join(cidrs)}); pick an address "
                            "of that subnet")
    if address in [net.network_address + i for i in range(4)] + [net.broadcast_address]:
        raise ResolverError(f"IPv6 address {ip} is one of the five addresses AWS reserves in subnet {subnet_id} "
                            f"({net}: the first four and the last); pick another")


def _check_ip(ip, subnet_id, cidr):
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        raise ResolverError(f"{ip!r} is not an IPv4 address") from None
    net = ipaddress.ip_network(cidr)
    if address not in net:
        raise ResolverError(f"IP address {ip} is not in subnet {subnet_id} ({cidr}); pick an address of that subnet")
    reserved = [net.network_address + i for i in range(4)] + [net.broadcast_address]
    if address in reserved:
        raise ResolverError(f"IP address {ip} is one of the five addresses AWS reserves in subnet {subnet_id} "
                            f"({cidr}: the first four and the last); pick another")


def plan_ips(wanted, current):
    """(to add, to remove) to turn the endpoint's ``current`` IPs into ``wanted``.

    ``wanted``: [{'subnet_id', 'ip' or None, 'ipv6' (optional)}] (None: any address of that subnet, the one it has
    is kept); ``current``: [{'ip', 'ipv6', 'subnet_id', 'ip_id', 'status'}]. Addresses already going away are left
    alone.
    """
    _pairs, to_add, remaining = match_ips(wanted, current)
    return to_add, remaining


def match_ips(wanted, current, ignore_ipv6=False):
    """([(wanted entry, current address)], to add, to remove). With ``ignore_ipv6`` (an endpoint turning dual-stack,
    whose addresses get their IPv6 in place) a wanted IPv6 does not keep an address from matching."""
    remaining = sorted((c for c in current if c.get("status") not in GOING_IP_STATES),
                       key=lambda c: (c.get("ip") or "", c.get("ipv6") or ""))
    to_add, pairs = [], []
    for entry in sorted(wanted, key=lambda e: (e.get("ip") is None, e.get("ipv6") is None)):
        match = next((c for c in remaining if c["subnet_id"] == entry["subnet_id"]
                      and (entry.get("ip") is None or c.get("ip") == entry["ip"])
                      and (entry.get("ipv6") is None or c.get("ipv6") == entry["ipv6"]
                           or (ignore_ipv6 and not c.get("ipv6")))), None)
        if match:
            remaining.remove(match)
            pairs.append((entry, match))
        else:
            to_add.append(entry)
    return pairs, to_add, remaining


def dns_permissions(cidrs, doh=False):
    """{(protocol, cidr)} that a DNS security group must allow in: TCP and UDP 53 from each CIDR, and with ``doh``
    (an endpoint answering DoH or DoH-FIPS) TCP 443 (``DOH_PERMISSION``)."""
    out = set()
    for cidr in cidrs:
        try:
            parse_cidr(cidr, "allowed CIDR")
        except CidrError as e:
            raise ResolverError(str(e)) from None
        out |= {("tcp", cidr), ("udp", cidr)} | ({(DOH_PERMISSION, cidr)} if doh else set())
    return out


def _is_dns(perm, doh=False):
    if perm.get("IpProtocol") in ("tcp", "udp") and perm.get("FromPort") == DNS_PORT == perm.get("ToPort"):
        return perm["IpProtocol"]
    if doh and perm.get("IpProtocol") == "tcp" and perm.get("FromPort") == DOH_PORT == perm.get("ToPort"):
        return DOH_PERMISSION
    return None


def ingress_of(group, doh=False):
    """{(protocol, cidr)} of a described security group's ingress rules for TCP/UDP port 53 from CIDRs (and, with
    ``doh``, TCP 443; without, a 443 rule is another port's and left alone)."""
    found = set()
    for perm in group.get("IpPermissions", []):
        kind = _is_dns(perm, doh)
        if kind:
            found |= {(kind, r["CidrIp"]) for r in perm.get("IpRanges", [])}
            found |= {(kind, r["CidrIpv6"]) for r in perm.get("Ipv6Ranges", [])}
    return found


def ip_permissions(perms):
    """EC2 ``IpPermissions`` for a set of (protocol, cidr) on port 53 (and TCP 443 for ``DOH_PERMISSION``), grouped
    per protocol, sorted."""
    out = []
    for protocol in ("tcp", "udp", DOH_PERMISSION):
        cidrs = sorted(c for p, c in perms if p == protocol)
        if not cidrs:
            continue
        port = DOH_PORT if protocol == DOH_PERMISSION else DNS_PORT
        perm = dict(IpProtocol="tcp" if protocol == DOH_PERMISSION else protocol, FromPort=port, ToPort=port)
        v4 = [dict(CidrIp=c) for c in cidrs if not is_ipv6(c)]
        v6 = [dict(CidrIpv6=c) for c in cidrs if is_ipv6(c)]
        if v4:
            perm["IpRanges"] = v4
        if v6:
            perm["Ipv6Ranges"] = v6
        out.append(perm)
    return out


def plan_security_group(want, current):
    """Calls that make the endpoint's DNS security group exist and allow DNS from exactly ``want['cidrs']``
    (its rules for other ports, if someone added any, are left alone).

    ``want``: name, cidrs, vpc_id, region, endpoint_name. ``current``: the described group or None.
    A group of that name that this collection did not create is never changed.
    """
    wanted = dns_permissions(want["cidrs"], want.get("doh", False))
    region = want["region"]
    if current is None:
        tags = [dict(Key="Name", Value=want["name"]), dict(Key=ENDPOINT_TAG, Value=want["endpoint_name"])]
        current, group_id = dict(GroupId=NEW_SG, Tags=tags), NEW_SG
        actions = [Action("ec2:CreateSecurityGroup", region, dict(
            GroupName=want["name"], VpcId=want["vpc_id"],
            Description=f"DNS (TCP and UDP 53) to Route 53 Resolver endpoint {want['endpoint_name']}",
            TagSpecifications=[dict(ResourceType="security-group", Tags=tags)]),
            description=f"create security group {want['name']} in {want['vpc_id']}")]
    else:
        actions, group_id = [], current["GroupId"]
    tags = {t["Key"]: t["Value"] for t in current.get("Tags", [])}
    if ENDPOINT_TAG not in tags:
        raise ResolverError(f"security group {want['name']} ({group_id}) exists in {want['vpc_id']} but was "
                            "not created by vpcmesh.aws, which never changes it; give dns_security_group another "
                            "name, or pass the group in security_group_ids")
    have = ingress_of(current, want.get("doh", False))
    if wanted - have:
        actions.append(Action("ec2:AuthorizeSecurityGroupIngress", region, dict(
            GroupId=group_id, IpPermissions=ip_permissions(wanted - have)),
            description=f"allow DNS into {want['name']} from "
                        f"{', '.join(sorted({c for _ip, c in wanted - have}))}"))
    if have - wanted:
        actions.append(Action("ec2:RevokeSecurityGroupIngress", region, dict(
            GroupId=group_id, IpPermissions=ip_permissions(have - wanted)),
            description=f"stop allowing DNS into {want['name']} from "
                        f"{', '.join(sorted({c for _ip, c in have - wanted}))}"))
    return actions


def group_planned_before(items, index, default_region=None):
    """The earlier item of a list form's ``items`` (raw dicts of this module's options) whose plan creates the same
    DNS security group as item ``index`` would: present, in the same region, with the same group name (its
    ``dns_security_group.name``, else ``<endpoint name>-dns``) and the same subnets (so the same VPC); None.

    In check mode such a group is planned once, by the first item; the later ones plan over it as the real run
    finds it once the first has made it (the resolver_mesh role makes a node's inbound endpoint, with the group,
    before its outbound one)."""
    def key(item):
        spec = item.get("dns_security_group")
        if not isinstance(spec, dict) or (item.get("state") or "present") != "present":
            return None
        subnets = item.get("subnet_ids") or [e.get("subnet_id") for e in item.get("ip_addresses") or []
                                             if isinstance(e, dict)]
        return (item.get("region") or default_region, spec.get("name") or f"{item.get('name')}-dns",
                frozenset(subnets))

    mine = key(items[index])
    if mine is None:
        return None
    return next((item for item in items[:index] if key(item) == mine), None)


def group_as_planned(group, name, cidrs, endpoint_name, doh=False):
    """A DNS security group as another endpoint's plan leaves it (group_planned_before): ``group`` (described, or
    None when that plan creates it: NEW_SG, ours) allowing DNS from exactly ``cidrs`` (and TCP 443 with ``doh``, that
    endpoint answering DoH); its other rules kept."""
    if group is None:
        group = dict(GroupId=NEW_SG, GroupName=name, IpPermissions=[],
                     Tags=[dict(Key="Name", Value=name), dict(Key=ENDPOINT_TAG, Value=endpoint_name)])
    others = [perm for perm in group.get("IpPermissions", []) if not _is_dns(perm, doh)]
    return dict(group, IpPermissions=others + ip_permissions(dns_permissions(cidrs, doh)))


def plan_endpoint(want, current):
    """Calls that bring the endpoint to ``want`` (present) or remove it (absent).

    ``want``: state, name, direction, region, vpc_id, ips ([{subnet_id, ip}]), security_group_ids (the final
    list, NEW_SG for a group still to be created), tags (None: leave), purge_tags, token.
    ``current``: summarize_endpoint(...) with ip_addresses and tags, or None.
    Returns (actions, predicted summary after, notes for the user).
    """
    region, notes = want["region"], []
    if want["state"] == "absent":
        if not current:
            return [], None, notes
        return [Action("route53resolver:DeleteResolverEndpoint", region, dict(ResolverEndpointId=current["id"]),
                       description=f"delete endpoint {current['name']} ({current['id']})")], None, notes
    if current is None:
        params = dict(CreatorRequestId=want["token"], Name=want["name"], Direction=want["direction"].upper(),
                      SecurityGroupIds=want["security_group_ids"],
                      IpAddresses=[_ip_param(e) for e in want["ips"]])
        if want.get("protocols") is not None:
            params["Protocols"] = list(want["protocols"])
        if want.get("endpoint_type") is not None:
            params["ResolverEndpointType"] = ENDPOINT_TYPES[want["endpoint_type"]]
        if want["tags"]:
            params["Tags"] = [dict(Key=k, Value=v) for k, v in sorted(want["tags"].items())]
        after = dict(id=None, arn=None, name=want["name"], direction=want["direction"], vpc_id=want["vpc_id"],
                     status="OPERATIONAL", status_message=None, security_group_ids=want["security_group_ids"],
                     creator_request_id=want["token"], ip_address_count=len(want["ips"]),
                     ip_addresses=[dict(ip=e.get("ip"), ipv6=e.get("ipv6"), subnet_id=e["subnet_id"], ip_id=None,
                                        status=None) for e in want["ips"]], tags=dict(want["tags"] or {}),
                     protocols=list(want.get("protocols") or DEFAULT_PROTOCOLS),
                     endpoint_type=want.get("endpoint_type") or DEFAULT_TYPE)
        return [Action("route53resolver:CreateResolverEndpoint", region, params,
                       description=f"create {want['direction']} endpoint {want['name']} in {want['vpc_id']}")], \
            after, notes
    if current["status"] == "DELETING":
        raise ResolverError(f"endpoint {current['name']} ({current['id']}) is being deleted; run again once it is gone")
    if current["direction"] != want["direction"]:
        raise ResolverError(f"endpoint {current['name']} ({current['id']}) is {current['direction']}, not "
                            f"{want['direction']}; the direction of an endpoint cannot change - use another name")
    if sorted(want["security_group_ids"]) != current["security_group_ids"]:
        notes.append(f"endpoint {current['id']} has security groups {', '.join(current['security_group_ids'])}, "
                     f"not {', '.join(sorted(want['security_group_ids']))}: AWS cannot change the security groups of "
                     "an endpoint; change the groups' rules, or delete and recreate the endpoint")
    update, current = _endpoint_update(want, current)
    actions, ips_after = _ip_actions(want, current)
    after = dict(current, ip_addresses=ips_after, ip_address_count=len(ips_after))
    tag_actions, tags_after = _tag_actions(want, current)
    after["tags"] = tags_after
    return update + actions + tag_actions, after, notes


def _endpoint_update(want, current):
    """([UpdateResolverEndpoint] or [], the endpoint as that update leaves it) for the wanted protocols and type."""
    params, changes = {}, []
    have = sorted(current.get("protocols") or DEFAULT_PROTOCOLS)
    wanted = want.get("protocols")
    if wanted is not None and sorted(wanted) != have:
        if want["direction"] == "inbound" and have == ["Do53"] and "Do53" not in wanted:
            raise ResolverError(
                f"endpoint {current['name']} ({current['id']}) answers Do53 only; AWS cannot switch an inbound endpoint "
                f"straight to {' and '.join(sorted(wanted))} without Do53. Give protocols "
                f"[Do53, {sorted(wanted)[0]}] first and, once the clients use {sorted(wanted)[0]}, drop Do53")
        params["Protocols"] = sorted(wanted)
        changes.append(f"protocols {', '.join(have)} -> {', '.join(sorted(wanted))}")
    kind, have_kind = want.get("endpoint_type"), current.get("endpoint_type") or DEFAULT_TYPE
    after = dict(current, protocols=sorted(wanted) if wanted is not None else have, endpoint_type=have_kind)
    if kind is not None and kind != have_kind:
        if (have_kind, kind) not in TYPE_CHANGES:
            raise ResolverError(f"endpoint {current['name']} ({current['id']}) is {have_kind}; AWS changes an "
                                f"endpoint's type only between ipv4 and dualstack, not to {kind} - delete it "
                                "(state: absent) and create it again, or use another name")
        params["ResolverEndpointType"] = ENDPOINT_TYPES[kind]
        changes.append(f"type {have_kind} -> {kind}")
        after["endpoint_type"] = kind
        if kind == "dualstack":
            pairs, _add, _remove = match_ips(want["ips"], current["ip_addresses"], ignore_ipv6=True)
            given = {c["ip_id"]: e["ipv6"] for e, c in pairs if e.get("ipv6") and not c.get("ipv6")}
            if given:
                params["UpdateIpAddresses"] = [dict(IpId=i, Ipv6=v) for i, v in sorted(given.items())]
            after["ip_addresses"] = [dict(c, ipv6=given.get(c.get("ip_id"), c.get("ipv6")))
                                     for c in current["ip_addresses"]]
        else:
            after["ip_addresses"] = [dict(c, ipv6=None) for c in current["ip_addresses"]]
    if not params:
        return [], current
    return [Action("route53resolver:UpdateResolverEndpoint", want["region"],
                   dict(ResolverEndpointId=current["id"], **params),
                   description=f"update endpoint {current['id']}: {'; '.join(changes)}")], after


def _ip_param(entry):
    out = dict(SubnetId=entry["subnet_id"])
    if entry.get("ip"):
        out["Ip"] = entry["ip"]
    if entry.get("ipv6"):
        out["Ipv6"] = entry["ipv6"]
    return out


def _ip_actions(want, current):
    """Add before remove, so the endpoint never drops below two addresses; returns (actions, IPs after)."""
    to_add, to_remove = plan_ips(want["ips"], current["ip_addresses"])
    region, endpoint = want["region"], current["id"]
    actions = [Action("route53resolver:AssociateResolverEndpointIpAddress", region, dict(
        ResolverEndpointId=endpoint, IpAddress=_ip_param(e)),
        description=f"add {e.get('ip') or e.get('ipv6') or 'an address'} in {e['subnet_id']} to {endpoint}")
        for e in to_add]
    actions += [Action("route53resolver:DisassociateResolverEndpointIpAddress", region, dict(
        ResolverEndpointId=endpoint, IpAddress=_removed(c)),
        description=f"remove {c.get('ip') or c.get('ipv6')} ({c['subnet_id']}) from {endpoint}") for c in to_remove]
    gone = {c["ip_id"] for c in to_remove}
    kept = [c for c in current["ip_addresses"] if c["ip_id"] not in gone and c.get("status") not in GOING_IP_STATES]
    return actions, kept + [dict(ip=e.get("ip"), ipv6=e.get("ipv6"), subnet_id=e["subnet_id"], ip_id=None,
                                 status=None) for e in to_add]


def _removed(address):
    out = dict(IpId=address["ip_id"], SubnetId=address["subnet_id"])
    if address.get("ip"):
        out["Ip"] = address["ip"]
    if address.get("ipv6"):
        out["Ipv6"] = address["ipv6"]
    return out


def _tag_actions(want, current):
    have = current.get("tags") or {}
    if want["tags"] is None:
        return [], have
    region, arn = want["region"], current["arn"]
    to_set = {k: v for k, v in want["tags"].items() if have.get(k) != v}
    to_drop = sorted(k for k in have if k not in want["tags"] and not k.startswith("aws:")) \
        if want["purge_tags"] else []
    actions = []
    if to_set:
        actions.append(Action("route53resolver:TagResource", region, dict(
            ResourceArn=arn, Tags=[dict(Key=k, Value=v) for k, v in sorted(to_set.items())]),
            description=f"tag {current['id']}"))
    if to_drop:
        actions.append(Action("route53resolver:UntagResource", region, dict(ResourceArn=arn, TagKeys=to_drop),
                              description=f"remove tags {', '.join(to_drop)} from {current['id']}"))
    after = {k: v for k, v in have.items() if k not in to_drop}
    after.update(want["tags"])
    return actions, after


def endpoint_ips_after(summary):
    """The IPs a summarized endpoint answers on (for the module's ``ip_addresses`` return value)."""
    return live_ips([dict(Ip=a["ip"], Status=a.get("status")) for a in (summary or {}).get("ip_addresses", [])
                     if a.get("ip")])


def endpoint_ipv6_after(summary):
    """The IPv6 addresses a summarized endpoint answers on (``ipv6_addresses``)."""
    return live_ipv6([dict(Ipv6=a.get("ipv6"), Status=a.get("status"))
                      for a in (summary or {}).get("ip_addresses", []) if a.get("ipv6")])
