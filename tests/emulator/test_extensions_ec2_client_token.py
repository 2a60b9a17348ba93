"""extensions/ec2_client_token.py: EC2 remembers a ClientToken, its parameters and its result."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.privatelink_seeding import make_nlb

REGION = "us-west-2"


@pytest.fixture
def ec2_and_nlb(aws):
    vpc = aws.make_vpc(REGION, "10.11.0.0/16", subnets=1)
    return aws.client("ec2", REGION), make_nlb(aws, vpc)


def create(ec2, nlb, token, acceptance=True):
    return ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb], AcceptanceRequired=acceptance, ClientToken=token)["ServiceConfiguration"]


def test_same_token_and_parameters_return_the_first_service_without_a_second(ec2_and_nlb):
    ec2, nlb = ec2_and_nlb
    first, again = create(ec2, nlb, "t-1"), create(ec2, nlb, "t-1")

    services = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    assert again["ServiceId"] == first["ServiceId"]
    assert [s["ServiceId"] for s in services] == [first["ServiceId"]]


def test_same_token_after_delete_replays_the_deleted_service(ec2_and_nlb):
    ec2, nlb = ec2_and_nlb
    first = create(ec2, nlb, "t-1")
    ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[first["ServiceId"]])

    again = create(ec2, nlb, "t-1")

    assert again["ServiceId"] == first["ServiceId"]
    assert ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"] == []


def test_same_token_with_other_parameters_is_a_mismatch(ec2_and_nlb):
    ec2, nlb = ec2_and_nlb
    create(ec2, nlb, "t-1")

    with pytest.raises(ClientError) as caught:
        create(ec2, nlb, "t-1", acceptance=False)

    assert caught.value.response["Error"]["Code"] == "IdempotentParameterMismatch"
    assert len(ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]) == 1


def test_a_new_token_or_none_creates_a_new_service(ec2_and_nlb):
    ec2, nlb = ec2_and_nlb
    first = create(ec2, nlb, "t-1")
    ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[first["ServiceId"]])

    second = create(ec2, nlb, "t-2")
    third = ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[nlb])["ServiceConfiguration"]

    assert len({first["ServiceId"], second["ServiceId"], third["ServiceId"]}) == 3
