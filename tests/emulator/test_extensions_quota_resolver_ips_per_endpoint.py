"""extensions/quota_resolver_ips_per_endpoint.py: a Resolver endpoint has at most 6 IP addresses, at creation and
when addresses are added."""

import pytest
from botocore.exceptions import ClientError


def setup(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2)
    ec2, r53 = aws.client("ec2"), aws.client("route53resolver")
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    return r53, group, vpc["subnet_ids"]


def addresses(subnets, count):
    return [{"SubnetId": subnets[n % 2], "Ip": f"10.0.{n % 2}.{10 + n}"} for n in range(count)]


def test_an_endpoint_with_seven_addresses_is_refused_six_are_made(aws):
    r53, group, subnets = setup(aws)

    with pytest.raises(ClientError) as caught:
        r53.create_resolver_endpoint(CreatorRequestId="seven", Name="seven", SecurityGroupIds=[group],
                                     Direction="INBOUND", IpAddresses=addresses(subnets, 7))
    six = r53.create_resolver_endpoint(CreatorRequestId="six", Name="six", SecurityGroupIds=[group],
                                       Direction="INBOUND", IpAddresses=addresses(subnets, 6))["ResolverEndpoint"]

    assert caught.value.response["Error"]["Code"] == "LimitExceededException"
    assert "L-D2FE9758" in caught.value.response["Error"]["Message"]
    assert six["IpAddressCount"] == 6


def test_a_seventh_address_is_refused_until_one_is_removed(aws):
    r53, group, subnets = setup(aws)
    endpoint = r53.create_resolver_endpoint(CreatorRequestId="six", Name="six", SecurityGroupIds=[group],
                                            Direction="INBOUND", IpAddresses=addresses(subnets, 6))["ResolverEndpoint"]

    with pytest.raises(ClientError) as caught:
        r53.associate_resolver_endpoint_ip_address(ResolverEndpointId=endpoint["Id"],
                                                   IpAddress={"SubnetId": subnets[0], "Ip": "10.0.0.100"})
    first = r53.list_resolver_endpoint_ip_addresses(ResolverEndpointId=endpoint["Id"])["IpAddresses"][0]
    r53.disassociate_resolver_endpoint_ip_address(ResolverEndpointId=endpoint["Id"], IpAddress={
        "IpId": first["IpId"], "SubnetId": first["SubnetId"], "Ip": first["Ip"]})
    r53.associate_resolver_endpoint_ip_address(ResolverEndpointId=endpoint["Id"],
                                               IpAddress={"SubnetId": subnets[0], "Ip": "10.0.0.100"})

    assert caught.value.response["Error"]["Code"] == "LimitExceededException"
    assert r53.get_resolver_endpoint(ResolverEndpointId=endpoint["Id"])["ResolverEndpoint"]["IpAddressCount"] == 6
