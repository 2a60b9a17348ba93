"""extensions/resolver_update_rule.py: UpdateResolverRule changes targets, name and endpoint in place."""

import pytest
from botocore.exceptions import ClientError


def endpoints(aws, region="us-east-2", cidr="10.31.0.0/16"):
    """An outbound and an inbound endpoint in a new VPC; returns (resolver client, outbound, inbound)."""
    vpc = aws.make_vpc(region, cidr, subnets=2)
    ec2, r53 = aws.client("ec2", region), aws.client("route53resolver", region)
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    made = {}
    for direction in ("OUTBOUND", "INBOUND"):
        made[direction] = r53.create_resolver_endpoint(
            CreatorRequestId=f"{direction}-{cidr}", Name=direction.lower(), SecurityGroupIds=[group], Direction=direction,
            IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]])["ResolverEndpoint"]["Id"]
    return r53, made["OUTBOUND"], made["INBOUND"]


def forward_rule(r53, endpoint_id, name="r1"):
    return r53.create_resolver_rule(
        CreatorRequestId=name, Name=name, RuleType="FORWARD", DomainName="us-east-1.amazonaws.com",
        TargetIps=[{"Ip": "10.30.1.10", "Port": 53}], ResolverEndpointId=endpoint_id)["ResolverRule"]


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]


def test_target_ips_are_replaced_and_port_defaults_to_53(aws):
    r53, outbound, _inbound = endpoints(aws)
    rule = forward_rule(r53, outbound)

    answer = r53.update_resolver_rule(ResolverRuleId=rule["Id"], Config={
        "TargetIps": [{"Ip": "10.30.1.20"}, {"Ip": "10.30.2.20", "Port": 5353}]})["ResolverRule"]

    stored = r53.get_resolver_rule(ResolverRuleId=rule["Id"])["ResolverRule"]
    assert answer["TargetIps"] == stored["TargetIps"] == [
        {"Ip": "10.30.1.20", "Port": 53}, {"Ip": "10.30.2.20", "Port": 5353}]
    assert stored["Name"] == "r1" and stored["ResolverEndpointId"] == outbound


def test_name_and_endpoint_change_and_unnamed_fields_keep_their_value(aws):
    r53, outbound, _inbound = endpoints(aws)
    rule = forward_rule(r53, outbound)
    _r53, other_outbound, _other_inbound = endpoints(aws, "us-east-2", "10.41.0.0/16")

    config = {"Name": "renamed", "ResolverEndpointId": other_outbound}
    r53.update_resolver_rule(ResolverRuleId=rule["Id"], Config=config)

    stored = r53.get_resolver_rule(ResolverRuleId=rule["Id"])["ResolverRule"]
    assert stored["Name"] == "renamed" and stored["ResolverEndpointId"] == other_outbound
    assert stored["TargetIps"] == [{"Ip": "10.30.1.10", "Port": 53}]


def test_unknown_rule_unknown_endpoint_and_inbound_endpoint_are_refused(aws):
    r53, outbound, inbound = endpoints(aws)
    rule = forward_rule(r53, outbound)

    unknown_rule = error_of(r53.update_resolver_rule, ResolverRuleId="rslvr-rr-0000000000000000a",
                            Config={"Name": "x"})
    unknown_endpoint = error_of(r53.update_resolver_rule, ResolverRuleId=rule["Id"],
                                Config={"ResolverEndpointId": "rslvr-out-0000000000000000a"})
    wrong_direction = error_of(r53.update_resolver_rule, ResolverRuleId=rule["Id"],
                               Config={"ResolverEndpointId": inbound})

    assert unknown_rule["Code"] == unknown_endpoint["Code"] == "ResourceNotFoundException"
    assert wrong_direction["Code"] == "InvalidRequestException"
    assert r53.get_resolver_rule(ResolverRuleId=rule["Id"])["ResolverRule"]["ResolverEndpointId"] == outbound


def test_ipv6_targets_and_bad_names_are_refused(aws):
    r53, outbound, _inbound = endpoints(aws)
    rule = forward_rule(r53, outbound)

    ipv6 = error_of(r53.update_resolver_rule, ResolverRuleId=rule["Id"], Config={"TargetIps": [{"Ip": "fd00::1"}]})
    bad_name = error_of(r53.update_resolver_rule, ResolverRuleId=rule["Id"], Config={"Name": "a.b"})

    assert ipv6["Code"] == "InvalidParameterException"
    assert bad_name["Code"] == "ValidationException"
    assert r53.get_resolver_rule(ResolverRuleId=rule["Id"])["ResolverRule"]["Name"] == "r1"
