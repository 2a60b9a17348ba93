"""extensions/endpoint_service_access.py: only the owner and allowed principals see and use a service."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT
from tests.emulator.privatelink_seeding import connect, make_nlb, publish

REGION = "us-west-2"
OTHER_ROOT = f"arn:aws:iam::{OTHER_ACCOUNT}:root"


@pytest.fixture
def service(aws):
    outpost = aws.make_vpc(REGION, "10.11.0.0/16", subnets=1)
    return publish(aws, REGION, make_nlb(aws, outpost))


def visible(aws, account, names=None):
    kwargs = {"ServiceNames": names} if names else {}
    answer = aws.client("ec2", REGION, account).describe_vpc_endpoint_services(**kwargs)
    return [d for d in answer["ServiceDetails"] if d["ServiceName"].startswith("com.amazonaws.vpce.")]


def test_other_account_does_not_see_a_service_until_allowed(aws, service):
    before = visible(aws, OTHER_ACCOUNT)
    aws.client("ec2", REGION).modify_vpc_endpoint_service_permissions(
        ServiceId=service["ServiceId"], AddAllowedPrincipals=[OTHER_ROOT])
    after = visible(aws, OTHER_ACCOUNT, [service["ServiceName"]])

    assert before == []
    assert [(d["ServiceName"], d["Owner"]) for d in after] == [(service["ServiceName"], "123456789012")]


def test_naming_a_service_one_may_not_see_is_invalid(aws, service):
    with pytest.raises(ClientError) as caught:
        visible(aws, OTHER_ACCOUNT, [service["ServiceName"]])

    assert caught.value.response["Error"]["Code"] == "InvalidServiceName"


def test_owner_still_sees_its_service(aws, service):
    assert [d["ServiceId"] for d in visible(aws, None)] == [service["ServiceId"]]


def test_endpoint_from_an_account_not_allowed_is_refused(aws, service):
    consumer = aws.make_vpc(REGION, "10.12.0.0/16", account=OTHER_ACCOUNT, subnets=1)

    with pytest.raises(ClientError) as caught:
        connect(aws, consumer, service["ServiceName"], OTHER_ACCOUNT)

    assert caught.value.response["Error"] == {
        "Code": "InvalidServiceName",
        "Message": f"The Vpc Endpoint Service '{service['ServiceName']}' does not exist"}


def test_endpoint_from_an_allowed_account_is_created(aws, service):
    consumer = aws.make_vpc(REGION, "10.12.0.0/16", account=OTHER_ACCOUNT, subnets=1)
    aws.client("ec2", REGION).modify_vpc_endpoint_service_permissions(
        ServiceId=service["ServiceId"], AddAllowedPrincipals=[f"arn:aws:iam::{OTHER_ACCOUNT}:role/consumer"])

    endpoint = connect(aws, consumer, service["ServiceName"], OTHER_ACCOUNT)

    assert endpoint["ServiceName"] == service["ServiceName"]


def test_unknown_service_name_is_refused_even_for_the_owner(aws, service):
    vpc = aws.make_vpc(REGION, "10.13.0.0/16", subnets=1)

    with pytest.raises(ClientError) as caught:
        connect(aws, vpc, f"com.amazonaws.vpce.{REGION}.vpce-svc-0000000000000000", None)

    assert caught.value.response["Error"]["Code"] == "InvalidServiceName"


def test_service_in_another_region_is_not_found(aws, service):
    vpc = aws.make_vpc("us-east-1", "10.13.0.0/16", subnets=1)

    with pytest.raises(ClientError) as caught:
        connect(aws, vpc, service["ServiceName"], None)

    assert caught.value.response["Error"]["Code"] == "InvalidServiceName"


def test_service_name_filter_selects_the_service(aws, service):
    ec2 = aws.client("ec2", REGION)

    answer = ec2.describe_vpc_endpoint_services(Filters=[{"Name": "service-name", "Values": [service["ServiceName"]]}])

    assert answer["ServiceNames"] == [service["ServiceName"]]
