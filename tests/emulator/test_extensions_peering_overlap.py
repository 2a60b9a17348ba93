"""extensions/peering_overlap.py: overlapping CIDRs fail, self-peering is refused."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT
from tests.emulator.extensions.peering_overlap import FAILED_MESSAGE


def status_of(ec2, pcx_id):
    pcx = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx_id])
    return pcx["VpcPeeringConnections"][0]["Status"]


def test_overlapping_cidrs_create_a_failed_connection(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-east-1", "10.0.128.0/17")
    ec2 = aws.client("ec2")

    created = ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"])
    pcx_id = created["VpcPeeringConnection"]["VpcPeeringConnectionId"]

    assert created["VpcPeeringConnection"]["Status"]["Code"] == "initiating-request"
    assert status_of(ec2, pcx_id) == {"Code": "failed", "Message": FAILED_MESSAGE}
    for call in (ec2.accept_vpc_peering_connection, ec2.delete_vpc_peering_connection):
        with pytest.raises(ClientError) as caught:
            call(VpcPeeringConnectionId=pcx_id)
        assert caught.value.response["Error"]["Code"] == "InvalidStateTransition"


def test_secondary_cidr_overlap_fails_across_accounts_and_regions(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", secondary_cidrs=("10.50.0.0/16",))
    b = aws.make_vpc("us-west-2", "10.50.1.0/24", account=OTHER_ACCOUNT)
    ec2 = aws.client("ec2")

    pcx_id = ec2.create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerOwnerId=OTHER_ACCOUNT,
        PeerRegion="us-west-2")["VpcPeeringConnection"]["VpcPeeringConnectionId"]

    assert status_of(ec2, pcx_id)["Code"] == "failed"
    theirs = aws.client("ec2", "us-west-2", account=OTHER_ACCOUNT)
    assert status_of(theirs, pcx_id)["Code"] == "failed"


def test_disjoint_cidrs_still_peer(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-east-1", "10.1.0.0/16")
    ec2 = aws.client("ec2")

    pcx_id = ec2.create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)

    assert status_of(ec2, pcx_id)["Code"] == "active"
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
    assert status_of(ec2, pcx_id)["Code"] == "deleted"


def test_peering_a_vpc_with_itself_is_refused(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    ec2 = aws.client("ec2")

    with pytest.raises(ClientError) as caught:
        ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=a["vpc_id"])

    assert caught.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert a["vpc_id"] in caught.value.response["Error"]["Message"]
    assert ec2.describe_vpc_peering_connections()["VpcPeeringConnections"] == []


def test_rejected_connection_cannot_be_deleted(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-east-1", "10.1.0.0/16")
    ec2 = aws.client("ec2")
    pcx_id = ec2.create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"])["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)

    with pytest.raises(ClientError) as caught:
        ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)

    assert caught.value.response["Error"]["Code"] == "InvalidStateTransition"
    assert status_of(ec2, pcx_id)["Code"] == "rejected"
