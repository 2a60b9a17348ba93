"""The topology returned by connectivity_check: data, Mermaid and DOT."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_topology import describe

from test_verify_dns import guide1, guide3
from test_verify_path import data_chain
from test_verify_world import OTHER


def test_vpcs_peerings_and_zones_are_described_with_a_peer_that_was_not_read():
    world, main, shared, team, to_shared = data_chain()
    del world.snap.vpcs[team["id"]]
    topology = describe(world.snap)
    assert [(v["id"], v["read"]) for v in topology["vpcs"]] == [
        (main["id"], True), (shared["id"], True), (team["id"], False)]
    unread = topology["vpcs"][-1]
    assert (unread["region"], unread["account"], unread["cidrs"]) == ("eu-west-1", OTHER, ["10.0.0.0/16"])
    assert [c["status"] for c in topology["peerings"]] == ["active", "active"]


def test_mermaid_groups_vpcs_by_region_and_labels_peerings_with_their_dns_options():
    world, a, b, pcx, zone = guide1(requester_dns=False, accepter_dns=True)
    text = describe(world.snap)["mermaid"]
    assert text.startswith("graph LR\n")
    assert 'subgraph us_east_1_111111111111["us-east-1 · 111111111111"]' in text
    node_a, node_b = a["id"].replace("-", "_"), b["id"].replace("-", "_")
    assert f'{node_a}["use1<br/>{a["id"]}<br/>10.0.0.0/16"]' in text
    assert f'{node_a} <-->|"{pcx} active, DNS A"| {node_b}' in text
    assert f'{zone}{{{{"zone internal<br/>{zone}"}}}}' in text and f"{zone} -.- {node_a}" in text


def test_dot_has_a_cluster_per_region_and_the_resolver_path():
    world, use1, use2, rule, inbound, vpce = guide3()
    topology = describe(world.snap)
    text = topology["dot"]
    assert text.startswith("digraph vpcmesh {") and text.rstrip().endswith("}")
    assert text.count("subgraph cluster_") == 2
    assert f'"{use1["id"]}" -> "{use2["id"]}" [dir=both, style=solid' in text
    outbound = world.snap.resolver_rules[rule]["endpoint_id"]
    assert f'"{use1["id"]}" -> "{rule}" [style=dotted];' in text
    assert f'"{rule}" -> "{outbound}";' in text and f'"{outbound}" -> "{inbound}" [label="10.31.1.10:53"];' in text
    assert [e["id"] for e in topology["interface_endpoints"]] == [vpce]
    assert topology["resolver_rules"][0]["domain"] == "us-east-2.amazonaws.com"
    assert text.count("{") == text.count("}")
