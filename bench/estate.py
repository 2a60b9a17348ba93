"""The estate a benchmark run starts from: N regions, VPCs with route tables, one private zone.

Created straight through boto3 on moto (bypassing the recorder), so setup is never measured.
Every VPC has DNS support and hostnames on (as an estate that uses private zones has), two
subnets (for Resolver endpoints) and `route_tables` extra route tables beside its main one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from tests.emulator.accounts import boto3_client
from tests.emulator.seeding import make_vpc

# regions whose first two availability zones are "a" and "b" (tests.emulator.seeding.make_vpc's subnets)
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1", "us-west-2", "eu-central-1",
           "ap-northeast-3", "sa-east-1", "ca-central-1", "us-east-2", "eu-west-2",
           "ap-southeast-2", "ap-south-1", "us-west-1", "eu-north-1", "eu-west-3",
           "ap-northeast-2")
ZONE_NAME = "mesh.internal"


@dataclass
class Vpc:
    key: str          # "v0", "v1", ...
    region: str
    vpc_id: str
    cidr: str
    route_table_ids: list   # every table, the main one first
    subnet_ids: list


@dataclass
class Estate:
    regions: list
    vpcs: list
    zone_id: str | None = None
    pairs: list = field(default_factory=list)  # (requester Vpc, accepter Vpc)

    @property
    def tables(self) -> int:
        return sum(len(v.route_table_ids) for v in self.vpcs)


def build_estate(moto_url: str, n_regions: int, vpcs_per_region: int = 1, route_tables: int = 2,
                 zone: bool = True) -> Estate:
    """Create the estate in the emulator at `moto_url` (not the proxy) and describe it."""
    if not 1 < n_regions <= len(REGIONS):
        raise ValueError(f"n_regions must be 2..{len(REGIONS)}, got {n_regions}")
    regions = list(REGIONS[:n_regions])
    vpcs = []
    for r_index, region in enumerate(regions):
        ec2 = boto3_client(moto_url, "ec2", region)
        for v_index in range(vpcs_per_region):
            index = r_index * vpcs_per_region + v_index
            cidr = f"10.{index}.0.0/16"
            made = make_vpc(ec2, cidr, subnets=2, route_tables=route_tables,
                            tags={"Name": f"bench-v{index}"})
            for attribute in ("EnableDnsSupport", "EnableDnsHostnames"):
                ec2.modify_vpc_attribute(VpcId=made["vpc_id"], **{attribute: {"Value": True}})
            vpcs.append(Vpc(f"v{index}", region, made["vpc_id"], cidr,
                            [made["main_route_table_id"], *made["route_table_ids"]],
                            made["subnet_ids"]))
    estate = Estate(regions, vpcs, pairs=list(combinations(vpcs, 2)))
    if zone:
        first = vpcs[0]
        estate.zone_id = boto3_client(moto_url, "route53").create_hosted_zone(
            Name=ZONE_NAME, CallerReference="bench-zone", HostedZoneConfig={"PrivateZone": True},
            VPC={"VPCRegion": first.region, "VPCId": first.vpc_id})["HostedZone"]["Id"]
    return estate
