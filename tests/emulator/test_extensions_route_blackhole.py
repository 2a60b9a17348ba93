"""extensions/route_blackhole.py: routes over a peering connection that is not active are blackholes."""

from tests.emulator.accounts import OTHER_ACCOUNT


def peering(aws, peer_account=None):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-east-1", "10.1.0.0/16", account=peer_account)
    extra = {"PeerOwnerId": peer_account} if peer_account else {}
    pcx_id = aws.client("ec2").create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], **extra)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    return a, b, pcx_id


def route_states(ec2, table_id):
    [table] = ec2.describe_route_tables(RouteTableIds=[table_id])["RouteTables"]
    return {r.get("DestinationCidrBlock"): (r.get("GatewayId") or r.get("VpcPeeringConnectionId"), r["State"])
            for r in table["Routes"]}


def test_route_over_a_pending_connection_is_a_blackhole_until_it_is_accepted(aws):
    a, _b, pcx_id = peering(aws)
    ec2 = aws.client("ec2")
    ec2.create_route(RouteTableId=a["main_route_table_id"], DestinationCidrBlock="10.1.0.0/16",
                     VpcPeeringConnectionId=pcx_id)
    pending = route_states(ec2, a["main_route_table_id"])
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)

    assert pending == {"10.0.0.0/16": ("local", "active"), "10.1.0.0/16": (pcx_id, "blackhole")}
    assert route_states(ec2, a["main_route_table_id"])["10.1.0.0/16"] == (pcx_id, "active")


def test_route_over_a_deleted_connection_is_a_blackhole_on_both_sides(aws):
    a, b, pcx_id = peering(aws)
    ec2 = aws.client("ec2")
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
    for table, dest in ((a["main_route_table_id"], "10.1.0.0/16"), (b["main_route_table_id"], "10.0.0.0/16")):
        ec2.create_route(RouteTableId=table, DestinationCidrBlock=dest, VpcPeeringConnectionId=pcx_id)
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)

    assert route_states(ec2, a["main_route_table_id"])["10.1.0.0/16"] == (pcx_id, "blackhole")
    assert route_states(ec2, b["main_route_table_id"])["10.0.0.0/16"] == (pcx_id, "blackhole")


def test_route_over_a_rejected_connection_is_a_blackhole(aws):
    a, _b, pcx_id = peering(aws, peer_account=OTHER_ACCOUNT)
    ec2 = aws.client("ec2")
    ec2.create_route(RouteTableId=a["main_route_table_id"], DestinationCidrBlock="10.1.0.0/16",
                     VpcPeeringConnectionId=pcx_id)
    aws.client("ec2", account=OTHER_ACCOUNT).reject_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)

    assert route_states(ec2, a["main_route_table_id"])["10.1.0.0/16"] == (pcx_id, "blackhole")


def test_other_routes_stay_active(aws):
    a, _b, pcx_id = peering(aws)
    ec2 = aws.client("ec2")
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=a["vpc_id"])
    ec2.create_route(RouteTableId=a["main_route_table_id"], DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)

    assert route_states(ec2, a["main_route_table_id"]) == {
        "10.0.0.0/16": ("local", "active"), "0.0.0.0/0": (igw, "active")}
