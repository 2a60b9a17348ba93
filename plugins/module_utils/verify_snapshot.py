# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWS state a connectivity check reasons about, as plain data (no AWS access here).

``Snapshot.add_*`` take the shapes the describe/list calls answer (boto3 dicts) and keep only what the
checks need; the lookups answer the questions the DNS and path checks ask. Every entry is a plain dict, so
a snapshot can be built by hand in unit tests and returned as the module's topology.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_shapes import tags_dict, vpc_cidrs

ROUTE_TARGET_KEYS = ("VpcPeeringConnectionId", "GatewayId", "TransitGatewayId", "NatGatewayId", "NetworkInterfaceId",
                     "InstanceId", "LocalGatewayId", "CarrierGatewayId", "EgressOnlyInternetGatewayId",
                     "CoreNetworkArn")


# Descriptions AWS gives the network interfaces of its services (not a workload's source).
SERVICE_INTERFACE_DESCRIPTIONS = ("Route 53 Resolver", "VPC Endpoint Interface", "ELB ", "AWS created network interface")


def net(value):
    return ipaddress.ip_network(value, strict=False)


def contains(cidr, address):
    """Whether ``cidr`` holds ``address`` (an IP or a block: the whole block must be inside)."""
    block = net(address)
    outer = net(cidr)
    return block.version == outer.version and block.subnet_of(outer)


def overlaps(cidr, address):
    block, outer = net(address), net(cidr)
    return block.version == outer.version and block.overlaps(outer)


def fqdn(name):
    """Lower case, no trailing dot (``API.Internal.`` -> ``api.internal``); Route 53's octal escapes decoded."""
    name = (name or "").strip().lower().rstrip(".")
    return name.replace("\\052", "*")


def _rule_ports(entry):
    ports = entry.get("PortRange")
    return (ports["From"], ports["To"]) if ports else None


