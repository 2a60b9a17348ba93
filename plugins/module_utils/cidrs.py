# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CIDR validation and overlap checks (pure)."""

from __future__ import annotations

import ipaddress


class CidrError(ValueError):
    pass


def parse_cidr(value, what="CIDR"):
    """A canonical network; host bits set (``10.60.1.1/16``) is an error naming the canonical form."""
    try:
        net = ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        raise CidrError(f"{what} {value!r} is not a valid IPv4 or IPv6 CIDR block") from None
    if "/" not in str(value):
        raise CidrError(f"{what} {value!r} has no prefix length; write e.g. {net}")
    try:
        ipaddress.ip_network(str(value), strict=True)
    except ValueError:
        raise CidrError(f"{what} {value!r} has host bits set; AWS expects the network address: {net}") from None
    return net


def overlapping_pairs(blocks_a, blocks_b):
    """Every (a, b) pair of CIDR strings from the two lists that overlap (same IP version only)."""
    pairs = []
    for a in blocks_a:
        na = ipaddress.ip_network(a, strict=False)
        for b in blocks_b:
            nb = ipaddress.ip_network(b, strict=False)
            if na.version == nb.version and na.overlaps(nb):
                pairs.append((a, b))
    return pairs


def is_ipv6(cidr):
    return ipaddress.ip_network(cidr, strict=False).version == 6
