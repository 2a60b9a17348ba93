"""extensions/resolver_endpoint_protocols.py: endpoints take and describe Protocols, per direction, and an inbound
endpoint does not go from Do53 alone straight to DoH alone."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def make(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2)
    ec2, r53 = aws.client("ec2"), aws.client("route53resolver")
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]

    def make(name, direction, **extra):
        return r53.create_resolver_endpoint(CreatorRequestId=name, Name=name, SecurityGroupIds=[group],
                                            Direction=direction, IpAddresses=[{"SubnetId": s} for s in
                                                                              vpc["subnet_ids"]], **extra)
    return r53, make


def code_of(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"]


def test_protocols_are_kept_and_described_and_none_is_do53(make):
    r53, make_endpoint = make
    doh = make_endpoint("doh", "INBOUND", Protocols=["DoH", "Do53"])["ResolverEndpoint"]
    plain = make_endpoint("plain", "OUTBOUND")["ResolverEndpoint"]

    assert doh["Protocols"] == ["Do53", "DoH"] and plain["Protocols"] == ["Do53"]
    listed = {e["Name"]: e["Protocols"] for e in r53.list_resolver_endpoints()["ResolverEndpoints"]}
    assert listed == {"doh": ["Do53", "DoH"], "plain": ["Do53"]}
    assert r53.get_resolver_endpoint(ResolverEndpointId=doh["Id"])["ResolverEndpoint"]["Protocols"] == ["Do53", "DoH"]


def test_doh_fips_outbound_and_doh_with_doh_fips_are_refused(make):
    r53, make_endpoint = make
    assert code_of(make_endpoint, name="fips-out", direction="OUTBOUND", Protocols=["DoH-FIPS"]) == \
        "InvalidParameterException"
    assert code_of(make_endpoint, name="both", direction="INBOUND", Protocols=["DoH", "DoH-FIPS"]) == \
        "InvalidParameterException"
    assert r53.list_resolver_endpoints()["ResolverEndpoints"] == []


def test_update_changes_protocols_but_not_from_do53_alone_to_doh_alone_and_keeps_the_name(make):
    r53, make_endpoint = make
    endpoint = make_endpoint("in", "INBOUND")["ResolverEndpoint"]

    refused = code_of(r53.update_resolver_endpoint, ResolverEndpointId=endpoint["Id"], Protocols=["DoH"])
    both = r53.update_resolver_endpoint(ResolverEndpointId=endpoint["Id"], Protocols=["Do53", "DoH"])
    alone = r53.update_resolver_endpoint(ResolverEndpointId=endpoint["Id"], Protocols=["DoH"])

    assert refused == "InvalidRequestException"
    assert both["ResolverEndpoint"]["Protocols"] == ["Do53", "DoH"]
    assert alone["ResolverEndpoint"]["Protocols"] == ["DoH"] and alone["ResolverEndpoint"]["Name"] == "in"
