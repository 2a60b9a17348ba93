"""extensions/quota_vpcs_per_zone.py: a private hosted zone has at most 300 VPCs; GetHostedZoneLimit tells it."""

import pytest
from botocore.exceptions import ClientError


def fake_vpc(n):
    return {"VPCId": f"vpc-{n:017x}", "VPCRegion": "us-east-1"}  # Route 53 does not check VPC IDs in moto


def private_zone(aws, vpc):
    return aws.client("route53").create_hosted_zone(
        Name="corp.example", CallerReference="quota", HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCId": vpc["vpc_id"], "VPCRegion": vpc["region"]})["HostedZone"]["Id"].split("/")[-1]


def test_the_301st_vpc_is_refused_and_the_limit_is_told(aws):
    zone = private_zone(aws, aws.make_vpc("us-east-1", "10.0.0.0/16"))
    r53 = aws.client("route53")
    for n in range(1, 300):
        r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC=fake_vpc(n))

    limit = r53.get_hosted_zone_limit(Type="MAX_VPCS_ASSOCIATED_BY_ZONE", HostedZoneId=zone)
    with pytest.raises(ClientError) as caught:
        r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC=fake_vpc(300))

    assert (limit["Count"], limit["Limit"]) == (300, {"Type": "MAX_VPCS_ASSOCIATED_BY_ZONE", "Value": 300})
    assert caught.value.response["Error"]["Code"] == "LimitsExceeded"
    assert zone in caught.value.response["Error"]["Message"]


def test_the_limit_of_an_unknown_zone_is_no_such_hosted_zone(aws):
    with pytest.raises(ClientError) as caught:
        aws.client("route53").get_hosted_zone_limit(Type="MAX_VPCS_ASSOCIATED_BY_ZONE", HostedZoneId="ZNOTHERE")
    assert caught.value.response["Error"]["Code"] == "NoSuchHostedZone"


def test_a_new_zone_counts_its_first_vpc(aws):
    zone = private_zone(aws, aws.make_vpc("us-east-1", "10.0.0.0/16"))
    limit = aws.client("route53").get_hosted_zone_limit(Type="MAX_VPCS_ASSOCIATED_BY_ZONE", HostedZoneId=zone)
    assert limit["Count"] == 1
