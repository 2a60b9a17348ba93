"""A hand-built AWS world for the connectivity check's unit tests, fed to Snapshot in the shapes the
describe/list calls answer; and the tests of that translation."""

import itertools

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_snapshot import Snapshot, net

ME, OTHER = "111111111111", "222222222222"
ALL = dict(IpProtocol="-1", IpRanges=[dict(CidrIp="0.0.0.0/0")], UserIdGroupPairs=[])


def tcp(port, cidr=None, group=None, protocol="tcp"):
    """One security group permission for ``port`` from/to a CIDR or a group."""
    return dict(IpProtocol=protocol, FromPort=port, ToPort=port,
                IpRanges=[dict(CidrIp=cidr)] if cidr else [],
                UserIdGroupPairs=[dict(GroupId=group)] if group else [])


def acl_entry(number, egress, action="allow", cidr="0.0.0.0/0", protocol="-1", ports=None):
    entry = dict(RuleNumber=number, Egress=egress, RuleAction=action, CidrBlock=cidr, Protocol=protocol)
    if ports:
        entry["PortRange"] = dict(From=ports[0], To=ports[1])
    return entry


class World:
    """Builds a Snapshot: VPCs with a route table and the default ACL/security group per VPC, peerings, routes,
    interfaces, zones, Resolver endpoints and rules, interface endpoints."""

    def __init__(self):
        self.snap = Snapshot()
        self._ids = itertools.count(0xa01)

    def new_id(self, prefix):
        return f"{prefix}-{next(self._ids):04x}"

    # -- EC2 -----------------------------------------------------------------------------------------
    def vpc(self, name, region, cidr, subnets=(), account=ME, dns_support=True, dns_hostnames=True):
        """A VPC with one subnet per CIDR in ``subnets``, each with its own route table (local route only),
        a main route table, the default network ACL (allow all) and the default security group."""
        vpc_id = self.new_id("vpc")
        self.snap.add_vpc(dict(VpcId=vpc_id, CidrBlock=cidr, Tags=[dict(Key="Name", Value=name)]), region, account,
                          dict(enableDnsSupport=dns_support, enableDnsHostnames=dns_hostnames))
        main = self.route_table(vpc_id, main=True)
        subnet_ids, table_ids = [], [main]
        for block in subnets:
            subnet_id = self.new_id("subnet")
            self.snap.add_subnet(dict(SubnetId=subnet_id, VpcId=vpc_id, CidrBlock=block, AvailabilityZone=region + "a"))
            subnet_ids.append(subnet_id)
            table_ids.append(self.route_table(vpc_id, subnet_ids=[subnet_id]))
        acl_id = self.new_id("acl")
        self.snap.add_nacl(dict(NetworkAclId=acl_id, VpcId=vpc_id, IsDefault=True,
                                Associations=[dict(SubnetId=s) for s in subnet_ids],
                                Entries=[acl_entry(100, True), acl_entry(32767, True, "deny"),
                                         acl_entry(100, False), acl_entry(32767, False, "deny")]))
        group_id = self.security_group(vpc_id, ingress=[], egress=[ALL], name="default")
        return dict(id=vpc_id, region=region, account=account, cidr=cidr, subnets=subnet_ids, tables=table_ids,
                    main_table=main, acl=acl_id, default_sg=group_id)

    def route_table(self, vpc_id, main=False, subnet_ids=()):
        table_id = self.new_id("rtb")
        cidrs = self.snap.vpcs[vpc_id]["cidrs"]
        associations = [dict(Main=True)] if main else [dict(SubnetId=s, Main=False) for s in subnet_ids]
        self.snap.add_route_table(dict(RouteTableId=table_id, VpcId=vpc_id, Associations=associations,
                                       Routes=[dict(DestinationCidrBlock=c, GatewayId="local", State="active")
                                               for c in cidrs]))
        return table_id

    def route(self, table_id, cidr, target, state="active"):
        key = "VpcPeeringConnectionId" if target.startswith("pcx-") else "GatewayId"
        self.snap.route_tables[table_id]["routes"].append(dict(destination=cidr, target=target, state=state))
        return dict(DestinationCidrBlock=cidr, **{key: target})

    def peer(self, a, b, status="active", requester_dns=False, accepter_dns=False):
        pcx = self.new_id("pcx")

        def side(vpc, dns):
            return dict(VpcId=vpc["id"], Region=vpc["region"], OwnerId=vpc["account"], CidrBlock=vpc["cidr"],
                        CidrBlockSet=[dict(CidrBlock=vpc["cidr"])],
                        PeeringOptions=dict(AllowDnsResolutionFromRemoteVpc=dns))
        self.snap.add_peering(dict(VpcPeeringConnectionId=pcx, Status=dict(Code=status),
                                   RequesterVpcInfo=side(a, requester_dns), AccepterVpcInfo=side(b, accepter_dns)))
        return pcx

    def connect(self, a, b, **options):
        """Peer ``a`` -> ``b`` and route each VPC's CIDR over it in every route table of the other."""
        pcx = self.peer(a, b, **options)
        for this, other in ((a, b), (b, a)):
            for table_id in this["tables"]:
                self.route(table_id, other["cidr"], pcx)
        return pcx

    def security_group(self, vpc_id, ingress=(), egress=(ALL,), name="sg"):
        group_id = self.new_id("sg")
        vpc = self.snap.vpcs[vpc_id]
        self.snap.add_security_group(dict(GroupId=group_id, GroupName=name, VpcId=vpc_id, OwnerId=vpc["account"],
                                          IpPermissions=list(ingress), IpPermissionsEgress=list(egress)),
                                     vpc["region"])
        return group_id

    def eni(self, vpc, address, groups=None, description=""):
        subnet = self.snap.subnet_holding(vpc["id"], address)
        eni_id = self.new_id("eni")
        self.snap.add_eni(dict(NetworkInterfaceId=eni_id, VpcId=vpc["id"], SubnetId=subnet["id"],
                               PrivateIpAddress=address, PrivateIpAddresses=[dict(PrivateIpAddress=address)],
                               Groups=[dict(GroupId=g) for g in (groups or [vpc["default_sg"]])],
                               Description=description))
        return eni_id

    def host(self, vpc, address, port=80, allow_from=("0.0.0.0/0",), protocol="tcp"):
        """An interface with its own security group allowing ``port`` from ``allow_from``."""
        group = self.security_group(vpc["id"], ingress=[tcp(port, c, protocol=protocol) for c in allow_from])
        return self.eni(vpc, address, [group])

    # -- Route 53 and Resolver -------------------------------------------------------------------------
    def zone(self, name, vpcs, records=(), account=ME):
        zone_id = "Z" + self.new_id("z").split("-")[1].upper()
        self.snap.add_zone(dict(Id=f"/hostedzone/{zone_id}", Name=name + "."),
                           [dict(VPCId=v["id"], VPCRegion=v["region"]) for v in vpcs], account)
        self.snap.set_records(zone_id, [dict(Name=n + ".", Type=t, ResourceRecords=[dict(Value=v) for v in values])
                                        for n, t, values in records])
        return zone_id

    def resolver_endpoint(self, direction, vpc, addresses, groups=None):
        endpoint_id = self.new_id("rslvr-in" if direction == "INBOUND" else "rslvr-out")
        group = groups or [self.security_group(vpc["id"], ingress=[tcp(53, "0.0.0.0/0", protocol="udp")])]
        entries = []
        for address in addresses:
            self.eni(vpc, address, group, description=f"Route 53 Resolver: {endpoint_id}")
            entries.append(dict(Ip=address, SubnetId=self.snap.subnet_holding(vpc["id"], address)["id"]))
        self.snap.add_resolver_endpoint(dict(Id=endpoint_id, Direction=direction, HostVPCId=vpc["id"],
                                             SecurityGroupIds=group, Status="OPERATIONAL"),
                                        entries, vpc["region"], vpc["account"])
        return endpoint_id

    def rule(self, domain, endpoint_id, targets, vpcs, rule_type="FORWARD"):
        endpoint = self.snap.resolver_endpoints.get(endpoint_id) or {}
        rule_id = self.new_id("rslvr-rr")
        self.snap.add_resolver_rule(dict(Id=rule_id, DomainName=domain + ".", RuleType=rule_type,
                                         ResolverEndpointId=endpoint_id, Status="COMPLETE",
                                         TargetIps=[dict(Ip=t, Port=53) for t in targets]),
                                    endpoint.get("region") or vpcs[0]["region"], vpcs[0]["account"])
        for vpc in vpcs:
            self.snap.add_rule_association(dict(ResolverRuleId=rule_id, VPCId=vpc["id"], Status="COMPLETE"))
        return rule_id

    def interface_endpoint(self, vpc, service, addresses, private_dns=True, dns_names=(), name=None):
        endpoint_id = self.new_id("vpce")
        eni_ids = [self.host(vpc, a, port=443) for a in addresses]
        self.snap.add_vpc_endpoint(dict(VpcEndpointId=endpoint_id, VpcId=vpc["id"], ServiceName=service,
                                        VpcEndpointType="Interface", State="available", PrivateDnsEnabled=private_dns,
                                        DnsEntries=[dict(DnsName=n) for n in dns_names], NetworkInterfaceIds=eni_ids,
                                        Tags=[dict(Key="Name", Value=name)] if name else []),
                                   vpc["region"])
        return endpoint_id


