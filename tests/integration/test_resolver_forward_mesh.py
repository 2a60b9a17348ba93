"""resolver_forward_mesh through real ansible-playbook against the emulator (recording proxy)."""

from collections import Counter

import pytest

from tests.emulator.accounts import OTHER_ACCOUNT

CIDRS = {"us-east-1": "10.30.0.0/16", "us-east-2": "10.31.0.0/16", "us-west-2": "10.32.0.0/16",
         "eu-west-1": "10.33.0.0/16"}
MESH = "guide3"


def make_node(aws, region, account=None):
    """A VPC with two subnets, a security group and an inbound and an outbound endpoint (made with boto3)."""
    vpc = aws.make_vpc(region, CIDRS[region], account, subnets=2)
    ec2, r53 = aws.client("ec2", region, account), aws.client("route53resolver", region, account)
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    node = dict(region=region, vpc_id=vpc["vpc_id"], subnet_ids=vpc["subnet_ids"], account=account)
    for direction in ("inbound", "outbound"):
        node[direction] = r53.create_resolver_endpoint(
            CreatorRequestId=f"test-{region}-{direction}", Name=f"{region}-{direction}", SecurityGroupIds=[group],
            Direction=direction.upper(), IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]],
        )["ResolverEndpoint"]["Id"]
    aws.reset_calls()
    return node


def node_arg(node, **over):
    out = dict(region=node["region"], inbound_endpoint_id=node["inbound"], outbound_endpoint_id=node["outbound"])
    out.update(over)
    return out


def run(aws, nodes, check=False, **args):
    args = dict(dict(name=MESH, nodes=nodes), **args)
    # in-process; test_module_smoke.py runs each module through ansible-playbook
    result = aws.run_module("resolver_forward_mesh", args, check=check, name="mesh")
    return result, result.task("mesh")


def rules(aws, region, account=None):
    """{domain: rule} of every rule in a region."""
    found = aws.client("route53resolver", region, account).list_resolver_rules()["ResolverRules"]
    return {r["DomainName"].rstrip("."): r for r in found}


def links(aws, region, account=None):
    found = aws.client("route53resolver", region, account).list_resolver_rule_associations()
    return {(a["ResolverRuleId"], a["VPCId"]) for a in found["ResolverRuleAssociations"]}


def inbound_ips(aws, node):
    found = aws.client("route53resolver", node["region"], node["account"]).list_resolver_endpoint_ip_addresses(
        ResolverEndpointId=node["inbound"])["IpAddresses"]
    return sorted(a["Ip"] for a in found)


def written(aws):
    return Counter((c.region, c.action) for c in aws.writes())


@pytest.fixture
def three(aws):
    return {r: make_node(aws, r) for r in ("us-east-1", "us-east-2", "us-west-2")}


def test_full_mesh_of_three_regions_forwards_each_domain_to_its_regions_inbound_ips(aws, three):
    result, out = run(aws, [node_arg(n) for n in three.values()])
    assert result.rc == 0, result
    assert out["changed"] is True
    for region, node in three.items():
        here = rules(aws, region)
        others = [r for r in three if r != region]
        assert sorted(here) == sorted(f"{o}{s}.amazonaws.com" for o in others for s in ("", ".vpce"))
        for other in others:
            rule = here[f"{other}.vpce.amazonaws.com"]
            assert sorted(t["Ip"] for t in rule["TargetIps"]) == inbound_ips(aws, three[other])
            assert {t["Port"] for t in rule["TargetIps"]} == {53}
            assert rule["ResolverEndpointId"] == node["outbound"]
            assert rule["Name"] == f"{MESH}-{region}-{other}-vpce-amazonaws-com"
            assert (rule["Id"], node["vpc_id"]) in links(aws, region)
    assert written(aws) == Counter({(r, a): 4 for r in three for a in ("CreateResolverRule", "AssociateResolverRule")})
    assert [len(out["plan"][r]["rules"]["created"]) for r in sorted(three)] == [4, 4, 4]


