"""extensions/quota_resolver_rules.py: an account has at most 1,000 Resolver rules per region; the 1001st is
refused (made straight against moto: the recorder is not what is tested)."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import boto3_client


def test_the_1001st_rule_of_a_region_is_refused_and_a_deleted_one_makes_room(aws):
    r53 = boto3_client(aws.moto_url, "route53resolver", "us-east-1")

    def rule(n):
        return r53.create_resolver_rule(CreatorRequestId=f"r-{n}", Name=f"r-{n}", RuleType="SYSTEM",
                                        DomainName=f"d{n}.example")["ResolverRule"]["Id"]

    first = [rule(n) for n in range(1000)][0]
    with pytest.raises(ClientError) as caught:
        rule(1000)
    boto3_client(aws.moto_url, "route53resolver", "eu-west-1").create_resolver_rule(
        CreatorRequestId="elsewhere", Name="elsewhere", RuleType="SYSTEM", DomainName="e.example")
    r53.delete_resolver_rule(ResolverRuleId=first)
    rule(1001)

    assert caught.value.response["Error"]["Code"] == "LimitExceededException"
    assert "L-51D8A1FB" in caught.value.response["Error"]["Message"]