# -- the translation from API shapes ---------------------------------------------------------------------
def test_route_table_keeps_ipv4_routes_with_their_target_and_state():
    snap = Snapshot()
    snap.add_route_table(dict(RouteTableId="rtb-1", VpcId="vpc-1", Associations=[
        dict(SubnetId="subnet-1", AssociationState=dict(State="associated")),
        dict(SubnetId="subnet-2", AssociationState=dict(State="disassociated"))], Routes=[
        dict(DestinationCidrBlock="10.0.0.0/16", GatewayId="local", State="active"),
        dict(DestinationCidrBlock="172.30.0.0/16", VpcPeeringConnectionId="pcx-1", State="blackhole"),
        dict(DestinationIpv6CidrBlock="::/0", GatewayId="igw-1", State="active"),
        dict(DestinationPrefixListId="pl-1", GatewayId="vpce-1", State="active")]))
    table = snap.route_tables["rtb-1"]
    assert table["subnet_ids"] == ["subnet-1"] and table["main"] is False
    assert table["routes"] == [dict(destination="10.0.0.0/16", target="local", state="active"),
                               dict(destination="172.30.0.0/16", target="pcx-1", state="blackhole")]


def test_subnet_without_its_own_route_table_uses_the_main_one():
    world = World()
    vpc = world.vpc("a", "us-east-1", "10.0.0.0/16", ["10.0.1.0/24"])
    loose = "subnet-0fff"
    world.snap.add_subnet(dict(SubnetId=loose, VpcId=vpc["id"], CidrBlock="10.0.9.0/24"))
    assert world.snap.route_table_of(loose)["id"] == vpc["main_table"]
    assert world.snap.route_table_of(vpc["subnets"][0])["id"] == vpc["tables"][1]


