"""extensions/vpc_endpoint_interfaces.py: interface endpoint ENIs in their subnets, with the endpoint's
groups, and AWS-shaped DNS names."""

import ipaddress


def interface_endpoint(aws, region="us-east-2", service=None, groups=True, private_dns=True):
    vpc = aws.make_vpc(region, "10.31.0.0/16", subnets=2)
    ec2 = aws.client("ec2", region)
    params = dict(VpcId=vpc["vpc_id"], ServiceName=service or f"com.amazonaws.{region}.s3",
                  VpcEndpointType="Interface", SubnetIds=vpc["subnet_ids"], PrivateDnsEnabled=private_dns)
    group_id = None
    if groups:
        group_id = ec2.create_security_group(GroupName="endpoint", Description="endpoint",
                                             VpcId=vpc["vpc_id"])["GroupId"]
        params["SecurityGroupIds"] = [group_id]
    endpoint = ec2.create_vpc_endpoint(**params)["VpcEndpoint"]
    [endpoint] = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])["VpcEndpoints"]
    enis = ec2.describe_network_interfaces(NetworkInterfaceIds=endpoint["NetworkInterfaceIds"])["NetworkInterfaces"]
    return vpc, endpoint, sorted(enis, key=lambda e: e["SubnetId"]), group_id


def test_each_interface_takes_an_address_of_its_subnet_and_the_endpoints_group(aws):
    vpc, endpoint, enis, group_id = interface_endpoint(aws)
    ec2 = aws.client("ec2", "us-east-2")
    subnets = {s["SubnetId"]: s["CidrBlock"] for s in ec2.describe_subnets(SubnetIds=vpc["subnet_ids"])["Subnets"]}
    assert len(enis) == 2
    for eni in enis:
        address = ipaddress.ip_address(eni["PrivateIpAddress"])
        assert address in ipaddress.ip_network(subnets[eni["SubnetId"]])
        assert [g["GroupId"] for g in eni["Groups"]] == [group_id]
        assert eni["Description"] == f"VPC Endpoint Interface {endpoint['VpcEndpointId']}"
        assert eni["InterfaceType"] == "vpc_endpoint"


def test_without_groups_the_vpcs_default_group_is_used(aws):
    vpc, _endpoint, enis, _group = interface_endpoint(aws, groups=False)
    default = aws.client("ec2", "us-east-2").describe_security_groups(Filters=[
        dict(Name="vpc-id", Values=[vpc["vpc_id"]]), dict(Name="group-name", Values=["default"])])["SecurityGroups"]
    assert {g["GroupId"] for eni in enis for g in eni["Groups"]} == {default[0]["GroupId"]}


def test_s3_dns_names_are_regional_zonal_and_private(aws):
    endpoint = interface_endpoint(aws)[1]
    names = [d["DnsName"] for d in endpoint["DnsEntries"]]
    vpce = endpoint["VpcEndpointId"]
    assert names[0].startswith(f"*.{vpce}-") and names[0].endswith(".s3.us-east-2.vpce.amazonaws.com")
    assert any(n.endswith("-us-east-2a.s3.us-east-2.vpce.amazonaws.com") for n in names)
    assert any(n.endswith("-us-east-2b.s3.us-east-2.vpce.amazonaws.com") for n in names)
    assert names[-2:] == ["s3.us-east-2.amazonaws.com", "*.s3.us-east-2.amazonaws.com"]


def test_without_private_dns_only_the_vpce_names_are_listed(aws):
    endpoint = interface_endpoint(aws, service="com.amazonaws.us-east-2.ec2", private_dns=False)[1]
    names = [d["DnsName"] for d in endpoint["DnsEntries"]]
    assert len(names) == 3 and all(n.endswith(".ec2.us-east-2.vpce.amazonaws.com") for n in names)
    assert not names[0].startswith("*.")
