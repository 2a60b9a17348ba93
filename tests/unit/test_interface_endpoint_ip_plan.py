"""Pure decisions about an interface endpoint's IP address type, DNS options and private DNS."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.interface_endpoint import (
    MARKER_KEY, MARKER_VALUE, InterfaceEndpointError, check_service_types, check_subnets, plan, summarize)

SERVICE = "com.amazonaws.vpce.us-west-2.vpce-svc-1"


def endpoint(ip_type=None, record=None, private_dns=False):
    out = dict(VpcEndpointId="vpce-1", VpcEndpointType="Interface", VpcId="vpc-1", ServiceName=SERVICE,
               ServiceRegion="us-west-2", State="available", SubnetIds=["subnet-a"], Groups=[],
               PrivateDnsEnabled=private_dns, Tags=[dict(Key=MARKER_KEY, Value=MARKER_VALUE)])
    if ip_type:
        out["IpAddressType"] = ip_type
    if record:
        out["DnsOptions"] = dict(DnsRecordIpType=record)
    return out


def want(**over):
    base = dict(state="present", region="eu-west-1", vpc_id="vpc-1", service_name=SERVICE, service_region="us-west-2",
                subnet_ids=None, security_group_ids=None, tags=None, purge_tags=True, private_dns_enabled=None,
                client_token="vpcmesh-token", ip_address_type=None, dns_options=None)
    base.update(over)
    return base


def subnet(subnet_id="subnet-a", ipv4=True, ipv6=True, native=False, state="associated"):
    out = dict(SubnetId=subnet_id, Ipv6Native=native)
    if ipv4:
        out["CidrBlock"] = "10.0.0.0/24"
    if ipv6:
        out["Ipv6CidrBlockAssociationSet"] = [dict(Ipv6CidrBlock="2600::/64", Ipv6CidrBlockState=dict(State=state))]
    return out


def test_create_sends_type_dns_options_and_private_dns():
    [create], after = plan(want(subnet_ids=["subnet-a"], ip_address_type="dualstack", private_dns_enabled=True,
                                dns_options=dict(dns_record_ip_type="dualstack",
                                                 private_dns_only_for_inbound_resolver_endpoint=None)), None)

    assert create.params["IpAddressType"] == "dualstack"
    assert create.params["DnsOptions"] == dict(DnsRecordIpType="dualstack")
    assert create.params["PrivateDnsEnabled"] is True
    assert (after["ip_address_type"], after["dns_options"]["dns_record_ip_type"]) == ("dualstack", "dualstack")


def test_create_without_them_sends_only_private_dns_false():
    [create], after = plan(want(subnet_ids=["subnet-a"]), None)

    assert "IpAddressType" not in create.params and "DnsOptions" not in create.params
    assert create.params["PrivateDnsEnabled"] is False
    assert after["ip_address_type"] == "ipv4"


def test_changes_go_in_one_modify_with_changed_values_only():
    current = summarize(endpoint(ip_type="ipv4", record="ipv4"), "eu-west-1")

    [modify], after = plan(want(ip_address_type="dualstack", private_dns_enabled=True,
                                dns_options=dict(dns_record_ip_type="ipv4",
                                                 private_dns_only_for_inbound_resolver_endpoint=None)), current)

    assert modify.call == "ec2:ModifyVpcEndpoint"
    assert modify.params == dict(VpcEndpointId="vpce-1", IpAddressType="dualstack", PrivateDnsEnabled=True)
    assert after["private_dns_enabled"] is True and after["dns_options"]["dns_record_ip_type"] == "ipv4"


def test_nothing_to_change_plans_nothing_and_null_keeps():
    current = summarize(endpoint(ip_type="dualstack", record="dualstack", private_dns=True), "eu-west-1")

    assert plan(want(ip_address_type="dualstack", dns_options=dict(dns_record_ip_type="dualstack")), current)[0] == []
    assert plan(want(), current)[0] == []


def test_an_endpoint_aws_shows_without_a_type_is_ipv4():
    assert summarize(endpoint(), "eu-west-1")["ip_address_type"] == "ipv4"


@pytest.mark.parametrize("ip_type, record", [("ipv4", "ipv6"), ("ipv4", "dualstack"), ("ipv6", "ipv4")])
def test_record_types_that_do_not_fit_are_refused(ip_type, record):
    with pytest.raises(InterfaceEndpointError, match=f"dns_record_ip_type {record} does not fit ip_address_type"):
        plan(want(subnet_ids=["subnet-a"], ip_address_type=ip_type, dns_options=dict(dns_record_ip_type=record)),
             None)


def test_changing_the_type_away_from_the_current_records_needs_a_record_type():
    current = summarize(endpoint(ip_type="dualstack", record="dualstack"), "eu-west-1")

    with pytest.raises(InterfaceEndpointError, match="DNS records are dualstack.*give dns_options.dns_record_ip_type"):
        plan(want(ip_address_type="ipv4"), current)
    [modify], _after = plan(want(ip_address_type="ipv4", dns_options=dict(dns_record_ip_type="ipv4")), current)
    assert modify.params == dict(VpcEndpointId="vpce-1", IpAddressType="ipv4", DnsOptions=dict(DnsRecordIpType="ipv4"))


def test_inbound_resolver_only_needs_private_dns():
    with pytest.raises(InterfaceEndpointError, match="needs private_dns_enabled=true"):
        plan(want(subnet_ids=["subnet-a"], dns_options=dict(private_dns_only_for_inbound_resolver_endpoint=True)),
             None)
    [create], _after = plan(want(subnet_ids=["subnet-a"], private_dns_enabled=True,
                                 dns_options=dict(private_dns_only_for_inbound_resolver_endpoint=True)), None)
    assert create.params["DnsOptions"] == dict(PrivateDnsOnlyForInboundResolverEndpoint=True)


def test_service_must_support_what_the_type_needs():
    check_service_types("dualstack", {"ipv4", "ipv6"}, SERVICE)
    check_service_types("ipv6", None, SERVICE)
    with pytest.raises(InterfaceEndpointError, match="support ipv4 and ipv6, but it supports ipv4"):
        check_service_types("dualstack", {"ipv4"}, SERVICE)
    with pytest.raises(InterfaceEndpointError, match="support ipv4, but it supports ipv6; use ipv6"):
        check_service_types("ipv4", {"ipv6"}, SERVICE)


def test_subnets_need_the_ranges_of_the_type():
    check_subnets("dualstack", [subnet()])
    check_subnets("ipv6", [subnet(ipv4=False, native=True)])
    check_subnets("ipv4", [subnet(ipv6=False)])
    with pytest.raises(InterfaceEndpointError, match="subnet-b has no IPv6 range"):
        check_subnets("dualstack", [subnet(), subnet("subnet-b", ipv6=False)])
    with pytest.raises(InterfaceEndpointError, match="no IPv6 range"):
        check_subnets("dualstack", [subnet(state="disassociated")])
    with pytest.raises(InterfaceEndpointError, match="subnet-a is not IPv6-only"):
        check_subnets("ipv6", [subnet()])
