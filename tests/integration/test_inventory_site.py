"""site.yml refusing a bad inventory (docs/inventory.md) before any write, against the emulator.

The guides' own inventories (inventories/guides/) run whole in test_main_job.py (check mode, the first run with
each owner on its own side, a second run writing nothing, a teardown that leaves foreign routes alone) and in the
molecule scenario (test_molecule_guides.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.reliability import guides

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"
GUIDES = REPO / "inventories" / "guides"


def seed(aws, guide):
    """The guide's VPCs as playbooks/demo_vpcs.yml makes them, through boto3 (seconds, not minutes)."""
    guides.seed(aws, guide)
    aws.reset_calls()


def peerings(aws, region, account=None):
    found = aws.client("ec2", region, account).describe_vpc_peering_connections()["VpcPeeringConnections"]
    return [p for p in found if p["Status"]["Code"] not in ("deleted", "rejected", "failed")]


def test_an_overlapping_pair_in_the_inventory_stops_the_run_before_any_write(aws, tmp_path):
    seed(aws, "guide5")
    inventory = yaml.safe_load((GUIDES / "guide5.yml").read_text())
    inventory["vpcmesh_vpcs"]["children"]["guide5"]["vars"]["vpcmesh_peerings"].append({"pair": ["guide5-a", "guide5-overlap"]})
    path = tmp_path / "overlap.yml"
    path.write_text(yaml.safe_dump(inventory))
    result = aws.run(PLAYBOOKS / "site.yml", inventory=str(path))
    assert result.rc != 0
    message = result.explain()
    assert "10.50.0.0/16 (guide5-a) and 10.50.128.0/17 (guide5-overlap) overlap" in message, message
    assert "vpcmesh_peerings[1]" in message
    assert aws.writes() == []
    assert peerings(aws, "us-east-1") == []


def test_an_unknown_vpc_name_stops_the_run_naming_the_host_and_region(aws, tmp_path):
    seed(aws, "guide5")
    inventory = yaml.safe_load((GUIDES / "guide5.yml").read_text())
    inventory["vpcmesh_vpcs"]["children"]["guide5"]["hosts"]["guide5-b"]["vpcmesh_region"] = "eu-west-1"  # wrong region
    path = tmp_path / "wrong-region.yml"
    path.write_text(yaml.safe_dump(inventory))
    result = aws.run(PLAYBOOKS / "site.yml", inventory=str(path))
    assert result.rc != 0
    assert "guide5-b: the VPC named guide5-b was not found in eu-west-1" in result.explain()
    assert aws.writes() == []


def test_a_malformed_region_or_account_id_stops_the_run_before_any_call(aws, tmp_path):
    seed(aws, "guide5")
    inventory = yaml.safe_load((GUIDES / "guide5.yml").read_text())
    hosts = inventory["vpcmesh_vpcs"]["children"]["guide5"]["hosts"]
    hosts["guide5-b"]["vpcmesh_region"] = "US-West-2"
    hosts["guide5-a"]["vpcmesh_account_id"] = "12345"
    path = tmp_path / "malformed.yml"
    path.write_text(yaml.safe_dump(inventory))
    result = aws.run(PLAYBOOKS / "site.yml", inventory=str(path))
    assert result.rc != 0
    message = result.explain()
    assert "guide5-b: vpcmesh_region is 'US-West-2'; region names are lower case: 'us-west-2'" in message, message
    assert "guide5-a: vpcmesh_account_id is '12345', which is not an account ID" in message, message
    assert aws.calls == []
