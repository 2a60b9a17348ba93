"""Pure route planning for peer_routes: selectors, destinations, conflicts, repair, purge, absent."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import summarize
from ansible_collections.vpcmesh.aws.plugins.module_utils.routes import (
    RouteError, describe_selector, not_active_message, parse_destinations, parse_selector, plan_routes, plan_table,
    route_target, select_tables, wanted_destinations)

PCX, OLD_PCX = "pcx-0000000000000000a", "pcx-0000000000000000b"
RTB1, RTB2, RTB3 = "rtb-00000000000000001", "rtb-00000000000000002", "rtb-00000000000000003"
ALL = dict(kind="all")
NONE = dict(kind="none")


def vpc(vpc_id, cidrs, ipv6=(), region="us-east-1", owner="111111111111"):
    return dict(vpc_id=vpc_id, region=region, owner_id=owner, cidr_blocks=list(cidrs), ipv6_cidr_blocks=list(ipv6))


VPCS = dict(requester=vpc("vpc-a", ["10.0.0.0/16"], ["2600:1f18:1::/56"]),
            accepter=vpc("vpc-b", ["172.30.0.0/16", "172.31.0.0/16"], ["2600:1f18:2::/56"], region="eu-west-1"))


def route(dest, state="active", origin="CreateRoute", **target):
    key = "DestinationIpv6CidrBlock" if ":" in dest else "DestinationCidrBlock"
    return {key: dest, "State": state, "Origin": origin, **target}


def table(table_id=RTB1, routes=(), main=False, tags=None, vpc_id="vpc-a"):
    local = route(VPCS["requester" if vpc_id == "vpc-a" else "accepter"]["cidr_blocks"][0], GatewayId="local")
    return dict(RouteTableId=table_id, VpcId=vpc_id, Routes=[local, *routes],
                Associations=[dict(Main=True)] if main else [],
                Tags=[dict(Key=k, Value=v) for k, v in (tags or {}).items()])


def plan(tbl, wanted, state="present", purge=False, on_conflict="fail"):
    return plan_table(tbl, "requester", "us-east-1", PCX, wanted, state, purge, on_conflict)


def calls(actions):
    return [(a.call, a.region, a.side, a.params) for a in actions]


class TestSelectors:
    @pytest.mark.parametrize("value, expected", [
        ("all", ALL), ("MAIN", dict(kind="main")), ("none", NONE),
        (RTB1, dict(kind="ids", ids=[RTB1])),
        ([RTB2, RTB1, RTB2], dict(kind="ids", ids=[RTB1, RTB2])),
        ({"tier": "private"}, dict(kind="tags", tags={"tier": ["private"]})),
        ({"tier": ["private", "data"], "shared": True},
         dict(kind="tags", tags={"tier": ["private", "data"], "shared": ["true"]})),
    ])
    def test_accepted_forms_are_normalized(self, value, expected):
        assert parse_selector(value, "requester_route_tables") == expected

    @pytest.mark.parametrize("value, message", [
        ("everything", "'everything' is not a route table selector"),
        ([], "is an empty list"),
        (["rtb-1", "subnet-0123456789abcdef0"], "not route table IDs"),
        ({"tier": None}, "tag 'tier' needs a value"),
        ({}, "is not a route table selector"),
        (42, "is not a route table selector"),
    ])
    def test_bad_forms_name_the_option_and_the_accepted_forms(self, value, message):
        with pytest.raises(RouteError, match=message) as caught:
            parse_selector(value, "accepter_route_tables")
        assert "accepter_route_tables" in str(caught.value)

    def test_selectors_read_as_words(self):
        assert describe_selector(dict(kind="tags", tags={"tier": ["a", "b"]})) == "route tables tagged tier=a|b"
        assert describe_selector(dict(kind="ids", ids=[RTB1])) == f"route tables {RTB1}"


class TestSelectTables:
    TABLES = [table(RTB2, tags={"tier": "private-a"}), table(RTB1, main=True, tags={"tier": "public"}),
              table(RTB3, tags={"tier": "private-b", "Name": "x"})]

    def select(self, selector):
        return [t["RouteTableId"] for t in select_tables(selector, self.TABLES, VPCS["requester"], "requester")]

    def test_all_main_ids_and_tags_select_their_tables(self):
        assert self.select(ALL) == [RTB1, RTB2, RTB3]
        assert self.select(dict(kind="main")) == [RTB1]
        assert self.select(dict(kind="ids", ids=[RTB3])) == [RTB3]
        assert self.select(dict(kind="tags", tags={"tier": ["private-*"]})) == [RTB2, RTB3]
        assert self.select(dict(kind="tags", tags={"tier": ["private-*"], "Name": ["x"]})) == [RTB3]

    def test_id_of_another_vpc_is_an_error_listing_the_vpc_tables(self):
        with pytest.raises(RouteError, match=r"rtb-0000000000000000f is not a route table of vpc-a \(requester, "
                                             r"us-east-1\); its route tables are: rtb-00000000000000001 \(tier=public\)"):
            select_tables(dict(kind="ids", ids=["rtb-0000000000000000f"]), self.TABLES, VPCS["requester"], "requester")

    def test_tag_filter_matching_nothing_is_an_error(self):
        with pytest.raises(RouteError, match="route tables tagged tier=db matches no route table of vpc-a"):
            select_tables(dict(kind="tags", tags={"tier": ["db"]}), self.TABLES, VPCS["requester"], "requester")


class TestDestinations:
    def test_explicit_destinations_are_canonical_and_deduplicated(self):
        assert parse_destinations(["172.30.4.0/24", "2600:1f18:2:0::/64", "172.30.4.0/24"]) == [
            "172.30.4.0/24", "2600:1f18:2::/64"]

    @pytest.mark.parametrize("value, message", [
        ("10.60.1.1/16", "host bits set; AWS expects the network address: 10.60.0.0/16"),
        ("10.60.0.0", "has no prefix length"),
        ("tier-a", "not a valid IPv4 or IPv6 CIDR"),
    ])
    def test_bad_destination_is_refused_with_the_fix(self, value, message):
        with pytest.raises(RouteError, match=message):
            parse_destinations([value])

    def test_empty_list_is_refused(self):
        with pytest.raises(RouteError, match="omit it"):
            parse_destinations([])

    def test_default_is_every_ipv4_block_of_the_other_vpc_including_secondary(self):
        assert wanted_destinations(VPCS, None, False, dict(requester=ALL, accepter=ALL)) == dict(
            requester=["172.30.0.0/16", "172.31.0.0/16"], accepter=["10.0.0.0/16"])

    def test_ipv6_adds_the_other_vpc_ipv6_blocks(self):
        assert wanted_destinations(VPCS, None, True, dict(requester=ALL, accepter=ALL)) == dict(
            requester=["172.30.0.0/16", "172.31.0.0/16", "2600:1f18:2::/56"],
            accepter=["10.0.0.0/16", "2600:1f18:1::/56"])

    def test_side_with_none_routes_nothing(self):
        assert wanted_destinations(VPCS, None, False, dict(requester=ALL, accepter=NONE))["accepter"] == []

    def test_explicit_destination_goes_to_the_side_whose_peer_contains_it(self):
        wanted = wanted_destinations(VPCS, ["172.31.8.0/24", "10.0.4.0/22", "2600:1f18:2:1::/64"], False,
                                     dict(requester=ALL, accepter=ALL))
        assert wanted == dict(requester=["172.31.8.0/24", "2600:1f18:2:1::/64"], accepter=["10.0.4.0/22"])

    def test_explicit_destination_outside_both_vpcs_is_refused(self):
        with pytest.raises(RouteError, match=r"192.168.0.0/24 is not inside a CIDR block of either VPC \(requester "
                                             r"vpc-a: 10.0.0.0/16, 2600:1f18:1::/56; accepter vpc-b"):
            wanted_destinations(VPCS, ["192.168.0.0/24"], False, dict(requester=ALL, accepter=ALL))

    def test_wider_destination_than_the_peer_vpc_is_refused(self):
        with pytest.raises(RouteError, match="172.16.0.0/12 is not inside"):
            wanted_destinations(VPCS, ["172.16.0.0/12"], False, dict(requester=ALL, accepter=ALL))

    def test_explicit_destination_for_a_side_set_to_none_is_refused(self):
        with pytest.raises(RouteError, match="10.0.1.0/24 is in the requester VPC vpc-a, so it is routed from the "
                                             "accepter VPC's route tables, but accepter_route_tables is none"):
            wanted_destinations(VPCS, ["10.0.1.0/24"], False, dict(requester=ALL, accepter=NONE))


class TestPlanTable:
    def test_missing_routes_are_created_over_the_connection(self):
        out = plan(table(), ["172.30.0.0/16", "2600:1f18:2::/56"])
        assert calls(out["actions"]) == [
            ("ec2:CreateRoute", "us-east-1", "requester",
             {"RouteTableId": RTB1, "DestinationCidrBlock": "172.30.0.0/16", "VpcPeeringConnectionId": PCX}),
            ("ec2:CreateRoute", "us-east-1", "requester",
             {"RouteTableId": RTB1, "DestinationIpv6CidrBlock": "2600:1f18:2::/56", "VpcPeeringConnectionId": PCX})]
        assert out["report"]["added"] == ["172.30.0.0/16", "2600:1f18:2::/56"]
        assert out["before"] == {} and out["after"] == {"172.30.0.0/16": PCX, "2600:1f18:2::/56": PCX}

    def test_routes_already_over_the_connection_make_no_call(self):
        out = plan(table(routes=[route("172.30.0.0/16", VpcPeeringConnectionId=PCX)]), ["172.30.0.0/16"])
        assert out["actions"] == [] and out["report"]["present"] == ["172.30.0.0/16"]
        assert out["before"] == out["after"] == {"172.30.0.0/16": PCX}

    def test_ipv6_route_written_in_another_form_is_recognized(self):
        out = plan(table(routes=[route("2600:1f18:0002:0000::/56", VpcPeeringConnectionId=PCX)]), ["2600:1f18:2::/56"])
        assert out["actions"] == []

    def test_destination_routed_elsewhere_is_a_conflict_by_default(self):
        out = plan(table(routes=[route("172.30.0.0/16", TransitGatewayId="tgw-1")]), ["172.30.0.0/16"])
        assert out["actions"] == [] and out["conflicts"] == [f"{RTB1} (requester vpc-a): 172.30.0.0/16 -> tgw-1"]

    def test_replace_points_the_conflicting_route_at_the_connection(self):
        out = plan(table(routes=[route("172.30.0.0/16", NatGatewayId="nat-1")]), ["172.30.0.0/16"],
                   on_conflict="replace")
        assert calls(out["actions"]) == [("ec2:ReplaceRoute", "us-east-1", "requester", {
            "RouteTableId": RTB1, "DestinationCidrBlock": "172.30.0.0/16", "VpcPeeringConnectionId": PCX})]
        assert out["report"]["replaced"] == [dict(destination="172.30.0.0/16", previous_target="nat-1")]
        assert out["before"] == {"172.30.0.0/16": "nat-1"} and out["after"] == {"172.30.0.0/16": PCX}

    def test_skip_leaves_the_conflicting_route_and_reports_it(self):
        out = plan(table(routes=[route("172.30.0.0/16", VpcPeeringConnectionId=OLD_PCX)]),
                   ["172.30.0.0/16", "172.31.0.0/16"], on_conflict="skip")
        assert [a.params["DestinationCidrBlock"] for a in out["actions"]] == ["172.31.0.0/16"]
        assert out["report"]["skipped"] == [dict(destination="172.30.0.0/16", target=OLD_PCX)]
        assert out["after"]["172.30.0.0/16"] == OLD_PCX

    def test_blackhole_route_over_a_dead_peering_is_repaired_even_when_conflicts_fail(self):
        out = plan(table(routes=[route("172.30.0.0/16", state="blackhole", VpcPeeringConnectionId=OLD_PCX)]),
                   ["172.30.0.0/16"])
        assert [a.call for a in out["actions"]] == ["ec2:ReplaceRoute"] and out["conflicts"] == []
        assert out["report"]["replaced"] == [dict(destination="172.30.0.0/16",
                                                  previous_target=f"{OLD_PCX} (blackhole)")]

    def test_blackhole_route_to_another_kind_of_target_is_still_a_conflict(self):
        out = plan(table(routes=[route("172.30.0.0/16", state="blackhole", NatGatewayId="nat-1")]), ["172.30.0.0/16"])
        assert out["conflicts"] == [f"{RTB1} (requester vpc-a): 172.30.0.0/16 -> nat-1 (blackhole)"]

    def test_propagated_route_is_overridden_by_a_static_route_on_replace(self):
        tbl = table(routes=[route("172.30.0.0/16", origin="EnableVgwRoutePropagation", GatewayId="vgw-1")])
        assert plan(tbl, ["172.30.0.0/16"])["conflicts"] == [
            f"{RTB1} (requester vpc-a): 172.30.0.0/16 -> vgw-1 (propagated)"]
        assert [a.call for a in plan(tbl, ["172.30.0.0/16"], on_conflict="replace")["actions"]] == ["ec2:CreateRoute"]

    def test_local_route_is_never_replaced(self):
        out = plan(table(), ["10.0.0.0/16"], on_conflict="replace")
        assert out["actions"] == [] and out["conflicts"] == [f"{RTB1} (requester vpc-a): 10.0.0.0/16 -> local"]

    def test_other_destinations_and_targets_are_never_touched(self):
        others = [route("0.0.0.0/0", GatewayId="igw-1"), route("172.16.0.0/12", TransitGatewayId="tgw-1"),
                  route("192.168.0.0/24", VpcPeeringConnectionId=OLD_PCX)]
        out = plan(table(routes=others), ["172.30.0.0/16"], purge=True)
        assert calls(out["actions"]) == [("ec2:CreateRoute", "us-east-1", "requester", {
            "RouteTableId": RTB1, "DestinationCidrBlock": "172.30.0.0/16", "VpcPeeringConnectionId": PCX})]
        assert out["before"] == {}

    def test_purge_removes_routes_over_the_connection_no_longer_wanted(self):
        tbl = table(routes=[route("172.30.0.0/16", VpcPeeringConnectionId=PCX),
                            route("172.31.0.0/16", VpcPeeringConnectionId=PCX)])
        assert plan(tbl, ["172.30.0.0/16"])["actions"] == []
        out = plan(tbl, ["172.30.0.0/16"], purge=True)
        assert calls(out["actions"]) == [("ec2:DeleteRoute", "us-east-1", "requester", {
            "RouteTableId": RTB1, "DestinationCidrBlock": "172.31.0.0/16"})]
        assert out["report"]["removed"] == ["172.31.0.0/16"] and out["after"] == {"172.30.0.0/16": PCX}

    def test_absent_removes_only_the_described_routes_over_the_connection(self):
        tbl = table(routes=[route("172.30.0.0/16", VpcPeeringConnectionId=PCX),
                            route("172.31.0.0/16", VpcPeeringConnectionId=PCX),
                            route("2600:1f18:2::/56", VpcPeeringConnectionId=PCX)])
        out = plan(tbl, ["172.30.0.0/16", "172.31.0.0/16", "172.29.0.0/16"], state="absent")
        assert [a.params.get("DestinationCidrBlock") for a in out["actions"]] == ["172.30.0.0/16", "172.31.0.0/16"]
        assert out["after"] == {"2600:1f18:2::/56": PCX}

    def test_absent_with_purge_removes_every_route_over_the_connection_even_blackholes(self):
        tbl = table(routes=[route("172.30.0.0/16", state="blackhole", VpcPeeringConnectionId=PCX),
                            route("2600:1f18:2::/56", VpcPeeringConnectionId=PCX),
                            route("172.31.0.0/16", GatewayId="igw-1")])
        out = plan(tbl, ["172.31.0.0/16"], state="absent", purge=True)
        assert calls(out["actions"]) == [
            ("ec2:DeleteRoute", "us-east-1", "requester", {"RouteTableId": RTB1, "DestinationCidrBlock": "172.30.0.0/16"}),
            ("ec2:DeleteRoute", "us-east-1", "requester",
             {"RouteTableId": RTB1, "DestinationIpv6CidrBlock": "2600:1f18:2::/56"})]
        assert out["after"] == {"172.31.0.0/16": "igw-1"}

    def test_removing_our_route_shows_the_propagated_route_left_behind(self):
        tbl = table(routes=[route("172.30.0.0/16", VpcPeeringConnectionId=PCX),
                            route("172.30.0.0/16", origin="EnableVgwRoutePropagation", GatewayId="vgw-1")])
        out = plan(tbl, ["172.30.0.0/16"], state="absent")
        assert [a.call for a in out["actions"]] == ["ec2:DeleteRoute"]
        assert out["before"] == {"172.30.0.0/16": PCX} and out["after"] == {"172.30.0.0/16": "vgw-1 (propagated)"}

    def test_absent_leaves_the_same_destination_over_another_target(self):
        out = plan(table(routes=[route("172.30.0.0/16", NatGatewayId="nat-1")]), ["172.30.0.0/16"], state="absent")
        assert out["actions"] == []


class TestPlanRoutes:
    SELECTORS = dict(requester=ALL, accepter=ALL)
    WANTED = dict(requester=["172.30.0.0/16"], accepter=["10.0.0.0/16"])

    def test_each_side_is_written_in_its_own_region(self):
        selected = dict(requester=[table(RTB1)], accepter=[table(RTB2, vpc_id="vpc-b")])
        out = plan_routes(PCX, VPCS, selected, self.WANTED, self.SELECTORS, "present", False, "fail")
        assert [(a.call, a.region, a.side, a.params["RouteTableId"]) for a in out["actions"]] == [
            ("ec2:CreateRoute", "us-east-1", "requester", RTB1), ("ec2:CreateRoute", "eu-west-1", "accepter", RTB2)]
        assert out["route_tables"][RTB2]["region"] == "eu-west-1" and out["left"] == []

    def test_conflicts_fail_the_whole_plan_naming_every_one(self):
        selected = dict(requester=[table(RTB1, routes=[route("172.30.0.0/16", NatGatewayId="nat-1")]),
                                   table(RTB3, routes=[route("172.30.0.0/16", VpcPeeringConnectionId=OLD_PCX)])],
                        accepter=[table(RTB2, vpc_id="vpc-b")])
        with pytest.raises(RouteError) as caught:
            plan_routes(PCX, VPCS, selected, self.WANTED, self.SELECTORS, "present", False, "fail")
        message = str(caught.value)
        assert f"{RTB1} (requester vpc-a): 172.30.0.0/16 -> nat-1" in message
        assert f"{RTB3} (requester vpc-a): 172.30.0.0/16 -> {OLD_PCX}" in message
        assert "on_conflict=replace" in message and "nothing was changed" in message

    def test_side_of_another_account_without_credentials_is_left_to_its_owner(self):
        vpcs = dict(VPCS, accepter=dict(VPCS["accepter"], owner_id="222222222222"))
        selectors = dict(requester=ALL, accepter=dict(kind="tags", tags={"tier": ["private"]}))
        out = plan_routes(PCX, vpcs, dict(requester=[table(RTB1)]), self.WANTED, selectors, "present", False, "fail")
        assert [a.side for a in out["actions"]] == ["requester"]
        assert out["left"] == [dict(
            side="accepter", account_id="222222222222", region="eu-west-1", vpc_id="vpc-b", destinations=["10.0.0.0/16"],
            message=(f"the owner of vpc-b (account 222222222222) must add routes to 10.0.0.0/16 over {PCX} in route "
                     "tables tagged tier=private of that VPC, in eu-west-1"))]

    def test_side_set_to_none_is_neither_written_nor_left(self):
        wanted = dict(self.WANTED, accepter=[])
        out = plan_routes(PCX, VPCS, dict(requester=[table(RTB1)]), wanted, dict(requester=ALL, accepter=NONE),
                          "absent", True, "fail")
        assert out["left"] == [] and set(out["route_tables"]) == {RTB1}


class TestMessages:
    def test_pending_connection_says_who_must_accept_where(self):
        summary = summarize(dict(
            VpcPeeringConnectionId=PCX, Status=dict(Code="pending-acceptance", Message="Pending"),
            RequesterVpcInfo=dict(VpcId="vpc-a", Region="us-east-1", OwnerId="111111111111"),
            AccepterVpcInfo=dict(VpcId="vpc-b", Region="eu-west-1", OwnerId="222222222222")))
        message = not_active_message(summary, 30)
        assert f"{PCX} is pending-acceptance after waiting 30s" in message
        assert "vpc-b (account 222222222222) must accept it in eu-west-1" in message

    def test_deleted_connection_says_it_cannot_come_back(self):
        summary = summarize(dict(VpcPeeringConnectionId=PCX, Status=dict(Code="deleted", Message="Deleted by x"),
                                 RequesterVpcInfo={}, AccepterVpcInfo={}))
        assert "(Deleted by x). It cannot become active again" in not_active_message(summary, 0)

    def test_route_target_names_blackholes_and_propagated_routes(self):
        assert route_target(route("10.0.0.0/8", InstanceId="i-1", NetworkInterfaceId="eni-1")) == "i-1"
        assert route_target(route("10.0.0.0/8", state="blackhole", NatGatewayId="nat-1")) == "nat-1 (blackhole)"
        assert route_target(route("10.0.0.0/8")) == "no target"
