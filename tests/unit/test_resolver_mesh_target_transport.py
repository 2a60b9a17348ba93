"""resolver_mesh.py, each rule target's protocol and address family (issue 19): targets as DoH on port 443 or on
IPv6 addresses, checked against the endpoints' protocols and types before any write, and changed in place."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import ResolverError, summarize_rule
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_mesh import (
    DEFAULT_DOMAINS, check_transport, desired_rules, forwarding, plan_unit, prepare_nodes)

IPS = {"us-east-1": ["10.30.1.4", "10.30.2.4"], "us-east-2": ["10.31.1.4", "10.31.2.4"]}
IPV6 = {"us-east-1": ["2600:1f18::10", "2600:1f18::11"], "us-east-2": ["2600:1f16::10", "2600:1f16::11"]}


def node(region, **over):
    return dict(dict(region=region, inbound_endpoint_id=f"rslvr-in-{region}", outbound_endpoint_id=f"rslvr-out-{region}",
                     vpc_ids=[f"vpc-{region}"], domains=["{region}.amazonaws.com"]), **over)


def endpoint(protocols=("Do53",), endpoint_type="ipv4"):
    return dict(protocols=sorted(protocols), endpoint_type=endpoint_type)


def both(inbound, outbound):
    return {"inbound": inbound, "outbound": outbound}


def test_node_options_override_the_mesh_defaults():
    ns = prepare_nodes([node("us-east-1"), node("us-east-2", target_protocol="Do53", target_address_family="ipv6")],
                       DEFAULT_DOMAINS, protocol="DoH", family="ipv4")
    assert [(n["target_protocol"], n["target_address_family"]) for n in ns] == [("DoH", "ipv4"), ("Do53", "ipv6")]
    plain = prepare_nodes([node("us-east-1")], DEFAULT_DOMAINS)
    assert (plain[0]["target_protocol"], plain[0]["target_address_family"]) == ("Do53", "ipv4")


def test_doh_targets_are_on_port_443_with_their_protocol_and_ipv6_ones_are_sent_as_ipv6():
    ns = prepare_nodes([node("us-east-1"), node("us-east-2", target_address_family="ipv6")], DEFAULT_DOMAINS,
                       protocol="DoH")
    addresses = {"us-east-1": IPS["us-east-1"], "us-east-2": IPV6["us-east-2"]}
    desired = desired_rules("m", ns, forwarding(ns, "full_mesh"), addresses)
    to_east2 = desired[("us-east-1", "us-east-2.amazonaws.com")]
    assert to_east2["targets"] == [("2600:1f16::10", 443, "DoH"), ("2600:1f16::11", 443, "DoH")]
    plan = plan_unit({k: v for k, v in desired.items() if k[0] == "us-east-1"},
                     dict(region="us-east-1", account="1", rules=[], owned={}, associations=[]))
    create = plan.creates[0]
    assert create.params["TargetIps"] == [dict(Ipv6="2600:1f16::10", Port=443, Protocol="DoH"),
                                          dict(Ipv6="2600:1f16::11", Port=443, Protocol="DoH")]
    assert plan.rules["created"][0]["target_protocol"] == "DoH"


def test_a_do53_target_is_sent_without_protocol_so_older_rules_compare_equal():
    ns = prepare_nodes([node("us-east-1"), node("us-east-2")], DEFAULT_DOMAINS)
    desired = desired_rules("m", ns, forwarding(ns, "full_mesh"), IPS)
    spec = desired[("us-east-1", "us-east-2.amazonaws.com")]
    raw = dict(Id="r1", Arn="arn:r1", Name=spec["name"], DomainName=spec["domain"] + ".", RuleType="FORWARD",
               ResolverEndpointId=spec["resolver_endpoint_id"], CreatorRequestId=spec["token"],
               TargetIps=[dict(Ip=ip, Port=53) for ip in IPS["us-east-2"]])
    described_do53 = dict(raw, TargetIps=[dict(Ip=ip, Port=53, Protocol="Do53") for ip in IPS["us-east-2"]])
    for rule in (summarize_rule(raw), summarize_rule(described_do53)):
        plan = plan_unit({("us-east-1", spec["domain"]): spec}, dict(
            region="us-east-1", account="1", rules=[rule], owned={"r1": "us-east-1"},
            associations=[dict(id="a", rule_id="r1", vpc_id="vpc-us-east-1", status="COMPLETE")]))
        assert plan.actions == []


def test_a_changed_protocol_is_one_rule_update_in_place():
    ns = prepare_nodes([node("us-east-1"), node("us-east-2")], DEFAULT_DOMAINS, protocol="DoH")
    desired = desired_rules("m", ns, forwarding(ns, "full_mesh"), IPS)
    spec = desired[("us-east-1", "us-east-2.amazonaws.com")]
    rule = dict(id="r1", arn="arn:r1", name=spec["name"], domain=spec["domain"], rule_type="FORWARD",
                resolver_endpoint_id=spec["resolver_endpoint_id"], targets=[(ip, 53) for ip in IPS["us-east-2"]],
                creator_request_id=spec["token"], owner_id="1", status="COMPLETE")
    plan = plan_unit({("us-east-1", spec["domain"]): spec}, dict(
        region="us-east-1", account="1", rules=[rule], owned={"r1": "us-east-1"},
        associations=[dict(id="a", rule_id="r1", vpc_id="vpc-us-east-1", status="COMPLETE")]))
    assert [(a.operation, a.params) for a in plan.actions] == [("update_resolver_rule", dict(
        ResolverRuleId="r1", Config=dict(TargetIps=[dict(Ip=ip, Port=443, Protocol="DoH") for ip in IPS["us-east-2"]])))]
    assert plan.rules["updated"][0]["changes"] == dict(target_protocol=dict(before="Do53", after="DoH"))


def test_endpoints_that_support_the_targets_pass():
    ns = prepare_nodes([node("us-east-1"), node("us-east-2")], DEFAULT_DOMAINS, protocol="DoH", family="ipv6")
    ready = both(endpoint(("Do53", "DoH"), "dualstack"), endpoint(("DoH",), "ipv6"))
    check_transport(ns, forwarding(ns, "full_mesh"), {"us-east-1": ready, "us-east-2": ready})
    check_transport(ns, forwarding(ns, "full_mesh"), {})  # planned endpoints: nothing read, nothing checked


@pytest.mark.parametrize("east1, east2, words", [
    (both(endpoint(("Do53", "DoH")), endpoint()), both(endpoint(("DoH",)), endpoint(("DoH",))),
     ["outbound endpoint of node us-east-1", "does not support DoH", "target_protocol of us-east-2"]),
    (both(endpoint(("DoH",)), endpoint(("DoH",))), both(endpoint(("Do53",)), endpoint(("DoH",))),
     ["inbound endpoint of node us-east-2", "does not support DoH"]),
])
def test_a_doh_target_needs_doh_on_both_endpoints(east1, east2, words):
    ns = prepare_nodes([node("us-east-1"), node("us-east-2")], DEFAULT_DOMAINS, protocol="DoH")
    with pytest.raises(ResolverError) as caught:
        check_transport(ns, forwarding(ns, "full_mesh"), {"us-east-1": east1, "us-east-2": east2})
    for word in words:
        assert word in str(caught.value)


def test_ipv6_targets_need_ipv6_capable_endpoints_and_ipv4_targets_ipv4_capable_ones():
    ns = prepare_nodes([node("us-east-1"), node("us-east-2", target_address_family="ipv6")], DEFAULT_DOMAINS)
    four = both(endpoint(), endpoint())
    with pytest.raises(ResolverError) as caught:
        check_transport(ns, forwarding(ns, "full_mesh"), {"us-east-1": four, "us-east-2": four})
    message = str(caught.value)
    assert "outbound endpoint of node us-east-1" in message and "inbound endpoint of node us-east-2" in message
    assert "target_address_family of us-east-2" in message and "ipv6 or dualstack" in message
    only6 = both(endpoint(endpoint_type="ipv6"), endpoint(endpoint_type="ipv6"))
    with pytest.raises(ResolverError, match="cannot answer on the ipv4 addresses"):
        check_transport(ns, forwarding(ns, "full_mesh"), {"us-east-1": only6, "us-east-2": only6})
