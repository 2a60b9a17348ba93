"""The molecule scenarios (extensions/molecule/guide<N>), one per field guide: prepare (the guide's VPCs, with
playbooks/demo_vpcs.yml), converge (site.yml over the guide's inventory, ending with the connectivity check),
idempotence (a second converge changes nothing), verify (check.yml), cleanup (teardown.yml).

`molecule test` runs guide 5's scenario end to end; every scenario shares that sequence and those playbooks
(extensions/molecule/config.yml) and differs only in the inventory it links, so the others are checked for
linking their own guide's inventory. What each guide's inventory does under site.yml, check.yml and teardown.yml
is test_main_job.py (all five guides, one run per step).
"""

from __future__ import annotations

import subprocess

import yaml

from tests.emulator.runner import REPO, VENV_BIN, environment

MOLECULE = REPO / "extensions" / "molecule"
GUIDES = ["guide1", "guide2", "guide3", "guide4", "guide5"]


def test_every_guide_has_a_scenario_linking_its_own_inventory_and_the_shared_sequence():
    shared = yaml.safe_load((MOLECULE / "config.yml").read_text())
    assert shared["scenario"]["test_sequence"] == [
        "destroy", "prepare", "converge", "idempotence", "verify", "cleanup", "destroy"]
    for step, playbook in shared["provisioner"]["playbooks"].items():
        assert (MOLECULE / "guide1" / playbook).resolve().is_file(), (step, playbook)
    assert sorted(p.name for p in MOLECULE.iterdir() if (p / "molecule.yml").is_file()) == GUIDES
    for guide in GUIDES:
        scenario = yaml.safe_load((MOLECULE / guide / "molecule.yml").read_text())
        linked = (MOLECULE / guide / scenario["provisioner"]["inventory"]["links"]["hosts"]).resolve()
        assert linked == (REPO / "inventories" / "guides" / f"{guide}.yml").resolve(), (guide, linked)


def test_molecule_scenario_converges_is_idempotent_verifies_and_cleans_up(aws, tmp_path):
    scenario = "guide5"
    env = environment(aws.url, tmp_path, {"ANSIBLE_STDOUT_CALLBACK": "default", "MOLECULE_NO_LOG": "false"})
    proc = subprocess.run([str(VENV_BIN / "molecule"), "test", "-s", scenario], cwd=str(REPO), env=env,
                          capture_output=True, text=True, timeout=1500, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    for step in ("prepare", "converge", "idempotence", "verify", "cleanup"):
        assert f"[{scenario} > {step}] Executed: Successful" in output, output[-3000:]
    # cleanup removed every peering the scenario made, in each region of the guide
    for region in ("us-east-1", "us-west-2"):
        live = [p for p in aws.client("ec2", region).describe_vpc_peering_connections()["VpcPeeringConnections"]
                if p["Status"]["Code"] not in ("deleted", "rejected", "failed")]
        assert live == [], (region, live)
    # prepare made the guide's VPCs with playbooks/demo_vpcs.yml, as the other suites seed them with boto3
    names = {region: sorted(t["Value"] for v in aws.client("ec2", region).describe_vpcs()["Vpcs"]
                            for t in v.get("Tags", []) if t["Key"] == "Name") for region in ("us-east-1", "us-west-2")}
    assert names == {"us-east-1": ["guide5-a"], "us-west-2": ["guide5-b", "guide5-overlap"]}, names
