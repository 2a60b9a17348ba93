"""resolver_rule_share (hub) and shared_rule_association (spokes) against the emulator: three accounts."""

from tests.emulator.ram_seeding import HUB, OTHER_SPOKE, SPOKE, hub_rules

REGION = "us-east-1"


def creds(aws, account):
    keys = aws.assume(account)
    return dict(access_key=keys["access_key"], secret_key=keys["secret_key"], session_token=keys["session_token"])


def share(aws, check=False, **args):
    args = dict(dict(region=REGION, name="central-dns"), **args, **creds(aws, HUB))
    result = aws.run_module("resolver_rule_share", args, check=check, diff=True, name="share")
    assert result.rc == 0, result
    return result.task("share")


def spoke(aws, account, check=False, **args):
    args = dict(dict(region=REGION, share_name="central-dns", share_owner=HUB), **args, **creds(aws, account))
    result = aws.run_module("shared_rule_association", args, check=check, diff=True, name="spoke")
    assert result.rc == 0, result
    return result.task("spoke")


def writes(aws):
    return sorted((c.action, c.account) for c in aws.writes())


def planned(*results):
    return sorted((a["call"].split(":")[1], a["account"]) for r in results for a in r["actions"])


def test_hub_shares_spokes_accept_and_associate_rerun_writes_nothing_and_check_mode_predicts(aws):
    hub = hub_rules(aws, domains=("onprem.example.com", "corp.example.com"))
    names = [r["Name"] for r in hub["rules"]]
    vpc_a = aws.make_vpc(REGION, "10.61.0.0/16", SPOKE)
    vpc_b = aws.make_vpc(REGION, "10.62.0.0/16", OTHER_SPOKE)
    aws.reset_calls()

    plan_hub = share(aws, check=True, rule_names=names, principals=[SPOKE, OTHER_SPOKE])
    rules_added = plan_hub["rules_added"]
    plan_a = spoke(aws, SPOKE, check=True, vpc_ids=[vpc_a["vpc_id"]], planned_share=dict(rules=rules_added))
    plan_b = spoke(aws, OTHER_SPOKE, check=True, vpc_ids=[vpc_b["vpc_id"]], planned_share=dict(rules=rules_added))
    assert aws.writes() == []
    assert plan_hub["changed"] and plan_a["changed"] and plan_b["changed"]

    done_hub = share(aws, rule_names=names, principals=[SPOKE, OTHER_SPOKE], tags={"team": "network"})
    done_a = spoke(aws, SPOKE, vpc_ids=[vpc_a["vpc_id"]])
    done_b = spoke(aws, OTHER_SPOKE, vpc_ids=[vpc_b["vpc_id"]])
    assert writes(aws) == planned(plan_hub, plan_a, plan_b) == sorted(
        [("CreateResourceShare", HUB)] + [("AcceptResourceShareInvitation", a) for a in (SPOKE, OTHER_SPOKE)]
        + [("AssociateResolverRule", a) for a in (SPOKE, SPOKE, OTHER_SPOKE, OTHER_SPOKE)])
    assert sorted(done_hub["share"]["rule_ids"]) == sorted(r["Id"] for r in hub["rules"])
    assert done_hub["share"]["tags"] == {"team": "network", "vpcmesh:managed-by": "vpcmesh.aws"}
    assert sorted(a["rule_id"] for a in done_a["associations"]) == sorted(r["Id"] for r in hub["rules"])
    used = aws.client("route53resolver", REGION, SPOKE).list_resolver_rule_associations()["ResolverRuleAssociations"]
    assert sorted((a["VPCId"], a["Name"]) for a in used) == [(vpc_a["vpc_id"], "vpcmesh central-dns")] * 2
    assert [i["status"] for i in done_b["invitations"]] == ["ACCEPTED"]
    aws.reset_calls()

    again = [share(aws, rule_names=names, principals=[SPOKE, OTHER_SPOKE], tags={"team": "network"}),
             spoke(aws, SPOKE, vpc_ids=[vpc_a["vpc_id"]]), spoke(aws, OTHER_SPOKE, vpc_ids=[vpc_b["vpc_id"]])]
    assert aws.writes() == [] and not any(r["changed"] for r in again)
    checked = [share(aws, check=True, rule_names=names, principals=[SPOKE, OTHER_SPOKE]),
               spoke(aws, SPOKE, check=True, vpc_ids=[vpc_a["vpc_id"]])]
    assert aws.writes() == [] and not any(r["changed"] for r in checked)


