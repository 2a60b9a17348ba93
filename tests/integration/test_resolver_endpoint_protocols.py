"""resolver_endpoint protocols and IPv6 (issue 19), against the emulator (extensions resolver_endpoint_protocols and
resolver_endpoint_ipv6): created with them, changed in place with UpdateResolverEndpoint, check mode exact, a second
run writing nothing, and AWS's refusals decided before any write."""

from ipaddress import ip_network

import pytest

REGION = "us-east-2"


def run(aws, check=False, **args):
    args = dict(dict(region=REGION), **args)
    result = aws.run_module("resolver_endpoint", args, check=check, name="endpoint")
    return result, result.task("endpoint")


def writes(aws):
    return [c.action for c in aws.writes()]


@pytest.fixture
def net(aws):
    """A dual-stack VPC: two subnets with IPv6 blocks, one without, and a security group (setup calls forgotten)."""
    ec2 = aws.client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.31.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    block = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    blocks = list(ip_network(block).subnets(new_prefix=64))[:2]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.31.{n}.0/24", AvailabilityZone=zones[n],
                                 Ipv6CidrBlock=str(blocks[n]))["Subnet"]["SubnetId"] for n in range(2)]
    plain = ec2.create_subnet(VpcId=vpc, CidrBlock="10.31.9.0/24", AvailabilityZone=zones[1])["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc)["GroupId"]
    aws.reset_calls()
    return dict(vpc=vpc, subnets=subnets, plain=plain, group=group, blocks=blocks)


def described(aws, endpoint_id):
    r53 = aws.client("route53resolver", REGION)
    return (r53.get_resolver_endpoint(ResolverEndpointId=endpoint_id)["ResolverEndpoint"],
            r53.list_resolver_endpoint_ip_addresses(ResolverEndpointId=endpoint_id)["IpAddresses"])


def endpoint(net, **over):
    return dict(dict(name="mesh-in", direction="inbound", subnet_ids=net["subnets"],
                     security_group_ids=[net["group"]]), **over)


def test_a_dualstack_doh_endpoint_is_created_as_check_mode_said_and_a_rerun_writes_nothing(aws, net):
    fixed = str(net["blocks"][0].network_address + 0x10)
    args = endpoint(net, subnet_ids=None, protocols=["Do53", "DoH"], endpoint_type="dualstack",
                    ip_addresses=[dict(subnet_id=net["subnets"][0], ipv6=fixed), dict(subnet_id=net["subnets"][1])])
    args = {k: v for k, v in args.items() if v is not None}
    result, check = run(aws, check=True, **args)
    assert result.rc == 0, result.explain()
    assert aws.writes() == []
    result, out = run(aws, **args)
    assert result.rc == 0, result.explain()
    assert [(a["call"], a["params"]) for a in out["actions"]] == [(a["call"], a["params"]) for a in check["actions"]]
    found, addresses = described(aws, out["endpoint_id"])
    assert found["Protocols"] == ["Do53", "DoH"] and found["ResolverEndpointType"] == "DUALSTACK"
    assert fixed in {a["Ipv6"] for a in addresses} and all(a["Ip"] and a["Ipv6"] for a in addresses)
    assert out["endpoint"]["protocols"] == ["Do53", "DoH"] and out["endpoint"]["endpoint_type"] == "dualstack"
    assert sorted(out["ipv6_addresses"]) == sorted(a["Ipv6"] for a in addresses)
    aws.reset_calls()
    result, again = run(aws, **args)
    assert result.rc == 0 and again["changed"] is False and aws.writes() == []


def test_protocols_and_type_change_in_place_with_one_update(aws, net):
    _result, made = run(aws, **endpoint(net))
    aws.reset_calls()
    result, check = run(aws, check=True, **endpoint(net, protocols=["Do53", "DoH"], endpoint_type="dualstack"))
    assert result.rc == 0 and aws.writes() == []
    assert [a["call"] for a in check["actions"]] == ["route53resolver:UpdateResolverEndpoint"]
    result, out = run(aws, **endpoint(net, protocols=["Do53", "DoH"], endpoint_type="dualstack"))
    assert result.rc == 0, result.explain()
    assert writes(aws) == ["UpdateResolverEndpoint"]
    assert out["actions"] == check["actions"] and out["endpoint_id"] == made["endpoint_id"]
    found, addresses = described(aws, made["endpoint_id"])
    assert found["Protocols"] == ["Do53", "DoH"] and found["ResolverEndpointType"] == "DUALSTACK"
    assert sorted(a["Ip"] for a in addresses) == made["ip_addresses"]  # the same addresses, now with IPv6
    assert all(a["Ipv6"] for a in addresses)
    aws.reset_calls()
    result, again = run(aws, **endpoint(net, protocols=["Do53", "DoH"], endpoint_type="dualstack"))
    assert result.rc == 0 and again["changed"] is False and aws.writes() == []


@pytest.mark.parametrize("over, words", [
    (dict(direction="outbound", protocols=["DoH-FIPS"]), ["DoH-FIPS", "inbound endpoints only"]),
    (dict(endpoint_type="dualstack", subnet_ids="plain"), ["needs subnets with an IPv6 CIDR block", "has none"]),
])
def test_what_aws_refuses_is_refused_before_any_write(aws, net, over, words):
    if over.get("subnet_ids") == "plain":
        over = dict(over, subnet_ids=[net["subnets"][0], net["plain"]])
    result, out = run(aws, **endpoint(net, **over))
    assert result.rc != 0
    assert writes(aws) == []
    for word in words:
        assert word in out["msg"], out["msg"]


def test_do53_alone_to_doh_alone_and_a_change_to_ipv6_are_refused_before_any_write(aws, net):
    run(aws, **endpoint(net))
    aws.reset_calls()
    result, out = run(aws, **endpoint(net, protocols=["DoH"]))
    assert result.rc != 0 and writes(aws) == []
    assert "[Do53, DoH] first" in out["msg"], out["msg"]
    result, out = run(aws, **endpoint(net, endpoint_type="ipv6"))
    assert result.rc != 0 and writes(aws) == []
    assert "only between ipv4 and dualstack" in out["msg"], out["msg"]


def test_the_dns_security_group_of_a_doh_endpoint_allows_tcp_443_too(aws, net):
    args = endpoint(net, protocols=["Do53", "DoH"], security_group_ids=None,
                    dns_security_group=dict(allowed_cidrs=["10.30.0.0/16"]))
    args = {k: v for k, v in args.items() if v is not None}
    result, out = run(aws, **args)
    assert result.rc == 0, result.explain()
    [group] = aws.client("ec2", REGION).describe_security_groups(GroupIds=[out["security_group_id"]])["SecurityGroups"]
    allowed = {(p["IpProtocol"], p["FromPort"], r["CidrIp"]) for p in group["IpPermissions"] for r in p["IpRanges"]}
    assert allowed == {("tcp", 53, "10.30.0.0/16"), ("udp", 53, "10.30.0.0/16"), ("tcp", 443, "10.30.0.0/16")}
    aws.reset_calls()
    result, again = run(aws, **args)
    assert result.rc == 0 and again["changed"] is False and aws.writes() == []
