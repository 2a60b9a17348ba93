"""Pure mesh planning: which rules each node needs, their targets, and the calls that reach them."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import ResolverError, token
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_mesh import (
    DEFAULT_DOMAINS, check_endpoints, check_planned, check_vpcs, desired_rules, endpoint_id, forwarding, new_endpoint_id,
    new_endpoint_ips, new_rule_id, plan_unit, prepare_nodes)

REGIONS = ["us-east-1", "us-east-2", "us-west-2"]
IPS = {"us-east-1": ["10.30.1.4", "10.30.2.4"], "us-east-2": ["10.31.2.4", "10.31.1.4"],
       "us-west-2": ["10.32.1.4", "10.32.2.4"], "hub": ["10.9.1.4", "10.9.2.4"]}


def node(region, **over):
    base = dict(region=region, inbound_endpoint_id=f"rslvr-in-{region}", outbound_endpoint_id=f"rslvr-out-{region}",
                vpc_ids=[f"vpc-{region}"], domains=None, credentials=None)
    base.update(over)
    return base


def nodes(*regions, **kwargs):
    return prepare_nodes([node(r) for r in regions or REGIONS], DEFAULT_DOMAINS, **kwargs)


def mesh(ns, topology="full_mesh", hub=None):
    return desired_rules("m", ns, forwarding(ns, topology, hub), IPS)


def of(desired, source):
    return {k: v for k, v in desired.items() if k[0] == source}


def summary(spec, rule_id, **over):
    """An existing rule exactly as ``spec`` wants it."""
    out = dict(id=rule_id, arn=f"arn:{rule_id}", name=spec["name"], domain=spec["domain"], rule_type="FORWARD",
               resolver_endpoint_id=spec["resolver_endpoint_id"], targets=list(spec["targets"]),
               creator_request_id=spec["token"], owner_id="123456789012", status="COMPLETE")
    out.update(over)
    return out


def state(rules=(), owned=None, links=()):
    return dict(region="us-east-1", account="123456789012", rules=list(rules), owned=dict(owned or {}),
                associations=[dict(id=f"a-{r}-{v}", rule_id=r, vpc_id=v, status="COMPLETE") for r, v in links])


def converged(desired):
    """State in which every wanted rule of us-east-1 exists and is associated."""
    rules, owned, links = [], {}, []
    for i, (key, spec) in enumerate(sorted(desired.items())):
        rules.append(summary(spec, f"rslvr-rr-{i}"))
        owned[f"rslvr-rr-{i}"] = key[0]
        links += [(f"rslvr-rr-{i}", v) for v in spec["vpc_ids"]]
    return state(rules, owned, links)


def calls(plan):
    return [a.call.split(":")[1] for a in plan.actions]


# -- nodes and topology --------------------------------------------------------------------------------
def test_full_mesh_of_the_guide_has_twelve_rules_four_of_them_in_us_east_1():
    desired = mesh(nodes())
    assert len(desired) == 12
    assert sorted(d for (n, d) in desired if n == "us-east-1") == [
        "us-east-2.amazonaws.com", "us-east-2.vpce.amazonaws.com",
        "us-west-2.amazonaws.com", "us-west-2.vpce.amazonaws.com"]


@pytest.mark.parametrize("count", [2, 4, 5])
def test_full_mesh_grows_as_n_times_n_minus_one_times_two(count):
    regions = [f"r{i}" for i in range(count)]
    ns = prepare_nodes([node(r) for r in regions], DEFAULT_DOMAINS)
    flows = forwarding(ns, "full_mesh")
    assert len(flows) == count * (count - 1) * 2


def test_rules_target_the_inbound_ips_of_the_domains_home_sorted_on_port_53():
    spec = mesh(nodes())[("us-east-1", "us-east-2.vpce.amazonaws.com")]
    assert spec["target_node"] == "us-east-2"
    assert spec["targets"] == [("10.31.1.4", 53), ("10.31.2.4", 53)]
    assert spec["resolver_endpoint_id"] == "rslvr-out-us-east-1"
    assert spec["name"] == "m-us-east-1-us-east-2-vpce-amazonaws-com"
    assert spec["token"] == token("rule", "m", "us-east-1", "us-east-2.vpce.amazonaws.com")


def test_hub_spokes_forward_everything_to_the_hub_and_the_hub_to_each_home():
    ns = prepare_nodes([node("us-east-1", name="hub"), node("us-east-2"), node("us-west-2")], DEFAULT_DOMAINS)
    desired = mesh(ns, "hub", "hub")
    assert len(desired) == 12
    spoke = of(desired, "us-east-2")
    assert {s["target_node"] for s in spoke.values()} == {"hub"}
    assert sorted(d for _target, d in spoke) == ["us-east-1.amazonaws.com", "us-east-1.vpce.amazonaws.com",
                                                 "us-west-2.amazonaws.com", "us-west-2.vpce.amazonaws.com"]
    assert {s["domain"]: s["target_node"] for s in of(desired, "hub").values()} == {
        "us-east-2.amazonaws.com": "us-east-2", "us-east-2.vpce.amazonaws.com": "us-east-2",
        "us-west-2.amazonaws.com": "us-west-2", "us-west-2.vpce.amazonaws.com": "us-west-2"}


def test_a_node_without_domains_only_forwards_and_needs_no_inbound_endpoint():
    ns = prepare_nodes([node("us-east-1", domains=[], inbound_endpoint_id=None), node("us-east-2")], DEFAULT_DOMAINS)
    flows = forwarding(ns, "full_mesh")
    check_endpoints(ns, flows)
    assert flows == [("us-east-1", "us-east-2.amazonaws.com", "us-east-2"),
                     ("us-east-1", "us-east-2.vpce.amazonaws.com", "us-east-2")]


def test_node_domains_override_templates_with_region_and_name():
    ns = prepare_nodes([node("us-east-1", name="a", domains=["{name}.corp", "{region}.compute.internal"])], ["x.com"])
    assert ns[0]["domains"] == ["a.corp", "us-east-1.compute.internal"]


def test_absent_nodes_forward_nothing_and_receive_nothing():
    ns = prepare_nodes([node("us-east-1"), node("us-east-2"), node("us-west-2", state="absent")], DEFAULT_DOMAINS)
    pairs = {(s, t) for s, _domain, t in forwarding(ns, "full_mesh")}
    assert pairs == {("us-east-1", "us-east-2"), ("us-east-2", "us-east-1")}
    assert [n["state"] for n in prepare_nodes([node("us-east-1")], DEFAULT_DOMAINS, "absent")] == ["absent"]
    assert forwarding(prepare_nodes([node("us-east-1")], DEFAULT_DOMAINS, "absent"), "hub", "us-east-1") == []


@pytest.mark.parametrize("given, message", [
    ([node("us-east-1"), node("us-east-1")], "two nodes are named us-east-1"),
    ([node("us-east-1", name="a"), node("us-east-2", name="b", domains=["us-east-1.amazonaws.com"])],
     "answered by both nodes a and b"),
    ([node("us-east-1", name="bad.name")], "node name 'bad.name'"),
])
def test_bad_nodes_are_refused_before_any_call(given, message):
    with pytest.raises(ResolverError, match=message):
        prepare_nodes(given, DEFAULT_DOMAINS)


def test_an_unknown_hub_is_refused():
    with pytest.raises(ResolverError, match="hub 'x' is not a present node"):
        forwarding(nodes(), "hub", "x")


def test_missing_endpoints_are_named_with_the_fix():
    ns = prepare_nodes([node("us-east-1", outbound_endpoint_id=None), node("us-east-2")], DEFAULT_DOMAINS)
    with pytest.raises(ResolverError, match="node us-east-1 forwards queries but has no outbound_endpoint_id"):
        check_endpoints(ns, forwarding(ns, "full_mesh"))
    ns = prepare_nodes([node("us-east-1"), node("us-east-2", inbound_endpoint_id=None)], DEFAULT_DOMAINS)
    with pytest.raises(ResolverError, match="node us-east-2 receives forwarded queries but has no inbound"):
        check_endpoints(ns, forwarding(ns, "full_mesh"))


def test_a_vpc_listed_by_two_nodes_is_refused():
    ns = prepare_nodes([node("us-east-1", name="a", vpc_ids=["vpc-1"]),
                        node("us-east-1", name="b", vpc_ids=["vpc-1"], domains=["b.corp"])], DEFAULT_DOMAINS)
    with pytest.raises(ResolverError, match="VPC vpc-1 is listed by nodes a and b"):
        check_vpcs(ns)


def test_a_target_without_usable_ips_is_refused():
    ns = nodes("us-east-1", "us-east-2")
    with pytest.raises(ResolverError, match="rslvr-in-us-east-2 of node us-east-2 has no usable IP"):
        desired_rules("m", ns, forwarding(ns, "full_mesh"), {"us-east-1": ["10.30.1.4"]})


# -- calls for one region --------------------------------------------------------------------------------
def test_first_run_creates_each_rule_then_associates_it_by_placeholder():
    desired = of(mesh(nodes()), "us-east-1")
    plan = plan_unit(desired, state())
    assert calls(plan) == ["CreateResolverRule"] * 4 + ["AssociateResolverRule"] * 4
    create = plan.actions[0]
    assert create.params["RuleType"] == "FORWARD" and create.params["ResolverEndpointId"] == "rslvr-out-us-east-1"
    assert create.params["Tags"] == [dict(Key="vpcmesh:mesh", Value="m"), dict(Key="vpcmesh:node", Value="us-east-1")]
    assert all(t["Port"] == 53 for t in create.params["TargetIps"])
    assert plan.actions[4].params == dict(ResolverRuleId=new_rule_id(create.params["Name"]), VPCId="vpc-us-east-1",
                                          Name=create.params["Name"])
    assert create.side == "us-east-1" and create.account == "123456789012"
    assert len(plan.rules["created"]) == 4 and len(plan.links["created"]) == 4


def test_a_converged_region_plans_nothing():
    desired = of(mesh(nodes()), "us-east-1")
    plan = plan_unit(desired, converged(desired))
    assert plan.actions == [] and len(plan.rules["unchanged"]) == 4 and len(plan.links["unchanged"]) == 4
    assert plan.before == plan.after


def test_changed_inbound_ips_update_targets_in_place_only():
    desired = of(mesh(nodes()), "us-east-1")
    current = converged(desired)
    stale = next(r for r in current["rules"] if r["domain"] == "us-east-2.amazonaws.com")
    stale["targets"] = [("10.31.1.4", 53), ("10.31.2.99", 53)]
    plan = plan_unit(desired, current)
    assert calls(plan) == ["UpdateResolverRule"]
    assert plan.actions[0].params == dict(ResolverRuleId=stale["id"], Config=dict(
        TargetIps=[dict(Ip="10.31.1.4", Port=53), dict(Ip="10.31.2.4", Port=53)]))
    assert plan.rules["updated"][0]["changes"] == dict(target_ips=dict(before=["10.31.1.4", "10.31.2.99"],
                                                                       after=["10.31.1.4", "10.31.2.4"]))


def test_a_renamed_rule_or_new_outbound_endpoint_is_updated_not_replaced():
    desired = of(mesh(nodes()), "us-east-1")
    current = converged(desired)
    current["rules"][0].update(name="old-name", resolver_endpoint_id="rslvr-out-old")
    plan = plan_unit(desired, current)
    assert calls(plan) == ["UpdateResolverRule"]
    assert plan.actions[0].params["Config"] == dict(Name=desired[sorted(desired)[0]]["name"],
                                                    ResolverEndpointId="rslvr-out-us-east-1")


def test_rules_no_longer_planned_are_disassociated_then_deleted_with_purge():
    desired = of(mesh(nodes()), "us-east-1")
    current = converged(desired)
    current["rules"].append(dict(summary(desired[sorted(desired)[0]], "rslvr-rr-old"), domain="eu-west-1.amazonaws.com"))
    current["owned"]["rslvr-rr-old"] = "us-east-1"
    current["associations"].append(dict(id="a-old", rule_id="rslvr-rr-old", vpc_id="vpc-us-east-1", status="COMPLETE"))
    plan = plan_unit(desired, current)
    assert [(c, a.params) for c, a in zip(calls(plan), plan.actions)] == [
        ("DisassociateResolverRule", dict(ResolverRuleId="rslvr-rr-old", VPCId="vpc-us-east-1")),
        ("DeleteResolverRule", dict(ResolverRuleId="rslvr-rr-old"))]
    assert plan.rules["deleted"] == [dict(id="rslvr-rr-old", name=current["rules"][-1]["name"], node="us-east-1",
                                          domain="eu-west-1.amazonaws.com")]
    assert plan_unit(desired, current, purge=False).actions == []
    assert calls(plan_unit(desired, current, purge=False, removed_domains={"eu-west-1.amazonaws.com"})) == [
        "DisassociateResolverRule", "DeleteResolverRule"]
    assert calls(plan_unit(desired, current, purge=False, removed_nodes={"us-east-1"})) == [
        "DisassociateResolverRule", "DeleteResolverRule"]


def test_associations_with_vpcs_no_longer_listed_are_removed_only_with_purge():
    desired = of(mesh(nodes()), "us-east-1")
    current = converged(desired)
    rule_id = current["rules"][0]["id"]
    current["associations"].append(dict(id="a-x", rule_id=rule_id, vpc_id="vpc-other", status="COMPLETE"))
    assert [(c, a.params) for c, a in zip(calls(plan_unit(desired, current)), plan_unit(desired, current).actions)] \
        == [("DisassociateResolverRule", dict(ResolverRuleId=rule_id, VPCId="vpc-other"))]
    assert plan_unit(desired, current, purge=False).actions == []


def test_a_foreign_rule_for_the_same_domain_in_a_vpc_is_a_conflict_and_is_never_touched():
    desired = of(mesh(nodes()), "us-east-1")
    foreign = dict(id="rslvr-rr-theirs", arn="arn:theirs", name="theirs", domain="us-east-2.amazonaws.com",
                   rule_type="FORWARD", resolver_endpoint_id="rslvr-out-x", targets=[("192.168.0.2", 53)],
                   creator_request_id="console", owner_id="999999999999", status="COMPLETE")
    other = dict(foreign, id="rslvr-rr-other", name="other", domain="example.com")
    plan = plan_unit(desired, state([foreign, other], links=[("rslvr-rr-theirs", "vpc-us-east-1"),
                                                             ("rslvr-rr-other", "vpc-us-east-1")]))
    assert calls(plan) == ["CreateResolverRule"] * 4 + ["AssociateResolverRule"] * 3
    assert all(a.params.get("ResolverRuleId") not in ("rslvr-rr-theirs", "rslvr-rr-other") for a in plan.actions)
    [conflict] = plan.conflicts
    assert conflict["vpc_id"] == "vpc-us-east-1" and conflict["domain"] == "us-east-2.amazonaws.com"
    assert conflict["conflicting_rule_id"] == "rslvr-rr-theirs" and "does not own" in conflict["message"]
    assert [r["vpc_ids"] for r in plan.after if r["domain"] == "us-east-2.amazonaws.com"] == [[]]


def test_a_duplicate_of_a_mesh_rule_is_purged_and_the_tokens_rule_kept():
    desired = of(mesh(nodes()), "us-east-1")
    current = converged(desired)
    spec = desired[sorted(desired)[0]]
    current["rules"].append(summary(spec, "rslvr-rr-aaa", creator_request_id="vpcmesh-other"))
    current["owned"]["rslvr-rr-aaa"] = "us-east-1"
    plan = plan_unit(desired, current)
    assert [(c, a.params) for c, a in zip(calls(plan), plan.actions)] == [
        ("DeleteResolverRule", dict(ResolverRuleId="rslvr-rr-aaa"))]


def test_a_replaced_mesh_rule_frees_the_vpc_before_its_successor_is_associated():
    desired = of(mesh(nodes()), "us-east-1")
    spec = desired[("us-east-1", "us-east-2.amazonaws.com")]
    renamed_node = dict(summary(spec, "rslvr-rr-old"), name="m-old-node")
    current = state([renamed_node], {"rslvr-rr-old": "old-node"}, [("rslvr-rr-old", "vpc-us-east-1")])
    plan = plan_unit(desired, current)
    assert calls(plan) == ["CreateResolverRule"] * 4 + ["DisassociateResolverRule"] + \
        ["AssociateResolverRule"] * 4 + ["DeleteResolverRule"]
    assert plan.conflicts == []
    kept = plan_unit(desired, current, purge=False)
    assert "keeps (purge is off)" in kept.conflicts[0]["message"]


def test_deleting_and_failed_associations_do_not_count():
    desired = of(mesh(nodes()), "us-east-1")
    current = converged(desired)
    for link in current["associations"]:
        link["status"] = "DELETING"
    assert calls(plan_unit(desired, current)) == ["AssociateResolverRule"] * 4


# -- endpoints a check-mode run only plans (planned_endpoints) ---------------------------------------------------
def planned_mesh(*planned_regions, kinds=("inbound", "outbound")):
    """The guide's nodes, those of ``planned_regions`` with endpoints only planned (no IDs)."""
    given = []
    for region in REGIONS:
        if region in planned_regions:
            given.append(node(region, inbound_endpoint_id=None if "inbound" in kinds else f"rslvr-in-{region}",
                              outbound_endpoint_id=None if "outbound" in kinds else f"rslvr-out-{region}",
                              planned_endpoints=list(kinds)))
        else:
            given.append(node(region))
    return prepare_nodes(given, DEFAULT_DOMAINS)


