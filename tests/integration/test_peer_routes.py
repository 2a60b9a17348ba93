"""peer_routes through real ansible-playbook against the emulator (recording proxy)."""

import pytest

ME, OTHER = "123456789012", "222222222222"


def routes_task(aws, check=False, **args):
    """The module run once (in-process; test_module_smoke.py runs each module through ansible-playbook)."""
    result = aws.run_module("peer_routes", args, check=check, name="routes")
    return result, result.task("routes")


def peer(aws, a, b, accept=True):
    """A connection a -> b made directly in the emulator (active unless accept=False); setup calls forgotten."""
    pcx = aws.client("ec2", a["region"]).create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion=b["region"], PeerOwnerId=b["owner_id"],
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    if accept:
        aws.client("ec2", b["region"], b["owner_id"]).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    aws.reset_calls()
    return pcx


def tables(aws, vpc):
    """{route table ID: {destination: (target, state)}} of a VPC, read around the recorder."""
    found = aws.client("ec2", vpc["region"], vpc["owner_id"]).describe_route_tables(
        Filters=[{"Name": "vpc-id", "Values": [vpc["vpc_id"]]}])["RouteTables"]
    out = {}
    for table in found:
        out[table["RouteTableId"]] = {
            r.get("DestinationCidrBlock") or r.get("DestinationIpv6CidrBlock"): (
                r.get("VpcPeeringConnectionId") or r.get("GatewayId") or r.get("NatGatewayId"), r["State"])
            for r in table["Routes"]}
    return out


def add_route(aws, vpc, table_id, dest, **target):
    ec2 = aws.client("ec2", vpc["region"], vpc["owner_id"])
    ec2.create_route(RouteTableId=table_id, DestinationCidrBlock=dest, **target)
    aws.reset_calls()


def igw(aws, vpc):
    ec2 = aws.client("ec2", vpc["region"], vpc["owner_id"])
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc["vpc_id"])
    return gateway


def tag(aws, vpc, table_id, **tags):
    aws.client("ec2", vpc["region"], vpc["owner_id"]).create_tags(
        Resources=[table_id], Tags=[{"Key": k, "Value": v} for k, v in tags.items()])
    aws.reset_calls()


def writes(aws):
    return [(c.action, c.region, c.account) for c in aws.writes()]


@pytest.fixture
def pair(aws):
    """us-east-1 10.0.0.0/16 (main + 2 tables) <-> eu-west-1 172.30.0.0/16 + 172.31.0.0/16 (main + 1), active."""
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", route_tables=2)
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16", route_tables=1, secondary_cidrs=["172.31.0.0/16"])
    return a, b, peer(aws, a, b)


def test_every_route_table_of_both_sides_gets_the_other_vpc_blocks(aws, pair):
    a, b, pcx = pair
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx)
    assert result.rc == 0, result
    assert out["changed"] is True
    for table in tables(aws, a).values():
        assert table["172.30.0.0/16"] == (pcx, "active") and table["172.31.0.0/16"] == (pcx, "active")
    for table in tables(aws, b).values():
        assert table["10.0.0.0/16"] == (pcx, "active")
    assert sorted(writes(aws)) == sorted([("CreateRoute", "us-east-1", ME)] * 6 + [("CreateRoute", "eu-west-1", ME)] * 2)
    assert out["sides"]["requester"]["destinations"] == ["172.30.0.0/16", "172.31.0.0/16"]
    assert out["route_tables"][a["main_route_table_id"]]["added"] == ["172.30.0.0/16", "172.31.0.0/16"]
    assert out["left_to_other_owner"] == []


def test_reads_one_route_table_describe_per_region(aws, pair):
    _a, _b, pcx = pair
    routes_task(aws, region="us-east-1", peering_id=pcx)
    describes = [(c.region, c.action) for c in aws.reads() if c.action == "DescribeRouteTables"]
    assert sorted(describes) == [("eu-west-1", "DescribeRouteTables"), ("us-east-1", "DescribeRouteTables")]