def test_peering_sides_keep_every_cidr_and_their_dns_option():
    snap = Snapshot()
    snap.add_peering(dict(VpcPeeringConnectionId="pcx-1", Status=dict(Code="active"),
                          RequesterVpcInfo=dict(VpcId="vpc-1", Region="us-east-1", OwnerId=ME, CidrBlock="10.0.0.0/16",
                                                CidrBlockSet=[dict(CidrBlock="10.0.0.0/16"), dict(CidrBlock="10.1.0.0/16")],
                                                PeeringOptions=dict(AllowDnsResolutionFromRemoteVpc=True)),
                          AccepterVpcInfo=dict(VpcId="vpc-2", Region="eu-west-1", OwnerId=OTHER,
                                               CidrBlock="172.30.0.0/16")))
    conn = snap.peerings["pcx-1"]
    assert conn["requester"] == dict(vpc_id="vpc-1", region="us-east-1", account=ME,
                                     cidrs=["10.0.0.0/16", "10.1.0.0/16"], remote_dns=True)
    assert conn["accepter"]["cidrs"] == ["172.30.0.0/16"] and conn["accepter"]["remote_dns"] is False
    assert [c["id"] for c, this, other in snap.peerings_of("vpc-2")] == ["pcx-1"]


def test_zone_names_and_records_are_lower_case_without_the_final_dot():
    snap = Snapshot()
    snap.add_zone(dict(Id="/hostedzone/Z1", Name="Internal."), [dict(VPCId="vpc-1", VPCRegion="us-east-1")], ME)
    snap.set_records("Z1", [dict(Name="\\052.API.internal.", Type="A", ResourceRecords=[dict(Value="10.0.0.5")]),
                            dict(Name="app.internal.", Type="A", AliasTarget=dict(DNSName="Other.internal."))])
    zone = snap.zones["Z1"]
    assert zone["name"] == "internal" and zone["vpcs"] == [dict(vpc_id="vpc-1", region="us-east-1")]
    assert zone["records"][0] == dict(name="*.api.internal", type="A", values=["10.0.0.5"], alias=None)
    assert zone["records"][1]["alias"] == "other.internal"