def test_second_run_makes_no_write_calls(aws, three):
    nodes = [node_arg(n) for n in three.values()]
    run(aws, nodes)
    aws.reset_calls()
    result, out = run(aws, nodes)
    assert result.rc == 0, result
    assert out["changed"] is False and out["actions"] == []
    assert aws.writes() == []
    assert [len(out["plan"][r]["rules"]["unchanged"]) for r in sorted(three)] == [4, 4, 4]
    assert out["diff"]["before"] == out["diff"]["after"]
    reads = Counter((c.region, c.action) for c in aws.reads())
    for region in three:  # each region read once; tags only of the mesh's own rules
        assert [reads[(region, a)] for a in ("ListResolverEndpoints", "ListResolverRules", "DescribeVpcs",
                                             "ListTagsForResource")] == [1, 1, 1, 4]


def test_check_mode_predicts_the_run_exactly_and_makes_no_write_calls(aws, three):
    nodes = [node_arg(n) for n in three.values()]
    result, check = run(aws, nodes, check=True)
    assert result.rc == 0, result
    assert aws.writes() == []
    assert all(rules(aws, r) == {} for r in three)
    _result, real = run(aws, nodes)
    recorded = [(c.region, c.action) for c in aws.writes()]
    assert sorted(recorded) == sorted((a["region"], a["call"].split(":")[1]) for a in check["actions"])

    def creates(out):
        return [a["params"] for a in out["actions"] if a["call"].endswith("CreateResolverRule")]

    assert creates(check) == creates(real)
    assert [(a["call"], a["region"], a["side"]) for a in check["actions"]] == \
        [(a["call"], a["region"], a["side"]) for a in real["actions"]]


def test_hub_spokes_forward_every_other_domain_to_the_hub(aws, three):
    nodes = [node_arg(three["us-east-1"], name="hub"), node_arg(three["us-east-2"]), node_arg(three["us-west-2"])]
    result, out = run(aws, nodes, topology="hub", hub="hub")
    assert result.rc == 0, result
    hub_ips = inbound_ips(aws, three["us-east-1"])
    for spoke in ("us-east-2", "us-west-2"):
        here = rules(aws, spoke)
        assert len(here) == 4
        assert all(sorted(t["Ip"] for t in r["TargetIps"]) == hub_ips for r in here.values())
    at_hub = rules(aws, "us-east-1")
    assert sorted(t["Ip"] for t in at_hub["us-west-2.amazonaws.com"]["TargetIps"]) == \
        inbound_ips(aws, three["us-west-2"])
    assert at_hub["us-east-2.vpce.amazonaws.com"]["Name"] == f"{MESH}-hub-us-east-2-vpce-amazonaws-com"


def test_adding_a_fourth_region_creates_only_the_rules_it_brings(aws, three):
    nodes = [node_arg(n) for n in three.values()]
    run(aws, nodes)
    fourth = make_node(aws, "eu-west-1")
    before = {r: {d: x["Id"] for d, x in rules(aws, r).items()} for r in three}
    result, out = run(aws, nodes + [node_arg(fourth)])
    assert result.rc == 0, result
    expected = {(r, a): 2 for r in three for a in ("CreateResolverRule", "AssociateResolverRule")}
    expected.update({("eu-west-1", "CreateResolverRule"): 6, ("eu-west-1", "AssociateResolverRule"): 6})
    assert written(aws) == Counter(expected)
    for region in three:
        after = {d: x["Id"] for d, x in rules(aws, region).items()}
        assert {d: after[d] for d in before[region]} == before[region]
        assert sorted(set(after) - set(before[region])) == ["eu-west-1.amazonaws.com", "eu-west-1.vpce.amazonaws.com"]