def test_second_run_makes_no_write_calls(aws, pair):
    a, _b, pcx = pair
    routes_task(aws, region="us-east-1", peering_id=pcx)
    aws.reset_calls()
    result, out = routes_task(aws, region="eu-west-1", peering_id=pcx)
    assert result.rc == 0, result
    assert out["changed"] is False and out["actions"] == [] and aws.writes() == []
    assert out["route_tables"][a["main_route_table_id"]]["present"] == ["172.30.0.0/16", "172.31.0.0/16"]


def test_check_mode_predicts_exactly_and_makes_no_write_calls(aws, pair):
    a, b, pcx = pair
    before = (tables(aws, a), tables(aws, b))
    result, predicted = routes_task(aws, check=True, region="us-east-1", peering_id=pcx)
    assert result.rc == 0, result
    assert predicted["changed"] is True and aws.writes() == []
    assert (tables(aws, a), tables(aws, b)) == before
    real = routes_task(aws, region="us-east-1", peering_id=pcx)[1]
    assert predicted["actions"] == real["actions"] and predicted["diff"] == real["diff"]
    aws.reset_calls()
    again = routes_task(aws, check=True, region="us-east-1", peering_id=pcx)[1]
    assert again["changed"] is False and aws.writes() == []


def test_tag_filters_select_route_tables_on_each_side(aws, pair):
    a, b, pcx = pair
    private_a = a["route_table_ids"][1]
    tag(aws, a, private_a, tier="private")
    tag(aws, a, a["route_table_ids"][0], tier="public")
    tag(aws, b, b["route_table_ids"][0], tier="private")
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, requester_route_tables={"tier": "private"},
                              accepter_route_tables={"tier": ["priv*"]})
    assert result.rc == 0, result
    assert sorted(out["route_tables"]) == sorted([private_a, b["route_table_ids"][0]])
    routed_a = {t for t, routes in tables(aws, a).items() if "172.30.0.0/16" in routes}
    routed_b = {t for t, routes in tables(aws, b).items() if "10.0.0.0/16" in routes}
    assert routed_a == {private_a} and routed_b == {b["route_table_ids"][0]}


def test_main_and_id_list_select_those_tables_and_none_leaves_a_side_alone(aws, pair):
    a, b, pcx = pair
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, requester_route_tables="main",
                              accepter_route_tables="none")
    assert result.rc == 0, result
    assert list(out["route_tables"]) == [a["main_route_table_id"]]
    assert all("10.0.0.0/16" not in routes for routes in tables(aws, b).values())
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, requester_route_tables=[a["route_table_ids"][0]],
                              accepter_route_tables="none")
    assert list(out["route_tables"]) == [a["route_table_ids"][0]]


def test_route_table_of_another_vpc_is_refused_before_any_write(aws, pair):
    a, b, pcx = pair
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, requester_route_tables=[b["route_table_ids"][0]])
    assert out["failed"]
    assert b["route_table_ids"][0] in out["msg"] and f"not a route table of {a['vpc_id']}" in out["msg"]
    assert aws.writes() == []


def test_non_canonical_destination_is_refused_before_any_write(aws, pair):
    _a, _b, pcx = pair
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, destinations=["172.30.1.1/16"])
    assert out["failed"] and "172.30.0.0/16" in out["msg"] and "host bits" in out["msg"]
    assert aws.writes() == []


def test_explicit_destinations_go_to_the_side_of_the_other_vpc(aws, pair):
    a, b, pcx = pair
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, destinations=["172.31.8.0/24", "10.0.4.0/22"],
                              requester_route_tables="main", accepter_route_tables="main")
    assert result.rc == 0, result
    assert tables(aws, a)[a["main_route_table_id"]]["172.31.8.0/24"] == (pcx, "active")
    assert tables(aws, b)[b["main_route_table_id"]]["10.0.4.0/22"] == (pcx, "active")
    assert len(aws.writes()) == 2


