"""CIDR validation and overlap (pure)."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.cidrs import CidrError, is_ipv6, overlapping_pairs, parse_cidr


def test_canonical_cidr_is_accepted():
    assert str(parse_cidr("10.0.0.0/16")) == "10.0.0.0/16"


def test_host_bits_set_names_the_network_address():
    with pytest.raises(CidrError, match="10.60.0.0/16"):
        parse_cidr("10.60.1.1/16")


@pytest.mark.parametrize("value", ["10.0.0.0/33", "not-a-cidr", "300.0.0.0/8", ""])
def test_invalid_cidr_is_refused(value):
    with pytest.raises(CidrError):
        parse_cidr(value)


def test_missing_prefix_length_is_refused():
    with pytest.raises(CidrError, match="prefix length"):
        parse_cidr("10.0.0.0")


def test_ipv6_is_parsed():
    assert is_ipv6("2600:1f18::/56") and not is_ipv6("10.0.0.0/8")


def test_overlap_pairs_ignore_other_ip_version():
    assert overlapping_pairs(["10.0.0.0/8", "2600::/56"], ["10.1.0.0/16", "2600::/64", "172.16.0.0/12"]) == [
        ("10.0.0.0/8", "10.1.0.0/16"), ("2600::/56", "2600::/64")]


def test_disjoint_lists_have_no_pairs():
    assert overlapping_pairs(["10.0.0.0/16"], ["10.1.0.0/16"]) == []
