"""extensions/peering_options_side.py: each side's options by its owner, in its region."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT

DNS_ON = {"AllowDnsResolutionFromRemoteVpc": True}


def peer(aws, accepter_region="us-east-1", accepter_account=None, accept=True):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc(accepter_region, "10.1.0.0/16", account=accepter_account)
    kwargs = {"PeerRegion": accepter_region}
    if accepter_account:
        kwargs["PeerOwnerId"] = accepter_account
    pcx_id = aws.client("ec2").create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], **kwargs
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    if accept:
        aws.client("ec2", accepter_region, accepter_account).accept_vpc_peering_connection(
            VpcPeeringConnectionId=pcx_id)
    return pcx_id


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]


def options(ec2, pcx_id):
    pcx = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx_id])
    pcx = pcx["VpcPeeringConnections"][0]
    return (pcx["RequesterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"],
            pcx["AccepterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"])


def test_same_account_same_region_may_set_both_sides_at_once(aws):
    pcx_id = peer(aws)
    ec2 = aws.client("ec2")

    ec2.modify_vpc_peering_connection_options(
        VpcPeeringConnectionId=pcx_id, RequesterPeeringConnectionOptions=DNS_ON,
        AccepterPeeringConnectionOptions=DNS_ON)

    assert options(ec2, pcx_id) == (True, True)


def test_options_are_refused_until_the_connection_is_active(aws):
    pcx_id = peer(aws, accept=False)

    error = error_of(aws.client("ec2").modify_vpc_peering_connection_options,
                     VpcPeeringConnectionId=pcx_id, RequesterPeeringConnectionOptions=DNS_ON)

    assert error["Code"] == "OperationNotPermitted"
    assert error["Message"] == (f"Peering {pcx_id} is not active. Peering options can be added "
                                "only to active peerings.")


def test_cross_region_each_side_only_in_its_own_region(aws):
    pcx_id = peer(aws, accepter_region="us-west-2")
    east, west = aws.client("ec2", "us-east-1"), aws.client("ec2", "us-west-2")

    wrong = error_of(east.modify_vpc_peering_connection_options, VpcPeeringConnectionId=pcx_id,
                     AccepterPeeringConnectionOptions=DNS_ON)
    also_wrong = error_of(west.modify_vpc_peering_connection_options,
                          VpcPeeringConnectionId=pcx_id, RequesterPeeringConnectionOptions=DNS_ON)
    east.modify_vpc_peering_connection_options(
        VpcPeeringConnectionId=pcx_id, RequesterPeeringConnectionOptions=DNS_ON)
    west.modify_vpc_peering_connection_options(
        VpcPeeringConnectionId=pcx_id, AccepterPeeringConnectionOptions=DNS_ON)

    assert wrong["Code"] == also_wrong["Code"] == "OperationNotPermitted"
    assert "us-west-2" in wrong["Message"] and "us-east-1" in also_wrong["Message"]
    assert options(east, pcx_id) == (True, True)


def test_cross_account_each_side_only_by_its_owner(aws):
    pcx_id = peer(aws, accepter_account=OTHER_ACCOUNT)
    mine, theirs = aws.client("ec2"), aws.client("ec2", account=OTHER_ACCOUNT)

    error = error_of(mine.modify_vpc_peering_connection_options, VpcPeeringConnectionId=pcx_id,
                     AccepterPeeringConnectionOptions=DNS_ON)
    theirs.modify_vpc_peering_connection_options(
        VpcPeeringConnectionId=pcx_id, AccepterPeeringConnectionOptions=DNS_ON)

    assert error == {"Code": "OperationNotPermitted", "Message": (
        "User 123456789012 does not have permission to modify the accepter side peering options")}
    assert options(mine, pcx_id) == (False, True)
