"""extensions/endpoint_service_ip_address_types.py: an endpoint service's supported IP address types."""

import pytest
from botocore.exceptions import ClientError

REGION = "us-west-2"


def nlb(aws, ip_type="ipv4"):
    vpc = aws.make_vpc(REGION, "10.11.0.0/16", subnets=1)
    return aws.client("elbv2", REGION).create_load_balancer(
        Name=f"nlb-{ip_type}", Subnets=vpc["subnet_ids"], Scheme="internal", Type="network",
        IpAddressType=ip_type)["LoadBalancers"][0]["LoadBalancerArn"]


def types(aws, service_id):
    [found] = aws.client("ec2", REGION).describe_vpc_endpoint_service_configurations(
        ServiceIds=[service_id])["ServiceConfigurations"]
    return found["SupportedIpAddressTypes"]


def test_a_service_supports_ipv4_by_default(aws):
    service = aws.client("ec2", REGION).create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb(aws)])["ServiceConfiguration"]

    assert types(aws, service["ServiceId"]) == ["ipv4"]


def test_ipv6_with_a_dualstack_load_balancer_is_added_and_listed_to_consumers(aws):
    ec2 = aws.client("ec2", REGION)
    service = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb(aws, "dualstack")], SupportedIpAddressTypes=["ipv4"])["ServiceConfiguration"]

    ec2.modify_vpc_endpoint_service_configuration(ServiceId=service["ServiceId"], AddSupportedIpAddressTypes=["ipv6"],
                                                  RemoveSupportedIpAddressTypes=["ipv4"])
    [detail] = ec2.describe_vpc_endpoint_services(ServiceNames=[service["ServiceName"]])["ServiceDetails"]

    assert types(aws, service["ServiceId"]) == ["ipv6"]
    assert detail["SupportedIpAddressTypes"] == ["ipv6"]


def test_ipv6_with_an_ipv4_load_balancer_is_refused(aws):
    ec2 = aws.client("ec2", REGION)
    with pytest.raises(ClientError) as caught:
        ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[nlb(aws)],
                                                      SupportedIpAddressTypes=["ipv4", "ipv6"])

    assert caught.value.response["Error"]["Code"] == "InvalidParameter"
    assert ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"] == []


def test_removing_the_last_type_is_refused(aws):
    ec2 = aws.client("ec2", REGION)
    service = ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[nlb(aws)])["ServiceConfiguration"]

    with pytest.raises(ClientError) as caught:
        ec2.modify_vpc_endpoint_service_configuration(ServiceId=service["ServiceId"],
                                                      RemoveSupportedIpAddressTypes=["ipv4"])

    assert caught.value.response["Error"]["Code"] == "InvalidParameter"
    assert types(aws, service["ServiceId"]) == ["ipv4"]
