"""extensions/quota_routes_per_table.py: a route table has at most 50 routes of each address family."""

import pytest
from botocore.exceptions import ClientError


def gateway(ec2, vpc_id):
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    return igw


def test_the_51st_ipv4_route_is_refused_but_ipv6_routes_count_apart(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    ec2 = aws.client("ec2")
    table, igw = vpc["main_route_table_id"], gateway(ec2, vpc["vpc_id"])
    for n in range(49):  # with the local route: 50
        ec2.create_route(RouteTableId=table, DestinationCidrBlock=f"172.16.{n}.0/24", GatewayId=igw)

    with pytest.raises(ClientError) as caught:
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="172.17.0.0/24", GatewayId=igw)
    ec2.create_route(RouteTableId=table, DestinationIpv6CidrBlock="2600:1f18::/56", GatewayId=igw)
    ec2.replace_route(RouteTableId=table, DestinationCidrBlock="172.16.0.0/24", GatewayId=igw)

    assert caught.value.response["Error"]["Code"] == "RouteLimitExceeded"
    assert table in caught.value.response["Error"]["Message"]


def test_a_deleted_route_makes_room(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    ec2 = aws.client("ec2")
    table, igw = vpc["main_route_table_id"], gateway(ec2, vpc["vpc_id"])
    for n in range(49):
        ec2.create_route(RouteTableId=table, DestinationCidrBlock=f"172.16.{n}.0/24", GatewayId=igw)
    ec2.delete_route(RouteTableId=table, DestinationCidrBlock="172.16.0.0/24")

    ec2.create_route(RouteTableId=table, DestinationCidrBlock="172.17.0.0/24", GatewayId=igw)
