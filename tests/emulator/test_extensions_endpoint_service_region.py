"""extensions/endpoint_service_region.py: an interface endpoint to an endpoint service of another region."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT
from tests.emulator.privatelink_seeding import make_nlb, publish

PROVIDER = "us-west-2"
CONSUMER = "eu-west-1"
OTHER_ROOT = f"arn:aws:iam::{OTHER_ACCOUNT}:root"


@pytest.fixture
def service(aws):
    provider = aws.make_vpc(PROVIDER, "10.11.0.0/16", subnets=1)
    return publish(aws, PROVIDER, make_nlb(aws, provider), principals=[OTHER_ROOT])


def support(aws, service, region=CONSUMER):
    aws.client("ec2", PROVIDER).modify_vpc_endpoint_service_configuration(
        ServiceId=service["ServiceId"], AddSupportedRegions=[region])


def create(aws, vpc, service, account=None, region=PROVIDER):
    return aws.client("ec2", vpc["region"], account).create_vpc_endpoint(
        VpcId=vpc["vpc_id"], ServiceName=service["ServiceName"], VpcEndpointType="Interface",
        SubnetIds=vpc["subnet_ids"][:1], ServiceRegion=region)["VpcEndpoint"]


def test_endpoint_to_a_service_not_supporting_the_region_is_refused(aws, service):
    consumer = aws.make_vpc(CONSUMER, "10.12.0.0/16", subnets=1)

    with pytest.raises(ClientError) as caught:
        create(aws, consumer, service)

    assert caught.value.response["Error"]["Code"] == "InvalidServiceName"


def test_endpoint_to_a_supporting_service_names_its_region_and_service(aws, service):
    support(aws, service)
    consumer = aws.make_vpc(CONSUMER, "10.12.0.0/16", subnets=1)

    endpoint = create(aws, consumer, service)
    [described] = aws.client("ec2", CONSUMER).describe_vpc_endpoints(
        VpcEndpointIds=[endpoint["VpcEndpointId"]])["VpcEndpoints"]

    assert described["ServiceRegion"] == PROVIDER
    names = [e["DnsName"] for e in described["DnsEntries"]]
    assert names and all(n.endswith(f".{service['ServiceId']}.{PROVIDER}.vpce.amazonaws.com") for n in names)


def test_endpoint_in_the_service_region_is_described_with_it(aws, service):
    consumer = aws.make_vpc(PROVIDER, "10.13.0.0/16", subnets=1)

    endpoint = aws.client("ec2", PROVIDER).create_vpc_endpoint(
        VpcId=consumer["vpc_id"], ServiceName=service["ServiceName"], VpcEndpointType="Interface",
        SubnetIds=consumer["subnet_ids"][:1])["VpcEndpoint"]

    assert endpoint["ServiceRegion"] == PROVIDER


def test_other_account_endpoint_waits_for_acceptance_in_the_service_region(aws, service):
    ec2 = aws.client("ec2", PROVIDER)
    ec2.modify_vpc_endpoint_service_configuration(ServiceId=service["ServiceId"], AcceptanceRequired=True,
                                                  AddSupportedRegions=[CONSUMER])
    consumer = aws.make_vpc(CONSUMER, "10.12.0.0/16", account=OTHER_ACCOUNT, subnets=1)

    endpoint = create(aws, consumer, service, OTHER_ACCOUNT)
    [connection] = ec2.describe_vpc_endpoint_connections()["VpcEndpointConnections"]
    ec2.accept_vpc_endpoint_connections(ServiceId=service["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])
    [accepted] = aws.client("ec2", CONSUMER, OTHER_ACCOUNT).describe_vpc_endpoints()["VpcEndpoints"]

    assert endpoint["State"] == "pendingAcceptance"
    assert (connection["VpcEndpointId"], connection["VpcEndpointRegion"]) == (endpoint["VpcEndpointId"], CONSUMER)
    assert accepted["State"] == "available"


def test_describe_services_with_service_regions_lists_the_remote_service(aws, service):
    support(aws, service)
    ec2 = aws.client("ec2", CONSUMER, OTHER_ACCOUNT)

    remote = ec2.describe_vpc_endpoint_services(ServiceRegions=[PROVIDER])["ServiceDetails"]
    local = ec2.describe_vpc_endpoint_services()["ServiceDetails"]

    assert [(d["ServiceName"], d["ServiceRegion"]) for d in remote] == [(service["ServiceName"], PROVIDER)]
    assert service["ServiceName"] not in [d["ServiceName"] for d in local]
