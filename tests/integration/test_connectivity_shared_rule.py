"""connectivity_check follows a Resolver rule shared through AWS RAM like an owned one: a spoke account's VPC uses the
hub's rule (ShareStatus SHARED_WITH_ME), whose outbound endpoint is in the hub account's VPC."""

from tests.emulator.ram_seeding import SPOKE
from tests.integration import test_connectivity_check as cc
from tests.integration.test_connectivity_check import flow, run_check, vpc

guide3 = cc.guide3  # the guide 3 estate of test_connectivity_check, as a fixture here too


def share_with_spoke(aws, use1, rule_ids, spoke_vpc):
    hub_r53 = aws.client("route53resolver", "us-east-1")
    arns = [hub_r53.get_resolver_rule(ResolverRuleId=r)["ResolverRule"]["Arn"] for r in rule_ids]
    aws.run_module("resolver_rule_share", dict(region="us-east-1", name="hub-dns", rule_ids=rule_ids,
                                               principals=[SPOKE]), name="share")
    keys = aws.assume(SPOKE)
    result = aws.run_module("shared_rule_association", dict(
        region="us-east-1", share_name="hub-dns", share_owner=use1["owner_id"], vpc_ids=[spoke_vpc["vpc_id"]],
        access_key=keys["access_key"], secret_key=keys["secret_key"], session_token=keys["session_token"]),
        name="spoke")
    assert result.rc == 0, result
    aws.reset_calls()
    return arns


def test_a_spoke_resolves_through_the_hub_s_shared_rule_and_its_outbound_endpoint(aws, guide3):
    use1, use2, _usw2, outbound, inbound, rules = guide3
    spoke = vpc(aws, "us-east-1", "10.40.0.0/16", SPOKE, name="spoke")
    rule_id = rules["us-east-2.amazonaws.com"][0]
    share_with_spoke(aws, use1, [rule_id], spoke)

    out = run_check(aws, [flow(aws, spoke, dict(name="my-bucket.s3.us-east-2.amazonaws.com"), port=443,
                               name="spoke bucket")])
    forward, answer = out["flows"][0]["resolves"][:2]
    assert forward["type"] == "FORWARD" and forward["resource"] == rule_id
    assert outbound in forward["source"] and inbound["us-east-2"] in forward["source"]
    assert answer["region"] == "us-east-2" and "interface endpoint" in answer["source"]
    assert all(a.startswith("10.31.") for a in out["flows"][0]["addresses"])
    assert aws.writes() == []


def test_a_shared_rule_whose_owner_cannot_be_read_names_the_owner_account(aws, guide3):
    use1, _use2, _usw2, _outbound, _inbound, rules = guide3
    spoke = vpc(aws, "us-east-1", "10.41.0.0/16", SPOKE, name="spoke")
    rule_id = rules["us-east-2.amazonaws.com"][0]
    share_with_spoke(aws, use1, [rule_id], spoke)
    keys = aws.assume(SPOKE)

    out = run_check(aws, [dict(source=dict(vpc_id=spoke["vpc_id"], region="us-east-1"),
                               destination=dict(name="my-bucket.s3.us-east-2.amazonaws.com"), port=443)],
                    access_key=keys["access_key"], secret_key=keys["secret_key"], session_token=keys["session_token"])
    blocked = out["flows"][0]["blocked_by"]
    assert (blocked["check"], blocked["resource"]) == ("dns-rule", rule_id)
    assert f"give credentials of account {use1['owner_id']}" in blocked["detail"]
