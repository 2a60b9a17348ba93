"""extensions/route53_association_authorizations.py: cross-account private zone association."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT


@pytest.fixture
def zone_and_foreign_vpc(aws):
    """A private zone of 123456789012 on its own VPC, and a VPC of 222222222222 in eu-west-1."""
    own = aws.make_vpc("us-east-1", "10.0.0.0/16")
    foreign = aws.make_vpc("eu-west-1", "10.1.0.0/16", account=OTHER_ACCOUNT)
    zone = aws.client("route53").create_hosted_zone(
        Name="internal", CallerReference="test-zone", HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCId": own["vpc_id"], "VPCRegion": "us-east-1"})["HostedZone"]["Id"].split("/")[-1]
    return zone, own, foreign


def zone_vpcs(aws, zone):
    return sorted(v["VPCId"] for v in aws.client("route53").get_hosted_zone(Id=zone)["VPCs"])


def test_association_without_authorization_is_not_authorized(aws, zone_and_foreign_vpc):
    zone, own, foreign = zone_and_foreign_vpc
    theirs = aws.client("route53", account=OTHER_ACCOUNT)

    with pytest.raises(ClientError) as caught:
        theirs.associate_vpc_with_hosted_zone(
            HostedZoneId=zone, VPC={"VPCId": foreign["vpc_id"], "VPCRegion": "eu-west-1"})

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401
    assert foreign["vpc_id"] in caught.value.response["Error"]["Message"]
    assert zone_vpcs(aws, zone) == [own["vpc_id"]]


def test_authorize_associate_then_deauthorize_keeps_the_association(aws, zone_and_foreign_vpc):
    zone, own, foreign = zone_and_foreign_vpc
    mine, theirs = aws.client("route53"), aws.client("route53", account=OTHER_ACCOUNT)
    vpc = {"VPCId": foreign["vpc_id"], "VPCRegion": "eu-west-1"}

    created = mine.create_vpc_association_authorization(HostedZoneId=zone, VPC=vpc)
    mine.create_vpc_association_authorization(HostedZoneId=zone, VPC=vpc)  # again: still one
    listed = mine.list_vpc_association_authorizations(HostedZoneId=zone)
    theirs.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC=vpc)
    mine.delete_vpc_association_authorization(HostedZoneId=zone, VPC=vpc)

    assert created["HostedZoneId"] == zone and created["VPC"] == vpc
    assert listed["VPCs"] == [vpc]
    assert mine.list_vpc_association_authorizations(HostedZoneId=zone)["VPCs"] == []
    assert zone_vpcs(aws, zone) == sorted([own["vpc_id"], foreign["vpc_id"]])


def test_deleting_a_missing_authorization_is_not_found(aws, zone_and_foreign_vpc):
    zone, _own, foreign = zone_and_foreign_vpc

    with pytest.raises(ClientError) as caught:
        aws.client("route53").delete_vpc_association_authorization(
            HostedZoneId=zone, VPC={"VPCId": foreign["vpc_id"], "VPCRegion": "eu-west-1"})

    assert caught.value.response["Error"]["Code"] == "VPCAssociationAuthorizationNotFound"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_only_the_zone_owner_can_authorize(aws, zone_and_foreign_vpc):
    zone, _own, foreign = zone_and_foreign_vpc

    with pytest.raises(ClientError) as caught:
        aws.client("route53", account=OTHER_ACCOUNT).create_vpc_association_authorization(
            HostedZoneId=zone, VPC={"VPCId": foreign["vpc_id"], "VPCRegion": "eu-west-1"})

    assert caught.value.response["Error"]["Code"] == "NoSuchHostedZone"


def test_authorization_for_another_region_does_not_authorize(aws, zone_and_foreign_vpc):
    zone, _own, foreign = zone_and_foreign_vpc
    aws.client("route53").create_vpc_association_authorization(
        HostedZoneId=zone, VPC={"VPCId": foreign["vpc_id"], "VPCRegion": "us-west-2"})

    with pytest.raises(ClientError) as caught:
        aws.client("route53", account=OTHER_ACCOUNT).associate_vpc_with_hosted_zone(
            HostedZoneId=zone, VPC={"VPCId": foreign["vpc_id"], "VPCRegion": "eu-west-1"})

    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_vpc_owner_can_disassociate_its_vpc(aws, zone_and_foreign_vpc):
    zone, own, foreign = zone_and_foreign_vpc
    mine, theirs = aws.client("route53"), aws.client("route53", account=OTHER_ACCOUNT)
    vpc = {"VPCId": foreign["vpc_id"], "VPCRegion": "eu-west-1"}
    mine.create_vpc_association_authorization(HostedZoneId=zone, VPC=vpc)
    theirs.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC=vpc)

    theirs.disassociate_vpc_from_hosted_zone(HostedZoneId=zone, VPC=vpc)

    assert zone_vpcs(aws, zone) == [own["vpc_id"]]
