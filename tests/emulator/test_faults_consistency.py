"""EventualConsistency: a new resource is hidden from the next N answers that would show it."""

import botocore.exceptions
import pytest

from tests.emulator.consistency import EventualConsistency


@pytest.fixture
def pair(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", route_tables=1)
    b = aws.make_vpc("eu-west-1", "10.1.0.0/16")
    return a, b


def request_peering(aws, a, b):
    return aws.client("ec2").create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion="eu-west-1",
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]


def peering_ids(aws, region, **kwargs):
    answer = aws.client("ec2", region).describe_vpc_peering_connections(**kwargs)
    return [c["VpcPeeringConnectionId"] for c in answer["VpcPeeringConnections"]]


def test_new_peering_is_missing_from_the_next_lists_in_both_regions(aws, pair):
    consistency = EventualConsistency(reads=2)
    aws.interceptors.append(consistency)
    pcx = request_peering(aws, *pair)
    by_filter = dict(Filters=[{"Name": "vpc-peering-connection-id", "Values": [pcx]}])

    assert peering_ids(aws, "us-east-1") == []
    assert peering_ids(aws, "eu-west-1", **by_filter) == []
    assert peering_ids(aws, "us-east-1") == [pcx]
    assert peering_ids(aws, "eu-west-1") == [pcx]
    assert consistency.stats == {"peering": 2} and consistency.hidden == {}


def test_describe_by_id_answers_not_found_until_visible(aws, pair):
    aws.interceptors.append(EventualConsistency(reads=1))
    pcx = request_peering(aws, *pair)
    ec2 = aws.client("ec2", "eu-west-1")

    with pytest.raises(botocore.exceptions.ClientError) as caught:
        ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])
    assert caught.value.response["Error"]["Code"] == "InvalidVpcPeeringConnectionID.NotFound"
    assert ec2.describe_vpc_peering_connections(
        VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]["VpcPeeringConnectionId"] == pcx


def test_writes_naming_a_hidden_id_fail_only_when_asked(aws, pair):
    aws.interceptors.append(EventualConsistency(reads=1, writes=True))
    pcx = request_peering(aws, *pair)
    accepter = aws.client("ec2", "eu-west-1")

    with pytest.raises(botocore.exceptions.ClientError) as caught:
        accepter.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    assert caught.value.response["Error"]["Code"] == "InvalidVpcPeeringConnectionID.NotFound"
    accepter.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    assert [c.status for c in aws.calls if c.action == "AcceptVpcPeeringConnection"] == [400, 200]


def test_writes_are_untouched_by_default(aws, pair):
    aws.interceptors.append(EventualConsistency(reads=3))
    pcx = request_peering(aws, *pair)

    aws.client("ec2", "eu-west-1").accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)


def test_new_route_is_missing_from_its_table_for_the_next_reads(aws, pair):
    a = pair[0]
    table = a["route_table_ids"][0]
    ec2 = aws.client("ec2")
    aws.interceptors.append(EventualConsistency(reads=1))
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.9.0.0/16", GatewayId="local")

    def destinations():
        answer = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]
        return sorted(r.get("DestinationCidrBlock", "") for r in answer["Routes"])

    assert destinations() == ["10.0.0.0/16"]
    assert destinations() == ["10.0.0.0/16", "10.9.0.0/16"]


def test_new_hosted_zone_is_hidden_from_lists_and_get(aws, pair):
    a = pair[0]
    r53 = aws.client("route53")
    aws.interceptors.append(EventualConsistency(reads=3))
    zone = r53.create_hosted_zone(
        Name="corp.internal", CallerReference="ec-1", HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCRegion": "us-east-1", "VPCId": a["vpc_id"]})["HostedZone"]["Id"]

    assert r53.list_hosted_zones()["HostedZones"] == []
    assert r53.list_hosted_zones_by_vpc(
        VPCId=a["vpc_id"], VPCRegion="us-east-1")["HostedZoneSummaries"] == []
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        r53.get_hosted_zone(Id=zone)
    assert caught.value.response["Error"]["Code"] == "NoSuchHostedZone"
    assert [z["Id"] for z in r53.list_hosted_zones()["HostedZones"]] == [zone]


def test_new_resolver_rule_is_hidden_from_list_and_get(aws):
    resolver = aws.client("route53resolver", "us-west-2")
    aws.interceptors.append(EventualConsistency(reads=2))
    rule = resolver.create_resolver_rule(
        CreatorRequestId="ec-rule", Name="corp", RuleType="SYSTEM",
        DomainName="corp.internal")["ResolverRule"]["Id"]

    assert rule not in [r["Id"] for r in resolver.list_resolver_rules()["ResolverRules"]]
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        resolver.get_resolver_rule(ResolverRuleId=rule)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert resolver.get_resolver_rule(ResolverRuleId=rule)["ResolverRule"]["Id"] == rule


def test_failed_creates_and_other_resources_are_not_hidden(aws, pair):
    a, b = pair
    consistency = EventualConsistency(reads=2)
    aws.interceptors.append(consistency)
    with pytest.raises(botocore.exceptions.ClientError):
        aws.client("ec2").create_vpc_peering_connection(VpcId=a["vpc_id"],
                                                        PeerVpcId="vpc-00000000000000000")

    assert consistency.hidden == {}
    assert {v["VpcId"] for v in aws.client("ec2").describe_vpcs()["Vpcs"]} >= {a["vpc_id"]}