def test_removing_a_region_purges_its_rules_and_the_rules_forwarding_to_it(aws, three):
    nodes = [node_arg(n) for n in three.values()]
    run(aws, nodes)
    aws.reset_calls()
    result, out = run(aws, nodes[:2] + [dict(region="us-west-2", state="absent")])
    assert result.rc == 0, result
    assert rules(aws, "us-west-2") == {} and links(aws, "us-west-2") == set()
    for region in ("us-east-1", "us-east-2"):
        assert not any(d.startswith("us-west-2") for d in rules(aws, region))
        assert len(rules(aws, region)) == 2
    order = [c.action for c in aws.writes() if c.region == "us-east-1"]
    assert order == ["DisassociateResolverRule"] * 2 + ["DeleteResolverRule"] * 2
    assert written(aws)[("us-west-2", "DeleteResolverRule")] == 4
    assert len(out["plan"]["us-west-2"]["rules"]["deleted"]) == 4


def test_changed_inbound_ips_update_the_rules_targets_in_place(aws, three):
    nodes = [node_arg(n) for n in three.values()]
    run(aws, nodes)
    east2 = three["us-east-2"]
    r53 = aws.client("route53resolver", "us-east-2")
    old = r53.list_resolver_endpoint_ip_addresses(ResolverEndpointId=east2["inbound"])["IpAddresses"][0]
    r53.associate_resolver_endpoint_ip_address(ResolverEndpointId=east2["inbound"],
                                               IpAddress={"SubnetId": old["SubnetId"], "Ip": "10.31.0.77"})
    r53.disassociate_resolver_endpoint_ip_address(ResolverEndpointId=east2["inbound"],
                                                  IpAddress={"IpId": old["IpId"], "SubnetId": old["SubnetId"]})
    ids = {r: {d: x["Id"] for d, x in rules(aws, r).items()} for r in three}
    aws.reset_calls()
    result, out = run(aws, nodes)
    assert result.rc == 0, result
    assert written(aws) == Counter({("us-east-1", "UpdateResolverRule"): 2, ("us-west-2", "UpdateResolverRule"): 2})
    for region in ("us-east-1", "us-west-2"):
        here = rules(aws, region)
        for domain in ("us-east-2.amazonaws.com", "us-east-2.vpce.amazonaws.com"):
            assert sorted(t["Ip"] for t in here[domain]["TargetIps"]) == inbound_ips(aws, east2)
            assert "10.31.0.77" in inbound_ips(aws, east2)
        assert {d: x["Id"] for d, x in here.items()} == ids[region]
    [change] = [u["changes"] for u in out["plan"]["us-east-1"]["rules"]["updated"]
                if u["domain"] == "us-east-2.amazonaws.com"]
    assert old["Ip"] in change["target_ips"]["before"] and "10.31.0.77" in change["target_ips"]["after"]


def test_a_foreign_rule_is_left_alone_and_its_domain_reported_as_a_conflict(aws, three):
    east1 = three["us-east-1"]
    r53 = aws.client("route53resolver", "us-east-1")

    def foreign(name, domain):
        rule = r53.create_resolver_rule(CreatorRequestId=name, Name=name, RuleType="FORWARD", DomainName=domain,
                                        TargetIps=[{"Ip": "192.168.0.2", "Port": 53}],
                                        ResolverEndpointId=east1["outbound"])["ResolverRule"]
        r53.associate_resolver_rule(ResolverRuleId=rule["Id"], VPCId=east1["vpc_id"], Name=name)
        return rule

    theirs, unrelated = foreign("theirs", "us-east-2.amazonaws.com"), foreign("unrelated", "corp.example")
    aws.reset_calls()
    nodes = [node_arg(n) for n in three.values()]
    result, out = run(aws, nodes)
    assert result.rc == 0, result
    [conflict] = out["conflicts"]
    assert conflict["conflicting_rule_id"] == theirs["Id"] and conflict["vpc_id"] == east1["vpc_id"]
    assert any("does not own" in w for w in result.task("mesh").get("warnings", []))
    touched = [c.params.get("ResolverRuleId") for c in aws.writes()]
    assert theirs["Id"] not in touched and unrelated["Id"] not in touched
    assert written(aws)[("us-east-1", "AssociateResolverRule")] == 3
    remaining = aws.client("route53resolver", "us-east-1").list_resolver_rules()["ResolverRules"]
    assert {r["Id"] for r in remaining} >= {theirs["Id"], unrelated["Id"]}
    assert {(theirs["Id"], east1["vpc_id"]), (unrelated["Id"], east1["vpc_id"])} <= links(aws, "us-east-1")
    aws.reset_calls()
    result, out = run(aws, nodes)
    assert result.rc == 0 and aws.writes() == [] and len(out["conflicts"]) == 1