def test_rules_over_planned_endpoints_target_the_new_inbound_ips_and_use_the_new_outbound_endpoint():
    ns = planned_mesh("us-west-2")
    flows = forwarding(ns, "full_mesh")
    check_planned(ns, check_mode=True)
    check_endpoints(ns, flows)
    ips = dict(IPS, **{"us-west-2": new_endpoint_ips("us-west-2")})
    desired = desired_rules("m", ns, flows, ips)
    to_west = desired[("us-east-1", "us-west-2.amazonaws.com")]
    assert to_west["targets"] == [("(IPs of the new inbound endpoint of us-west-2)", 53)]
    from_west = desired[("us-west-2", "us-east-1.amazonaws.com")]
    assert from_west["resolver_endpoint_id"] == new_endpoint_id("us-west-2", "outbound") == \
        "(new outbound endpoint of us-west-2)"
    assert endpoint_id(ns[0], "outbound") == "rslvr-out-us-east-1" and endpoint_id(ns[2], "inbound") is not None


def test_a_new_node_with_planned_endpoints_plans_its_rules_and_associations_as_the_real_run_makes_them():
    ns = planned_mesh("us-west-2")
    desired = desired_rules("m", ns, forwarding(ns, "full_mesh"), dict(IPS, **{"us-west-2": new_endpoint_ips("w")}))
    west = dict(state(), region="us-west-2")
    plan = plan_unit(of(desired, "us-west-2"), west)
    assert calls(plan) == ["CreateResolverRule"] * 4 + ["AssociateResolverRule"] * 4
    assert {a.params["ResolverEndpointId"] for a in plan.actions[:4]} == {"(new outbound endpoint of us-west-2)"}


