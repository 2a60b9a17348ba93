# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plain values read out of the shapes EC2's describe calls answer (tags, a VPC's CIDR blocks). Pure: no AWS
access here, so plans and snapshots use them as readily as the reads in ``ec2_state.py``."""

from __future__ import annotations


def vpc_cidrs(vpc):
    """(IPv4 blocks, IPv6 blocks) currently associated with a VPC, primary first."""
    v4 = [a["CidrBlock"] for a in vpc.get("CidrBlockAssociationSet", [])
          if a.get("CidrBlockState", {}).get("State", "associated") in ("associated", "associating")]
    if vpc.get("CidrBlock") and vpc["CidrBlock"] not in v4:
        v4.insert(0, vpc["CidrBlock"])
    v6 = [a["Ipv6CidrBlock"] for a in vpc.get("Ipv6CidrBlockAssociationSet", [])
          if a.get("Ipv6CidrBlockState", {}).get("State", "associated") in ("associated", "associating")]
    return v4, v6


def tags_dict(tag_list):
    """{Key: Value} of an EC2 tag list (None or empty: {})."""
    return {t["Key"]: t["Value"] for t in tag_list or []}
