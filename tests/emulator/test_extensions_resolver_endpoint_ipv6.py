"""extensions/resolver_endpoint_ipv6.py: IPV6 and DUALSTACK endpoints get IPv6 addresses (given or chosen), need
IPv6 subnets, and change only between IPV4 and DUALSTACK."""

from ipaddress import ip_network

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def net(aws):
    ec2 = aws.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]
    block = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    blocks = list(ip_network(block).subnets(new_prefix=64))[:2]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    subnets = [ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=zones[n],
                                 Ipv6CidrBlock=str(blocks[n]))["Subnet"]["SubnetId"] for n in range(2)]
    plain = [ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock=f"10.0.{10 + n}.0/24",
                               AvailabilityZone=zones[n])["Subnet"]["SubnetId"] for n in range(2)]
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["VpcId"])["GroupId"]
    return aws.client("route53resolver"), group, subnets, plain, blocks[0]


def address(block, n):
    return str(block.network_address + n)


def make(r53, group, name, addresses, **extra):
    return r53.create_resolver_endpoint(CreatorRequestId=name, Name=name, SecurityGroupIds=[group],
                                        Direction="INBOUND", IpAddresses=addresses, **extra)["ResolverEndpoint"]


def listed(r53, endpoint_id):
    return r53.list_resolver_endpoint_ip_addresses(ResolverEndpointId=endpoint_id)["IpAddresses"]


def test_a_dualstack_endpoint_has_given_and_chosen_ipv6_addresses(net):
    r53, group, subnets, _plain, block = net
    endpoint = make(r53, group, "dual", [{"SubnetId": subnets[0], "Ipv6": address(block, 0x99)},
                                         {"SubnetId": subnets[1]}], ResolverEndpointType="DUALSTACK")

    addresses = listed(r53, endpoint["Id"])
    assert endpoint["ResolverEndpointType"] == "DUALSTACK"
    assert {a["SubnetId"]: a["Ipv6"] for a in addresses}[subnets[0]] == address(block, 0x99)
    assert all(a["Ip"] and a["Ipv6"] for a in addresses)


def test_an_ipv6_endpoint_has_no_ipv4_addresses_and_needs_ipv6_subnets(net):
    r53, group, subnets, plain, _prefix = net
    endpoint = make(r53, group, "six", [{"SubnetId": s} for s in subnets], ResolverEndpointType="IPV6")
    with pytest.raises(ClientError) as caught:
        make(r53, group, "bare", [{"SubnetId": s} for s in plain], ResolverEndpointType="DUALSTACK")

    assert all("Ip" not in a and a["Ipv6"] for a in listed(r53, endpoint["Id"]))
    assert caught.value.response["Error"]["Code"] == "InvalidRequestException"


def test_the_type_changes_between_ipv4_and_dualstack_only(net):
    r53, group, subnets, _plain, block = net
    endpoint = make(r53, group, "four", [{"SubnetId": s} for s in subnets])
    first = listed(r53, endpoint["Id"])[0]

    dual = r53.update_resolver_endpoint(ResolverEndpointId=endpoint["Id"], ResolverEndpointType="DUALSTACK",
                                        UpdateIpAddresses=[{"IpId": first["IpId"], "Ipv6": address(block, 0x77)}])
    with pytest.raises(ClientError) as caught:
        r53.update_resolver_endpoint(ResolverEndpointId=endpoint["Id"], ResolverEndpointType="IPV6")
    ipv6 = {a["IpId"]: a["Ipv6"] for a in listed(r53, endpoint["Id"])}
    back = r53.update_resolver_endpoint(ResolverEndpointId=endpoint["Id"], ResolverEndpointType="IPV4")

    assert dual["ResolverEndpoint"]["ResolverEndpointType"] == "DUALSTACK" and dual["ResolverEndpoint"]["Name"] == "four"
    assert ipv6[first["IpId"]] == address(block, 0x77) and len(set(ipv6.values())) == 2
    assert caught.value.response["Error"]["Code"] == "InvalidRequestException"
    assert back["ResolverEndpoint"]["ResolverEndpointType"] == "IPV4"
    assert all("Ipv6" not in a for a in listed(r53, endpoint["Id"]))