def test_a_rule_to_a_node_whose_inbound_endpoint_is_planned_anew_is_updated():
    desired = mesh(nodes())
    current = converged(of(desired, "us-east-1"))
    ns = planned_mesh("us-east-2", kinds=("inbound",))
    replanned = desired_rules("m", ns, forwarding(ns, "full_mesh"), dict(IPS, **{"us-east-2": new_endpoint_ips("e")}))
    plan = plan_unit(of(replanned, "us-east-1"), current)
    assert calls(plan) == ["UpdateResolverRule", "UpdateResolverRule"]


@pytest.mark.parametrize("over, check_mode, message", [
    ({}, False, r"nodes\[2\].planned_endpoints \(inbound, outbound\) of node us-west-2 is for check mode only"),
    (dict(inbound_endpoint_id="rslvr-in-x"), True, "names inbound, whose ID is given too"),
    (dict(vpc_ids=None), True, r"needs nodes\[2\].vpc_ids"),
    (dict(state="absent"), True, "the node is absent"),
])
def test_planned_endpoints_are_refused_where_they_cannot_be_planned_before_any_call(over, check_mode, message):
    given = [node("us-east-1"), node("us-east-2"),
             node("us-west-2", **dict(dict(inbound_endpoint_id=None, outbound_endpoint_id=None,
                                           planned_endpoints=["outbound", "inbound"]), **over))]
    with pytest.raises(ResolverError, match=message):
        check_planned(prepare_nodes(given, DEFAULT_DOMAINS), check_mode)


def test_nodes_without_planned_endpoints_pass_in_a_real_run():
    check_planned(nodes(), check_mode=False)
