"""connectivity_check through real ansible-playbook against the emulator: each guide's architecture, built
directly with boto3, is reachable; then one thing at a time is broken and the check names exactly that cause."""

import ipaddress

import pytest

ME, OTHER = "123456789012", "222222222222"
GUIDE1_HOST = "172.30.0.224"
EC2_NAME = "ip-172-30-0-224.eu-west-1.compute.internal"


# -- building the guides' state ------------------------------------------------------------------------------
def vpc(aws, region, cidr, account=None, name=None, hostnames=True):
    """A VPC with two subnets, each with its own route table, and DNS support + hostnames on."""
    made = aws.make_vpc(region, cidr, account, subnets=2, route_tables=2, tags={"Name": name or cidr})
    ec2 = aws.client("ec2", region, account)
    for table_id, subnet_id in zip(made["route_table_ids"], made["subnet_ids"]):
        ec2.associate_route_table(RouteTableId=table_id, SubnetId=subnet_id)
    if hostnames:
        ec2.modify_vpc_attribute(VpcId=made["vpc_id"], EnableDnsHostnames={"Value": True})
    made["tables"] = made["route_table_ids"]
    aws.reset_calls()
    return made


def ec2_of(aws, side):
    return aws.client("ec2", side["region"], side["owner_id"])


def connect(aws, a, b, requester_dns=True, accepter_dns=True):
    """Peer a -> b (accepted by b's owner in b's region), DNS options per side, routes in every table."""
    pcx = ec2_of(aws, a).create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion=b["region"], PeerOwnerId=b["owner_id"],
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2_of(aws, b).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    if requester_dns:
        ec2_of(aws, a).modify_vpc_peering_connection_options(
            VpcPeeringConnectionId=pcx, RequesterPeeringConnectionOptions={"AllowDnsResolutionFromRemoteVpc": True})
    if accepter_dns:
        ec2_of(aws, b).modify_vpc_peering_connection_options(
            VpcPeeringConnectionId=pcx, AccepterPeeringConnectionOptions={"AllowDnsResolutionFromRemoteVpc": True})
    for this, other in ((a, b), (b, a)):
        for table_id in this["tables"]:
            ec2_of(aws, this).create_route(RouteTableId=table_id, DestinationCidrBlock=other["cidr"],
                                           VpcPeeringConnectionId=pcx)
    aws.reset_calls()
    return pcx


def host(aws, side, address, port, allow_from, protocol="tcp"):
    """A network interface with that address and a security group allowing ``port`` from ``allow_from``."""
    ec2 = ec2_of(aws, side)
    group = ec2.create_security_group(GroupName=f"host-{address}", Description="host", VpcId=side["vpc_id"])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[dict(
        IpProtocol=protocol, FromPort=port, ToPort=port, IpRanges=[dict(CidrIp=c) for c in allow_from])])
    subnet = next(s for s in ec2.describe_subnets(SubnetIds=side["subnet_ids"])["Subnets"]
                  if ipaddress.ip_address(address) in ipaddress.ip_network(s["CidrBlock"]))
    eni = ec2.create_network_interface(SubnetId=subnet["SubnetId"], PrivateIpAddress=address, Groups=[group])
    aws.reset_calls()
    return eni["NetworkInterface"]["NetworkInterfaceId"], group


def private_zone(aws, name, vpcs, records):
    r53 = aws.client("route53", "us-east-1")
    zone = r53.create_hosted_zone(Name=name, CallerReference=f"{name}-{vpcs[0]['vpc_id']}",
                                  HostedZoneConfig=dict(PrivateZone=True),
                                  VPC=dict(VPCRegion=vpcs[0]["region"], VPCId=vpcs[0]["vpc_id"]))
    zone_id = zone["HostedZone"]["Id"].split("/")[-1]
    for other in vpcs[1:]:
        r53.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=dict(VPCRegion=other["region"],
                                                                          VPCId=other["vpc_id"]))
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=dict(Changes=[dict(
        Action="CREATE", ResourceRecordSet=dict(Name=n, Type=t, TTL=60, ResourceRecords=[dict(Value=v) for v in vs]))
        for n, t, vs in records]))
    aws.reset_calls()
    return zone_id