def test_ipv6_blocks_are_routed_when_asked(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-east-1", "10.1.0.0/16")
    ec2 = aws.client("ec2")
    ec2.associate_vpc_cidr_block(VpcId=b["vpc_id"], AmazonProvidedIpv6CidrBlock=True)
    [v6] = [x["Ipv6CidrBlock"] for x in ec2.describe_vpcs(VpcIds=[b["vpc_id"]])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"]]
    pcx = peer(aws, a, b)
    routes_task(aws, region="us-east-1", peering_id=pcx, accepter_route_tables="none")
    assert v6 not in tables(aws, a)[a["main_route_table_id"]]
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, accepter_route_tables="none", ipv6=True)
    assert result.rc == 0, result
    assert tables(aws, a)[a["main_route_table_id"]][v6] == (pcx, "active")
    assert [x["params"] for x in out["actions"]] == [{
        "RouteTableId": a["main_route_table_id"], "DestinationIpv6CidrBlock": v6, "VpcPeeringConnectionId": pcx}]


class TestConflicts:
    @pytest.fixture
    def conflicted(self, aws, pair):
        """The requester's main table already sends 172.30.0.0/16 to an internet gateway."""
        a, b, pcx = pair
        gateway = igw(aws, a)
        add_route(aws, a, a["main_route_table_id"], "172.30.0.0/16", GatewayId=gateway)
        return a, b, pcx, gateway

    def test_fail_names_the_route_and_writes_nothing(self, aws, conflicted):
        a, b, pcx, gateway = conflicted
        result, out = routes_task(aws, region="us-east-1", peering_id=pcx)
        assert out["failed"]
        assert f"{a['main_route_table_id']} (requester {a['vpc_id']}): 172.30.0.0/16 -> {gateway}" in out["msg"]
        assert "on_conflict=replace" in out["msg"]
        assert aws.writes() == []
        assert tables(aws, a)[a["main_route_table_id"]]["172.30.0.0/16"] == (gateway, "active")

    def test_replace_points_the_route_at_the_connection(self, aws, conflicted):
        a, b, pcx, gateway = conflicted
        result, out = routes_task(aws, region="us-east-1", peering_id=pcx, on_conflict="replace")
        assert result.rc == 0, result
        assert tables(aws, a)[a["main_route_table_id"]]["172.30.0.0/16"] == (pcx, "active")
        assert out["route_tables"][a["main_route_table_id"]]["replaced"] == [
            dict(destination="172.30.0.0/16", previous_target=gateway)]
        assert ("ReplaceRoute", "us-east-1", ME) in writes(aws)
        assert out["diff"]["before"][a["main_route_table_id"]]["172.30.0.0/16"] == gateway

    def test_skip_leaves_the_route_and_routes_the_rest(self, aws, conflicted):
        a, b, pcx, gateway = conflicted
        result, out = routes_task(aws, region="us-east-1", peering_id=pcx, on_conflict="skip")
        assert result.rc == 0, result
        main = tables(aws, a)[a["main_route_table_id"]]
        assert main["172.30.0.0/16"] == (gateway, "active") and main["172.31.0.0/16"] == (pcx, "active")
        assert out["route_tables"][a["main_route_table_id"]]["skipped"] == [
            dict(destination="172.30.0.0/16", target=gateway)]
        aws.reset_calls()
        assert routes_task(aws, region="us-east-1", peering_id=pcx, on_conflict="skip")[1]["changed"] is False
        assert aws.writes() == []


def test_foreign_routes_are_left_untouched_even_with_purge(aws, pair):
    a, b, pcx = pair
    gateway = igw(aws, a)
    other = aws.make_vpc("us-east-1", "192.168.0.0/16")
    other_pcx = peer(aws, a, other)
    main = a["main_route_table_id"]
    add_route(aws, a, main, "0.0.0.0/0", GatewayId=gateway)
    add_route(aws, a, main, "192.168.0.0/16", VpcPeeringConnectionId=other_pcx)
    add_route(aws, a, main, "172.16.0.0/12", GatewayId=gateway)
    result, _out = routes_task(aws, region="us-east-1", peering_id=pcx, purge=True, accepter_route_tables="none")
    assert result.rc == 0, result
    routes = tables(aws, a)[main]
    assert routes["0.0.0.0/0"] == (gateway, "active")
    assert routes["192.168.0.0/16"] == (other_pcx, "active")
    assert routes["172.16.0.0/12"] == (gateway, "active")
    assert {c.params.get("DestinationCidrBlock") for c in aws.writes()} == {"172.30.0.0/16", "172.31.0.0/16"}


def test_blackhole_route_over_a_deleted_peering_is_repaired(aws, pair):
    a, b, pcx = pair
    old = aws.make_vpc("us-east-1", "172.30.0.0/16")
    old_pcx = peer(aws, a, old)
    main = a["main_route_table_id"]
    add_route(aws, a, main, "172.30.0.0/16", VpcPeeringConnectionId=old_pcx)
    aws.client("ec2").delete_vpc_peering_connection(VpcPeeringConnectionId=old_pcx)
    assert tables(aws, a)[main]["172.30.0.0/16"] == (old_pcx, "blackhole")
    aws.reset_calls()
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, accepter_route_tables="none")
    assert result.rc == 0, result
    assert tables(aws, a)[main]["172.30.0.0/16"] == (pcx, "active")
    assert out["route_tables"][main]["replaced"] == [
        dict(destination="172.30.0.0/16", previous_target=f"{old_pcx} (blackhole)")]
    assert [c.params.get("DestinationCidrBlock") for c in aws.writes() if c.action == "ReplaceRoute"] == [
        "172.30.0.0/16"]


