"""extensions/peering_describe.py: filters work; unknown IDs are NotFound with AWS's code."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import OTHER_ACCOUNT


def ids(answer):
    return sorted(p["VpcPeeringConnectionId"] for p in answer["VpcPeeringConnections"])


@pytest.fixture
def three_peerings(aws):
    a, b, c = (aws.make_vpc("us-east-1", f"10.{i}.0.0/16")["vpc_id"] for i in range(3))
    ec2 = aws.client("ec2")

    def create(vpc, peer, name):
        return ec2.create_vpc_peering_connection(
            VpcId=vpc, PeerVpcId=peer, TagSpecifications=[{
                "ResourceType": "vpc-peering-connection", "Tags": [{"Key": "Name", "Value": name}]}]
        )["VpcPeeringConnection"]["VpcPeeringConnectionId"]

    ab, ac, bc = create(a, b, "a-b"), create(a, c, "a-c"), create(b, c, "b-c")
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=ab)
    return ec2, (a, b, c), (ab, ac, bc)


def test_filters_select_connections(three_peerings):
    ec2, (a, b, c), (ab, ac, bc) = three_peerings

    def query(*filters):
        return ids(ec2.describe_vpc_peering_connections(
            Filters=[{"Name": n, "Values": v} for n, v in filters]))

    assert query(("requester-vpc-info.vpc-id", [a])) == sorted([ab, ac])
    assert query(("requester-vpc-info.vpc-id", [a, b]), ("accepter-vpc-info.vpc-id", [c])) == \
        sorted([ac, bc])
    assert query(("status-code", ["active"])) == [ab]
    assert query(("tag:Name", ["*-c"])) == sorted([ac, bc])
    assert query(("accepter-vpc-info.cidr-block", ["10.2.0.0/16"])) == sorted([ac, bc])
    assert query(("requester-vpc-info.owner-id", [OTHER_ACCOUNT])) == []
    assert query(("vpc-peering-connection-id", [bc])) == [bc]


def test_unknown_peering_id_is_not_found_with_the_aws_code(three_peerings):
    ec2, _vpcs, (ab, _bc, _ac) = three_peerings

    with pytest.raises(ClientError) as caught:
        ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[ab, "pcx-0000000000000000"])
    with pytest.raises(ClientError) as on_accept:
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId="pcx-0000000000000000")

    assert caught.value.response["Error"] == {
        "Code": "InvalidVpcPeeringConnectionID.NotFound",
        "Message": "The vpcPeeringConnection ID 'pcx-0000000000000000' does not exist",
    }
    assert on_accept.value.response["Error"]["Code"] == "InvalidVpcPeeringConnectionID.NotFound"
