"""Pure plans of resolver_rule_share (hub) and shared_rule_association (spoke): module_utils/ram_share.py."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils import ram_share as rs

HUB, SPOKE = "111111111111", "222222222222"
ORG = "arn:aws:organizations::111111111111:organization/o-abcdefghij"
OU = "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-abcdefgh"
R1 = f"arn:aws:route53resolver:us-east-1:{HUB}:resolver-rule/rslvr-rr-1111"
R2 = f"arn:aws:route53resolver:us-east-1:{HUB}:resolver-rule/rslvr-rr-2222"
OURS = [dict(key="vpcmesh:managed-by", value="vpcmesh.aws")]


def want(**extra):
    base = dict(state="present", name="dns", region="us-east-1", account=HUB, principals=[SPOKE],
                resource_arns=[R1], tags=None, purge_principals=True, purge_rules=True,
                allow_external_principals=None)
    return dict(base, **extra)


def current(**extra):
    base = dict(arn="arn:aws:ram:us-east-1:111111111111:resource-share/x", name="dns", status="ACTIVE", owner=HUB,
                allow_external_principals=True, principals=[SPOKE], rule_arns=[R1], rule_ids=["rslvr-rr-1111"],
                tags={"vpcmesh:managed-by": "vpcmesh.aws"}, last_updated="1")
    return dict(base, **extra)


def test_new_share_is_one_create_with_our_tag_and_a_token_that_changes_after_a_delete():
    actions, after = rs.plan_share(want(), None)
    assert [a.call for a in actions] == ["ram:CreateResourceShare"]
    params = actions[0].params
    assert params["resourceArns"] == [R1] and params["principals"] == [SPOKE]
    assert {"key": "vpcmesh:managed-by", "value": "vpcmesh.aws"} in params["tags"]
    assert params["allowExternalPrincipals"] is True and after["rule_ids"] == ["rslvr-rr-1111"]
    again, _after = rs.plan_share(want(), None)
    later, _after = rs.plan_share(want(), None, generation=1)
    assert again[0].params["clientToken"] == params["clientToken"] != later[0].params["clientToken"]


def test_organization_only_principals_refuse_external_by_default():
    actions, _after = rs.plan_share(want(principals=[ORG, OU]), None)
    assert actions[0].params["allowExternalPrincipals"] is False


def test_unchanged_share_plans_nothing():
    assert rs.plan_share(want(), current()) == ([], current())


def test_principals_and_rules_change_by_difference():
    actions, after = rs.plan_share(want(principals=["333333333333"], resource_arns=[R1, R2]), current())
    assert [(a.call, a.params.get("principals"), a.params.get("resourceArns")) for a in actions] == [
        ("ram:DisassociateResourceShare", [SPOKE], None),
        ("ram:AssociateResourceShare", ["333333333333"], [R2])]
    assert after["principals"] == ["333333333333"] and after["rule_ids"] == ["rslvr-rr-1111", "rslvr-rr-2222"]


def test_without_purge_nothing_is_removed():
    wanted = want(principals=[], resource_arns=[R2], purge_principals=False, purge_rules=False)
    actions, _after = rs.plan_share(wanted, current())
    assert [(a.call, a.params.get("resourceArns")) for a in actions] == [("ram:AssociateResourceShare", [R2])]


def test_tokens_of_a_change_depend_on_the_share_s_last_update():
    first, _after = rs.plan_share(want(resource_arns=[R1, R2]), current())
    later, _after = rs.plan_share(want(resource_arns=[R1, R2]), current(last_updated="2"))
    assert first[0].params["clientToken"] != later[0].params["clientToken"]


def test_external_setting_and_tags_are_updated():
    actions, after = rs.plan_share(want(allow_external_principals=False, tags={"team": "net"}), current())
    assert [a.call for a in actions] == ["ram:UpdateResourceShare", "ram:TagResource"]
    assert actions[1].params["tags"] == [dict(key="team", value="net")]
    assert after["tags"]["team"] == "net" and after["allow_external_principals"] is False


def test_absent_deletes_ours_and_nothing_when_gone():
    actions, after = rs.plan_share(want(state="absent"), current())
    assert [a.call for a in actions] == ["ram:DeleteResourceShare"] and after is None
    assert rs.plan_share(want(state="absent"), None) == ([], None)


def test_pick_share_refuses_a_foreign_share_and_counts_deleted_ones():
    mine = dict(name="dns", owningAccountId=HUB, status="ACTIVE", resourceShareArn="a", tags=OURS)
    deleted = dict(mine, status="DELETED", resourceShareArn="b")
    assert rs.pick_share([mine, deleted], "dns", HUB) == (mine, 1)
    with pytest.raises(rs.ShareError, match="was not created by vpcmesh.aws"):
        rs.pick_share([dict(mine, tags=[])], "dns", HUB)
    with pytest.raises(rs.ShareError, match="several resource shares"):
        rs.pick_share([mine, dict(mine, resourceShareArn="c")], "dns", HUB)
    assert rs.pick_share([], "dns", HUB) == (None, 0)


def test_resolve_rules_by_name_id_and_planned_name():
    rules = [dict(Id="rslvr-rr-1111", Name="one", Arn=R1, OwnerId=HUB),
             dict(Id="rslvr-rr-2222", Name="two", Arn=R2, OwnerId=HUB)]
    arns, labels = rs.resolve_rules(dict(rule_ids=["rslvr-rr-2222"], rule_names=["one", "three"],
                                         planned_rule_names=["three"]), rules, HUB, "aws", "us-east-1")
    assert arns == sorted([R1, R2, "(new rule three)"])
    assert labels[R1] == "one" and labels[R2] == "two"
    with pytest.raises(rs.ShareError, match="no Resolver rule named 'four'"):
        rs.resolve_rules(dict(rule_names=["four"]), rules, HUB, "aws", "us-east-1")
    with pytest.raises(rs.ShareError, match="only its owner can share it"):
        rs.resolve_rules(dict(rule_ids=["rslvr-rr-3333"]), rules + [dict(Id="rslvr-rr-3333", OwnerId=SPOKE)], HUB,
                         "aws", "us-east-1")
    with pytest.raises(rs.ShareError, match="was not found"):
        rs.resolve_rules(dict(rule_ids=["rslvr-rr-9999"]), rules, HUB, "aws", "us-east-1")


def test_share_input_checks():
    problems = rs.check_share_input(dict(name="dns", state="present", principals=["nobody"], rule_ids=["x"]))
    assert any("'nobody'" in p for p in problems) and any("'x'" in p for p in problems)
    assert rs.check_share_input(dict(name="dns", state="present", principals=[SPOKE], rule_names=["a"])) == []
    assert any("check mode only" in p for p in rs.check_share_input(dict(
        name="dns", state="present", principals=[SPOKE], planned_rule_names=["a"], check_mode=False)))
    assert rs.check_share_input(dict(name="dns", state="absent")) == []


def spoke(**extra):
    base = dict(state="present", region="us-east-1", account=SPOKE, share_name="dns", share_owner=HUB,
                vpc_ids=["vpc-1"], rule_ids=[], accept_invitation=True, purge=True, planned_share=None)
    return dict(base, **extra)


def test_pending_invitation_is_accepted_and_refused_without_accept_invitation():
    invitation = dict(resourceShareInvitationArn="inv", status="PENDING", resourceShareName="dns", senderAccountId=HUB)
    actions, pending = rs.plan_invitations(spoke(), [invitation])
    assert [a.call for a in actions] == ["ram:AcceptResourceShareInvitation"] and pending == ["inv"]
    with pytest.raises(rs.ShareError, match="accept_invitation is false"):
        rs.plan_invitations(spoke(accept_invitation=False), [invitation])
    assert rs.plan_invitations(spoke(), [dict(invitation, status="ACCEPTED")]) == ([], [])


def test_planned_share_plans_the_acceptance_unless_inside_the_organization():
    actions, _after = rs.plan_invitations(spoke(planned_share=dict(rules=["(new rule a)"], invitation=True)), [])
    assert [a.call for a in actions] == ["ram:AcceptResourceShareInvitation"]
    assert rs.plan_invitations(spoke(planned_share=dict(rules=[], invitation=False)), []) == ([], [])


def test_pick_invitations_matches_name_and_sender():
    found = rs.pick_invitations([dict(resourceShareName="dns", senderAccountId=HUB, invitationTimestamp=1),
                                 dict(resourceShareName="dns", senderAccountId="999999999999"),
                                 dict(resourceShareName="other", senderAccountId=HUB)], "dns", HUB)
    assert found == [dict(resourceShareName="dns", senderAccountId=HUB, invitationTimestamp=1)]


def test_associations_are_made_per_rule_and_vpc_and_only_ours_are_dropped():
    name = rs.association_name("dns")
    associations = [dict(ResolverRuleId="rslvr-rr-1111", VPCId="vpc-old", Name=name, Status="COMPLETE"),
                    dict(ResolverRuleId="rslvr-rr-1111", VPCId="vpc-2", Name="by hand", Status="COMPLETE"),
                    dict(ResolverRuleId="rslvr-rr-2222", VPCId="vpc-gone", Name="by hand", Status="COMPLETE")]
    actions, after = rs.plan_associations(spoke(vpc_ids=["vpc-1", "vpc-2"]), ["rslvr-rr-1111"], associations)
    assert [(a.call.split(":")[1], a.params["VPCId"]) for a in actions] == [
        ("DisassociateResolverRule", "vpc-old"), ("AssociateResolverRule", "vpc-1")]
    assert actions[1].params["Name"] == name
    assert after == [dict(rule_id="rslvr-rr-1111", vpc_id="vpc-1"), dict(rule_id="rslvr-rr-1111", vpc_id="vpc-2")]
    kept, _after = rs.plan_associations(spoke(vpc_ids=["vpc-1"], purge=False), ["rslvr-rr-1111"], associations)
    assert [a.call for a in kept] == ["route53resolver:AssociateResolverRule"]
    gone, after = rs.plan_associations(spoke(state="absent"), [], associations)
    assert [(a.call, a.params["VPCId"]) for a in gone] == [("route53resolver:DisassociateResolverRule", "vpc-old")]
    assert after == []


def test_wanted_rules_limits_to_rule_ids_and_adds_planned_rules():
    assert rs.wanted_rules(spoke(planned_share=dict(rules=["(new rule a)"])), ["rslvr-rr-1"]) == [
        "(new rule a)", "rslvr-rr-1"]
    assert rs.wanted_rules(spoke(rule_ids=["rslvr-rr-1"]), ["rslvr-rr-1", "rslvr-rr-2"]) == ["rslvr-rr-1"]
    with pytest.raises(rs.ShareError, match="not in resource share dns"):
        rs.wanted_rules(spoke(rule_ids=["rslvr-rr-3"]), ["rslvr-rr-1"])


def test_spoke_input_checks_and_names():
    problems = rs.check_spoke_input(spoke(share_owner="hub", vpc_ids=[]))
    assert any("share_owner 'hub'" in p for p in problems) and any("vpc_ids is required" in p for p in problems)
    assert rs.check_spoke_input(spoke()) == []
    assert rs.association_name("a/b c") == "vpcmesh a-b c" and len(rs.association_name("x" * 200)) == 64
    assert rs.principal_kind(ORG) == "organization" and rs.principal_kind(OU) == "ou"
    assert rs.rule_id_of(R1) == "rslvr-rr-1111" and rs.added_rules(current(), current(rule_arns=[R1, R2])) == [
        "rslvr-rr-2222"]