def test_security_group_rules_keep_ports_cidrs_and_referenced_groups():
    snap = Snapshot()
    snap.add_security_group(dict(GroupId="sg-1", VpcId="vpc-1", OwnerId=ME, IpPermissions=[
        dict(IpProtocol="tcp", FromPort=80, ToPort=443, IpRanges=[dict(CidrIp="10.0.0.0/8")]),
        dict(IpProtocol="-1", UserIdGroupPairs=[dict(GroupId="sg-2", UserId=OTHER, VpcId="vpc-2")]),
        dict(IpProtocol="icmp", FromPort=8, ToPort=-1, IpRanges=[dict(CidrIp="0.0.0.0/0")])]), "us-east-1")
    ingress = snap.security_groups["sg-1"]["ingress"]
    assert ingress[0] == dict(protocol="tcp", ports=(80, 443), cidrs=["10.0.0.0/8"], groups=[])
    assert ingress[1]["ports"] is None and ingress[1]["groups"] == [dict(group_id="sg-2", account=OTHER, vpc_id="vpc-2")]
    assert ingress[2]["ports"] is None


def test_rule_association_counts_only_when_complete():
    world = World()
    a = world.vpc("a", "us-east-1", "10.0.0.0/16", ["10.0.1.0/24"])
    out = world.resolver_endpoint("OUTBOUND", a, ["10.0.1.10", "10.0.1.11"])
    rule_id = world.rule("example.com", out, ["10.9.0.2"], [a])
    world.snap.add_rule_association(dict(ResolverRuleId=rule_id, VPCId="vpc-0bad", Status="FAILED"))
    assert world.snap.resolver_rules[rule_id]["vpc_ids"] == [a["id"]]
    assert world.snap.resolver_rules[rule_id]["targets"] == [dict(ip="10.9.0.2", port=53)]
    assert [r["id"] for r in world.snap.rules_of(a["id"])] == [rule_id]


def test_interface_endpoint_addresses_come_from_its_network_interfaces():
    world = World()
    a = world.vpc("a", "us-east-2", "10.31.0.0/16", ["10.31.1.0/24"])
    endpoint_id = world.interface_endpoint(a, "com.amazonaws.us-east-2.s3", ["10.31.1.20"])
    endpoint = world.snap.vpc_endpoints[endpoint_id]
    assert world.snap.endpoint_ips(endpoint) == ["10.31.1.20"]
    assert world.snap.vpc_endpoints_of(a["id"]) == [endpoint]
    assert net(world.snap.subnets_of(a["id"])[0]["cidr"]).prefixlen == 24
