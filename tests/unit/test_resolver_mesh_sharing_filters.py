"""The resolver_mesh role's RAM sharing filters (plugins/filter/resolver_mesh.py): spokes' problems, shares, spoke runs."""

from ansible_collections.vpcmesh.aws.plugins.filter import resolver_mesh as f

NAMES = ["hub", "us-east-2"]
NODES = {"hub": dict(region="us-east-1", credentials=None), "us-east-2": dict(region="us-east-2")}
SPOKE = dict(name="payments", region="us-east-1", account_id="222222222222", vpc_ids=["vpc-1"],
             credentials=dict(access_key="AK", secret_key="SK"))
FORWARDING = {"rules": {"us-east-1": [dict(id="rslvr-rr-1", name="m-hub-a", node="hub"),
                                      dict(id=None, name="m-hub-b", node="hub")],
                        "us-east-2": [dict(id="rslvr-rr-2", name="m-us-east-2-a", node="us-east-2")]}}


def test_spoke_problems_name_each_bad_spoke():
    bad = [dict(SPOKE), dict(SPOKE, name="x", account_id="12", vpc_ids=[]), dict(SPOKE, name="y", region="eu-west-1"),
           dict(SPOKE, name="z", node="hub", region="us-east-2", credentials=dict(role_arn="arn"))]
    problems = f.mesh_spoke_problems(bad, NAMES, NODES, ["o-bad"])
    assert any("spoke x: account_id '12'" in p for p in problems) and any("spoke x: vpc_ids" in p for p in problems)
    assert any("spoke y: give node" in p for p in problems)
    assert any("spoke z: region us-east-2 is not the region of node hub" in p for p in problems)
    assert any("spoke z: credentials give a role" in p for p in problems)
    assert any("'o-bad'" in p for p in problems)
    assert f.mesh_spoke_problems([SPOKE], NAMES, NODES) == []


def test_one_share_per_node_with_spokes_shares_its_own_rules_by_name():
    shares = f.mesh_shares([SPOKE], NAMES, NODES, "m", FORWARDING)
    assert [(s["node"], s["share_name"], s["rule_names"], s["planned_rule_names"], s["principals"]) for s in shares] == [
        ("hub", "m-hub", ["m-hub-a", "m-hub-b"], [], ["222222222222"])]
    checked = f.mesh_shares([SPOKE], NAMES, NODES, "m", FORWARDING, check_mode=True)[0]
    assert (checked["rule_names"], checked["planned_rule_names"]) == (["m-hub-a"], ["m-hub-b"])
    assert checked["spokes"][0]["invitation"] is True
    org = "arn:aws:organizations::111111111111:organization/o-abcdefghij"
    inside = f.mesh_shares([SPOKE], NAMES, NODES, "m", FORWARDING, [org], True)[0]
    assert inside["principals"] == [org] and inside["spokes"][0]["invitation"] is False


def test_spoke_runs_plan_over_the_hub_s_check_mode_run_and_the_report_drops_credentials():
    item = f.mesh_shares([SPOKE], NAMES, NODES, "m", FORWARDING, check_mode=True)[0]
    share = dict(owner="111111111111", name="m-hub", rule_ids=["rslvr-rr-1", "(new rule b)"])
    runs = {"results": [dict(changed=True, share=share, ansible_loop_var="share_item", share_item=item)]}
    spoke = f.mesh_spoke_runs(runs, True)[0]
    assert (spoke["share_owner"], spoke["share_name"], spoke["vpc_ids"]) == ("111111111111", "m-hub", ["vpc-1"])
    assert spoke["planned_share"] == dict(invitation=True, rules=["rslvr-rr-1", "(new rule b)"])
    assert f.mesh_spoke_runs(runs, False)[0]["planned_share"] is None
    spoke_runs = {"results": [dict(changed=False, associations=[], invitations=[], ansible_loop_var="s", s=spoke)]}
    report = f.mesh_share_report(runs, spoke_runs)
    assert "SK" not in str(report) and report["spokes"][0]["name"] == "payments"
    assert f.mesh_share_name("m", "hub") == "m-hub"
