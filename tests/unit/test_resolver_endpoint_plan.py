"""Pure Resolver endpoint decisions: address checks, IP changes, the DNS security group, the planned calls."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import (
    ResolverError, expand_domain, live_ips, resource_name, summarize_rule, token)
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_endpoint import (
    ENDPOINT_TAG, NEW_SG, check_ip_spec, dns_permissions, group_as_planned, group_planned_before, ingress_of,
    plan_endpoint, plan_ips, plan_security_group)

SUBNETS = {
    "subnet-a": dict(vpc_id="vpc-1", az="us-east-2a", cidr="10.31.1.0/24"),
    "subnet-b": dict(vpc_id="vpc-1", az="us-east-2b", cidr="10.31.2.0/24"),
    "subnet-a2": dict(vpc_id="vpc-1", az="us-east-2a", cidr="10.31.3.0/24"),
    "subnet-x": dict(vpc_id="vpc-2", az="us-east-2b", cidr="10.40.2.0/24"),
}


def entries(*pairs):
    return [dict(subnet_id=s, ip=ip) for s, ip in pairs]


def current_ip(ip, subnet, ip_id, status="ATTACHED"):
    return dict(ip=ip, subnet_id=subnet, ip_id=ip_id, status=status)


def want(**over):
    base = dict(state="present", name="mesh-use2-in", direction="inbound", region="us-east-2", vpc_id="vpc-1",
                ips=entries(("subnet-a", None), ("subnet-b", None)), security_group_ids=["sg-1"], tags=None,
                purge_tags=True, token="vpcmesh-abc")
    base.update(over)
    return base


def existing(**over):
    base = dict(id="rslvr-in-1", arn="arn:in-1", name="mesh-use2-in", direction="inbound", vpc_id="vpc-1",
                status="OPERATIONAL", security_group_ids=["sg-1"],
                ip_addresses=[current_ip("10.31.1.4", "subnet-a", "rni-1"), current_ip("10.31.2.4", "subnet-b", "rni-2")],
                tags={})
    base.update(over)
    return base


# -- names, tokens, domains ---------------------------------------------------------------------------
def test_tokens_are_deterministic_and_differ_per_input():
    assert token("rule", "m", "us-east-1", "a.com") == token("rule", "m", "us-east-1", "a.com")
    assert token("rule", "m", "us-east-1", "a.com") != token("rule", "m", "us-east-1", "b.com")
    assert token("x").startswith("vpcmesh-") and len(token("x")) == 40


def test_names_replace_dots_and_long_names_end_in_a_hash_within_64_characters():
    assert resource_name("mesh", "us-east-1", "us-east-2.amazonaws.com") == "mesh-us-east-1-us-east-2-amazonaws-com"
    long_a = resource_name("m" * 30, "n" * 30, "a" * 20)
    long_b = resource_name("m" * 30, "n" * 30, "b" * 20)
    assert len(long_a) == 64 and long_a != long_b


def test_domain_templates_are_expanded_and_normalized():
    assert expand_domain("{region}.VPCE.amazonaws.com.", "us-east-2", "n") == "us-east-2.vpce.amazonaws.com"
    assert expand_domain("{name}.corp", "us-east-2", "hub") == "hub.corp"


@pytest.mark.parametrize("template", ["{zone}.amazonaws.com", "bad domain.com", "a..b", "-x.com"])
def test_bad_domain_templates_are_refused_naming_them(template):
    with pytest.raises(ResolverError, match="node n"):
        expand_domain(template, "us-east-2", "n")


def test_live_ips_leave_out_addresses_going_away_and_sort_numerically():
    ips = [dict(Ip="10.0.0.10", Status="ATTACHED"), dict(Ip="10.0.0.9", Status="CREATING"),
           dict(Ip="10.0.0.5", Status="DETACHING")]
    assert live_ips(ips) == ["10.0.0.9", "10.0.0.10"]


def test_rule_summary_normalizes_domain_and_sorts_targets():
    rule = summarize_rule(dict(Id="r", DomainName="Us-East-2.amazonaws.com.", TargetIps=[
        dict(Ip="10.0.0.10", Port=53), dict(Ip="10.0.0.9")]))
    assert rule["domain"] == "us-east-2.amazonaws.com"
    assert rule["targets"] == [("10.0.0.9", 53), ("10.0.0.10", 53)]
    assert rule["creator_request_id"] == ""


# -- address checks ------------------------------------------------------------------------------------
def test_two_subnets_in_two_zones_are_accepted_and_give_their_vpc():
    assert check_ip_spec(entries(("subnet-a", "10.31.1.10"), ("subnet-b", None)), SUBNETS) == "vpc-1"


@pytest.mark.parametrize("spec, message", [
    ([("subnet-a", None)], "at least two IP addresses"),
    ([("subnet-a", None), ("subnet-a2", None)], "at least two Availability Zones"),
    ([("subnet-a", None), ("subnet-x", None)], "different VPCs"),
    ([("subnet-a", None), ("subnet-zz", None)], "subnet-zz were not found"),
    ([("subnet-a", "10.31.2.10"), ("subnet-b", None)], "not in subnet subnet-a"),
    ([("subnet-a", "10.31.1.3"), ("subnet-b", None)], "reserves"),
    ([("subnet-a", "10.31.1.255"), ("subnet-b", None)], "reserves"),
    ([("subnet-a", "10.31.1.10"), ("subnet-a", "10.31.1.10"), ("subnet-b", None)], "listed twice"),
    ([("subnet-a", "fd00::1"), ("subnet-b", None)], "not in subnet"),
])
def test_bad_addresses_are_refused_before_any_write(spec, message):
    with pytest.raises(ResolverError, match=message):
        check_ip_spec(entries(*spec), SUBNETS)


# -- IP changes ----------------------------------------------------------------------------------------
def test_addresses_without_ip_keep_what_the_subnet_already_has():
    current = [current_ip("10.31.1.4", "subnet-a", "rni-1"), current_ip("10.31.2.4", "subnet-b", "rni-2")]
    assert plan_ips(entries(("subnet-a", None), ("subnet-b", None)), current) == ([], [])


def test_a_changed_fixed_ip_is_added_and_the_old_one_removed():
    current = [current_ip("10.31.1.4", "subnet-a", "rni-1"), current_ip("10.31.2.4", "subnet-b", "rni-2")]
    add, remove = plan_ips(entries(("subnet-a", "10.31.1.20"), ("subnet-b", None)), current)
    assert add == entries(("subnet-a", "10.31.1.20"))
    assert remove == [current[0]]


def test_fixed_ips_are_matched_before_any_address_of_a_subnet():
    current = [current_ip("10.31.1.4", "subnet-a", "rni-1"), current_ip("10.31.1.9", "subnet-a", "rni-3"),
               current_ip("10.31.2.4", "subnet-b", "rni-2")]
    add, remove = plan_ips(entries(("subnet-a", None), ("subnet-a", "10.31.1.4"), ("subnet-b", None)), current)
    assert add == [] and remove == []


def test_addresses_already_detaching_are_neither_kept_nor_removed_again():
    current = [current_ip("10.31.1.4", "subnet-a", "rni-1", "DETACHING"), current_ip("10.31.2.4", "subnet-b", "rni-2")]
    add, remove = plan_ips(entries(("subnet-a", None), ("subnet-b", None)), current)
    assert add == entries(("subnet-a", None)) and remove == []


# -- DNS security group --------------------------------------------------------------------------------
def sg_want(cidrs=("10.30.0.0/16",)):
    return dict(name="in-dns", cidrs=list(cidrs), vpc_id="vpc-1", region="us-east-2", endpoint_name="in")


def group(perms, tags=((ENDPOINT_TAG, "in"),)):
    return dict(GroupId="sg-9", Tags=[dict(Key=k, Value=v) for k, v in tags], IpPermissions=perms)


def dns_perm(protocol, *cidrs, port=53):
    return dict(IpProtocol=protocol, FromPort=port, ToPort=port, IpRanges=[dict(CidrIp=c) for c in cidrs])


def test_a_new_group_is_created_tagged_then_opened_for_tcp_and_udp_53():
    actions = plan_security_group(sg_want(("10.30.0.0/16", "fd00::/56")), None)
    assert [a.call for a in actions] == ["ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress"]
    assert {"Key": ENDPOINT_TAG, "Value": "in"} in actions[0].params["TagSpecifications"][0]["Tags"]
    assert actions[1].params == dict(GroupId=NEW_SG, IpPermissions=[
        dict(IpProtocol="tcp", FromPort=53, ToPort=53, IpRanges=[dict(CidrIp="10.30.0.0/16")],
             Ipv6Ranges=[dict(CidrIpv6="fd00::/56")]),
        dict(IpProtocol="udp", FromPort=53, ToPort=53, IpRanges=[dict(CidrIp="10.30.0.0/16")],
             Ipv6Ranges=[dict(CidrIpv6="fd00::/56")])])


def test_a_new_group_without_cidrs_gets_no_inbound_rule():
    assert [a.call for a in plan_security_group(sg_want(()), None)] == ["ec2:CreateSecurityGroup"]


def test_our_group_gets_missing_cidrs_and_loses_extra_ones_but_keeps_other_ports():
    current = group([dns_perm("tcp", "10.30.0.0/16", "10.99.0.0/16"), dns_perm("udp", "10.30.0.0/16"),
                     dns_perm("tcp", "10.0.0.0/8", port=443)])
    actions = plan_security_group(sg_want(("10.30.0.0/16", "10.31.0.0/16")), current)
    assert [(a.call, a.params["IpPermissions"]) for a in actions] == [
        ("ec2:AuthorizeSecurityGroupIngress", [dns_perm("tcp", "10.31.0.0/16"), dns_perm("udp", "10.31.0.0/16")]),
        ("ec2:RevokeSecurityGroupIngress", [dns_perm("tcp", "10.99.0.0/16")])]
    assert ingress_of(current) == {("tcp", "10.30.0.0/16"), ("tcp", "10.99.0.0/16"), ("udp", "10.30.0.0/16")}


def test_a_group_we_did_not_create_is_never_changed():
    with pytest.raises(ResolverError, match="not created by vpcmesh.aws"):
        plan_security_group(sg_want(), group([], tags=(("Name", "in-dns"),)))


def test_a_bad_cidr_is_refused_naming_it():
    with pytest.raises(ResolverError, match="10.30.0.1/16"):
        dns_permissions(["10.30.0.1/16"])


# -- endpoint calls ------------------------------------------------------------------------------------
def test_a_missing_endpoint_is_created_with_its_token_addresses_and_tags():
    actions, after, notes = plan_endpoint(want(tags={"team": "net"}), None)
    assert [a.call for a in actions] == ["route53resolver:CreateResolverEndpoint"]
    assert actions[0].params == dict(
        CreatorRequestId="vpcmesh-abc", Name="mesh-use2-in", Direction="INBOUND", SecurityGroupIds=["sg-1"],
        IpAddresses=[dict(SubnetId="subnet-a"), dict(SubnetId="subnet-b")], Tags=[dict(Key="team", Value="net")])
    assert after["id"] is None and after["ip_address_count"] == 2 and notes == []


def test_an_endpoint_as_wanted_plans_nothing():
    actions, after, notes = plan_endpoint(want(), existing())
    assert actions == [] and notes == [] and after["ip_addresses"] == existing()["ip_addresses"]


def test_address_changes_add_before_they_remove():
    actions, after, _notes = plan_endpoint(want(ips=entries(("subnet-a", "10.31.1.50"), ("subnet-b", None))), existing())
    assert [a.call for a in actions] == ["route53resolver:AssociateResolverEndpointIpAddress",
                                         "route53resolver:DisassociateResolverEndpointIpAddress"]
    added = dict(SubnetId="subnet-a", Ip="10.31.1.50")
    assert actions[0].params == dict(ResolverEndpointId="rslvr-in-1", IpAddress=added)
    assert actions[1].params["IpAddress"] == dict(IpId="rni-1", SubnetId="subnet-a", Ip="10.31.1.4")
    assert sorted(a["ip"] for a in after["ip_addresses"]) == ["10.31.1.50", "10.31.2.4"]


def test_tags_are_set_and_purged_but_aws_tags_are_kept():
    current = existing(tags={"old": "1", "aws:x": "y", "keep": "same"})
    actions, after, _notes = plan_endpoint(want(tags={"keep": "same", "new": "2"}), current)
    assert [(a.call, a.params) for a in actions] == [
        ("route53resolver:TagResource", dict(ResourceArn="arn:in-1", Tags=[dict(Key="new", Value="2")])),
        ("route53resolver:UntagResource", dict(ResourceArn="arn:in-1", TagKeys=["old"]))]
    assert after["tags"] == {"aws:x": "y", "keep": "same", "new": "2"}


def test_different_security_groups_are_a_warning_not_a_call():
    actions, _after, notes = plan_endpoint(want(security_group_ids=["sg-2"]), existing())
    assert actions == [] and "cannot change the security groups" in notes[0]


def test_an_endpoint_of_the_other_direction_is_refused():
    with pytest.raises(ResolverError, match="is outbound, not inbound"):
        plan_endpoint(want(), existing(direction="outbound"))


def test_absent_deletes_an_existing_endpoint_and_nothing_when_gone():
    actions, after, _notes = plan_endpoint(want(state="absent"), existing())
    assert [(a.call, a.params) for a in actions] == [
        ("route53resolver:DeleteResolverEndpoint", dict(ResolverEndpointId="rslvr-in-1"))]
    assert after is None
    assert plan_endpoint(want(state="absent"), None) == ([], None, [])


# -- a DNS security group shared by several items of a list form, in check mode -----------------------------------
def item(name, direction, region="us-east-2", group_name="m-use2-dns", subnets=("subnet-a", "subnet-b"), **over):
    return dict(dict(name=name, direction=direction, region=region, subnet_ids=list(subnets),
                     dns_security_group=dict(name=group_name, allowed_cidrs=["10.30.0.0/16"])), **over)


def test_the_first_item_sharing_a_group_plans_it_and_the_later_ones_plan_over_it():
    items = [item("m-use2-inbound", "inbound"), item("m-use2-outbound", "outbound")]
    assert group_planned_before(items, 0) is None
    assert group_planned_before(items, 1) is items[0]


@pytest.mark.parametrize("other", [
    item("m-use1-inbound", "inbound", region="us-east-1"),
    item("m-use2-inbound", "inbound", group_name="other-dns"),
    item("m-use2-inbound", "inbound", subnets=("subnet-x", "subnet-y")),
    item("m-use2-inbound", "inbound", state="absent"),
    item("m-use2-inbound", "inbound", dns_security_group=None),
])
def test_items_of_another_region_group_name_subnets_or_state_share_no_group(other):
    assert group_planned_before([other, item("m-use2-outbound", "outbound")], 1) is None


def test_a_group_named_by_default_is_shared_by_endpoints_of_the_same_name_only():
    named = [item("a", "inbound", dns_security_group={}), item("a", "outbound", dns_security_group={})]
    assert group_planned_before(named, 1) is named[0]
    assert group_planned_before([named[0], item("b", "outbound", dns_security_group={})], 1) is None


def test_over_a_group_another_item_creates_nothing_is_planned_when_it_allows_the_same_cidrs():
    planned = group_as_planned(None, "m-use2-dns", ["10.30.0.0/16"], "m-use2-inbound")
    assert planned["GroupId"] == NEW_SG
    assert plan_security_group(sg_want(("10.30.0.0/16",)), planned) == []


def test_over_a_group_another_item_opens_to_a_new_cidr_that_cidr_is_not_allowed_twice():
    current = group([dns_perm("tcp", "10.30.0.0/16"), dns_perm("udp", "10.30.0.0/16"),
                     dns_perm("tcp", "10.0.0.0/8", port=443)])
    planned = group_as_planned(current, "in-dns", ["10.30.0.0/16", "10.31.0.0/16"], "in")
    assert plan_security_group(sg_want(("10.30.0.0/16", "10.31.0.0/16")), planned) == []
    assert dns_perm("tcp", "10.0.0.0/8", port=443) in planned["IpPermissions"]
    assert planned["GroupId"] == current["GroupId"]
