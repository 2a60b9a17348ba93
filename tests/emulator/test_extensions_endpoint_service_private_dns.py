"""extensions/endpoint_service_private_dns.py: a private DNS name, its TXT record and AWS's verification."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT
from tests.emulator.privatelink_seeding import make_nlb, publish

REGION = "us-west-2"


@pytest.fixture
def service(aws):
    return publish(aws, REGION, make_nlb(aws, aws.make_vpc(REGION, "10.11.0.0/16", subnets=1)))


def configuration(aws, service):
    [found] = aws.client("ec2", REGION).describe_vpc_endpoint_service_configurations(
        ServiceIds=[service["ServiceId"]])["ServiceConfigurations"]
    return found.get("PrivateDnsNameConfiguration")


def name_it(aws, service, name="api.example.com"):
    aws.client("ec2", REGION).modify_vpc_endpoint_service_configuration(ServiceId=service["ServiceId"],
                                                                        PrivateDnsName=name)
    return configuration(aws, service)


def publish_txt(aws, zone_name, record, value, account=None, private=False):
    r53 = aws.client("route53", account=account)
    extra = dict(HostedZoneConfig={"PrivateZone": True},
                 VPC={"VPCId": aws.make_vpc("us-east-1", "10.50.0.0/16")["vpc_id"], "VPCRegion": "us-east-1"}) \
        if private else {}
    zone = r53.create_hosted_zone(Name=zone_name, CallerReference=f"{zone_name}-{private}", **extra)["HostedZone"]
    r53.change_resource_record_sets(HostedZoneId=zone["Id"], ChangeBatch={"Changes": [{
        "Action": "UPSERT", "ResourceRecordSet": {"Name": record, "Type": "TXT", "TTL": 300,
                                                  "ResourceRecords": [{"Value": f'"{value}"'}]}}]})


def start(aws, service):
    aws.client("ec2", REGION).start_vpc_endpoint_service_private_dns_verification(ServiceId=service["ServiceId"])


def test_a_new_name_is_pending_with_a_txt_name_and_value(aws, service):
    found = name_it(aws, service)

    assert found["State"] == "pendingVerification" and found["Type"] == "TXT"
    assert found["Name"].startswith("_") and found["Value"].startswith("vpce:")


@pytest.mark.parametrize("where, state", [
    (dict(zone="example.com", account=OTHER_ACCOUNT), "verified"),          # under a parent domain, any account
    (dict(zone="api.example.com"), "verified"),                           # under the name itself
    (dict(zone="example.com", value="vpce:something-else"), "failed"),    # another value
    (dict(zone="example.com", private=True), "failed"),                   # a private zone is not public DNS
])
def test_the_check_finds_the_record_only_in_public_dns(aws, service, where, state):
    found = name_it(aws, service)
    publish_txt(aws, where["zone"], f"{found['Name']}.{where['zone']}", where.get("value", found["Value"]),
                account=where.get("account"), private=where.get("private", False))

    start(aws, service)

    assert configuration(aws, service)["State"] == state


def test_a_new_name_is_pending_again_with_another_record(aws, service):
    first = name_it(aws, service)
    publish_txt(aws, "example.com", f"{first['Name']}.example.com", first["Value"])
    start(aws, service)
    assert configuration(aws, service)["State"] == "verified"

    second = name_it(aws, service, "other.example.com")

    assert second["State"] == "pendingVerification" and second["Name"] != first["Name"]


def test_remove_private_dns_name_removes_it(aws, service):
    name_it(aws, service)

    aws.client("ec2", REGION).modify_vpc_endpoint_service_configuration(ServiceId=service["ServiceId"],
                                                                        RemovePrivateDnsName=True)
    [found] = aws.client("ec2", REGION).describe_vpc_endpoint_service_configurations(
        ServiceIds=[service["ServiceId"]])["ServiceConfigurations"]

    assert not found.get("PrivateDnsName") and not found.get("PrivateDnsNameConfiguration")


def test_starting_without_a_name_is_refused(aws, service):
    with pytest.raises(ClientError) as caught:
        start(aws, service)

    assert caught.value.response["Error"]["Code"] == "InvalidParameter"