# -- running the module ----------------------------------------------------------------------------------------
def run_check(aws, flows, check=False, **options):
    # in-process; test_module_smoke.py runs each module through ansible-playbook
    result = aws.run_module("connectivity_check", dict(region="us-east-1", flows=flows, **options), check=check,
                            name="check", ignore_errors=True)
    assert result.rc == 0, result
    return result.task("check")


def flow(aws, source, destination, port=80, **extra):
    """A flow from every subnet of ``source``, with its account's keys when it is not the caller's."""
    src = dict(vpc_id=source["vpc_id"], region=source["region"])
    if source["owner_id"] != ME:
        src["credentials"] = aws.assume(source["owner_id"])
    return dict(source=src, destination=destination, port=port, **extra)


def cause(result, index=0):
    blocked = result["flows"][index]["blocked_by"]
    return blocked["check"], blocked["resource"], blocked["region"]


# -- guide 1: peering + private hosted zone --------------------------------------------------------------------
@pytest.fixture
def guide1(aws):
    a = vpc(aws, "us-east-1", "10.0.0.0/16", name="guide1-use1")
    b = vpc(aws, "eu-west-1", "172.30.0.0/16", name="guide1-euw1")
    pcx = connect(aws, a, b)
    host(aws, b, GUIDE1_HOST, 80, ["10.0.0.0/16"])
    zone = private_zone(aws, "internal", [b, a], [("api.internal", "CNAME", [EC2_NAME])])
    return a, b, pcx, zone


def guide1_flows(aws, a, b):
    return [flow(aws, a, dict(name=EC2_NAME), name="EC2 name"),
            flow(aws, a, dict(name="api.internal", vpc_id=b["vpc_id"], region=b["region"]), name="api.internal")]


def test_guide1_api_internal_resolves_and_reaches_the_host_without_writing(aws, guide1):
    a, b, pcx, zone = guide1
    out = run_check(aws, guide1_flows(aws, a, b), fail_on_unreachable=True)
    assert out["failed"] is False and out["changed"] is False and out["reachable"] is True, out.get("msg")
    named, api = out["flows"]
    assert named["addresses"] == [GUIDE1_HOST] and named["reachable"] is True
    assert [(s["name"], s["type"], s["answer"]) for s in api["resolves"]] == [
        ("api.internal", "CNAME", [EC2_NAME]), (EC2_NAME, "A", [GUIDE1_HOST])]
    assert api["resolves"][1]["resource"] == pcx
    assert len(api["paths"]) == 2 and all(p["reachable"] for p in api["paths"])
    assert aws.writes() == []
    assert {v["id"] for v in out["topology"]["vpcs"]} == {a["vpc_id"], b["vpc_id"]}
    assert out["topology"]["zones"][0]["id"] == zone and "graph LR" in out["topology"]["mermaid"]


def test_guide1_reads_once_per_kind_and_region(aws, guide1):
    a, b, pcx, zone = guide1
    run_check(aws, guide1_flows(aws, a, b))
    counts = {}
    for call in aws.reads():
        counts[(call.service, call.region, call.action)] = counts.get((call.service, call.region, call.action), 0) + 1
    for region in ("us-east-1", "eu-west-1"):
        for action in ("DescribeVpcs", "DescribeSubnets", "DescribeRouteTables", "DescribeNetworkAcls",
                       "DescribeSecurityGroups", "DescribeNetworkInterfaces", "DescribeVpcEndpoints"):
            assert counts[("ec2", region, action)] == 1, (region, action)
        assert counts[("ec2", region, "DescribeVpcPeeringConnections")] == 2
        assert counts[("ec2", region, "DescribeVpcAttribute")] == 2
        assert counts[("route53resolver", region, "ListResolverRules")] == 1
    assert counts[("route53", "us-east-1", "ListHostedZones")] == 1
    assert counts[("route53", "us-east-1", "ListResourceRecordSets")] == 1


def test_guide1_check_mode_gives_the_same_answer(aws, guide1):
    a, b, pcx, zone = guide1
    out = run_check(aws, guide1_flows(aws, a, b), check=True)
    assert out["reachable"] is True and aws.writes() == []


def test_guide1_deleted_return_route_is_named(aws, guide1):
    a, b, pcx, zone = guide1
    table = b["tables"][0]
    ec2_of(aws, b).delete_route(RouteTableId=table, DestinationCidrBlock=a["cidr"])
    out = run_check(aws, guide1_flows(aws, a, b))
    assert cause(out, 1) == ("return-route", table, "eu-west-1")
    assert "has no route back to" in out["flows"][1]["reason"]
    assert f"add a route to 10.0.0.0/16 via {pcx}" in out["flows"][1]["reason"]


