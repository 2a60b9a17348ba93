"""extensions/quota_outstanding_peering_requests.py: an account has at most 25 requests waiting per region."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT


def test_the_26th_outstanding_request_is_refused_and_an_accept_makes_room(aws):
    ec2 = aws.client("ec2")
    mine = [ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"] for n in range(27)]
    theirs = aws.client("ec2", account=OTHER_ACCOUNT).create_vpc(CidrBlock="172.16.0.0/16")["Vpc"]["VpcId"]
    made = [ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=theirs, PeerOwnerId=OTHER_ACCOUNT)[
        "VpcPeeringConnection"]["VpcPeeringConnectionId"] for vpc in mine[:25]]

    with pytest.raises(ClientError) as caught:
        ec2.create_vpc_peering_connection(VpcId=mine[25], PeerVpcId=theirs, PeerOwnerId=OTHER_ACCOUNT)
    aws.client("ec2", account=OTHER_ACCOUNT).accept_vpc_peering_connection(VpcPeeringConnectionId=made[0])
    ec2.create_vpc_peering_connection(VpcId=mine[25], PeerVpcId=theirs, PeerOwnerId=OTHER_ACCOUNT)

    assert caught.value.response["Error"]["Code"] == "OutstandingVpcPeeringConnectionLimitExceeded"


def test_requests_of_another_region_do_not_count(aws):
    ec2 = aws.client("ec2")
    west = aws.client("ec2", "eu-west-1")
    peer = west.create_vpc(CidrBlock="172.16.0.0/16")["Vpc"]["VpcId"]
    for n in range(25):
        vpc = ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"]
        ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=peer, PeerRegion="eu-west-1")

    west_vpc = west.create_vpc(CidrBlock="10.200.0.0/16")["Vpc"]["VpcId"]
    west.create_vpc_peering_connection(VpcId=west_vpc, PeerVpcId=peer)
