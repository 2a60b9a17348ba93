"""extensions/peering_cidr_sets.py: a peering connection shows every CIDR block of both VPCs."""

from tests.emulator.accounts import OTHER_ACCOUNT


def test_both_sides_show_secondary_and_ipv6_blocks(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16", account=OTHER_ACCOUNT, secondary_cidrs=["172.31.0.0/16"])
    theirs = aws.client("ec2", "eu-west-1", OTHER_ACCOUNT)
    theirs.associate_vpc_cidr_block(VpcId=b["vpc_id"], AmazonProvidedIpv6CidrBlock=True)
    [v6] = theirs.describe_vpcs(VpcIds=[b["vpc_id"]])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"]
    pcx_id = aws.client("ec2").create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion="eu-west-1", PeerOwnerId=OTHER_ACCOUNT,
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]

    [conn] = aws.client("ec2").describe_vpc_peering_connections(
        VpcPeeringConnectionIds=[pcx_id])["VpcPeeringConnections"]

    assert conn["RequesterVpcInfo"]["CidrBlockSet"] == [{"CidrBlock": "10.0.0.0/16"}]
    assert conn["RequesterVpcInfo"]["Ipv6CidrBlockSet"] == []
    assert conn["AccepterVpcInfo"]["CidrBlock"] == "172.30.0.0/16"
    assert conn["AccepterVpcInfo"]["CidrBlockSet"] == [{"CidrBlock": "172.30.0.0/16"}, {"CidrBlock": "172.31.0.0/16"}]
    assert conn["AccepterVpcInfo"]["Ipv6CidrBlockSet"] == [{"Ipv6CidrBlock": v6["Ipv6CidrBlock"]}]


def test_disassociated_block_is_no_longer_shown(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-east-1", "10.1.0.0/16", secondary_cidrs=["10.2.0.0/16"])
    ec2 = aws.client("ec2")
    [secondary] = [c for c in ec2.describe_vpcs(VpcIds=[b["vpc_id"]])["Vpcs"][0]["CidrBlockAssociationSet"]
                   if c["CidrBlock"] == "10.2.0.0/16"]
    ec2.disassociate_vpc_cidr_block(AssociationId=secondary["AssociationId"])
    pcx_id = ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"])[
        "VpcPeeringConnection"]["VpcPeeringConnectionId"]

    [conn] = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx_id])["VpcPeeringConnections"]

    assert conn["AccepterVpcInfo"]["CidrBlockSet"] == [{"CidrBlock": "10.1.0.0/16"}]