def test_guide1_deleted_route_in_one_source_table_is_named(aws, guide1):
    a, b, pcx, zone = guide1
    table = a["tables"][1]
    ec2_of(aws, a).delete_route(RouteTableId=table, DestinationCidrBlock=b["cidr"])
    out = run_check(aws, guide1_flows(aws, a, b))
    assert cause(out, 1) == ("route", table, "us-east-1")
    assert [p["reachable"] for p in out["flows"][1]["paths"]] == [True, False]


def test_guide1_accepter_dns_option_off_is_named(aws, guide1):
    a, b, pcx, zone = guide1
    ec2_of(aws, b).modify_vpc_peering_connection_options(
        VpcPeeringConnectionId=pcx, AccepterPeeringConnectionOptions={"AllowDnsResolutionFromRemoteVpc": False})
    out = run_check(aws, guide1_flows(aws, a, b))
    assert cause(out, 0) == cause(out, 1) == ("dns-option", pcx, "eu-west-1")
    assert "turn on accepter_dns_resolution" in out["flows"][1]["reason"]


def test_guide1_zone_disassociated_from_the_source_is_named(aws, guide1):
    a, b, pcx, zone = guide1
    aws.client("route53", "us-east-1").disassociate_vpc_from_hosted_zone(
        HostedZoneId=zone, VPC=dict(VPCRegion=a["region"], VPCId=a["vpc_id"]))
    out = run_check(aws, guide1_flows(aws, a, b))
    assert out["flows"][0]["reachable"] is True
    assert cause(out, 1) == ("dns-zone", zone, "us-east-1")
    assert f"but not with {a['vpc_id']}: associate it" in out["flows"][1]["reason"]


def test_guide1_dns_hostnames_off_in_the_source_is_named(aws, guide1):
    a, b, pcx, zone = guide1
    ec2_of(aws, a).modify_vpc_attribute(VpcId=a["vpc_id"], EnableDnsHostnames={"Value": False})
    out = run_check(aws, guide1_flows(aws, a, b))
    assert cause(out, 1) == ("dns-attribute", a["vpc_id"], "us-east-1")


def test_fail_on_unreachable_fails_the_task_with_the_reason(aws, guide1):
    a, b, pcx, zone = guide1
    ec2_of(aws, b).delete_route(RouteTableId=b["tables"][0], DestinationCidrBlock=a["cidr"])
    out = run_check(aws, guide1_flows(aws, a, b)[1:], fail_on_unreachable=True)
    assert out["failed"] is True
    assert out["msg"].startswith("api.internal is not reachable: ") and "has no route back to" in out["msg"]
    assert out["flows"][0]["blocked_by"]["check"] == "return-route"


def test_unknown_source_vpc_fails_before_checking(aws):
    out = run_check(aws, [dict(source=dict(vpc_id="vpc-0123456789abcdef0"), destination=dict(ip="10.0.0.1"))])
    assert out["failed"] is True
    assert "VPC vpc-0123456789abcdef0 was not found in us-east-1 (account 123456789012)" in out["msg"]


def test_invalid_flows_fail_with_every_problem(aws):
    out = run_check(aws, [dict(source=dict(vpc_id="vpc-0a"), destination=dict(ip="10.0.0.999"))])
    assert out["failed"] is True
    assert "flows[0].source.vpc_id is 'vpc-0a', which is not a VPC ID" in out["msg"]
    assert "flows[0].destination.ip is '10.0.0.999', which is not an IP address" in out["msg"]
    assert aws.writes() == []


