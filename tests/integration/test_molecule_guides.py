"""Each guide's molecule scenario (extensions/molecule/guide<N>), run by `molecule test` against the emulator:
prepare (the guide's VPCs), converge (site.yml over the guide's inventory, ending with the connectivity check),
idempotence (a second converge changes nothing), verify (check.yml), cleanup (teardown.yml)."""

from __future__ import annotations

import subprocess

import pytest

from tests.emulator.runner import REPO, VENV_BIN, environment

GUIDES = ["guide1", "guide2", "guide3", "guide4", "guide5"]


@pytest.mark.parametrize("scenario", GUIDES)
def test_molecule_scenario_of_each_guide_converges_is_idempotent_verifies_and_cleans_up(aws, tmp_path, scenario):
    env = environment(aws.url, tmp_path, {"ANSIBLE_STDOUT_CALLBACK": "default", "MOLECULE_NO_LOG": "false"})
    proc = subprocess.run([str(VENV_BIN / "molecule"), "test", "-s", scenario], cwd=str(REPO), env=env,
                          capture_output=True, text=True, timeout=1500, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    for step in ("prepare", "converge", "idempotence", "verify", "cleanup"):
        assert f"[{scenario} > {step}] Executed: Successful" in output, output[-3000:]
    # cleanup removed every peering the scenario made, in each region of the guides
    for region in ("us-east-1", "us-east-2", "us-west-2", "eu-west-1"):
        live = [p for p in aws.client("ec2", region).describe_vpc_peering_connections()["VpcPeeringConnections"]
                if p["Status"]["Code"] not in ("deleted", "rejected", "failed")]
        assert live == [], (region, live)
