"""resolver_endpoint.py, protocols and address types (issue 19): which protocol sets and types AWS accepts, the
IPv6 addresses checked against their subnets, and the UpdateResolverEndpoint a difference plans."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import ResolverError, summarize_endpoint
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_endpoint import (
    DOH_PERMISSION, ENDPOINT_TAG, check_ip_spec, check_protocols, endpoint_ipv6_after, group_as_planned, ingress_of,
    plan_endpoint, plan_security_group, speaks_doh)

SUBNETS = {
    "subnet-a": dict(vpc_id="vpc-1", az="us-east-2a", cidr="10.31.1.0/24", ipv6_cidrs=["2600:1f16:0:1::/64"]),
    "subnet-b": dict(vpc_id="vpc-1", az="us-east-2b", cidr="10.31.2.0/24", ipv6_cidrs=["2600:1f16:0:2::/64"]),
    "subnet-c": dict(vpc_id="vpc-1", az="us-east-2c", cidr="10.31.3.0/24", ipv6_cidrs=[]),
}


def address(ip, subnet, ip_id, ipv6=None):
    return dict(ip=ip, ipv6=ipv6, subnet_id=subnet, ip_id=ip_id, status="ATTACHED")


def want(**over):
    base = dict(state="present", name="in", direction="inbound", region="us-east-2", vpc_id="vpc-1",
                ips=[dict(subnet_id="subnet-a", ip=None), dict(subnet_id="subnet-b", ip=None)],
                security_group_ids=["sg-1"], tags=None, purge_tags=True, token="vpcmesh-abc")
    base.update(over)
    return base


def existing(**over):
    base = dict(id="rslvr-in-1", arn="arn:in-1", name="in", direction="inbound", vpc_id="vpc-1", status="OPERATIONAL",
                security_group_ids=["sg-1"], tags={}, protocols=["Do53"], endpoint_type="ipv4",
                ip_addresses=[address("10.31.1.4", "subnet-a", "rni-1"), address("10.31.2.4", "subnet-b", "rni-2")])
    base.update(over)
    return base


@pytest.mark.parametrize("direction, protocols", [
    ("inbound", ["Do53"]), ("inbound", ["DoH"]), ("inbound", ["DoH-FIPS"]), ("inbound", ["DoH", "Do53"]),
    ("inbound", ["Do53", "DoH-FIPS"]), ("outbound", ["Do53"]), ("outbound", ["DoH"]), ("outbound", ["Do53", "DoH"]),
    ("outbound", ["DoH", "DoH"])])
def test_the_protocol_sets_aws_accepts_per_direction(direction, protocols):
    assert check_protocols(direction, protocols) == sorted(set(protocols))


@pytest.mark.parametrize("direction, protocols, words", [
    ("outbound", ["DoH-FIPS"], "DoH-FIPS is for inbound endpoints only"),
    ("outbound", ["Do53", "DoH-FIPS"], "DoH-FIPS is for inbound endpoints only"),
    ("inbound", ["DoH", "DoH-FIPS"], "allowed: Do53"),
    ("inbound", ["Do53", "DoH", "DoH-FIPS"], "cannot be used by an inbound endpoint")])
def test_other_protocol_sets_are_refused_naming_them(direction, protocols, words):
    with pytest.raises(ResolverError, match=words):
        check_protocols(direction, protocols)
    assert check_protocols(direction, None) is None


def test_ipv6_and_dualstack_need_ipv6_subnets_and_addresses_inside_them():
    ips = [dict(subnet_id="subnet-a", ip=None, ipv6="2600:1f16:0:1::10"), dict(subnet_id="subnet-b", ip=None)]
    assert check_ip_spec(ips, SUBNETS, "dualstack") == "vpc-1"
    assert check_ip_spec(ips, SUBNETS, "ipv6") == "vpc-1"
    cases = [
        ([dict(subnet_id="subnet-a"), dict(subnet_id="subnet-c")], "dualstack", "subnet-c has none"),
        ([dict(subnet_id="subnet-a", ipv6="2600:1f16:0:2::10"), dict(subnet_id="subnet-b")], "ipv6",
         "not in subnet subnet-a"),
        ([dict(subnet_id="subnet-a", ipv6="2600:1f16:0:1::2"), dict(subnet_id="subnet-b")], "dualstack", "reserves"),
        ([dict(subnet_id="subnet-a", ipv6="10.31.1.10"), dict(subnet_id="subnet-b")], "dualstack", "not an IPv6"),
        ([dict(subnet_id="subnet-a", ip="10.31.1.10"), dict(subnet_id="subnet-b")], "ipv6", "IPv6 addresses only"),
        ([dict(subnet_id="subnet-a", ipv6="2600:1f16:0:1::10"), dict(subnet_id="subnet-b")], None,
         "endpoint_type dualstack"),
        ([dict(subnet_id="subnet-a", ipv6="2600:1f16:0:1::10"), dict(subnet_id="subnet-a", ipv6="2600:1f16:0:1::10"),
          dict(subnet_id="subnet-b")], "dualstack", "listed twice")]
    for entries, kind, words in cases:
        with pytest.raises(ResolverError, match=words):
            check_ip_spec(entries, SUBNETS, kind)


def test_a_new_endpoint_is_created_with_its_protocols_type_and_ipv6_addresses():
    ips = [dict(subnet_id="subnet-a", ip=None, ipv6="2600:1f16:0:1::10"), dict(subnet_id="subnet-b", ip=None)]
    actions, after, _notes = plan_endpoint(want(ips=ips, protocols=["Do53", "DoH"], endpoint_type="dualstack"), None)
    params = actions[0].params
    assert (params["Protocols"], params["ResolverEndpointType"]) == (["Do53", "DoH"], "DUALSTACK")
    assert params["IpAddresses"] == [dict(SubnetId="subnet-a", Ipv6="2600:1f16:0:1::10"), dict(SubnetId="subnet-b")]
    assert (after["protocols"], after["endpoint_type"]) == (["Do53", "DoH"], "dualstack")
    assert endpoint_ipv6_after(after) == ["2600:1f16:0:1::10"]


def test_without_the_options_nothing_is_sent_and_nothing_changes():
    actions, after, _notes = plan_endpoint(want(), None)
    assert "Protocols" not in actions[0].params and "ResolverEndpointType" not in actions[0].params
    assert (after["protocols"], after["endpoint_type"]) == (["Do53"], "ipv4")
    assert plan_endpoint(want(), existing(protocols=["Do53", "DoH"], endpoint_type="dualstack"))[0] == []


def test_changed_protocols_are_one_update_in_place_and_equal_ones_none():
    actions, after, _notes = plan_endpoint(want(protocols=["DoH", "Do53"]), existing())
    assert [(a.call, a.params) for a in actions] == [("route53resolver:UpdateResolverEndpoint", dict(
        ResolverEndpointId="rslvr-in-1", Protocols=["Do53", "DoH"]))]
    assert after["protocols"] == ["Do53", "DoH"]
    assert plan_endpoint(want(protocols=["Do53"]), existing())[0] == []
    assert plan_endpoint(want(protocols=["DoH"]), existing(protocols=["Do53", "DoH"]))[0][0].params["Protocols"] == [
        "DoH"]


def test_an_inbound_endpoint_is_not_switched_from_do53_alone_to_doh_alone():
    with pytest.raises(ResolverError, match=r"Give protocols \[Do53, DoH\] first"):
        plan_endpoint(want(protocols=["DoH"]), existing())
    actions, _after, _notes = plan_endpoint(want(direction="outbound", protocols=["DoH"]),
                                            existing(direction="outbound"))
    assert actions[0].params["Protocols"] == ["DoH"]  # AWS's rule is for inbound endpoints


def test_ipv4_to_dualstack_sets_the_given_ipv6_in_place_then_changes_no_address():
    ips = [dict(subnet_id="subnet-a", ip=None, ipv6="2600:1f16:0:1::10"), dict(subnet_id="subnet-b", ip=None)]
    actions, after, _notes = plan_endpoint(want(ips=ips, endpoint_type="dualstack"), existing())
    assert [(a.call, a.params) for a in actions] == [("route53resolver:UpdateResolverEndpoint", dict(
        ResolverEndpointId="rslvr-in-1", ResolverEndpointType="DUALSTACK",
        UpdateIpAddresses=[dict(IpId="rni-1", Ipv6="2600:1f16:0:1::10")]))]
    assert {a["ip_id"]: a["ipv6"] for a in after["ip_addresses"]} == {"rni-1": "2600:1f16:0:1::10", "rni-2": None}
    assert after["endpoint_type"] == "dualstack"


def test_dualstack_back_to_ipv4_is_allowed_other_type_changes_are_refused():
    dual = existing(endpoint_type="dualstack", ip_addresses=[address("10.31.1.4", "subnet-a", "rni-1", "2600:1f16:0:1::10"),
                                                             address("10.31.2.4", "subnet-b", "rni-2", "2600:1f16:0:2::10")])
    actions, after, _notes = plan_endpoint(want(endpoint_type="ipv4"), dual)
    assert actions[0].params == dict(ResolverEndpointId="rslvr-in-1", ResolverEndpointType="IPV4")
    assert all(a["ipv6"] is None for a in after["ip_addresses"])
    for have, kind in (("ipv4", "ipv6"), ("dualstack", "ipv6"), ("ipv6", "ipv4"), ("ipv6", "dualstack")):
        with pytest.raises(ResolverError, match="only between ipv4 and dualstack"):
            plan_endpoint(want(endpoint_type=kind, ips=[dict(subnet_id="subnet-a"), dict(subnet_id="subnet-b")]),
                          existing(endpoint_type=have))


def test_ipv6_addresses_are_matched_and_replaced_like_ipv4_ones():
    dual = existing(endpoint_type="dualstack", ip_addresses=[address("10.31.1.4", "subnet-a", "rni-1", "2600:1f16:0:1::10"),
                                                             address("10.31.2.4", "subnet-b", "rni-2", "2600:1f16:0:2::10")])
    ips = [dict(subnet_id="subnet-a", ip=None, ipv6="2600:1f16:0:1::10"),
           dict(subnet_id="subnet-b", ip=None, ipv6="2600:1f16:0:2::20")]
    actions, _after, _notes = plan_endpoint(want(ips=ips, endpoint_type="dualstack"), dual)
    assert [(a.operation, a.params["IpAddress"]) for a in actions] == [
        ("associate_resolver_endpoint_ip_address", dict(SubnetId="subnet-b", Ipv6="2600:1f16:0:2::20")),
        ("disassociate_resolver_endpoint_ip_address", dict(IpId="rni-2", SubnetId="subnet-b", Ip="10.31.2.4",
                                                           Ipv6="2600:1f16:0:2::10"))]


def test_endpoint_summary_has_protocols_type_and_ipv6_with_aws_defaults():
    summary = summarize_endpoint(dict(Id="e", Direction="INBOUND", Protocols=["DoH", "Do53"],
                                      ResolverEndpointType="DUALSTACK"),
                                 [dict(Ip="10.0.0.5", Ipv6="fd00::5", SubnetId="s", IpId="rni", Status="ATTACHED")])
    assert (summary["protocols"], summary["endpoint_type"]) == (["Do53", "DoH"], "dualstack")
    assert summary["ip_addresses"][0]["ipv6"] == "fd00::5"
    plain = summarize_endpoint(dict(Id="e", Direction="OUTBOUND"))
    assert (plain["protocols"], plain["endpoint_type"]) == (["Do53"], "ipv4")


# -- the DNS security group of a DoH endpoint ------------------------------------------------------------
def sg_group(perms):
    return dict(GroupId="sg-1", IpPermissions=perms, Tags=[dict(Key=ENDPOINT_TAG, Value="in")])


def perm(protocol, port, *cidrs):
    return dict(IpProtocol=protocol, FromPort=port, ToPort=port, IpRanges=[dict(CidrIp=c) for c in cidrs])


def sg(doh, cidrs=("10.30.0.0/16",)):
    return dict(name="in-dns", cidrs=list(cidrs), vpc_id="vpc-1", region="us-east-2", endpoint_name="in", doh=doh)


def test_a_doh_endpoints_group_also_allows_tcp_443_from_the_same_cidrs():
    current = sg_group([perm("tcp", 53, "10.30.0.0/16"), perm("udp", 53, "10.30.0.0/16")])
    actions = plan_security_group(sg(True), current)
    assert [(a.call, a.params["IpPermissions"]) for a in actions] == [
        ("ec2:AuthorizeSecurityGroupIngress", [perm("tcp", 443, "10.30.0.0/16")])]
    assert plan_security_group(sg(False), current) == []


def test_without_doh_a_443_rule_is_another_ports_and_left_alone_with_doh_it_is_kept_exact():
    current = sg_group([perm("tcp", 53, "10.30.0.0/16"), perm("udp", 53, "10.30.0.0/16"),
                        perm("tcp", 443, "10.30.0.0/16", "10.99.0.0/16")])
    assert plan_security_group(sg(False), current) == []
    actions = plan_security_group(sg(True), current)
    assert [(a.call, a.params["IpPermissions"]) for a in actions] == [
        ("ec2:RevokeSecurityGroupIngress", [perm("tcp", 443, "10.99.0.0/16")])]
    assert ingress_of(current, doh=True) >= {(DOH_PERMISSION, "10.99.0.0/16")}
    assert speaks_doh(["Do53", "DoH-FIPS"]) and not speaks_doh(["Do53"]) and not speaks_doh(None)


def test_a_group_planned_by_an_earlier_doh_item_allows_443_as_planned():
    planned = group_as_planned(None, "in-dns", ["10.30.0.0/16"], "in", doh=True)
    assert perm("tcp", 443, "10.30.0.0/16") in planned["IpPermissions"]
    assert plan_security_group(sg(True), planned) == []