# -- guide 2: inter-region PrivateLink through an outpost VPC ---------------------------------------------------
@pytest.fixture
def guide2(aws):
    provider = vpc(aws, "us-east-1", "10.10.0.0/16", name="guide2-provider")
    outpost = vpc(aws, "us-west-2", "10.11.0.0/16", name="guide2-outpost")
    consumer = vpc(aws, "us-west-2", "10.12.0.0/16", name="guide2-consumer")
    pcx = connect(aws, outpost, provider, requester_dns=False)
    host(aws, provider, "10.10.1.10", 443, ["10.11.0.0/16"])
    elb = aws.client("elbv2", "us-west-2")
    nlb = elb.create_load_balancer(Name="guide2-nlb", Type="network", Scheme="internal",
                                   Subnets=outpost["subnet_ids"])["LoadBalancers"][0]["LoadBalancerArn"]
    ec2 = aws.client("ec2", "us-west-2")
    service = ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[nlb], AcceptanceRequired=False)
    group = ec2.create_security_group(GroupName="endpoint", Description="endpoint", VpcId=consumer["vpc_id"])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[dict(
        IpProtocol="tcp", FromPort=443, ToPort=443, IpRanges=[dict(CidrIp="10.12.0.0/16")])])
    endpoint = ec2.create_vpc_endpoint(VpcId=consumer["vpc_id"], VpcEndpointType="Interface",
                                       ServiceName=service["ServiceConfiguration"]["ServiceName"],
                                       SubnetIds=consumer["subnet_ids"], SecurityGroupIds=[group])["VpcEndpoint"]
    [endpoint] = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])["VpcEndpoints"]
    aws.reset_calls()
    return provider, outpost, consumer, pcx, endpoint


def test_guide2_consumer_reaches_its_endpoint_and_the_outpost_reaches_the_provider(aws, guide2):
    provider, outpost, consumer, pcx, endpoint = guide2
    regional = endpoint["DnsEntries"][0]["DnsName"]
    out = run_check(aws, [
        flow(aws, consumer, dict(name=regional), port=443, name="consumer to its endpoint"),
        flow(aws, outpost, dict(ip="10.10.1.10", vpc_id=provider["vpc_id"]), port=443, name="NLB subnets to targets"),
        flow(aws, consumer, dict(ip="10.10.1.10"), port=443, name="consumer never peers the provider",
             expect="unreachable"),
    ], fail_on_unreachable=True)
    assert out["failed"] is False, out.get("msg")
    to_endpoint, to_targets, direct = out["flows"]
    assert to_endpoint["resolves"][0]["resource"] == endpoint["VpcEndpointId"]
    assert len(to_endpoint["addresses"]) == 2 and to_targets["reachable"] is True
    assert direct["reachable"] is False and direct["blocked_by"]["check"] == "route"


# -- guide 3: Resolver endpoints per region ----------------------------------------------------------------------
def resolver_endpoint(aws, side, direction, addresses):
    ec2 = ec2_of(aws, side)
    group = ec2.create_security_group(GroupName=f"resolver-{direction}", Description="resolver",
                                      VpcId=side["vpc_id"])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        dict(IpProtocol=p, FromPort=53, ToPort=53, IpRanges=[dict(CidrIp="10.0.0.0/8")]) for p in ("udp", "tcp")])
    resolver = aws.client("route53resolver", side["region"], side["owner_id"])
    endpoint = resolver.create_resolver_endpoint(
        CreatorRequestId=f"{direction}-{side['vpc_id']}", Name=f"{direction.lower()}-{side['region']}",
        Direction=direction, SecurityGroupIds=[group],
        IpAddresses=[dict(SubnetId=s, Ip=ip) for s, ip in zip(side["subnet_ids"], addresses)])["ResolverEndpoint"]
    aws.reset_calls()
    return endpoint["Id"]


def forward_rule(aws, side, domain, outbound, targets):
    resolver = aws.client("route53resolver", side["region"], side["owner_id"])
    rule = resolver.create_resolver_rule(
        CreatorRequestId=f"{domain}-{targets[0]}", Name=domain.replace(".", "-"), RuleType="FORWARD",
        DomainName=domain, ResolverEndpointId=outbound,
        TargetIps=[dict(Ip=t, Port=53) for t in targets])["ResolverRule"]["Id"]
    association = resolver.associate_resolver_rule(ResolverRuleId=rule, VPCId=side["vpc_id"],
                                                   Name=domain.replace(".", "-"))["ResolverRuleAssociation"]["Id"]
    aws.reset_calls()
    return rule, association


