"""extensions/endpoint_connections.py: pending connections, the owner's view, accept/reject, delete."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT
from tests.emulator.privatelink_seeding import connect, make_nlb, publish

REGION = "us-west-2"
OTHER_ROOT = f"arn:aws:iam::{OTHER_ACCOUNT}:root"


def chain(aws, acceptance=True):
    """A service of 123456789012 and an endpoint to it from OTHER_ACCOUNT; returns (service, endpoint)."""
    outpost = aws.make_vpc(REGION, "10.11.0.0/16", subnets=1)
    service = publish(aws, REGION, make_nlb(aws, outpost), acceptance=acceptance, principals=[OTHER_ROOT])
    consumer = aws.make_vpc(REGION, "10.12.0.0/16", account=OTHER_ACCOUNT, subnets=1)
    return service, connect(aws, consumer, service["ServiceName"], OTHER_ACCOUNT)


def connections(aws, **filters):
    answer = aws.client("ec2", REGION).describe_vpc_endpoint_connections(
        Filters=[{"Name": k.replace("_", "-"), "Values": [v]} for k, v in filters.items()])
    return answer["VpcEndpointConnections"]


def endpoint_state(aws, endpoint_id):
    ec2 = aws.client("ec2", REGION, OTHER_ACCOUNT)
    return ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"][0]["State"]


def test_other_accounts_endpoint_waits_for_acceptance(aws):
    _service, endpoint = chain(aws)

    assert endpoint["State"] == "pendingAcceptance"


def test_without_acceptance_required_the_endpoint_is_available(aws):
    _service, endpoint = chain(aws, acceptance=False)

    assert endpoint["State"] == "available"


def test_owners_own_endpoint_needs_no_acceptance(aws):
    outpost = aws.make_vpc(REGION, "10.11.0.0/16", subnets=1)
    service = publish(aws, REGION, make_nlb(aws, outpost), acceptance=True)

    endpoint = connect(aws, aws.make_vpc(REGION, "10.12.0.0/16", subnets=1), service["ServiceName"])

    assert endpoint["State"] == "available"


def test_owner_sees_connections_from_other_accounts_with_filters(aws):
    service, endpoint = chain(aws)

    found = connections(aws, service_id=service["ServiceId"], vpc_endpoint_state="pendingAcceptance")
    other_state = connections(aws, vpc_endpoint_state="available")

    assert [(c["VpcEndpointId"], c["VpcEndpointOwner"], c["VpcEndpointState"], c["ServiceId"]) for c in found] == [
        (endpoint["VpcEndpointId"], OTHER_ACCOUNT, "pendingAcceptance", service["ServiceId"])]
    assert found[0]["NetworkLoadBalancerArns"] == service["NetworkLoadBalancerArns"]
    assert other_state == []


def test_region_and_address_type_filters_match(aws):
    _service, endpoint = chain(aws)

    found = connections(aws, vpc_endpoint_region=REGION, ip_address_type="ipv4")

    assert [c["VpcEndpointId"] for c in found] == [endpoint["VpcEndpointId"]]
    assert connections(aws, vpc_endpoint_region="us-east-1") == []


def test_unknown_filter_is_refused_not_ignored(aws):
    chain(aws)

    with pytest.raises(ClientError) as caught:
        connections(aws, bogus="x")

    assert caught.value.response["Error"] == {"Code": "InvalidParameterValue",
                                              "Message": "The filter 'bogus' is invalid"}


def test_accept_makes_the_endpoint_available(aws):
    service, endpoint = chain(aws)

    answer = aws.client("ec2", REGION).accept_vpc_endpoint_connections(
        ServiceId=service["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])

    assert answer["Unsuccessful"] == []
    assert endpoint_state(aws, endpoint["VpcEndpointId"]) == "available"


def test_accepting_twice_or_an_unknown_endpoint_is_unsuccessful(aws):
    service, endpoint = chain(aws)
    ec2 = aws.client("ec2", REGION)
    ec2.accept_vpc_endpoint_connections(ServiceId=service["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])

    answer = ec2.accept_vpc_endpoint_connections(ServiceId=service["ServiceId"],
                                                 VpcEndpointIds=[endpoint["VpcEndpointId"], "vpce-0000"])

    assert [u["ResourceId"] for u in answer["Unsuccessful"]] == [endpoint["VpcEndpointId"], "vpce-0000"]


def test_only_the_owner_may_accept(aws):
    service, endpoint = chain(aws)

    with pytest.raises(ClientError) as caught:
        aws.client("ec2", REGION, OTHER_ACCOUNT).accept_vpc_endpoint_connections(
            ServiceId=service["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])

    assert caught.value.response["Error"]["Code"] == "InvalidVpcEndpointServiceId.NotFound"
    assert endpoint_state(aws, endpoint["VpcEndpointId"]) == "pendingAcceptance"


def test_reject_then_delete_the_service(aws):
    service, endpoint = chain(aws, acceptance=False)
    ec2 = aws.client("ec2", REGION)

    refused = ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[service["ServiceId"]])
    ec2.reject_vpc_endpoint_connections(ServiceId=service["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])
    deleted = ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[service["ServiceId"]])

    assert [(u["ResourceId"], u["Error"]["Code"]) for u in refused["Unsuccessful"]] == [
        (service["ServiceId"], "ExistingVpcEndpointConnections")]
    assert endpoint_state(aws, endpoint["VpcEndpointId"]) == "rejected"
    assert deleted["Unsuccessful"] == []
    assert ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"] == []


def test_deleted_endpoint_does_not_block_deleting_the_service(aws):
    service, endpoint = chain(aws, acceptance=False)
    aws.client("ec2", REGION, OTHER_ACCOUNT).delete_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])

    answer = aws.client("ec2", REGION).delete_vpc_endpoint_service_configurations(ServiceIds=[service["ServiceId"]])

    assert answer["Unsuccessful"] == []
