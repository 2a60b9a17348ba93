"""extensions/route53_duplicate_association.py: one private zone of a name per VPC."""

import pytest
from botocore.exceptions import ClientError


def private_zone(aws, name, vpc, reference):
    return aws.client("route53").create_hosted_zone(
        Name=name, CallerReference=reference, HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCId": vpc["vpc_id"], "VPCRegion": vpc["region"]})["HostedZone"]["Id"].split("/")[-1]


def test_associating_an_associated_vpc_again_is_a_conflict(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    zone = private_zone(aws, "internal", vpc, "one")
    r53 = aws.client("route53")

    with pytest.raises(ClientError) as caught:
        r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCId": vpc["vpc_id"], "VPCRegion": "us-east-1"})

    assert caught.value.response["Error"]["Code"] == "ConflictingDomainExists"
    assert vpc["vpc_id"] in caught.value.response["Error"]["Message"]
    assert [v["VPCId"] for v in r53.get_hosted_zone(Id=zone)["VPCs"]] == [vpc["vpc_id"]]


def test_a_vpc_cannot_join_two_private_zones_of_the_same_name(aws):
    first = aws.make_vpc("us-east-1", "10.0.0.0/16")
    second = aws.make_vpc("eu-west-1", "10.1.0.0/16")
    private_zone(aws, "internal", first, "one")
    other = private_zone(aws, "internal", second, "two")

    with pytest.raises(ClientError) as caught:
        aws.client("route53").associate_vpc_with_hosted_zone(
            HostedZoneId=other, VPC={"VPCId": first["vpc_id"], "VPCRegion": "us-east-1"})

    assert caught.value.response["Error"]["Code"] == "ConflictingDomainExists"


def test_creating_a_second_private_zone_of_the_name_on_a_vpc_is_a_conflict(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    private_zone(aws, "internal", vpc, "one")

    with pytest.raises(ClientError) as caught:
        private_zone(aws, "internal.", vpc, "two")

    assert caught.value.response["Error"]["Code"] == "ConflictingDomainExists"
    assert len(aws.client("route53").list_hosted_zones()["HostedZones"]) == 1


def test_zones_of_other_names_share_a_vpc(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    private_zone(aws, "internal", vpc, "one")
    other = private_zone(aws, "api.internal", aws.make_vpc("us-east-1", "10.1.0.0/16"), "two")

    aws.client("route53").associate_vpc_with_hosted_zone(
        HostedZoneId=other, VPC={"VPCId": vpc["vpc_id"], "VPCRegion": "us-east-1"})

    assert len(aws.client("route53").get_hosted_zone(Id=other)["VPCs"]) == 2
