"""extensions/quota_peerings_per_vpc.py: a VPC has at most 50 active and pending peering connections."""

import pytest
from botocore.exceptions import ClientError


def peer_vpcs(ec2, count, first=1):
    """`count` VPCs 10.<n>.0.0/16 made directly (no route tables or subnets needed)."""
    return [ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"] for n in range(first, first + count)]


def request(ec2, vpc_id, peer_id):
    return ec2.create_vpc_peering_connection(VpcId=vpc_id, PeerVpcId=peer_id)["VpcPeeringConnection"][
        "VpcPeeringConnectionId"]


def hub_and_spokes(ec2, hub, spokes, pending=0):
    """A connection from the hub to each spoke, accepted at once but for the first `pending` (at most 25 requests
    of an account may wait at once)."""
    made = []
    for index, spoke in enumerate(spokes):
        made.append(request(ec2, hub, spoke))
        if index >= pending:
            ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=made[-1])
    return made


def test_the_51st_request_of_a_vpc_is_refused(aws):
    ec2 = aws.client("ec2")
    hub = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    spokes = peer_vpcs(ec2, 51)
    hub_and_spokes(ec2, hub, spokes[:50], pending=10)  # 10 pending and 40 active: both count

    with pytest.raises(ClientError) as caught:
        request(ec2, spokes[50], hub)  # the hub as accepter counts too

    assert caught.value.response["Error"]["Code"] == "ActiveVpcPeeringConnectionPerVpcLimitExceeded"
    assert hub in caught.value.response["Error"]["Message"]


def test_deleted_and_rejected_connections_do_not_count(aws):
    ec2 = aws.client("ec2")
    hub = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    spokes = peer_vpcs(ec2, 52)
    made = hub_and_spokes(ec2, hub, spokes[:50], pending=2)
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=made[2])
    ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=made[1])

    request(ec2, hub, spokes[50])
    request(ec2, hub, spokes[51])
    with pytest.raises(ClientError):
        request(ec2, hub, ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"])


def test_accepting_a_pending_connection_at_the_quota_is_allowed(aws):
    ec2 = aws.client("ec2")
    hub = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    spokes = peer_vpcs(ec2, 50)
    made = hub_and_spokes(ec2, hub, spokes, pending=1)
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=made[0])  # 49 besides it: it already counted
    assert ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[made[0]])["VpcPeeringConnections"][0][
        "Status"]["Code"] == "active"