def test_purge_removes_routes_over_the_connection_no_longer_wanted(aws, pair):
    a, b, pcx = pair
    main = a["main_route_table_id"]
    add_route(aws, a, main, "172.31.8.0/24", VpcPeeringConnectionId=pcx)
    args = dict(region="us-east-1", peering_id=pcx, requester_route_tables="main", accepter_route_tables="none",
                destinations=["172.30.0.0/16"])
    routes_task(aws, **args)
    assert "172.31.8.0/24" in tables(aws, a)[main]
    aws.reset_calls()
    result, out = routes_task(aws, purge=True, **args)
    assert result.rc == 0, result
    assert writes(aws) == [("DeleteRoute", "us-east-1", ME)]
    assert "172.31.8.0/24" not in tables(aws, a)[main]
    assert out["route_tables"][main]["removed"] == ["172.31.8.0/24"]


def test_absent_removes_the_described_routes_and_nothing_else(aws, pair):
    a, b, pcx = pair
    routes_task(aws, region="us-east-1", peering_id=pcx)
    main = a["main_route_table_id"]
    gateway = igw(aws, a)
    add_route(aws, a, main, "0.0.0.0/0", GatewayId=gateway)
    add_route(aws, a, main, "172.31.8.0/24", VpcPeeringConnectionId=pcx)
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, state="absent")
    assert result.rc == 0, result
    assert out["changed"] is True
    assert set(tables(aws, a)[main]) == {"10.0.0.0/16", "0.0.0.0/0", "172.31.8.0/24"}
    assert all(set(routes) == {"172.30.0.0/16", "172.31.0.0/16"} for routes in tables(aws, b).values())
    assert {c.action for c in aws.writes()} == {"DeleteRoute"} and len(aws.writes()) == 8
    aws.reset_calls()
    again = routes_task(aws, region="us-east-1", peering_id=pcx, state="absent")[1]
    assert again["changed"] is False and aws.writes() == []


def test_absent_after_the_connection_was_deleted_removes_its_blackhole_routes(aws, pair):
    a, b, pcx = pair
    routes_task(aws, region="us-east-1", peering_id=pcx)
    aws.client("ec2").delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    aws.reset_calls()
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, state="absent", purge=True)
    assert result.rc == 0, result
    assert all(set(routes) == {"10.0.0.0/16"} for routes in tables(aws, a).values())
    assert len(aws.writes()) == 8


def test_absent_by_the_two_vpcs_with_no_live_connection_changes_nothing_but_present_fails(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", route_tables=1)
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16")
    result, out = routes_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], state="absent")
    result.assert_ok()
    assert out["changed"] is False and out["peering_id"] is None and out["actions"] == [] and aws.writes() == []
    result, out = routes_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"])
    assert result.rc != 0 and f"no live peering connection between {a['vpc_id']} and {b['vpc_id']}" in out["msg"]