@pytest.fixture
def guide3(aws):
    use1 = vpc(aws, "us-east-1", "10.30.0.0/16", name="guide3-use1")
    use2 = vpc(aws, "us-east-2", "10.31.0.0/16", name="guide3-use2")
    usw2 = vpc(aws, "us-west-2", "10.32.0.0/16", name="guide3-usw2")
    connect(aws, use1, use2)
    connect(aws, use1, usw2)
    outbound = resolver_endpoint(aws, use1, "OUTBOUND", ["10.30.0.10", "10.30.1.10"])
    inbound = {}
    for side, base in ((use2, "10.31"), (usw2, "10.32")):
        inbound[side["region"]] = resolver_endpoint(aws, side, "INBOUND", [f"{base}.0.10", f"{base}.1.10"])
        ec2 = ec2_of(aws, side)
        group = ec2.create_security_group(GroupName="s3", Description="s3", VpcId=side["vpc_id"])["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[dict(
            IpProtocol="tcp", FromPort=443, ToPort=443, IpRanges=[dict(CidrIp="10.30.0.0/16")])])
        ec2.create_vpc_endpoint(VpcId=side["vpc_id"], VpcEndpointType="Interface", PrivateDnsEnabled=True,
                                ServiceName=f"com.amazonaws.{side['region']}.s3", SubnetIds=side["subnet_ids"],
                                SecurityGroupIds=[group])
    rules = {}
    for side, base in ((use2, "10.31"), (usw2, "10.32")):
        for domain in (f"{side['region']}.amazonaws.com", f"{side['region']}.vpce.amazonaws.com"):
            rules[domain] = forward_rule(aws, use1, domain, outbound, [f"{base}.0.10", f"{base}.1.10"])
    aws.reset_calls()
    return use1, use2, usw2, outbound, inbound, rules


def bucket_flows(aws, use1):
    return [flow(aws, use1, dict(name=f"my-bucket.s3.{region}.amazonaws.com"), port=443, name=f"bucket in {region}")
            for region in ("us-east-2", "us-west-2")]


def test_guide3_bucket_names_are_forwarded_and_answered_with_the_remote_endpoint(aws, guide3):
    use1, use2, usw2, outbound, inbound, rules = guide3
    out = run_check(aws, bucket_flows(aws, use1), fail_on_unreachable=True)
    assert out["failed"] is False, out.get("msg")
    for result, side in zip(out["flows"], (use2, usw2)):
        forward, answer = result["resolves"]
        assert forward["type"] == "FORWARD" and forward["resource"] == rules[f"{side['region']}.amazonaws.com"][0]
        assert inbound[side["region"]] in forward["source"]
        assert answer["region"] == side["region"] and "interface endpoint" in answer["source"]
        assert all(a.startswith(side["cidr"][:5]) for a in result["addresses"])
    assert {e["direction"] for e in out["topology"]["resolver_endpoints"]} == {"INBOUND", "OUTBOUND"}


def test_guide3_rule_pointing_at_a_stale_ip_is_named(aws, guide3):
    use1, use2, usw2, outbound, inbound, rules = guide3
    resolver = aws.client("route53resolver", "us-east-1")
    old_rule = rules["us-east-2.amazonaws.com"][0]
    resolver.disassociate_resolver_rule(VPCId=use1["vpc_id"], ResolverRuleId=old_rule)
    new_rule = forward_rule(aws, use1, "us-east-2.amazonaws.com", outbound, ["10.31.0.99"])[0]
    out = run_check(aws, bucket_flows(aws, use1))
    assert cause(out, 0) == ("dns-rule", new_rule, "us-east-1")
    assert "10.31.0.99:53, which is not an address of an inbound Resolver endpoint" in out["flows"][0]["reason"]
    assert out["flows"][1]["reachable"] is True


def test_guide3_rule_disassociated_makes_the_name_public(aws, guide3):
    use1, use2, usw2, outbound, inbound, rules = guide3
    rule = rules["us-west-2.amazonaws.com"][0]
    aws.client("route53resolver", "us-east-1").disassociate_resolver_rule(VPCId=use1["vpc_id"], ResolverRuleId=rule)
    out = run_check(aws, bucket_flows(aws, use1))
    assert out["flows"][0]["reachable"] is True
    assert cause(out, 1) == ("dns-public", use1["vpc_id"], "us-east-1")


