"""Seed emulator state for module tests: a VPC with subnets and route tables.

`make_vpc(client, cidr, ...)` takes an EC2 client (already in the right region and account).
Subnets are carved from the VPC CIDR (one per /24-or-smaller slice, AZs a, b, c in turn); extra
route tables are created empty, each with a Name tag `<name>-rt<i>`.
"""

from __future__ import annotations

import ipaddress


def _tag_spec(resource: str, tags: dict) -> list:
    if not tags:
        return []
    return [{"ResourceType": resource,
             "Tags": [{"Key": k, "Value": str(v)} for k, v in tags.items()]}]


def make_vpc(ec2, cidr: str, *, subnets: int = 0, route_tables: int = 0,
             tags: dict | None = None, secondary_cidrs: tuple = ()) -> dict:
    """Create a VPC; returns dict(vpc_id, cidr, region, owner_id, subnet_ids, route_table_ids,
    main_route_table_id)."""
    tags = dict(tags or {})
    vpc = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=_tag_spec("vpc", tags))["Vpc"]
    vpc_id = vpc["VpcId"]
    for extra in secondary_cidrs:
        ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock=extra)
    region = ec2.meta.region_name
    network = ipaddress.ip_network(cidr)
    slices = network.subnets(new_prefix=min(max(network.prefixlen + 4, 24), 28))
    subnet_ids = []
    for i, block in zip(range(subnets), slices):
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=str(block),
                                   AvailabilityZone=f"{region}{'abc'[i % 3]}",
                                   TagSpecifications=_tag_spec("subnet", tags))
        subnet_ids.append(subnet["Subnet"]["SubnetId"])
    name = tags.get("Name", vpc_id)
    route_table_ids = []
    for i in range(route_tables):
        rt_tags = {**tags, "Name": f"{name}-rt{i + 1}"}
        rt = ec2.create_route_table(VpcId=vpc_id,
                                    TagSpecifications=_tag_spec("route-table", rt_tags))
        route_table_ids.append(rt["RouteTable"]["RouteTableId"])
    main = ec2.describe_route_tables(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "association.main", "Values": ["true"]},
    ])["RouteTables"]
    return {
        "vpc_id": vpc_id,
        "cidr": cidr,
        "region": region,
        "owner_id": vpc["OwnerId"],
        "subnet_ids": subnet_ids,
        "route_table_ids": route_table_ids,
        "main_route_table_id": main[0]["RouteTableId"] if main else None,
    }
