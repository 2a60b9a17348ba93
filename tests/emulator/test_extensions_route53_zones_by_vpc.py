"""extensions/route53_zones_by_vpc.py: zones of every account, in the VPC's region, in pages of MaxItems."""

import botocore.exceptions
import pytest

from tests.emulator.accounts import DEFAULT_ACCOUNT, OTHER_ACCOUNT


def test_zone_of_another_account_is_listed_with_its_owner(aws):
    own = aws.make_vpc("us-east-1", "10.0.0.0/16")
    foreign = aws.make_vpc("eu-west-1", "10.1.0.0/16", account=OTHER_ACCOUNT)
    mine, theirs = aws.client("route53"), aws.client("route53", account=OTHER_ACCOUNT)
    zone = mine.create_hosted_zone(Name="internal", CallerReference="z", HostedZoneConfig={"PrivateZone": True},
                                   VPC={"VPCId": own["vpc_id"], "VPCRegion": "us-east-1"})["HostedZone"]["Id"]
    vpc = {"VPCId": foreign["vpc_id"], "VPCRegion": "eu-west-1"}
    mine.create_vpc_association_authorization(HostedZoneId=zone, VPC=vpc)
    theirs.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC=vpc)

    listed = theirs.list_hosted_zones_by_vpc(VPCId=foreign["vpc_id"], VPCRegion="eu-west-1")["HostedZoneSummaries"]

    assert listed == [{"HostedZoneId": zone.split("/")[-1], "Name": "internal.",
                       "Owner": {"OwningAccount": DEFAULT_ACCOUNT}}]


def test_only_associations_in_the_given_region_count(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    aws.client("route53").create_hosted_zone(
        Name="internal", CallerReference="z", HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCId": vpc["vpc_id"], "VPCRegion": "us-east-1"})

    r53 = aws.client("route53")
    assert len(r53.list_hosted_zones_by_vpc(VPCId=vpc["vpc_id"], VPCRegion="us-east-1")["HostedZoneSummaries"]) == 1
    assert r53.list_hosted_zones_by_vpc(VPCId=vpc["vpc_id"], VPCRegion="eu-west-1")["HostedZoneSummaries"] == []


def test_max_items_pages_the_zones_and_the_last_page_has_no_next_token(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    r53 = aws.client("route53")
    made = sorted(r53.create_hosted_zone(
        Name=name, CallerReference=name, HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCId": vpc["vpc_id"], "VPCRegion": "us-east-1"})["HostedZone"]["Id"].split("/")[-1]
        for name in ("a.internal", "b.internal"))

    first = r53.list_hosted_zones_by_vpc(VPCId=vpc["vpc_id"], VPCRegion="us-east-1", MaxItems="1")
    second = r53.list_hosted_zones_by_vpc(VPCId=vpc["vpc_id"], VPCRegion="us-east-1", MaxItems="1",
                                          NextToken=first["NextToken"])

    assert [s["HostedZoneId"] for s in first["HostedZoneSummaries"]] == made[:1]
    assert first["MaxItems"] == "1" and first["NextToken"] not in made
    assert [s["HostedZoneId"] for s in second["HostedZoneSummaries"]] == made[1:]
    assert "NextToken" not in second
    unpaged = r53.list_hosted_zones_by_vpc(VPCId=vpc["vpc_id"], VPCRegion="us-east-1")
    assert unpaged["MaxItems"] == "100" and "NextToken" not in unpaged
    assert [s["HostedZoneId"] for s in unpaged["HostedZoneSummaries"]] == made


def test_a_next_token_that_is_not_ours_is_an_invalid_pagination_token(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    r53 = aws.client("route53")

    with pytest.raises(botocore.exceptions.ClientError) as caught:
        r53.list_hosted_zones_by_vpc(VPCId=vpc["vpc_id"], VPCRegion="us-east-1", NextToken="not-a-token")

    assert caught.value.response["Error"]["Code"] == "InvalidPaginationToken"