class Snapshot:
    """State of the VPCs a check touches, keyed by resource ID (IDs are unique across regions and accounts)."""

    def __init__(self):
        self.vpcs = {}
        self.subnets = {}
        self.route_tables = {}
        self.nacls = {}
        self.security_groups = {}
        self.enis = {}
        self.peerings = {}
        self.zones = {}
        self.resolver_rules = {}
        self.resolver_endpoints = {}
        self.vpc_endpoints = {}
        # PrivateLink behind an interface endpoint, when read: endpoint services by name, load balancers by ARN
        self.endpoint_services = {}
        self.load_balancers = {}
        # endpoint service name -> why its provider side was not read (no account read owns it, ...)
        self.unread_services = {}
        # vpc_id -> why it was not read (no credentials for its account, not found, ...)
        self.unread = {}

    # -- building from API answers -------------------------------------------------------------------
    def add_vpc(self, vpc, region, account, dns):
        self.vpcs[vpc["VpcId"]] = dict(
            id=vpc["VpcId"], region=region, account=account, cidrs=vpc_cidrs(vpc)[0], name=tags_dict(vpc.get("Tags")).get("Name"),
            dns_support=bool(dns.get("enableDnsSupport")), dns_hostnames=bool(dns.get("enableDnsHostnames")),
            dhcp_options_id=vpc.get("DhcpOptionsId"), dns_servers=None)

    def add_dhcp_options(self, options):
        """A DHCP option set: the VPCs using it get its ``domain-name-servers`` (an empty list: none given)."""
        servers = [v["Value"] for c in options.get("DhcpConfigurations", []) if c.get("Key") == "domain-name-servers"
                   for v in c.get("Values", []) if v.get("Value")]
        for vpc in self.vpcs.values():
            if vpc.get("dhcp_options_id") == options["DhcpOptionsId"]:
                vpc["dns_servers"] = servers

    def add_subnet(self, subnet):
        self.subnets[subnet["SubnetId"]] = dict(
            id=subnet["SubnetId"], vpc_id=subnet["VpcId"], cidr=subnet["CidrBlock"],
            az=subnet.get("AvailabilityZone"), name=tags_dict(subnet.get("Tags")).get("Name"))

    def add_route_table(self, table):
        associations = [a for a in table.get("Associations", [])
                        if (a.get("AssociationState") or {}).get("State", "associated") == "associated"]
        routes = []
        for route in table.get("Routes", []):
            if not route.get("DestinationCidrBlock"):
                continue  # IPv6 and prefix-list destinations never match a private IPv4 address
            target = next((route[k] for k in ROUTE_TARGET_KEYS if route.get(k)), None)
            routes.append(dict(destination=route["DestinationCidrBlock"], target=target,
                               state=route.get("State", "active")))
        self.route_tables[table["RouteTableId"]] = dict(
            id=table["RouteTableId"], vpc_id=table["VpcId"], routes=routes,
            main=any(a.get("Main") for a in associations),
            subnet_ids=[a["SubnetId"] for a in associations if a.get("SubnetId")])

    def add_nacl(self, acl):
        entries = [dict(number=e["RuleNumber"], egress=bool(e["Egress"]), protocol=str(e["Protocol"]),
                        action=e["RuleAction"], cidr=e["CidrBlock"], ports=_rule_ports(e))
                   for e in acl.get("Entries", []) if e.get("CidrBlock")]
        self.nacls[acl["NetworkAclId"]] = dict(
            id=acl["NetworkAclId"], vpc_id=acl["VpcId"], default=bool(acl.get("IsDefault")),
            subnet_ids=[a["SubnetId"] for a in acl.get("Associations", []) if a.get("SubnetId")],
            entries=sorted(entries, key=lambda e: e["number"]))

    def add_security_group(self, group, region):
        def rules(permissions):
            return [dict(protocol=str(p.get("IpProtocol", "-1")), ports=_sg_ports(p),
                         cidrs=[r["CidrIp"] for r in p.get("IpRanges", [])],
                         groups=[dict(group_id=g.get("GroupId"), account=g.get("UserId"), vpc_id=g.get("VpcId"))
                                 for g in p.get("UserIdGroupPairs", [])])
                    for p in permissions]
        self.security_groups[group["GroupId"]] = dict(
            id=group["GroupId"], name=group.get("GroupName"), vpc_id=group.get("VpcId"), region=region,
            account=group.get("OwnerId"), ingress=rules(group.get("IpPermissions", [])),
            egress=rules(group.get("IpPermissionsEgress", [])))

    def add_eni(self, eni):
        self.enis[eni["NetworkInterfaceId"]] = dict(
            id=eni["NetworkInterfaceId"], vpc_id=eni["VpcId"], subnet_id=eni.get("SubnetId"),
            ips=[a["PrivateIpAddress"] for a in eni.get("PrivateIpAddresses", []) if a.get("PrivateIpAddress")]
            or ([eni["PrivateIpAddress"]] if eni.get("PrivateIpAddress") else []),
            groups=[g["GroupId"] for g in eni.get("Groups", [])], description=eni.get("Description") or "",
            public_ips={a["Association"]["PublicIp"]: a["PrivateIpAddress"] for a in eni.get("PrivateIpAddresses", [])
                        if (a.get("Association") or {}).get("PublicIp") and a.get("PrivateIpAddress")}
            or ({eni["Association"]["PublicIp"]: eni["PrivateIpAddress"]}
                if (eni.get("Association") or {}).get("PublicIp") and eni.get("PrivateIpAddress") else {}),
            interface_type=eni.get("InterfaceType") or "interface", requester_managed=bool(eni.get("RequesterManaged")))

    def add_peering(self, conn):
        def side(info):
            info = info or {}
            cidrs = [c["CidrBlock"] for c in info.get("CidrBlockSet", [])] or (
                [info["CidrBlock"]] if info.get("CidrBlock") else [])
            return dict(vpc_id=info.get("VpcId"), region=info.get("Region"), account=info.get("OwnerId"),
                        cidrs=cidrs, remote_dns=bool((info.get("PeeringOptions") or {}).get(
                            "AllowDnsResolutionFromRemoteVpc")))
        self.peerings[conn["VpcPeeringConnectionId"]] = dict(
            id=conn["VpcPeeringConnectionId"], status=(conn.get("Status") or {}).get("Code"),
            requester=side(conn.get("RequesterVpcInfo")), accepter=side(conn.get("AccepterVpcInfo")),
            name=tags_dict(conn.get("Tags")).get("Name"))

    def add_vpc_endpoint(self, endpoint, region):
        self.vpc_endpoints[endpoint["VpcEndpointId"]] = dict(
            id=endpoint["VpcEndpointId"], vpc_id=endpoint["VpcId"], region=region,
            service=endpoint.get("ServiceName"), type=(endpoint.get("VpcEndpointType") or "").lower(),
            # the service's region: another one for a native cross-region endpoint (CreateVpcEndpoint ServiceRegion)
            service_region=endpoint.get("ServiceRegion") or region,
            name=tags_dict(endpoint.get("Tags")).get("Name"),
            state=(endpoint.get("State") or "").lower(), private_dns=bool(endpoint.get("PrivateDnsEnabled")),
            dns_names=[fqdn(d["DnsName"]) for d in endpoint.get("DnsEntries", []) if d.get("DnsName")],
            eni_ids=list(endpoint.get("NetworkInterfaceIds", [])),
            groups=[g["GroupId"] for g in endpoint.get("Groups", [])])

    def add_endpoint_service(self, config, region):
        """An endpoint service as DescribeVpcEndpointServiceConfigurations answers in its `region` (the provider's)."""
        supported = [r.get("Region") for r in config.get("SupportedRegions") or [] if r.get("Region")]
        self.endpoint_services[config["ServiceName"]] = dict(
            id=config.get("ServiceId"), name=config["ServiceName"], region=region,
            state=(config.get("ServiceState") or "").lower(), load_balancer_arns=list(
                config.get("NetworkLoadBalancerArns") or []), supported_regions=sorted(set(supported) | {region}))

    def add_load_balancer(self, balancer, region, listeners=(), target_health=()):
        """A load balancer (DescribeLoadBalancers) with its listeners (DescribeListeners) and the health of its
        target groups' targets (DescribeTargetHealth's TargetHealthDescriptions)."""
        self.load_balancers[balancer["LoadBalancerArn"]] = dict(
            arn=balancer["LoadBalancerArn"], name=balancer.get("LoadBalancerName"), vpc_id=balancer.get("VpcId"),
            region=region, state=((balancer.get("State") or {}).get("Code") or "").lower(),
            ports=sorted({int(item["Port"]) for item in listeners if item.get("Port") is not None}),
            targets=[dict(ip=t["Target"]["Id"], port=t["Target"].get("Port"),
                          health=((t.get("TargetHealth") or {}).get("State") or "").lower()) for t in target_health])

    def add_resolver_endpoint(self, endpoint, addresses, region, account):
        self.resolver_endpoints[endpoint["Id"]] = dict(
            id=endpoint["Id"], name=endpoint.get("Name"), direction=endpoint.get("Direction"),
            vpc_id=endpoint.get("HostVPCId"), region=region, account=account, status=endpoint.get("Status"),
            groups=list(endpoint.get("SecurityGroupIds", [])),
            ips=[dict(ip=a["Ip"], subnet_id=a.get("SubnetId")) for a in addresses if a.get("Ip")])

    def add_resolver_rule(self, rule, region, account):
        self.resolver_rules[rule["Id"]] = dict(
            id=rule["Id"], name=rule.get("Name"), domain=fqdn(rule.get("DomainName")),
            type=rule.get("RuleType"), status=rule.get("Status"), endpoint_id=rule.get("ResolverEndpointId"),
            targets=[dict(ip=t["Ip"], port=int(t.get("Port") or 53)) for t in rule.get("TargetIps", []) if t.get("Ip")],
            region=region, account=account, vpc_ids=[])

    def add_rule_association(self, association):
        rule = self.resolver_rules.get(association.get("ResolverRuleId"))
        if rule is not None and association.get("Status") == "COMPLETE" and association["VPCId"] not in rule["vpc_ids"]:
            rule["vpc_ids"].append(association["VPCId"])

    def add_zone(self, zone, vpcs, account):
        """A private hosted zone and its VPC associations (records come later, with set_records)."""
        zone_id = zone["Id"].split("/")[-1]
        self.zones[zone_id] = dict(
            id=zone_id, name=fqdn(zone["Name"]), account=account, records=None,
            vpcs=[dict(vpc_id=v["VPCId"], region=v["VPCRegion"]) for v in vpcs])

    def set_records(self, zone_id, record_sets):
        self.zones[zone_id]["records"] = [dict(
            name=fqdn(r["Name"]), type=r["Type"], values=[v["Value"] for v in r.get("ResourceRecords", [])],
            alias=fqdn((r.get("AliasTarget") or {}).get("DNSName")) or None)
            for r in record_sets]

    # -- lookups -------------------------------------------------------------------------------------
    def label(self, vpc_id):
        """``vpc-1 (guide1-use1, us-east-1)``; the account is named when it is not the first one read."""
        vpc = self.vpcs.get(vpc_id)
        if not vpc:
            return vpc_id
        parts = [p for p in (vpc["name"], vpc["region"]) if p]
        return f"{vpc_id} ({', '.join(parts)}, account {vpc['account']})" if self._many_accounts() \
            else f"{vpc_id} ({', '.join(parts)})"

    def _many_accounts(self):
        return len({v["account"] for v in self.vpcs.values()}) > 1

    def region_of(self, vpc_id):
        return (self.vpcs.get(vpc_id) or {}).get("region")

    def subnets_of(self, vpc_id):
        return sorted((s for s in self.subnets.values() if s["vpc_id"] == vpc_id), key=lambda s: net(s["cidr"]))

    def subnet_holding(self, vpc_id, address):
        return next((s for s in self.subnets_of(vpc_id) if contains(s["cidr"], address)), None)

    def route_table_of(self, subnet_id):
        """The subnet's explicitly associated route table, else its VPC's main one (None if unknown)."""
        subnet = self.subnets[subnet_id]
        tables = [t for t in self.route_tables.values() if t["vpc_id"] == subnet["vpc_id"]]
        return next((t for t in tables if subnet_id in t["subnet_ids"]), None) or next(
            (t for t in tables if t["main"]), None)

    def nacl_of(self, subnet_id):
        subnet = self.subnets[subnet_id]
        acls = [a for a in self.nacls.values() if a["vpc_id"] == subnet["vpc_id"]]
        return next((a for a in acls if subnet_id in a["subnet_ids"]), None) or next(
            (a for a in acls if a["default"]), None)

    def eni_holding(self, vpc_id, address):
        return next((e for e in sorted(self.enis.values(), key=lambda e: e["id"])
                     if e["vpc_id"] == vpc_id and address in e["ips"]), None)

    def eni_with_public_ip(self, address):
        """(network interface, private address) of the interface that has the public IPv4 ``address``."""
        for eni in sorted(self.enis.values(), key=lambda e: e["id"]):
            if address in eni.get("public_ips", {}):
                return eni, eni["public_ips"][address]
        return None, None

    def default_security_group(self, vpc_id):
        return next((g for g in sorted(self.security_groups.values(), key=lambda g: g["id"])
                     if g["vpc_id"] == vpc_id and g["name"] == "default"), None)

    def instance_interfaces(self, subnet_id):
        """Network interfaces of the subnet that a workload may send from: not those of interface endpoints,
        Resolver endpoints, load balancers or other interfaces AWS manages."""
        service = {i for e in self.vpc_endpoints.values() for i in e["eni_ids"]}
        resolver = {entry["ip"] for e in self.resolver_endpoints.values() for entry in e["ips"]}
        return [e for e in sorted(self.enis.values(), key=lambda e: e["id"])
                if e["subnet_id"] == subnet_id and e["id"] not in service and not set(e["ips"]) & resolver
                and not e.get("requester_managed") and e.get("interface_type", "interface") == "interface"
                and not e["description"].startswith(SERVICE_INTERFACE_DESCRIPTIONS)]

    def peerings_of(self, vpc_id, statuses=("active",)):
        """(connection, this side, other side) for each connection of ``vpc_id`` in one of ``statuses``."""
        found = []
        for conn in sorted(self.peerings.values(), key=lambda c: c["id"]):
            if statuses and conn["status"] not in statuses:
                continue
            for this, other in (("requester", "accepter"), ("accepter", "requester")):
                if conn[this]["vpc_id"] == vpc_id:
                    found.append((conn, conn[this], conn[other]))
        return found

    def zones_of(self, vpc_id):
        region = self.region_of(vpc_id)
        return [z for z in sorted(self.zones.values(), key=lambda z: z["id"])
                if dict(vpc_id=vpc_id, region=region) in z["vpcs"]]

    def rules_of(self, vpc_id):
        return [r for r in sorted(self.resolver_rules.values(), key=lambda r: r["id"]) if vpc_id in r["vpc_ids"]]

    def vpc_endpoints_of(self, vpc_id):
        return [e for e in sorted(self.vpc_endpoints.values(), key=lambda e: e["id"])
                if e["vpc_id"] == vpc_id and e["type"] == "interface" and e["state"] in ("available", "pending", "")]

    def endpoint_ips(self, endpoint):
        return [address for eni_id in endpoint["eni_ids"] for address in (self.enis.get(eni_id) or {}).get("ips", [])]

    def resolver_endpoint_at(self, address):
        """The Resolver endpoint that owns ``address``, or None."""
        return next((e for e in sorted(self.resolver_endpoints.values(), key=lambda e: e["id"])
                     if any(entry["ip"] == address for entry in e["ips"])), None)


def _sg_ports(permission):
    protocol = str(permission.get("IpProtocol", "-1"))
    if protocol in ("-1", "all"):
        return None
    low, high = permission.get("FromPort"), permission.get("ToPort")
    if low is None or low == -1 or protocol in ("icmp", "1", "icmpv6", "58"):
        return None
    return (low, high)