def test_pending_connection_fails_saying_who_must_accept(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16", account=OTHER)
    pcx = peer(aws, a, b, accept=False)
    result, out = routes_task(aws, region="us-east-1", peering_id=pcx, wait=False)
    assert out["failed"] and out["status"] == "pending-acceptance"
    assert f"{b['vpc_id']} (account {OTHER}) must accept it in eu-west-1" in out["msg"]
    assert aws.writes() == []


class TestCrossAccount:
    @pytest.fixture
    def accounts(self, aws):
        a = aws.make_vpc("us-east-1", "10.0.0.0/16", route_tables=1)
        b = aws.make_vpc("eu-west-1", "172.30.0.0/16", account=OTHER, route_tables=1, secondary_cidrs=["172.31.0.0/16"])
        return a, b, peer(aws, a, b)

    def test_peer_credentials_write_the_accepter_side_as_its_owner_in_its_region(self, aws, accounts):
        a, b, pcx = accounts
        result, out = routes_task(aws, region="us-east-1", peering_id=pcx, peer_credentials=aws.assume(OTHER))
        assert result.rc == 0, result
        assert sorted(writes(aws)) == sorted([("CreateRoute", "us-east-1", ME)] * 4 +
                                             [("CreateRoute", "eu-west-1", OTHER)] * 2)
        assert all(routes["10.0.0.0/16"] == (pcx, "active") for routes in tables(aws, b).values())
        assert out["left_to_other_owner"] == []
        aws.reset_calls()
        again = routes_task(aws, region="us-east-1", peering_id=pcx, peer_credentials=aws.assume(OTHER))[1]
        assert again["changed"] is False and aws.writes() == []

    def test_without_peer_credentials_the_other_side_is_left_to_its_owner(self, aws, accounts):
        a, b, pcx = accounts
        result, out = routes_task(aws, region="us-east-1", peering_id=pcx)
        assert result.rc == 0, result
        assert writes(aws) == [("CreateRoute", "us-east-1", ME)] * 4
        assert all(routes["172.31.0.0/16"] == (pcx, "active") for routes in tables(aws, a).values())
        [left] = out["left_to_other_owner"]
        assert (left["side"], left["account_id"], left["region"], left["destinations"]) == (
            "accepter", OTHER, "eu-west-1", ["10.0.0.0/16"])
        assert any(OTHER in w for w in result.task("routes").get("warnings", []))
        assert out["sides"]["accepter"]["acted_for"] is False

    def test_accepter_owner_routes_its_own_side_from_its_region(self, aws, accounts):
        a, b, pcx = accounts
        keys = aws.assume(OTHER)
        result, out = routes_task(aws, region="eu-west-1", peering_id=pcx, access_key=keys["access_key"],
                                  secret_key=keys["secret_key"], session_token=keys["session_token"])
        assert result.rc == 0, result
        assert writes(aws) == [("CreateRoute", "eu-west-1", OTHER)] * 2
        assert out["left_to_other_owner"][0]["side"] == "requester"


def test_check_mode_plans_routes_over_a_connection_the_run_only_plans_and_a_real_run_makes_exactly_those(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", route_tables=1)
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16", account=OTHER, route_tables=1)
    to_be = {side: dict(vpc_id=v["vpc_id"], region=v["region"], owner_id=v["owner_id"], cidr_blocks=[cidr])
             for side, v, cidr in (("requester", a, "10.0.0.0/16"), ("accepter", b, "172.30.0.0/16"))}
    args = dict(region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], planned_connection=to_be)
    result, predicted = routes_task(aws, check=True, **args)
    result.assert_ok()
    assert predicted["peering_id"] == "(new peering connection)" and aws.writes() == []
    # the caller's side only (no peer_credentials): the accepter's tables are its owner's, as in a real run
    assert {(x["call"], x["region"]) for x in predicted["actions"]} == {("ec2:CreateRoute", "us-east-1")}
    assert len(predicted["actions"]) == 2  # the main table and the extra one
    pcx = peer(aws, a, b, accept=False)
    result, pending = routes_task(aws, check=True, **args)  # requested, not accepted yet: taken as active too
    assert pending["peering_id"] == pcx and len(pending["actions"]) == 2
    aws.client("ec2", "eu-west-1", OTHER).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    aws.reset_calls()
    real = routes_task(aws, **args)[1]

    def without_id(actions, connection):
        return [{**x, "params": {**x["params"], "VpcPeeringConnectionId": "PCX"},
                 "description": x["description"].replace(connection, "PCX")} for x in actions]

    assert without_id(real["actions"], pcx) == without_id(predicted["actions"], "(new peering connection)")
    assert sorted(writes(aws)) == [("CreateRoute", "us-east-1", ME)] * 2
