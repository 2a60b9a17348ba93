"""connectivity_check against the emulator (issue 20): DHCP option sets, a peer's public EC2 hostname with the
peering's DNS option on and off, and the source's security groups for a flow given by VPC only."""

import ipaddress

import pytest

HOST = "172.30.0.224"


def vpc(aws, region, cidr):
    made = aws.make_vpc(region, cidr, subnets=1, tags={"Name": cidr})
    aws.client("ec2", region).modify_vpc_attribute(VpcId=made["vpc_id"], EnableDnsHostnames={"Value": True})
    return made


@pytest.fixture
def pair(aws):
    """us-east-1 10.0.0.0/16 peered with eu-west-1 172.30.0.0/16 (routes in the main tables), a host in the
    eu-west-1 VPC allowing port 80 from 10.0.0.0/16, with an Elastic IP."""
    a, b = vpc(aws, "us-east-1", "10.0.0.0/16"), vpc(aws, "eu-west-1", "172.30.0.0/16")
    ea, eb = aws.client("ec2", "us-east-1"), aws.client("ec2", "eu-west-1")
    pcx = ea.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion="eu-west-1",
                                           )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    eb.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    for ec2, side, other in ((ea, a, b), (eb, b, a)):
        ec2.create_route(RouteTableId=side["main_route_table_id"], DestinationCidrBlock=other["cidr"],
                         VpcPeeringConnectionId=pcx)
    group = eb.create_security_group(GroupName="host", Description="host", VpcId=b["vpc_id"])["GroupId"]
    eb.authorize_security_group_ingress(GroupId=group, IpPermissions=[dict(
        IpProtocol="tcp", FromPort=80, ToPort=80, IpRanges=[dict(CidrIp="10.0.0.0/16")])])
    eni = eb.create_network_interface(SubnetId=b["subnet_ids"][0], PrivateIpAddress=HOST,
                                      Groups=[group])["NetworkInterface"]["NetworkInterfaceId"]
    address = eb.allocate_address(Domain="vpc")
    eb.associate_address(AllocationId=address["AllocationId"], NetworkInterfaceId=eni)
    aws.reset_calls()
    return dict(a=a, b=b, pcx=pcx, ea=ea, eb=eb, public=address["PublicIp"])


def set_accepter_dns(aws, pair, on):
    pair["eb"].modify_vpc_peering_connection_options(
        VpcPeeringConnectionId=pair["pcx"], AccepterPeeringConnectionOptions={"AllowDnsResolutionFromRemoteVpc": on})
    aws.reset_calls()


def public_name(address):
    return f"ec2-{address.replace('.', '-')}.eu-west-1.compute.amazonaws.com"


def check(aws, pair, destination, **source):
    flow = dict(source=dict(vpc_id=pair["a"]["vpc_id"], region="us-east-1", **source), destination=destination,
                port=80)
    result = aws.run_module("connectivity_check", dict(region="us-east-1", flows=[flow]), name="check")
    assert result.rc == 0, result
    assert aws.writes() == []
    return result.task("check")["flows"][0]


def test_peer_public_hostname_resolves_to_its_private_ip_only_with_the_dns_option_on(aws, pair):
    set_accepter_dns(aws, pair, True)
    on = check(aws, pair, dict(name=public_name(pair["public"])))
    set_accepter_dns(aws, pair, False)
    off = check(aws, pair, dict(name=public_name(pair["public"])))

    assert on["reachable"] is True, on["reason"]
    assert on["addresses"] == [HOST] and pair["pcx"] in on["resolves"][0]["source"]
    assert off["addresses"] == [pair["public"]] and off["reachable"] is False
    assert "accepter_dns_resolution" in off["resolves"][0]["source"]


def test_custom_dns_servers_in_the_dhcp_options_are_named_as_what_the_check_cannot_follow(aws, pair):
    set_accepter_dns(aws, pair, True)
    options = pair["ea"].create_dhcp_options(DhcpConfigurations=[
        dict(Key="domain-name-servers", Values=["10.0.0.53", "AmazonProvidedDNS"])])["DhcpOptions"]["DhcpOptionsId"]
    pair["ea"].associate_dhcp_options(DhcpOptionsId=options, VpcId=pair["a"]["vpc_id"])
    aws.reset_calls()

    flow = check(aws, pair, dict(name="ip-172-30-0-224.eu-west-1.compute.internal"))

    assert flow["reachable"] is False
    assert flow["blocked_by"]["check"] == "dns-servers" and flow["blocked_by"]["resource"] == options
    assert "10.0.0.53" in flow["reason"] and "cannot follow" in flow["reason"]
    assert "ec2:DescribeDhcpOptions" in {f"{c.service}:{c.action}" for c in aws.reads()}


def test_source_security_groups_are_checked_without_a_private_ip(aws, pair):
    ea, a = pair["ea"], pair["a"]
    group = ea.create_security_group(GroupName="app", Description="app", VpcId=a["vpc_id"])["GroupId"]
    everything = dict(IpProtocol="-1", IpRanges=[dict(CidrIp="0.0.0.0/0")])
    ea.revoke_security_group_egress(GroupId=group, IpPermissions=[everything])
    ea.authorize_security_group_egress(GroupId=group, IpPermissions=[dict(
        IpProtocol="tcp", FromPort=443, ToPort=443, IpRanges=[dict(CidrIp="0.0.0.0/0")])])
    subnet = a["subnet_ids"][0]
    address = str(ipaddress.ip_network(ea.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["CidrBlock"])[10])
    eni = ea.create_network_interface(SubnetId=subnet, PrivateIpAddress=address,
                                      Groups=[group])["NetworkInterface"]["NetworkInterfaceId"]
    aws.reset_calls()

    blocked = check(aws, pair, dict(ip=HOST))
    ea.authorize_security_group_egress(GroupId=group, IpPermissions=[dict(
        IpProtocol="tcp", FromPort=80, ToPort=80, IpRanges=[dict(CidrIp="172.30.0.0/16")])])
    aws.reset_calls()
    passed = check(aws, pair, dict(ip=HOST))

    assert blocked["reachable"] is False and blocked["blocked_by"]["check"] == "security-group"
    assert blocked["blocked_by"]["resource"] == group and eni in blocked["reason"]
    assert passed["reachable"] is True, passed["reason"]
    assert passed["paths"][0]["source"]["interface"] == eni


def test_a_subnet_without_interfaces_is_checked_as_an_instance_with_the_default_group(aws, pair):
    flow = check(aws, pair, dict(ip=HOST))

    assert flow["reachable"] is True, flow["reason"]
    assumed = flow["paths"][0]["source"]["assumed"]
    assert assumed.startswith(f"no network interface in {pair['a']['subnet_ids'][0]}: assumed an instance there")
    assert any(h["check"] == "security-group" and h["detail"].startswith("egress") for h in flow["hops"])
