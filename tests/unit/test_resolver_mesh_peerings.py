"""The resolver_mesh role's nodes and peerings in Python (plugins/filter/resolver_mesh.py): node problems found before
any call, the pairs it peers, the list-form items per phase with the caller requesting where it can, which pairs are
settled enough for DNS options and routes, and the per-pair report."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.filter.resolver_mesh import (
    mesh_node_names, mesh_node_problems, mesh_pairs, mesh_peering_results, mesh_peerings, mesh_problems, mesh_settled)

KEYS = {"access_key": "AK", "secret_key": "SK"}
NODES = {
    "a": {"region": "us-east-1", "vpc_id": "vpc-a", "cidr": "10.0.0.0/16", "subnet_ids": ["s1", "s2"]},
    "b": {"region": "us-east-2", "vpc_id": "vpc-b", "cidr": "10.1.0.0/16", "subnet_ids": ["s3", "s4"],
          "account_id": 222222222222, "credentials": KEYS},
    "c": {"region": "us-west-2", "vpc_id": "vpc-c", "cidr": "10.2.0.0/16", "subnet_ids": ["s5", "s6"]},
}


def test_nodes_with_a_bad_cidr_or_one_subnet_are_named():
    nodes = {"x": {"cidr": "10.0.0/16", "subnet_ids": ["s1", "s2"]}, "y": {"cidr": "10.0.0.0/16", "subnet_ids": ["s", "s"]},
             "z": {"cidr": "10.0.0.0", "subnet_ids": ["s1", "s2"]}, "v6": {"cidr": "fd00::/56", "subnet_ids": ["s1", "s2"]},
             "h": {"cidr": "10.0.0.1/16", "subnet_ids": ["s1", "s2"]}}
    assert mesh_node_problems(["x", "y", "z", "v6", "h"], nodes) == [
        "node x: cidr '10.0.0/16' is not a valid IPv4 or IPv6 CIDR block",
        "node y: subnet_ids lists 1 subnet, a Resolver endpoint needs two subnets",
        "node z: cidr '10.0.0.0' has no prefix length; write e.g. 10.0.0.0/32",
        "node v6: cidr 'fd00::/56' is not an IPv4 CIDR block",
        "node h: cidr '10.0.0.1/16' has host bits set; AWS expects the network address: 10.0.0.0/16"]
    assert mesh_node_problems(list(NODES), NODES) == []


def test_nodes_are_named_by_their_name_else_their_region_in_order():
    nodes = [{"region": "us-east-1"}, {"region": "us-east-1", "name": "b"}, {"region": "eu-west-1", "name": ""}]
    assert mesh_node_names(nodes) == ["us-east-1", "b", "eu-west-1"]
    assert mesh_node_names([]) == []


def test_a_usable_mesh_has_no_problems():
    regions = [dict(NODES[n], name=n) for n in NODES]
    assert mesh_problems(regions, "g3", "full_mesh") == []
    assert mesh_problems(regions, "g3", "hub", "a", [["a", "b"], ("a", "c")]) == []
    assert mesh_problems(regions, "g3", "full_mesh", None, "none") == []


def test_mesh_problems_name_each_value_and_its_fix():
    twice = [{"region": "us-east-1"}, {"region": "us-east-1"}, {"region": "us-east-1"}, {"region": "us-east-2"}]
    assert mesh_problems(twice, "g3", "full_mesh") == [
        "node name us-east-1 is given twice; give `name` to nodes in the same region"]
    regions = [dict(NODES[n], name=n) for n in NODES]
    assert mesh_problems(regions, "g3", "hub", "nowhere") == [
        "the hub 'nowhere' is not one of the nodes (a, b, c); with topology hub, set resolver_mesh_hub to a node's name"]
    assert mesh_problems(regions, "g3", "full_mesh", None, "some") == [
        "resolver_mesh_peering 'some' must be auto, none or a list of [node, node] pairs"]
    assert mesh_problems(regions, "g3", "full_mesh", None, [["a", "x"], ["a"], ["b", "b"], "ab"]) == [
        "resolver_mesh_peering: pair ['a', 'x'] names x, not a node (a, b, c)",
        "resolver_mesh_peering: pair ['a'] must name two different nodes",
        "resolver_mesh_peering: pair ['b', 'b'] must name two different nodes",
        "resolver_mesh_peering: 'ab' is not a [node, node] pair"]


def test_names_too_long_for_an_endpoint_and_unusable_credentials_are_refused():
    long = [{"region": "us-east-1", "name": "n" * 40}, {"region": "us-east-2"}]
    assert mesh_problems(long, "m" * 14, "full_mesh") == []  # 14 + 40 + len('--outbound') = 64
    assert mesh_problems(long, "m" * 15, "full_mesh") == [
        f"node {'n' * 40}: the endpoint name {'m' * 15}-{'n' * 40}-outbound is longer than 64 characters; shorten the "
        "mesh's or the node's name"]
    regions = [{"region": "us-east-1", "credentials": {"role_arn": "arn:aws:iam::2:role/r"}, "account_id": "2"},
               {"region": "us-east-2", "credentials": KEYS}, {"region": "us-west-2", "credentials": None}]
    assert mesh_problems(regions, "g3", "full_mesh") == [
        "node us-east-1: credentials name the role arn:aws:iam::2:role/r; give keys or a profile (assume the role first "
        "with amazon.aws.sts_assume_role)",
        "node us-east-2: credentials come without the node's account_id"]


def test_pairs_of_a_full_mesh_a_hub_a_given_list_and_none():
    assert mesh_pairs(["a", "b", "c"], "full_mesh") == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert mesh_pairs(["a", "b", "c"], "hub", "b") == [["b", "a"], ["b", "c"]]
    assert mesh_pairs(["a", "b", "c"], "full_mesh", None, [("a", "c")]) == [["a", "c"]]
    assert mesh_pairs(["a", "b", "c"], "full_mesh", None, "none") == []


def test_the_caller_requests_and_the_other_sides_credentials_accept():
    [group] = mesh_peerings([["b", "a"], ["a", "c"]], NODES, "g3", "request")
    assert group["credentials"] == {} and group["pairs"] == [["b", "a"], ["a", "c"]]
    assert group["peerings"] == [
        {"region": "us-east-1", "vpc_id": "vpc-a", "peer_vpc_id": "vpc-b", "peer_credentials": KEYS,
         "peer_region": "us-east-2", "tags": {"Name": "g3-b-a"}, "peer_owner_id": "222222222222"},
        {"region": "us-east-1", "vpc_id": "vpc-a", "peer_vpc_id": "vpc-c", "peer_region": "us-west-2",
         "tags": {"Name": "g3-a-c"}}]


def test_dns_and_routes_items_cover_both_sides_and_group_by_the_requesters_credentials():
    nodes = dict(NODES, d=dict(NODES["b"], vpc_id="vpc-d", region="eu-west-1"))
    groups = mesh_peerings([["a", "c"], ["b", "d"]], nodes, "g3", "dns")
    assert [g["credentials"] for g in groups] == [{}, KEYS]
    assert groups[1]["peerings"] == [{"region": "us-east-2", "vpc_id": "vpc-b", "peer_vpc_id": "vpc-d",
                                      "peer_credentials": KEYS, "requester_dns_resolution": True,
                                      "accepter_dns_resolution": True, "enable_vpc_dns": True, "wait": False}]
    [routes] = mesh_peerings([["a", "c"]], nodes, "g3", "routes")
    assert routes["peerings"][0]["requester_route_tables"] == routes["peerings"][0]["accepter_route_tables"] == "all"
    with pytest.raises(AnsibleFilterError, match="phase 'accept' is not one of request, dns, routes"):
        mesh_peerings([["a", "c"]], nodes, "g3", "accept")


REQUESTED = {"results": [{"group": {"pairs": [["a", "b"], ["a", "c"]]}, "results": [
    {"peering_id": "pcx-1", "peering_connection": {"status": "active"}, "diff": {"before": {"status": "active"}}},
    {"peering_id": None, "peering_connection": {"status": "active"}, "diff": {"before": {}}}]}]}


def test_settled_pairs_are_active_ones_and_in_check_mode_only_those_active_before():
    assert mesh_settled(REQUESTED) == [["a", "b"], ["a", "c"]]
    assert mesh_settled(REQUESTED, check_mode=True) == [["a", "b"]]
    assert mesh_settled({"results": []}) == []


def test_the_report_joins_each_pairs_dns_options_and_routes():
    dns = {"results": [{"group": {"pairs": [["a", "b"]]}, "results": [
        {"options": {"requester": {}}, "left_to_other_owner": ["x"]}]}]}
    routes = {"results": [{"group": {"pairs": [["a", "b"]]}, "results": [{"route_tables": [1], "left_to_other_owner": []}]}]}
    assert mesh_peering_results(REQUESTED, dns, routes) == [
        {"pair": ["a", "b"], "peering_id": "pcx-1", "status": "active", "options": {"requester": {}}, "routes": [1],
         "left_to_other_owner": ["x"]},
        {"pair": ["a", "c"], "peering_id": None, "status": "active", "options": None, "routes": None,
         "left_to_other_owner": []}]
