"""extensions/resolver_rule_domain_conflict.py: one rule per domain name in a VPC."""

import pytest
from botocore.exceptions import ClientError


def setup(aws):
    vpc = aws.make_vpc("us-east-1", "10.30.0.0/16", subnets=2)
    ec2, r53 = aws.client("ec2"), aws.client("route53resolver")
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    outbound = r53.create_resolver_endpoint(
        CreatorRequestId="out", Name="out", SecurityGroupIds=[group], Direction="OUTBOUND",
        IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]])["ResolverEndpoint"]["Id"]

    def rule(name, domain):
        return r53.create_resolver_rule(
            CreatorRequestId=name, Name=name, RuleType="FORWARD", DomainName=domain,
            TargetIps=[{"Ip": "10.31.1.10", "Port": 53}], ResolverEndpointId=outbound)["ResolverRule"]["Id"]

    return r53, vpc["vpc_id"], rule


def test_second_rule_for_the_same_domain_in_a_vpc_is_refused(aws):
    r53, vpc_id, rule = setup(aws)
    first, second = rule("first", "us-east-2.amazonaws.com"), rule("second", "US-East-2.amazonaws.com.")
    r53.associate_resolver_rule(ResolverRuleId=first, VPCId=vpc_id, Name="first")

    with pytest.raises(ClientError) as caught:
        r53.associate_resolver_rule(ResolverRuleId=second, VPCId=vpc_id, Name="second")

    assert caught.value.response["Error"] == {
        "Code": "InvalidRequestException",
        "Message": "[RSLVR-00802] Cannot associate rules with same domain name with same VPC. "
                   f'Conflict with resolver rule "{first}"'}
    links = r53.list_resolver_rule_associations()["ResolverRuleAssociations"]
    assert [a["ResolverRuleId"] for a in links] == [first]


def test_rules_for_other_domains_and_after_disassociation_are_accepted(aws):
    r53, vpc_id, rule = setup(aws)
    first, other, second = (rule("first", "us-east-2.amazonaws.com"), rule("other", "us-west-2.amazonaws.com"),
                            rule("second", "us-east-2.amazonaws.com"))
    r53.associate_resolver_rule(ResolverRuleId=first, VPCId=vpc_id, Name="first")
    r53.associate_resolver_rule(ResolverRuleId=other, VPCId=vpc_id, Name="other")
    r53.disassociate_resolver_rule(ResolverRuleId=first, VPCId=vpc_id)

    r53.associate_resolver_rule(ResolverRuleId=second, VPCId=vpc_id, Name="second")

    links = r53.list_resolver_rule_associations()["ResolverRuleAssociations"]
    assert sorted(a["ResolverRuleId"] for a in links) == sorted([other, second])
