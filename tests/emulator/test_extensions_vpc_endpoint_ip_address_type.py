"""extensions/vpc_endpoint_ip_address_type.py: an interface endpoint's IP address type and DNS options."""

import pytest
from botocore.exceptions import ClientError

REGION = "us-west-2"


@pytest.fixture
def service(aws):
    vpc = aws.make_vpc(REGION, "10.11.0.0/16", subnets=1)
    arn = aws.client("elbv2", REGION).create_load_balancer(
        Name="dual", Subnets=vpc["subnet_ids"], Scheme="internal", Type="network",
        IpAddressType="dualstack")["LoadBalancers"][0]["LoadBalancerArn"]
    return aws.client("ec2", REGION).create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[arn], AcceptanceRequired=False)["ServiceConfiguration"]


def endpoint(aws, service, **params):
    vpc = aws.make_vpc(REGION, "10.12.0.0/16", subnets=1)
    return aws.client("ec2", REGION).create_vpc_endpoint(
        VpcId=vpc["vpc_id"], ServiceName=service["ServiceName"], VpcEndpointType="Interface",
        SubnetIds=vpc["subnet_ids"], **params)["VpcEndpoint"]


def described(aws, endpoint_id):
    [found] = aws.client("ec2", REGION).describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"]
    return found


def test_an_endpoint_is_ipv4_with_ipv4_records_by_default(aws, service):
    found = described(aws, endpoint(aws, service)["VpcEndpointId"])

    assert found["IpAddressType"] == "ipv4"
    assert found["DnsOptions"] == {"DnsRecordIpType": "ipv4"}


def test_dualstack_needs_a_service_supporting_ipv6(aws, service):
    with pytest.raises(ClientError) as caught:
        endpoint(aws, service, IpAddressType="dualstack")

    assert caught.value.response["Error"]["Code"] == "InvalidParameter"


def test_type_dns_options_and_private_dns_are_set_and_changed(aws, service):
    ec2 = aws.client("ec2", REGION)
    ec2.modify_vpc_endpoint_service_configuration(ServiceId=service["ServiceId"], AddSupportedIpAddressTypes=["ipv6"])
    made = endpoint(aws, service, IpAddressType="dualstack", DnsOptions={"DnsRecordIpType": "dualstack"})
    assert described(aws, made["VpcEndpointId"])["DnsOptions"] == {"DnsRecordIpType": "dualstack"}

    ec2.modify_vpc_endpoint(VpcEndpointId=made["VpcEndpointId"], IpAddressType="ipv4",
                            DnsOptions={"DnsRecordIpType": "ipv4"}, PrivateDnsEnabled=True)
    found = described(aws, made["VpcEndpointId"])

    assert (found["IpAddressType"], found["DnsOptions"], found["PrivateDnsEnabled"]) == (
        "ipv4", {"DnsRecordIpType": "ipv4"}, True)


def test_a_record_type_that_does_not_fit_the_endpoint_is_refused(aws, service):
    with pytest.raises(ClientError) as caught:
        endpoint(aws, service, DnsOptions={"DnsRecordIpType": "ipv6"})

    assert caught.value.response["Error"]["Code"] == "InvalidParameter"