# -- guide 4: shared data chain across accounts --------------------------------------------------------------------
@pytest.fixture
def guide4(aws):
    main = vpc(aws, "us-east-1", "10.40.0.0/16", name="guide4-main")
    shared = vpc(aws, "us-east-1", "10.41.0.0/16", name="guide4-shared-data")
    team = vpc(aws, "eu-west-1", "10.0.0.0/16", OTHER, name="guide4-data-team")
    connect(aws, main, shared)
    to_team = connect(aws, shared, team)
    host(aws, shared, "10.41.1.50", 5432, ["10.0.0.0/16", "10.40.0.0/16"])
    host(aws, team, "10.0.1.10", 22, ["10.41.0.0/16"])
    return main, shared, team, to_team


def guide4_flows(aws, main, shared, team):
    return [flow(aws, team, dict(ip="10.41.1.50", vpc_id=shared["vpc_id"]), port=5432, name="data team to database"),
            flow(aws, main, dict(ip="10.0.1.10", region="eu-west-1"), port=22, name="main to data team",
                 expect="unreachable")]


def test_guide4_data_team_reaches_only_the_shared_database(aws, guide4):
    main, shared, team, to_team = guide4
    out = run_check(aws, guide4_flows(aws, main, shared, team), fail_on_unreachable=True)
    assert out["failed"] is False, out.get("msg")
    to_db, to_team_from_main = out["flows"]
    assert to_db["reachable"] is True and "credentials" not in to_db["source"]
    assert to_team_from_main["reachable"] is False and to_team_from_main["as_expected"] is True
    assert to_team_from_main["blocked_by"]["check"] == "route"
    assert {c.account for c in aws.reads() if c.service == "ec2" and c.region == "eu-west-1"} == {OTHER}


def test_guide4_return_route_missing_on_the_other_accounts_side_is_named(aws, guide4):
    main, shared, team, to_team = guide4
    table = team["tables"][1]
    ec2_of(aws, team).delete_route(RouteTableId=table, DestinationCidrBlock=shared["cidr"])
    out = run_check(aws, guide4_flows(aws, main, shared, team)[:1])
    path_sources = [p["source"]["subnet_id"] for p in out["flows"][0]["paths"] if not p["reachable"]]
    assert path_sources == [team["subnet_ids"][1]]
    assert cause(out) == ("route", table, "eu-west-1")


def test_guide4_peer_in_an_account_without_credentials_is_not_verifiable(aws, guide4):
    main, shared, team, to_team = guide4
    out = run_check(aws, [flow(aws, shared, dict(ip="10.0.1.10"), port=22)])
    assert cause(out) == ("peering", to_team, "us-east-1")
    assert "account 222222222222 cannot be read" in out["flows"][0]["reason"]


# -- guide 5: symmetric peering; security groups use CIDRs across regions ------------------------------------------
@pytest.fixture
def guide5(aws):
    a = vpc(aws, "us-east-1", "10.50.0.0/16", name="guide5-a")
    b = vpc(aws, "us-west-2", "10.51.0.0/16", name="guide5-b")
    pcx = connect(aws, a, b)
    host(aws, a, "10.50.1.10", 443, ["10.51.0.0/16"])
    host(aws, b, "10.51.1.10", 443, ["10.50.0.0/16"])
    return a, b, pcx


def test_guide5_both_directions_reach_and_no_group_is_referenced_across_regions(aws, guide5):
    a, b, pcx = guide5
    out = run_check(aws, [flow(aws, a, dict(ip="10.51.1.10"), port=443, name="a to b"),
                          flow(aws, b, dict(ip="10.50.1.10"), port=443, name="b to a")], fail_on_unreachable=True)
    assert out["failed"] is False, out.get("msg")
    assert [r for f in out["flows"] for r in f["security_group_references"] if r["boundary"] == "region"] == []
    assert len(out["topology"]["peerings"]) == 1


def test_guide5_network_acl_deny_is_named(aws, guide5):
    a, b, pcx = guide5
    ec2 = ec2_of(aws, b)
    acl = ec2.describe_network_acls(Filters=[dict(Name="vpc-id", Values=[b["vpc_id"]])])["NetworkAcls"][0]
    ec2.create_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=50, Protocol="6", RuleAction="deny",
                                 Egress=False, CidrBlock="10.50.0.0/16", PortRange=dict(From=443, To=443))
    out = run_check(aws, [flow(aws, a, dict(ip="10.51.1.10"), port=443)])
    assert cause(out) == ("network-acl", acl["NetworkAclId"], "us-west-2")
    assert "rule 50 denies it" in out["flows"][0]["reason"]
