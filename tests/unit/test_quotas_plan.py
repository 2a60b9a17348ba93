"""quotas.py: the catalogue, what counts against each quota, and the one message a plan over a quota fails with."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import (
    OUTSTANDING_REQUESTS, PEERINGS_PER_VPC, QUOTAS, ROUTES_PER_TABLE, VPCS_PER_ZONE, QuotaError, Usage,
    counted_peerings, counted_routes, merge, outstanding_requests, over, parse_overrides, refusal, route_usages)


def conn(pcx, requester, accepter, status, owner="111111111111", region="us-east-1"):
    return {"VpcPeeringConnectionId": pcx, "Status": {"Code": status},
            "RequesterVpcInfo": {"VpcId": requester, "OwnerId": owner, "Region": region},
            "AccepterVpcInfo": {"VpcId": accepter, "OwnerId": "222222222222", "Region": "eu-west-1"}}


def test_the_catalogue_holds_aws_defaults_maximums_and_codes():
    assert (QUOTAS[PEERINGS_PER_VPC].default, QUOTAS[PEERINGS_PER_VPC].maximum) == (50, 125)
    assert (QUOTAS[OUTSTANDING_REQUESTS].default, QUOTAS[OUTSTANDING_REQUESTS].service) == (25, "vpc")
    assert (QUOTAS[ROUTES_PER_TABLE].default, QUOTAS[ROUTES_PER_TABLE].maximum) == (50, 1000)
    assert (QUOTAS[VPCS_PER_ZONE].default, QUOTAS[VPCS_PER_ZONE].api) == (300, "route53-zone")
    assert all(q.api == "servicequotas" for c, q in QUOTAS.items() if c.startswith("L-"))


def test_active_pending_and_provisioning_connections_count_on_either_side_dead_ones_do_not():
    found = [conn("pcx-1", "vpc-a", "vpc-b", "active"), conn("pcx-2", "vpc-c", "vpc-a", "pending-acceptance"),
             conn("pcx-3", "vpc-a", "vpc-d", "provisioning"), conn("pcx-4", "vpc-a", "vpc-e", "initiating-request"),
             conn("pcx-5", "vpc-a", "vpc-f", "deleted"), conn("pcx-6", "vpc-a", "vpc-g", "rejected"),
             conn("pcx-7", "vpc-a", "vpc-h", "failed"), conn("pcx-8", "vpc-x", "vpc-y", "active"),
             conn("pcx-1", "vpc-a", "vpc-b", "active")]  # read from both sides: counted once
    assert counted_peerings(found, "vpc-a") == {"pcx-1", "pcx-2", "pcx-3", "pcx-4"}
    assert counted_peerings([], "vpc-a") == set()


def test_outstanding_requests_are_the_accounts_pending_requests_from_the_region():
    found = [conn("pcx-1", "vpc-a", "vpc-b", "pending-acceptance"),
             conn("pcx-2", "vpc-a", "vpc-c", "active"),
             conn("pcx-3", "vpc-a", "vpc-d", "pending-acceptance", owner="999999999999"),
             conn("pcx-4", "vpc-a", "vpc-e", "pending-acceptance", region="eu-west-1")]
    assert outstanding_requests(found, "111111111111", "us-east-1") == {"pcx-1"}
    assert outstanding_requests(found, "111111111111") == {"pcx-1", "pcx-4"}


def test_routes_count_per_family_without_propagated_ones():
    table = {"Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable"},
                        {"DestinationCidrBlock": "10.1.0.0/16", "Origin": "CreateRoute"},
                        {"DestinationCidrBlock": "10.9.0.0/16", "Origin": "EnableVgwRoutePropagation"},
                        {"DestinationIpv6CidrBlock": "2600:1f18::/56", "Origin": "CreateRoute"},
                        {"DestinationPrefixListId": "pl-1", "Origin": "CreateRoute"}]}
    assert counted_routes(table) == {"IPv4": 3, "IPv6": 1}
    assert counted_routes({"Routes": []}) == {"IPv4": 0, "IPv6": 0}


def route(call, table, dest):
    key = "DestinationIpv6CidrBlock" if ":" in dest else "DestinationCidrBlock"
    return Action(call, "us-east-1", {"RouteTableId": table, key: dest})


def test_route_usages_count_net_additions_per_table_and_family():
    tables = {"rtb-1": {"RouteTableId": "rtb-1", "Routes": [{"DestinationCidrBlock": "10.0.0.0/16"}]},
              "rtb-2": {"RouteTableId": "rtb-2", "Routes": []}}
    actions = [route("ec2:CreateRoute", "rtb-1", "10.1.0.0/16"), route("ec2:CreateRoute", "rtb-1", "10.2.0.0/16"),
               route("ec2:CreateRoute", "rtb-1", "2600::/56"), route("ec2:ReplaceRoute", "rtb-2", "10.3.0.0/16"),
               route("ec2:CreateRoute", "rtb-2", "10.4.0.0/16"), route("ec2:DeleteRoute", "rtb-2", "10.5.0.0/16")]
    usages = route_usages(tables, actions, lambda t: ("us-east-1", "111111111111", "requester"))
    assert [(u.key, u.current, u.added) for u in usages] == [(("rtb-1", "IPv4"), 1, 2), (("rtb-1", "IPv6"), 0, 1)]
    assert usages[0].resource == "route table rtb-1 (requester), IPv4 routes"


def usage(key="vpc-a", current=49, added=1, value=50, source="applied", code=PEERINGS_PER_VPC):
    return Usage(code, key, f"VPC {key}", current, added, "us-east-1", "111111111111", value, source)


def test_items_of_a_list_counting_the_same_resource_add_up():
    merged = merge([usage(added=1), usage(added=1, value=60), usage(key="vpc-b", current=3)])
    assert [(u.key, u.current, u.added, u.value) for u in merged] == [("vpc-a", 49, 2, 50), ("vpc-b", 3, 1, 50)]


def test_a_plan_reaching_the_quota_fits_one_past_it_does_not():
    assert over([usage(current=49, added=1)]) == []
    assert [u.reached for u in over([usage(current=49, added=1), usage(current=49, added=1)])] == [51]
    assert over([usage(current=60, added=0)]) == []  # already past it (raised before, lowered since): adds nothing


def test_the_refusal_names_resource_count_quota_value_and_code():
    message = refusal(over([usage(current=49, added=2, source="default")]))
    assert message.startswith("the plan would exceed an AWS quota, so nothing was changed: VPC vpc-a would reach 51")
    for part in ("49 now + 2 planned", "'Active VPC peering connections per VPC'", "vpc L-7E9ECCDB", "of 50",
                 "AWS's default", "Service Quotas, up to 125", "quotas: {L-7E9ECCDB: <value>}"):
        assert part in message
    two = refusal(over([usage(current=50), usage(key="rtb-1", code=ROUTES_PER_TABLE, current=50)]))
    assert two.startswith("the plan would exceed 2 AWS quotas") and "L-93826ACB" in two


def test_the_zone_refusal_says_route53_has_no_service_quotas_code():
    message = refusal(over([usage(key="Z1", code=VPCS_PER_ZONE, current=300, value=300)]))
    assert "route53 MAX_VPCS_ASSOCIATED_BY_ZONE" in message and "support case" in message


def test_overrides_take_known_codes_and_whole_numbers():
    assert parse_overrides({"L-93826ACB": 100, "L-7E9ECCDB": "125"}, set(QUOTAS)) == {
        "L-93826ACB": 100, "L-7E9ECCDB": 125}
    assert parse_overrides(None, set(QUOTAS)) == {}


@pytest.mark.parametrize("option, words", [
    ({"L-NOPE": 3}, "'L-NOPE', which is not a quota"),
    ({"L-93826ACB": 0}, "at least 1"),
    ({"L-93826ACB": "many"}, "whole number"),
    ({"L-93826ACB": True}, "whole number"),
    ({"L-93826ACB": 2.5}, "whole number"),
])
def test_bad_overrides_are_refused_naming_the_code(option, words):
    with pytest.raises(QuotaError, match=words.replace("(", r"\(")):
        parse_overrides(option, set(QUOTAS))
