"""extensions/endpoint_services_remote_names.py: DescribeVpcEndpointServices with ServiceNames and ServiceRegions."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.privatelink_seeding import make_nlb, publish

PROVIDER, CONSUMER = "us-west-2", "eu-west-1"


@pytest.fixture
def service(aws):
    config = publish(aws, PROVIDER, make_nlb(aws, aws.make_vpc(PROVIDER, "10.11.0.0/16", subnets=1)))
    aws.client("ec2", PROVIDER).modify_vpc_endpoint_service_configuration(
        ServiceId=config["ServiceId"], AddSupportedRegions=[CONSUMER])
    return config


def test_a_remote_service_is_found_by_name_and_region(aws, service):
    details = aws.client("ec2", CONSUMER).describe_vpc_endpoint_services(
        ServiceNames=[service["ServiceName"]], ServiceRegions=[PROVIDER])["ServiceDetails"]

    assert [(d["ServiceName"], d["ServiceRegion"]) for d in details] == [(service["ServiceName"], PROVIDER)]


def test_an_unknown_name_is_still_refused(aws, service):
    with pytest.raises(ClientError) as caught:
        aws.client("ec2", CONSUMER).describe_vpc_endpoint_services(
            ServiceNames=[service["ServiceName"] + "0"], ServiceRegions=[PROVIDER])

    assert caught.value.response["Error"]["Code"] == "InvalidServiceName"
