"""extensions/resolver_shared_rules.py: a rule shared through RAM is visible and associable where it is shared."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.ram_seeding import HUB, SPOKE, hub_rules

REGION = "us-east-1"


def share_and_accept(aws, rule_arn):
    ram = aws.client("ram", REGION, HUB)
    arn = ram.create_resource_share(name="dns", resourceArns=[rule_arn],
                                    principals=[SPOKE])["resourceShare"]["resourceShareArn"]
    spoke = aws.client("ram", REGION, SPOKE)
    invitation = spoke.get_resource_share_invitations()["resourceShareInvitations"][0]
    spoke.accept_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
    return arn


def test_shared_rule_is_listed_and_associable_in_the_spoke(aws):
    hub = hub_rules(aws)
    rule = hub["rules"][0]
    spoke_vpc = aws.make_vpc(REGION, "10.51.0.0/16", SPOKE)
    r53 = aws.client("route53resolver", REGION, SPOKE)
    with pytest.raises(ClientError):
        r53.get_resolver_rule(ResolverRuleId=rule["Id"])

    share_and_accept(aws, rule["Arn"])
    seen = r53.get_resolver_rule(ResolverRuleId=rule["Id"])["ResolverRule"]
    assert (seen["OwnerId"], seen["ShareStatus"]) == (HUB, "SHARED_WITH_ME")
    assert [r["Id"] for r in r53.list_resolver_rules()["ResolverRules"]] == [rule["Id"]]
    owner_view = aws.client("route53resolver", REGION, HUB).get_resolver_rule(ResolverRuleId=rule["Id"])
    assert owner_view["ResolverRule"]["ShareStatus"] == "SHARED_BY_ME"

    r53.associate_resolver_rule(ResolverRuleId=rule["Id"], VPCId=spoke_vpc["vpc_id"], Name="mine")
    associations = r53.list_resolver_rule_associations()["ResolverRuleAssociations"]
    assert [(a["ResolverRuleId"], a["VPCId"]) for a in associations] == [(rule["Id"], spoke_vpc["vpc_id"])]
    r53.disassociate_resolver_rule(ResolverRuleId=rule["Id"], VPCId=spoke_vpc["vpc_id"])
    assert r53.list_resolver_rule_associations()["ResolverRuleAssociations"] == []


def test_a_pending_invitation_does_not_make_the_rule_visible(aws):
    hub = hub_rules(aws)
    aws.client("ram", REGION, HUB).create_resource_share(name="dns", resourceArns=[hub["rules"][0]["Arn"]],
                                                         principals=[SPOKE])
    r53 = aws.client("route53resolver", REGION, SPOKE)
    assert r53.list_resolver_rules()["ResolverRules"] == []
    vpc = aws.make_vpc(REGION, "10.52.0.0/16", SPOKE)
    with pytest.raises(ClientError) as caught:
        r53.associate_resolver_rule(ResolverRuleId=hub["rules"][0]["Id"], VPCId=vpc["vpc_id"], Name="mine")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_unsharing_removes_the_spokes_association_and_domain_conflicts_are_refused(aws):
    hub = hub_rules(aws)
    rule = hub["rules"][0]
    arn = share_and_accept(aws, rule["Arn"])
    vpc = aws.make_vpc(REGION, "10.53.0.0/16", SPOKE, subnets=2)
    r53 = aws.client("route53resolver", REGION, SPOKE)
    own = r53.create_resolver_rule(CreatorRequestId="own", Name="own", RuleType="SYSTEM",
                                   DomainName="onprem.example.com")["ResolverRule"]
    r53.associate_resolver_rule(ResolverRuleId=own["Id"], VPCId=vpc["vpc_id"], Name="own")
    with pytest.raises(ClientError) as caught:
        r53.associate_resolver_rule(ResolverRuleId=rule["Id"], VPCId=vpc["vpc_id"], Name="shared")
    assert "RSLVR-00802" in caught.value.response["Error"]["Message"]
    r53.disassociate_resolver_rule(ResolverRuleId=own["Id"], VPCId=vpc["vpc_id"])
    r53.associate_resolver_rule(ResolverRuleId=rule["Id"], VPCId=vpc["vpc_id"], Name="shared")

    aws.client("ram", REGION, HUB).disassociate_resource_share(resourceShareArn=arn, principals=[SPOKE])
    assert r53.list_resolver_rule_associations()["ResolverRuleAssociations"] == []
    assert r53.list_resolver_rules()["ResolverRules"][0]["Id"] == own["Id"]
