"""The resolver_mesh role's multi-account hub (resolver_mesh_sharing: ram) through real ansible-playbook: the hub
account's node shares its forwarding rules through AWS RAM with two spoke accounts, which accept and associate them
with their VPCs, each with its own credentials; the entry point unshare removes only ours."""

from tests.emulator.accounts import DEFAULT_ACCOUNT
from tests.emulator.ram_seeding import OTHER_SPOKE, SPOKE
from tests.integration.planned import difference, planned_writes, written

MESH = "hubdns"
REGION = "us-east-1"
CIDRS = {"us-east-1": "10.70.0.0/16", "us-east-2": "10.71.0.0/16"}


def node(aws, region, name=None):
    vpc = aws.make_vpc(region, CIDRS[region], subnets=2)
    out = dict(region=region, vpc_id=vpc["vpc_id"], cidr=CIDRS[region], subnet_ids=vpc["subnet_ids"])
    return dict(out, name=name) if name else out


def play(regions, spokes, tasks_from="main"):
    role_vars = dict(resolver_mesh_name=MESH, resolver_mesh_regions=regions, resolver_mesh_spokes=spokes,
                     resolver_mesh_topology="hub", resolver_mesh_hub="hub", resolver_mesh_s3_endpoints=False,
                     resolver_mesh_peering="none", resolver_mesh_sharing="ram")
    include = dict(name="vpcmesh.aws.resolver_mesh", tasks_from=tasks_from)
    tasks = [dict(name="mesh", **{"ansible.builtin.include_role": include}, vars=role_vars)]
    if tasks_from == "main":
        tasks.append(dict(name="result", **{"ansible.builtin.debug": dict(var="resolver_mesh_result")}))
    return [dict(hosts="localhost", gather_facts=False, tasks=tasks)]


def run(aws, regions, spokes, check=False, tasks_from="main"):
    result = aws.run(play(regions, spokes, tasks_from), check=check)
    assert result.rc == 0, result
    return result, (result.task("result")["resolver_mesh_result"] if tasks_from == "main" else None)


def test_hub_shares_its_rules_with_two_spoke_accounts_check_mode_is_exact_rerun_writes_nothing_unshare_removes_ours(
        aws):
    regions = [node(aws, REGION, "hub"), node(aws, "us-east-2")]
    vpc_a = aws.make_vpc(REGION, "10.72.0.0/16", SPOKE)
    vpc_b = aws.make_vpc(REGION, "10.73.0.0/16", OTHER_SPOKE)
    spokes = [dict(name="payments", region=REGION, account_id=SPOKE, credentials=aws.assume(SPOKE), vpc_ids=[vpc_a["vpc_id"]]),
              dict(name="analytics", node="hub", region=REGION, account_id=OTHER_SPOKE,
                   credentials=aws.assume(OTHER_SPOKE), vpc_ids=[vpc_b["vpc_id"]])]
    aws.reset_calls()

    checked, _out = run(aws, regions, spokes, check=True)
    assert aws.writes() == []
    planned = planned_writes(checked)
    built, out = run(aws, regions, spokes)
    wrote = written(aws)
    assert difference(planned, wrote) == {}
    assert wrote[("CreateResourceShare", REGION)] == 1 and wrote[("AcceptResourceShareInvitation", REGION)] == 2
    by_account = sorted((c.action, c.account) for c in aws.writes() if c.action in (
        "CreateResourceShare", "AcceptResourceShareInvitation"))
    assert by_account == [("AcceptResourceShareInvitation", SPOKE), ("AcceptResourceShareInvitation", OTHER_SPOKE),
                          ("CreateResourceShare", DEFAULT_ACCOUNT)]
    hub_rules = [r for r in aws.client("route53resolver", REGION).list_resolver_rules()["ResolverRules"]
                 if r["Name"].startswith(f"{MESH}-hub-")]
    assert len(hub_rules) == 2
    share = out["sharing"]["shares"][0]["share"]
    assert share["name"] == f"{MESH}-hub" and sorted(share["rule_ids"]) == sorted(r["Id"] for r in hub_rules)
    assert sorted(share["principals"]) == [SPOKE, OTHER_SPOKE]
    for account, vpc in ((SPOKE, vpc_a), (OTHER_SPOKE, vpc_b)):
        used = aws.client("route53resolver", REGION, account).list_resolver_rule_associations()
        assert sorted(a["ResolverRuleId"] for a in used["ResolverRuleAssociations"]
                      if a["VPCId"] == vpc["vpc_id"]) == sorted(r["Id"] for r in hub_rules)
    assert "credentials" not in str(out["sharing"]) and "secret" not in str(out["sharing"])

    aws.reset_calls()
    again, out = run(aws, regions, spokes)
    assert aws.writes() == [] and planned_writes(again) == {}
    checked, _out = run(aws, regions, spokes, check=True)
    assert aws.writes() == [] and planned_writes(checked) == {}

    # A third account joins: check mode plans its acceptance and associations of the rules already shared.
    third = "444444444444"
    vpc_c = aws.make_vpc(REGION, "10.75.0.0/16", third)
    spokes.append(dict(name="data", region=REGION, account_id=third, credentials=aws.assume(third),
                       vpc_ids=[vpc_c["vpc_id"]]))
    aws.reset_calls()
    checked, _out = run(aws, regions, spokes, check=True)
    assert aws.writes() == []
    planned = planned_writes(checked)
    run(aws, regions, spokes)
    assert difference(planned, written(aws)) == {}
    assert sorted((c.action, c.account) for c in aws.writes()) == [
        ("AcceptResourceShareInvitation", third), ("AssociateResolverRule", third), ("AssociateResolverRule", third),
        ("AssociateResourceShare", DEFAULT_ACCOUNT)]

    # Something not ours: another share of the hub's first rule, and a spoke's own association of the second rule.
    ram = aws.client("ram", REGION)
    foreign = ram.create_resource_share(name="by-hand", resourceArns=[hub_rules[0]["Arn"]])["resourceShare"]
    spoke_r53 = aws.client("route53resolver", REGION, SPOKE)
    other_vpc = aws.make_vpc(REGION, "10.74.0.0/16", SPOKE)
    spoke_r53.associate_resolver_rule(ResolverRuleId=hub_rules[1]["Id"], VPCId=other_vpc["vpc_id"], Name="by hand")
    aws.reset_calls()

    run(aws, regions, spokes, tasks_from="unshare")
    assert sorted((c.action, c.account) for c in aws.writes()) == sorted(
        [("DisassociateResolverRule", a) for a in (SPOKE, SPOKE, OTHER_SPOKE, OTHER_SPOKE, third, third)]
        + [("DeleteResourceShare", DEFAULT_ACCOUNT)])
    live = [s["resourceShareArn"] for s in ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
            if s["status"] == "ACTIVE"]
    assert live == [foreign["resourceShareArn"]]
    left = aws.client("route53resolver", REGION, OTHER_SPOKE).list_resolver_rule_associations()
    assert left["ResolverRuleAssociations"] == []
    aws.reset_calls()
    run(aws, regions, spokes, tasks_from="unshare")
    assert aws.writes() == []
