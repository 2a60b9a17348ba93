"""extensions/resolver_creator_request_id.py: a CreatorRequestId stays used after its resource is deleted."""

import pytest
from botocore.exceptions import ClientError

REGION = "us-east-2"


@pytest.fixture
def made(aws):
    vpc = aws.make_vpc(REGION, "10.31.0.0/16", subnets=2)
    ec2, r53 = aws.client("ec2", REGION), aws.client("route53resolver", REGION)
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]

    def endpoint(request_id, name="out"):
        return r53.create_resolver_endpoint(
            CreatorRequestId=request_id, Name=name, SecurityGroupIds=[group], Direction="OUTBOUND",
            IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]])["ResolverEndpoint"]

    def rule(request_id, endpoint_id, name="r1"):
        return r53.create_resolver_rule(
            CreatorRequestId=request_id, Name=name, RuleType="FORWARD", DomainName="us-east-1.amazonaws.com",
            TargetIps=[{"Ip": "10.30.1.10", "Port": 53}], ResolverEndpointId=endpoint_id)["ResolverRule"]

    return r53, endpoint, rule


def error_of(call, *args):
    with pytest.raises(ClientError) as caught:
        call(*args)
    return caught.value.response["Error"]


def test_endpoint_request_id_is_refused_after_its_endpoint_is_deleted(made):
    r53, endpoint, _rule = made
    first = endpoint("req-1")
    r53.delete_resolver_endpoint(ResolverEndpointId=first["Id"])

    error = error_of(endpoint, "req-1")

    assert error == {"Code": "ResourceExistsException",
                     "Message": "Resolver endpoint with creator request ID 'req-1' already exists"}
    assert r53.list_resolver_endpoints()["ResolverEndpoints"] == []


def test_rule_request_id_is_refused_after_its_rule_is_deleted(made):
    r53, endpoint, rule = made
    outbound = endpoint("req-1")["Id"]
    r53.delete_resolver_rule(ResolverRuleId=rule("rule-1", outbound)["Id"])

    error = error_of(rule, "rule-1", outbound)

    assert error["Code"] == "ResourceExistsException"
    assert "rule-1" in error["Message"]


def test_new_request_ids_create_and_kinds_are_separate(made):
    r53, endpoint, rule = made
    first = endpoint("req-1")
    r53.delete_resolver_endpoint(ResolverEndpointId=first["Id"])

    second = endpoint("req-2")
    made_rule = rule("req-1", second["Id"])

    assert second["Id"] != first["Id"] and made_rule["CreatorRequestId"] == "req-1"


def test_a_refused_create_does_not_use_up_its_request_id(made):
    _r53, endpoint, _rule = made
    error_of(endpoint, "req-1", "bad name!" * 10)

    assert endpoint("req-1")["CreatorRequestId"] == "req-1"
