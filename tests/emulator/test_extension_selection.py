"""VPCMESH_EMULATOR_EXTENSIONS picks which extensions launch.py applies."""

import json
import urllib.request

import pytest

from tests.emulator import extensions
from tests.emulator.accounts import boto3_client
from tests.emulator.server import Emulator


def test_selection_values():
    everything = extensions.available()
    assert {"peering_overlap", "peering_options_side", "vpc_dns_attributes"} <= set(everything)
    assert extensions.selected(None) == extensions.selected("all") == everything
    assert extensions.selected("none") == extensions.selected("") == []
    assert extensions.selected("peering_overlap, vpc_dns_attributes") == [
        "peering_overlap", "vpc_dns_attributes"]
    with pytest.raises(ValueError, match="no_such_thing"):
        extensions.selected("no_such_thing")


def applied(url):
    with urllib.request.urlopen(f"{url}/vpcmesh/extensions", timeout=5) as answer:
        return json.load(answer)["extensions"]


def test_session_emulator_has_every_extension(emulator):
    assert applied(emulator.server.url) == extensions.available()


def test_plain_moto_when_extensions_are_off():
    with Emulator(extensions="none") as plain:
        assert applied(plain.url) == []
        ec2 = boto3_client(plain.url, "ec2")
        vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        # moto on its own accepts what AWS refuses (see docs/emulator-gaps.md)
        ec2.create_vpc_peering_connection(VpcId=vpc_id, PeerVpcId=vpc_id)
        ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": True},
                                 EnableDnsHostnames={"Value": True})
