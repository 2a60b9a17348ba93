"""extensions/quota_resolver_endpoints.py: an account has at most 4 Resolver endpoints per region (the 5th is
refused, inbound or outbound alike), and a deleted one makes room."""

import pytest
from botocore.exceptions import ClientError


def endpoint_maker(aws, region="us-east-1"):
    vpc = aws.make_vpc(region, "10.0.0.0/16", subnets=2)
    ec2, r53 = aws.client("ec2", region), aws.client("route53resolver", region)
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]

    def make(n, direction="INBOUND"):
        return r53.create_resolver_endpoint(
            CreatorRequestId=f"ep-{n}", Name=f"ep-{n}", SecurityGroupIds=[group], Direction=direction,
            IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]])["ResolverEndpoint"]["Id"]

    return r53, make


def test_the_fifth_endpoint_of_a_region_is_refused(aws):
    r53, make = endpoint_maker(aws)
    made = [make(n, "INBOUND" if n % 2 else "OUTBOUND") for n in range(4)]

    with pytest.raises(ClientError) as caught:
        make(4)
    other_region, make_there = endpoint_maker(aws, "eu-west-1")
    make_there(9)  # another region has its own quota

    assert caught.value.response["Error"]["Code"] == "LimitExceededException"
    assert "L-4A669CC0" in caught.value.response["Error"]["Message"]
    assert len(r53.list_resolver_endpoints()["ResolverEndpoints"]) == 4 == len(made)
    assert len(other_region.list_resolver_endpoints()["ResolverEndpoints"]) == 1


def test_a_deleted_endpoint_makes_room(aws):
    r53, make = endpoint_maker(aws)
    made = [make(n) for n in range(4)]
    r53.delete_resolver_endpoint(ResolverEndpointId=made[0])

    make(4)

    assert len(r53.list_resolver_endpoints()["ResolverEndpoints"]) == 4
