"""extensions/resolver_rule_targets.py: rule targets take IPv6 addresses and a protocol the outbound endpoint must
support, at creation and in UpdateResolverRule."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def outbound(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2)
    ec2, r53 = aws.client("ec2"), aws.client("route53resolver")
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]

    def make(name, protocols):
        return r53.create_resolver_endpoint(CreatorRequestId=name, Name=name, SecurityGroupIds=[group],
                                            Direction="OUTBOUND", Protocols=protocols,
                                            IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]]
                                            )["ResolverEndpoint"]["Id"]
    return r53, make


def rule(r53, endpoint_id, name, targets):
    return r53.create_resolver_rule(CreatorRequestId=name, Name=name, RuleType="FORWARD", DomainName=f"{name}.example",
                                    TargetIps=targets, ResolverEndpointId=endpoint_id)["ResolverRule"]


def test_ipv6_and_doh_targets_are_kept_as_given(outbound):
    r53, make = outbound
    doh = make("doh", ["Do53", "DoH"])
    made = rule(r53, doh, "six", [{"Ipv6": "fd00::10", "Port": 443, "Protocol": "DoH"}, {"Ip": "10.1.0.10", "Port": 53}])

    stored = r53.get_resolver_rule(ResolverRuleId=made["Id"])["ResolverRule"]["TargetIps"]
    assert stored == [{"Ipv6": "fd00::10", "Port": 443, "Protocol": "DoH"}, {"Ip": "10.1.0.10", "Port": 53}]


def test_a_protocol_the_outbound_endpoint_lacks_is_refused_on_create_and_update(outbound):
    r53, make = outbound
    plain = make("plain", ["Do53"])
    with pytest.raises(ClientError) as on_create:
        rule(r53, plain, "doh", [{"Ip": "10.1.0.10", "Port": 443, "Protocol": "DoH"}])
    made = rule(r53, plain, "do53", [{"Ip": "10.1.0.10", "Port": 53}])
    with pytest.raises(ClientError) as on_update:
        r53.update_resolver_rule(ResolverRuleId=made["Id"], Config={"TargetIps": [
            {"Ip": "10.1.0.10", "Port": 443, "Protocol": "DoH"}]})
    six = r53.update_resolver_rule(ResolverRuleId=made["Id"], Config={"TargetIps": [{"Ipv6": "fd00::20", "Port": 53}]})

    assert on_create.value.response["Error"]["Code"] == "InvalidRequestException"
    assert on_update.value.response["Error"]["Code"] == "InvalidRequestException"
    assert six["ResolverRule"]["TargetIps"] == [{"Ipv6": "fd00::20", "Port": 53}]