def test_a_node_of_another_account_is_read_and_changed_with_its_credentials(aws):
    east1, west2 = make_node(aws, "us-east-1"), make_node(aws, "us-west-2", OTHER_ACCOUNT)
    keys = aws.assume(OTHER_ACCOUNT)
    aws.reset_calls()
    result, out = run(aws, [node_arg(east1), node_arg(west2, credentials=keys)])
    assert result.rc == 0, result
    assert len(rules(aws, "us-west-2", OTHER_ACCOUNT)) == 2 and rules(aws, "us-west-2") == {}
    assert {c.account for c in aws.writes() if c.region == "us-west-2"} == {OTHER_ACCOUNT}
    assert {a["account"] for a in out["actions"] if a["region"] == "us-west-2"} == {OTHER_ACCOUNT}


def test_an_unknown_endpoint_fails_before_any_write(aws, three):
    nodes = [node_arg(n) for n in three.values()]
    nodes[1]["inbound_endpoint_id"] = "rslvr-in-00000000000000000"
    result, out = run(aws, nodes)
    assert result.rc != 0
    assert "inbound endpoint rslvr-in-00000000000000000 of node us-east-2 was not found in us-east-2" in out["msg"]
    assert aws.writes() == []


def test_an_endpoint_given_in_the_wrong_direction_fails_before_any_write(aws, three):
    nodes = [node_arg(n) for n in three.values()]
    nodes[0]["outbound_endpoint_id"] = three["us-east-1"]["inbound"]
    result, out = run(aws, nodes)
    # refused by the ID's shape (rslvr-in-...), before any call
    assert result.rc != 0 and f"nodes[0].outbound_endpoint_id is '{three['us-east-1']['inbound']}', which is not an " \
        "outbound Resolver endpoint ID" in out["msg"]
    assert aws.writes() == []


def test_check_mode_over_planned_endpoints_plans_the_writes_the_real_run_makes_once_they_exist(aws, three):
    """A node whose endpoints an earlier task only plans (planned_endpoints) gets its rules and associations planned,
    and the other nodes' rules forwarding to it, as the real run makes them once the endpoints exist; a real run
    given planned_endpoints is refused before any call."""
    nodes = [node_arg(n) for n in three.values()]
    run(aws, nodes)
    fourth = make_node(aws, "eu-west-1")
    planned = dict(region="eu-west-1", planned_endpoints=["inbound", "outbound"], vpc_ids=[fourth["vpc_id"]])
    result, out = run(aws, nodes + [planned], check=True)
    assert result.rc == 0, result
    assert aws.writes() == []
    plan = Counter((a["region"], a["call"].split(":")[1]) for a in out["actions"])
    to_fourth = [a for a in out["actions"] if a["region"] == "us-east-1" and a["call"].endswith("CreateResolverRule")]
    assert {t["Ip"] for a in to_fourth for t in a["params"]["TargetIps"]} == {
        "(IPs of the new inbound endpoint of eu-west-1)"}
    from_fourth = [a for a in out["actions"] if a["region"] == "eu-west-1" and a["call"].endswith("CreateResolverRule")]
    assert {a["params"]["ResolverEndpointId"] for a in from_fourth} == {"(new outbound endpoint of eu-west-1)"}

    aws.reset_calls()
    refused, message = run(aws, nodes + [planned])
    assert refused.rc != 0 and "nodes[3].planned_endpoints (inbound, outbound) of node eu-west-1 is for check mode " \
        "only" in message["msg"]
    assert aws.calls == []

    result, _out = run(aws, nodes + [node_arg(fourth)])
    assert result.rc == 0, result
    assert written(aws) == plan
