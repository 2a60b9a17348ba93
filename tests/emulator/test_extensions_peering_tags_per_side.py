"""extensions/peering_tags_per_side.py: each account and region that sees a peering connection has its own tags."""

import pytest

from tests.emulator.accounts import OTHER_ACCOUNT

TAGS = [{"Key": "Name", "Value": "ab"}]


def request(aws, accepter_region, accepter_account=None):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc(accepter_region, "10.1.0.0/16", account=accepter_account)
    kwargs = {"PeerRegion": accepter_region}
    if accepter_account:
        kwargs["PeerOwnerId"] = accepter_account
    return aws.client("ec2").create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], TagSpecifications=[
            {"ResourceType": "vpc-peering-connection", "Tags": TAGS}], **kwargs)["VpcPeeringConnection"][
        "VpcPeeringConnectionId"]


def tags(ec2, pcx_id):
    [pcx] = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx_id])["VpcPeeringConnections"]
    return pcx.get("Tags", [])


def tagged(ec2, pcx_id):
    found = ec2.describe_vpc_peering_connections(Filters=[{"Name": "tag:Name", "Values": ["ab"]}])
    return [p["VpcPeeringConnectionId"] for p in found["VpcPeeringConnections"]] == [pcx_id]


@pytest.mark.parametrize("region, account", [("eu-west-1", None), ("us-east-1", OTHER_ACCOUNT)],
                         ids=["other region", "other account"])
def test_the_accepters_copy_has_no_tags_until_its_owner_tags_it(aws, region, account):
    pcx_id = request(aws, region, account)
    requester, accepter = aws.client("ec2"), aws.client("ec2", region, account)
    assert tags(requester, pcx_id) == TAGS and tagged(requester, pcx_id)
    assert tags(accepter, pcx_id) == [] and not tagged(accepter, pcx_id)

    accepter.create_tags(Resources=[pcx_id], Tags=[{"Key": "Name", "Value": "ab"}, {"Key": "side", "Value": "b"}])
    assert sorted(t["Key"] for t in tags(accepter, pcx_id)) == ["Name", "side"] and tagged(accepter, pcx_id)
    assert tags(requester, pcx_id) == TAGS  # the requester's copy is unchanged
    requester.delete_tags(Resources=[pcx_id], Tags=[{"Key": "Name"}])
    assert tags(requester, pcx_id) == [] and len(tags(accepter, pcx_id)) == 2


def test_within_one_account_and_region_there_is_one_copy(aws):
    pcx_id = request(aws, "us-east-1")
    ec2 = aws.client("ec2")
    ec2.create_tags(Resources=[pcx_id], Tags=[{"Key": "team", "Value": "net"}])
    assert sorted(t["Key"] for t in tags(ec2, pcx_id)) == ["Name", "team"]
