"""interface_endpoint's IP address type, DNS options and private DNS through real ansible-playbook and in-process runs
against the emulator: a cross-region endpoint to a service whose IP address types the provider chose."""

import pytest

PROVIDER, CONSUMER = "us-west-2", "eu-west-1"


def service(aws, types=("ipv4", "ipv6")):
    vpc = aws.make_vpc(PROVIDER, "10.11.0.0/16", subnets=1)
    arn = aws.client("elbv2", PROVIDER).create_load_balancer(
        Name="dual", Subnets=vpc["subnet_ids"], Scheme="internal", Type="network",
        IpAddressType="dualstack")["LoadBalancers"][0]["LoadBalancerArn"]
    ec2 = aws.client("ec2", PROVIDER)
    config = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[arn], AcceptanceRequired=False, SupportedRegions=[CONSUMER],
        SupportedIpAddressTypes=list(types))["ServiceConfiguration"]
    aws.reset_calls()
    return config


def dualstack_vpc(aws, ipv6_only=False):
    """A consumer VPC with an IPv6 block and one subnet with IPv4 and IPv6 ranges (or IPv6 only)."""
    ec2 = aws.client("ec2", CONSUMER)
    vpc = ec2.create_vpc(CidrBlock="10.12.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]
    [block] = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"]
    ipv6 = block["Ipv6CidrBlock"].replace("/56", "/64")
    extra = dict(Ipv6Native=True) if ipv6_only else dict(CidrBlock="10.12.1.0/24")
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], Ipv6CidrBlock=ipv6, AvailabilityZone=f"{CONSUMER}a",
                               **extra)["Subnet"]
    aws.reset_calls()
    return dict(vpc_id=vpc["VpcId"], subnet_ids=[subnet["SubnetId"]])


def base(svc, vpc):
    return dict(region=CONSUMER, vpc_id=vpc["vpc_id"], service_name=svc["ServiceName"], service_region=PROVIDER,
                subnet_ids=vpc["subnet_ids"])


def run(aws, check=False, **args):
    result = aws.run_module("interface_endpoint", args, check=check, diff=True, name="endpoint")
    return result.task("endpoint")


def described(aws):
    [found] = aws.client("ec2", CONSUMER).describe_vpc_endpoints()["VpcEndpoints"]
    return found


def writes(aws):
    return [(f"{c.service}:{c.action}", c.region) for c in aws.writes()]


def test_dualstack_endpoint_through_a_playbook_check_mode_exact_then_rerun_writes_nothing(aws):
    svc, vpc = service(aws), dualstack_vpc(aws)
    args = dict(base(svc, vpc), ip_address_type="dualstack", dns_options=dict(dns_record_ip_type="dualstack"),
                private_dns_enabled=True)
    play = [dict(hosts="localhost", gather_facts=False, tasks=[
        {"name": "endpoint", "register": "out", "vpcmesh.aws.interface_endpoint": args},
        {"name": "show", "ansible.builtin.debug": {"var": "out"}}])]

    checked = aws.run(play, check=True, diff=True)
    assert checked.rc == 0, checked.explain()
    assert aws.writes() == []
    first = aws.run(play)
    assert first.rc == 0, first.explain()
    made = writes(aws)
    aws.reset_calls()
    again = aws.run(play)

    predicted = checked.task("endpoint")["actions"]
    assert [(a["call"], a["region"]) for a in predicted] == made == [("ec2:CreateVpcEndpoint", CONSUMER)]
    assert predicted[0]["params"]["IpAddressType"] == "dualstack"
    assert predicted[0]["params"]["DnsOptions"] == {"DnsRecordIpType": "dualstack"}
    found = described(aws)
    assert (found["IpAddressType"], found["DnsOptions"]["DnsRecordIpType"], found["PrivateDnsEnabled"]) == (
        "dualstack", "dualstack", True)
    out = first.task("endpoint")["endpoint"]
    assert (out["ip_address_type"], out["dns_options"]["dns_record_ip_type"], out["private_dns_enabled"]) == (
        "dualstack", "dualstack", True)
    assert again.rc == 0 and again.task("endpoint")["changed"] is False and aws.writes() == []


def test_type_dns_options_and_private_dns_are_changed_in_one_modify(aws):
    svc, vpc = service(aws), dualstack_vpc(aws)
    run(aws, **base(svc, vpc))
    assert described(aws)["IpAddressType"] == "ipv4"
    aws.reset_calls()
    args = dict(base(svc, vpc), ip_address_type="dualstack", dns_options=dict(dns_record_ip_type="ipv6"),
                private_dns_enabled=True)

    predicted = run(aws, check=True, **args)
    assert aws.writes() == []
    out = run(aws, **args)

    assert writes(aws) == [("ec2:ModifyVpcEndpoint", CONSUMER)]
    assert predicted["actions"] == out["actions"]
    assert out["actions"][0]["params"] == dict(VpcEndpointId=out["vpc_endpoint_id"], IpAddressType="dualstack",
                                               DnsOptions={"DnsRecordIpType": "ipv6"}, PrivateDnsEnabled=True)
    found = described(aws)
    assert (found["IpAddressType"], found["DnsOptions"]["DnsRecordIpType"], found["PrivateDnsEnabled"]) == (
        "dualstack", "ipv6", True)
    assert predicted["endpoint"]["ip_address_type"] == out["endpoint"]["ip_address_type"] == "dualstack"


def test_a_type_the_service_does_not_support_is_refused_before_any_write(aws):
    svc, vpc = service(aws, types=("ipv4",)), dualstack_vpc(aws)

    out = run(aws, **base(svc, vpc), ip_address_type="dualstack")

    assert out.get("failed") and "to support ipv4 and ipv6, but it supports ipv4" in out["msg"], out
    assert aws.writes() == []
    assert [c.action for c in aws.reads() if c.action == "DescribeVpcEndpointServices"] == [
        "DescribeVpcEndpointServices"]


@pytest.mark.parametrize("ip_type, words", [("dualstack", "has no IPv6 range"), ("ipv6", "is not IPv6-only")])
def test_subnets_without_the_ranges_are_refused_before_any_write(aws, ip_type, words):
    svc = service(aws)
    vpc = aws.make_vpc(CONSUMER, "10.13.0.0/16", subnets=1)

    out = run(aws, **base(svc, vpc), ip_address_type=ip_type)

    assert out.get("failed") and words in out["msg"], out
    assert aws.writes() == []


def test_ipv6_endpoint_in_an_ipv6_only_subnet(aws):
    svc, vpc = service(aws), dualstack_vpc(aws, ipv6_only=True)

    out = run(aws, **base(svc, vpc), ip_address_type="ipv6", dns_options=dict(dns_record_ip_type="ipv6"))

    assert not out.get("failed"), out
    assert described(aws)["IpAddressType"] == "ipv6"


def test_a_record_type_that_does_not_fit_is_refused_offline(aws):
    svc, vpc = service(aws), dualstack_vpc(aws)

    out = run(aws, **base(svc, vpc), dns_options=dict(dns_record_ip_type="dualstack"))

    assert out.get("failed") and "does not fit ip_address_type ipv4" in out["msg"], out
    assert aws.writes() == []