def test_changes_by_difference_and_removal_leaves_foreign_share_and_association(aws):
    hub = hub_rules(aws, domains=("onprem.example.com", "corp.example.com"))
    first, second = hub["rules"]
    vpc_a = aws.make_vpc(REGION, "10.63.0.0/16", SPOKE)
    vpc_a2 = aws.make_vpc(REGION, "10.64.0.0/16", SPOKE)
    ram = aws.client("ram", REGION, HUB)
    foreign = ram.create_resource_share(name="theirs", resourceArns=[second["Arn"]], principals=[SPOKE])
    foreign_arn = foreign["resourceShare"]["resourceShareArn"]
    spoke_ram = aws.client("ram", REGION, SPOKE)
    for invitation in spoke_ram.get_resource_share_invitations()["resourceShareInvitations"]:
        spoke_ram.accept_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
    r53 = aws.client("route53resolver", REGION, SPOKE)
    r53.associate_resolver_rule(ResolverRuleId=second["Id"], VPCId=vpc_a2["vpc_id"], Name="by hand")

    share(aws, rule_ids=[first["Id"]], principals=[SPOKE])
    spoke(aws, SPOKE, vpc_ids=[vpc_a["vpc_id"]])
    aws.reset_calls()

    plan = share(aws, check=True, rule_ids=[first["Id"], second["Id"]], principals=[SPOKE, OTHER_SPOKE])
    assert [(a["call"], a["params"].get("resourceArns"), a["params"].get("principals")) for a in plan["actions"]] == [
        ("ram:AssociateResourceShare", [second["Arn"]], [OTHER_SPOKE])]
    done = share(aws, rule_ids=[first["Id"], second["Id"]], principals=[SPOKE, OTHER_SPOKE])
    assert planned(plan) == planned(done) == writes(aws)
    aws.reset_calls()
    moved = spoke(aws, SPOKE, vpc_ids=[vpc_a2["vpc_id"]])
    # The hand-made association of the second rule with vpc_a2 counts as present; ours with vpc_a goes.
    assert sorted((a["call"], a["params"]["VPCId"]) for a in moved["actions"]) == [
        ("route53resolver:AssociateResolverRule", vpc_a2["vpc_id"]),
        ("route53resolver:DisassociateResolverRule", vpc_a["vpc_id"])]

    gone_spoke = spoke(aws, SPOKE, state="absent")
    assert [a["call"] for a in gone_spoke["actions"]] == ["route53resolver:DisassociateResolverRule"]
    gone_hub = share(aws, state="absent")
    assert [a["call"] for a in gone_hub["actions"]] == ["ram:DeleteResourceShare"]
    left = r53.list_resolver_rule_associations()["ResolverRuleAssociations"]
    assert [(a["ResolverRuleId"], a["VPCId"], a["Name"]) for a in left] == [(second["Id"], vpc_a2["vpc_id"], "by hand")]
    live = [s["resourceShareArn"] for s in ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
            if s["status"] == "ACTIVE"]
    assert live == [foreign_arn]
    aws.reset_calls()
    assert not share(aws, state="absent")["changed"] and not spoke(aws, SPOKE, state="absent")["changed"]
    assert aws.writes() == []


def test_share_of_our_name_without_our_tag_is_refused_before_any_write(aws):
    hub = hub_rules(aws)
    aws.client("ram", REGION, HUB).create_resource_share(name="central-dns", resourceArns=[hub["rules"][0]["Arn"]])
    aws.reset_calls()
    args = dict(region=REGION, name="central-dns", rule_ids=[hub["rules"][0]["Id"]], principals=[SPOKE],
                **creds(aws, HUB))
    result = aws.run_module("resolver_rule_share", args, name="share")
    out = result.task("share")
    assert out.get("failed") and "was not created by vpcmesh.aws" in out["msg"]
    assert aws.writes() == []


def test_spoke_that_is_not_a_principal_fails_naming_the_share(aws):
    hub_rules(aws)
    vpc = aws.make_vpc(REGION, "10.65.0.0/16", SPOKE)
    args = dict(region=REGION, share_name="central-dns", share_owner=HUB, vpc_ids=[vpc["vpc_id"]], wait_timeout=2,
                **creds(aws, SPOKE))
    out = aws.run_module("shared_rule_association", args, name="spoke").task("spoke")
    assert out.get("failed") and "'central-dns' of account 111111111111 is not shared with this account" in out["msg"]
    assert aws.writes() == []


def test_inside_an_organization_with_sharing_enabled_the_spoke_associates_without_an_invitation(aws):
    hub = hub_rules(aws)
    org = aws.client("organizations", REGION, HUB)
    org_arn = org.create_organization(FeatureSet="ALL")["Organization"]["Arn"]
    aws.client("ram", REGION, HUB).enable_sharing_with_aws_organization()
    member = org.create_account(AccountName="spoke", Email="spoke@example.com")["CreateAccountStatus"]["AccountId"]
    vpc = aws.make_vpc(REGION, "10.66.0.0/16", member)
    aws.reset_calls()

    plan_hub = share(aws, check=True, rule_ids=[hub["rules"][0]["Id"]], principals=[org_arn])
    plan_spoke = spoke(aws, member, check=True, vpc_ids=[vpc["vpc_id"]],
                       planned_share=dict(rules=plan_hub["rules_added"], invitation=False))
    done_hub = share(aws, rule_ids=[hub["rules"][0]["Id"]], principals=[org_arn])
    done_spoke = spoke(aws, member, vpc_ids=[vpc["vpc_id"]])
    assert done_hub["share"]["allow_external_principals"] is False
    assert writes(aws) == planned(plan_hub, plan_spoke) == sorted(
        [("CreateResourceShare", HUB), ("AssociateResolverRule", member)])
    assert done_spoke["invitations"] == [] and done_spoke["associations"] == [
        dict(rule_id=hub["rules"][0]["Id"], vpc_id=vpc["vpc_id"])]
