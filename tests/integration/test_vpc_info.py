"""vpc_info against the emulator (in-process module runs): many VPCs of several regions and accounts read with one
describe per kind per (account, region), and every problem named before the main job goes on."""

OTHER = "222222222222"


def read(aws, vpcs, check=False, **args):
    result = aws.run_module("vpc_info", dict(vpcs=vpcs, **args), check=check, name="read")
    return result, result.task("read")


def test_vpcs_of_two_regions_and_two_accounts_are_read_once_per_kind_per_account_and_region(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2, route_tables=1, tags={"Name": "app-a"})
    b = aws.make_vpc("us-east-1", "10.1.0.0/16", subnets=1, tags={"Name": "app-b"})
    c = aws.make_vpc("eu-west-1", "10.2.0.0/16", subnets=1)
    d = aws.make_vpc("eu-west-1", "10.3.0.0/16", OTHER, subnets=1, tags={"Name": "partner"})
    creds = aws.assume(OTHER)
    aws.reset_calls()
    result, out = read(aws, [dict(name="app-a", region="us-east-1"), dict(name="app-b", region="us-east-1"),
                             dict(name="c", region="eu-west-1", vpc_id=c["vpc_id"]),
                             dict(name="partner", region="eu-west-1", account_id=OTHER, credentials=creds)])
    result.assert_ok()
    assert out["changed"] is False and out["problems"] == []
    assert {name: found["vpc_id"] for name, found in out["vpcs"].items()} == {
        "app-a": a["vpc_id"], "app-b": b["vpc_id"], "c": c["vpc_id"], "partner": d["vpc_id"]}
    assert out["vpcs"]["partner"]["account_id"] == OTHER and out["vpcs"]["partner"]["cidrs"] == ["10.3.0.0/16"]
    assert sorted(s["subnet_id"] for s in out["vpcs"]["app-a"]["subnets"]) == sorted(a["subnet_ids"])
    assert {t["route_table_id"] for t in out["vpcs"]["app-a"]["route_tables"]} == set(
        a["route_table_ids"] + [a["main_route_table_id"]])
    reads = sorted((c.action, c.region, c.account) for c in aws.reads() if c.action.startswith("Describe"))
    assert reads == sorted(
        [("DescribeVpcs", "us-east-1", "123456789012"),  # both by Name tag in one call
         ("DescribeSubnets", "us-east-1", "123456789012"), ("DescribeRouteTables", "us-east-1", "123456789012"),
         ("DescribeVpcs", "eu-west-1", "123456789012"),
         ("DescribeSubnets", "eu-west-1", "123456789012"), ("DescribeRouteTables", "eu-west-1", "123456789012"),
         ("DescribeVpcs", "eu-west-1", OTHER), ("DescribeSubnets", "eu-west-1", OTHER),
         ("DescribeRouteTables", "eu-west-1", OTHER)])
    assert aws.writes() == []


def test_every_problem_is_named_and_fails_the_module_unless_told_not_to(aws):
    aws.make_vpc("us-east-1", "10.0.0.0/16", tags={"Name": "twice"})
    aws.make_vpc("us-east-1", "10.1.0.0/16", tags={"Name": "twice"})
    mine = aws.make_vpc("us-east-1", "10.2.0.0/16", tags={"Name": "mine"})
    vpcs = [dict(name="twice", region="us-east-1"), dict(name="missing", region="eu-west-1"),
            dict(name="mine", region="us-east-1", account_id=OTHER)]
    result, out = read(aws, vpcs)
    assert result.rc != 0
    assert out["msg"].startswith("twice: the VPC named twice matches 2 VPCs (")
    assert "missing: the VPC named missing was not found in eu-west-1" in out["msg"]
    assert f"mine: {mine['vpc_id']}" not in out["msg"]  # found by name: the message names what was asked for
    assert "mine: the VPC named mine belongs to account 123456789012, not account_id 222222222222" in out["msg"]
    result, out = read(aws, vpcs + [dict(name="ok", region="us-east-1", vpc_id=mine["vpc_id"])], fail_on_problems=False)
    result.assert_ok()
    assert len(out["problems"]) == 3 and list(out["vpcs"]) == ["ok"]


def test_check_mode_reads_the_same_and_writes_nothing(aws):
    vpc = aws.make_vpc("us-west-2", "10.0.0.0/16", tags={"Name": "app"})
    result, out = read(aws, [dict(name="app", region="us-west-2")], check=True)
    result.assert_ok()
    assert out["vpcs"]["app"]["vpc_id"] == vpc["vpc_id"] and aws.writes() == []


def test_an_entry_name_given_twice_is_refused_before_any_call(aws):
    result, out = read(aws, [dict(name="app", region="us-west-2"), dict(name="app", region="us-east-1")])
    assert result.rc != 0 and "names app are given more than once" in out["msg"]
    assert aws.calls == []
