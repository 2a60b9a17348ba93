"""resolver_forward_mesh target protocols and IPv6 targets (issue 19), against the emulator (extensions
resolver_endpoint_protocols, resolver_endpoint_ipv6, resolver_rule_targets): DoH rules to dual-stack inbound endpoints
on their IPv6 addresses, check mode exact, a rerun writing nothing, a protocol change made in place, and endpoints
that cannot carry the targets refused before any write."""

from collections import Counter
from ipaddress import ip_network

import pytest

CIDRS = {"us-east-1": "10.30.0.0/16", "us-east-2": "10.31.0.0/16"}


def dual_node(aws, region, protocols=("Do53", "DoH"), endpoint_type="DUALSTACK"):
    """A dual-stack VPC with two IPv6 subnets and an inbound and an outbound endpoint (boto3), setup calls forgotten."""
    ec2, r53 = aws.client("ec2", region), aws.client("route53resolver", region)
    vpc = ec2.create_vpc(CidrBlock=CIDRS[region], AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    block = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    blocks = list(ip_network(block).subnets(new_prefix=64))[:2]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    base = CIDRS[region].split(".")
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"{base[0]}.{base[1]}.{n}.0/24", AvailabilityZone=zones[n],
                                 Ipv6CidrBlock=str(blocks[n]))["Subnet"]["SubnetId"] for n in range(2)]
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc)["GroupId"]
    node = dict(region=region, vpc_id=vpc)
    for direction in ("inbound", "outbound"):
        node[direction] = r53.create_resolver_endpoint(
            CreatorRequestId=f"t-{region}-{direction}", Name=f"{region}-{direction}", SecurityGroupIds=[group],
            Direction=direction.upper(), IpAddresses=[{"SubnetId": s} for s in subnets], Protocols=list(protocols),
            ResolverEndpointType=endpoint_type)["ResolverEndpoint"]["Id"]
    aws.reset_calls()
    return node


def run(aws, nodes, check=False, **args):
    args = dict(dict(name="enc", nodes=[dict(region=n["region"], inbound_endpoint_id=n["inbound"],
                                             outbound_endpoint_id=n["outbound"]) for n in nodes]), **args)
    result = aws.run_module("resolver_forward_mesh", args, check=check, name="mesh")
    return result, result.task("mesh")


def rules(aws, region):
    found = aws.client("route53resolver", region).list_resolver_rules()["ResolverRules"]
    return {r["DomainName"].rstrip("."): r for r in found}


def inbound_ipv6(aws, node):
    found = aws.client("route53resolver", node["region"]).list_resolver_endpoint_ip_addresses(
        ResolverEndpointId=node["inbound"])["IpAddresses"]
    return sorted(a["Ipv6"] for a in found)


def written(aws):
    return Counter((c.region, c.action) for c in aws.writes())


@pytest.fixture
def two(aws):
    return [dual_node(aws, "us-east-1"), dual_node(aws, "us-east-2")]


def test_doh_rules_to_ipv6_addresses_as_check_mode_said_and_a_rerun_writes_nothing(aws, two):
    args = dict(target_protocol="DoH", target_address_family="ipv6", domains=["{region}.amazonaws.com"])
    result, check = run(aws, two, check=True, **args)
    assert result.rc == 0, result.explain()
    assert aws.writes() == []
    result, out = run(aws, two, **args)
    assert result.rc == 0, result.explain()

    def comparable(action):  # a rule's ID is a placeholder in check mode
        return action["call"], action["region"], {k: v for k, v in action["params"].items() if k != "ResolverRuleId"}

    assert [comparable(a) for a in out["actions"]] == [comparable(a) for a in check["actions"]]
    assert written(aws) == Counter({(r, a): 1 for r in ("us-east-1", "us-east-2")
                                    for a in ("CreateResolverRule", "AssociateResolverRule")})
    for source, target in ((two[0], two[1]), (two[1], two[0])):
        [rule] = [r for d, r in rules(aws, source["region"]).items() if d == f"{target['region']}.amazonaws.com"]
        assert sorted(t["Ipv6"] for t in rule["TargetIps"]) == inbound_ipv6(aws, target)
        assert all(t["Port"] == 443 and t["Protocol"] == "DoH" and "Ip" not in t for t in rule["TargetIps"])
    aws.reset_calls()
    result, again = run(aws, two, **args)
    assert result.rc == 0 and again["changed"] is False and aws.writes() == []


def test_a_changed_target_protocol_updates_the_rules_in_place(aws, two):
    run(aws, two, target_protocol="DoH", domains=["{region}.amazonaws.com"])
    aws.reset_calls()
    result, out = run(aws, two, target_protocol="Do53", domains=["{region}.amazonaws.com"])
    assert result.rc == 0, result.explain()
    assert written(aws) == Counter({("us-east-1", "UpdateResolverRule"): 1, ("us-east-2", "UpdateResolverRule"): 1})
    assert out["plan"]["us-east-1"]["rules"]["updated"][0]["changes"] == dict(
        target_protocol=dict(before="DoH", after="Do53"))
    assert all(t["Port"] == 53 for r in rules(aws, "us-east-1").values() for t in r["TargetIps"])


def test_a_doh_mesh_over_an_outbound_endpoint_without_doh_is_refused_before_any_write(aws):
    nodes = [dual_node(aws, "us-east-1", protocols=("Do53",)), dual_node(aws, "us-east-2")]
    result, out = run(aws, nodes, target_protocol="DoH")
    assert result.rc != 0
    assert aws.writes() == []
    for word in (f"outbound endpoint of node us-east-1 ({nodes[0]['outbound']})", "does not support DoH",
                 f"inbound endpoint of node us-east-1 ({nodes[0]['inbound']})"):
        assert word in out["msg"], out["msg"]


def test_ipv6_targets_of_an_ipv4_endpoint_are_refused_before_any_write(aws):
    nodes = [dual_node(aws, "us-east-1"), dual_node(aws, "us-east-2", endpoint_type="IPV4")]
    result, out = run(aws, nodes, target_address_family="ipv6")
    assert result.rc != 0
    assert aws.writes() == []
    assert "inbound endpoint of node us-east-2" in out["msg"] and "is ipv4" in out["msg"], out["msg"]
