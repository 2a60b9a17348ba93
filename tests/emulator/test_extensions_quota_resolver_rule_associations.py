"""extensions/quota_resolver_rule_associations.py: an account has at most 2,000 rule associations with VPCs per
region; the 2001st is refused (made straight against moto: the recorder is not what is tested)."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.accounts import boto3_client


def test_the_2001st_rule_association_of_a_region_is_refused(aws):
    ec2 = boto3_client(aws.moto_url, "ec2", "us-east-1")
    r53 = boto3_client(aws.moto_url, "route53resolver", "us-east-1")
    vpcs = [ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"] for n in range(41)]
    rules = [r53.create_resolver_rule(CreatorRequestId=f"r-{n}", Name=f"r-{n}", RuleType="SYSTEM",
                                      DomainName=f"d{n}.example")["ResolverRule"]["Id"] for n in range(50)]
    made = [r53.associate_resolver_rule(ResolverRuleId=rule, VPCId=vpc, Name="a")["ResolverRuleAssociation"]["Id"]
            for vpc in vpcs[:40] for rule in rules]

    with pytest.raises(ClientError) as caught:
        r53.associate_resolver_rule(ResolverRuleId=rules[0], VPCId=vpcs[40], Name="a")
    r53.disassociate_resolver_rule(ResolverRuleId=rules[0], VPCId=vpcs[0])
    r53.associate_resolver_rule(ResolverRuleId=rules[0], VPCId=vpcs[40], Name="a")

    assert len(made) == 2000
    assert caught.value.response["Error"]["Code"] == "LimitExceededException"
    assert "L-94E19253" in caught.value.response["Error"]["Message"]
