"""site.yml as an AWX job template with 3 job slices runs it (issue 15): each slice's inventory holds only its own
hosts (AWX's get_script_data with slice_number/slice_count) and every group's variables, so the slices know their
peers from the catalogue (vpcmesh_vpc_catalogue, written by playbooks/catalogue.yml); the three slices start at once
through ansible-runner, each waiting (bounded, vpcmesh_peer_wait_timeout) for the requests and accepts another
slice makes. Afterwards a run over the whole inventory changes nothing: the slices converged the estate as one
unsliced run does. A slice run alone leaves what another slice's hosts owe, saying so in one line naming the host."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import ansible_runner
import yaml

from tests.emulator.runner import ACCESS_KEY, REPO, SECRET_KEY
from tests.integration.awx_project import awx_slices, clean_copy, write_inventory_script
from tests.reliability import guides

SITE = REPO / "playbooks" / "site.yml"
CATALOGUE = REPO / "playbooks" / "catalogue.yml"
FLOWS_TASK = "Check every flow (DNS, routes both ways, network ACLs, security groups)"


def estate_inventory(tmp_path: Path) -> Path:
    """Guides 4 and 5 as one inventory: six VPCs, two accounts, a same-account chain link, a cross-account one."""
    directory = tmp_path / "inventory"
    directory.mkdir()
    for guide in ("guide4", "guide5"):
        shutil.copy(REPO / "inventories" / "guides" / f"{guide}.yml", directory / f"{guide}.yml")
    return directory


def job_env(aws, tmp_path, monkeypatch) -> dict:
    for name in list(os.environ):
        if name.startswith(("ANSIBLE_", "AWS_")):
            monkeypatch.delenv(name)  # ansible-runner starts from this process's environment
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "AWS_URL": aws.url,
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "ANSIBLE_STDOUT_CALLBACK": "default", "ANSIBLE_NOCOLOR": "1"}


def catalogue(aws, inventory: Path, tmp_path: Path) -> dict:
    written = tmp_path / "catalogue.yml"
    aws.run(CATALOGUE, inventory=str(inventory), extravars={"vpcmesh_catalogue_file": str(written)}).assert_ok()
    return yaml.safe_load(written.read_text())


def run_slices_at_once(project, tmp_path, slices, envvars, extravars):
    """Every slice started at once (as AWX starts a sliced job's slices), each in its own private data directory
    with its inventory script; the runners once all have finished."""
    started = []
    for number, data in enumerate(slices, 1):
        private = tmp_path / f"slice{number}"
        write_inventory_script(private / "inventory", data)
        started.append(ansible_runner.run_async(private_data_dir=str(private), project_dir=str(project),
                                                playbook="playbooks/site.yml", envvars=envvars,
                                                extravars=extravars, quiet=True))
    for thread, _runner in started:
        thread.join()
    return [runner for _thread, runner in started]


def test_three_slices_started_at_once_converge_the_estate_as_one_run(aws, tmp_path, monkeypatch):
    for guide in ("guide4", "guide5"):
        guides.seed(aws, guide)
    inventory = estate_inventory(tmp_path)
    catalogued = catalogue(aws, inventory, tmp_path)
    assert sorted(catalogued["vpcmesh_vpc_catalogue"]) == [
        "guide4-data-team", "guide4-main", "guide4-shared-data", "guide5-a", "guide5-b", "guide5-overlap"]
    assert catalogued["vpcmesh_vpc_catalogue"]["guide4-data-team"]["vpcmesh_role_arn"].endswith(":role/vpcmesh-demo")

    slices = awx_slices(inventory, 3, group_vars={"vpcmesh_vpcs": catalogued})
    assert [sorted(s["_meta"]["hostvars"]) for s in slices] == [
        ["guide4-data-team", "guide5-a"], ["guide4-main", "guide5-b"], ["guide4-shared-data", "guide5-overlap"]]
    # the cross-account link's requester (guide4-shared-data) and accepter (guide4-data-team) are in different
    # slices, and so are both ends of the two same-account links
    project = clean_copy(tmp_path / "project")
    envvars = job_env(aws, tmp_path, monkeypatch)
    aws.reset_calls()
    runs = run_slices_at_once(project, tmp_path, slices, envvars, {"vpcmesh_peer_wait_timeout": 240})
    for run in runs:
        output = run.stdout.read()
        assert run.status == "successful", output[-4000:]
        assert "is left to the run with" not in output, output[-4000:]
    writes = {(c.action, c.region, c.account) for c in aws.writes()}
    assert ("AcceptVpcPeeringConnection", "eu-west-1", "222222222222") in writes  # by the data team's slice

    aws.reset_calls()
    whole = aws.run(SITE, inventory=str(inventory))
    whole.assert_ok()
    assert aws.writes() == [], [str(c) for c in aws.writes()]
    assert not whole.changed_tasks(), [(t["host"], t["name"]) for t in whole.changed_tasks()]
    flows = whole.task(FLOWS_TASK)["flows"]
    assert flows and all(f["as_expected"] for f in flows), flows


def test_a_run_without_the_requester_leaves_the_accept_to_it_in_one_line_and_the_next_run_finishes(aws, tmp_path):
    guides.seed(aws, "guide4")
    inventory = str(REPO / "inventories" / "guides" / "guide4.yml")
    alone = aws.run(SITE, inventory=inventory, limit="guide4-data-team")
    alone.assert_ok()
    said = [line for line in alone.stdout.splitlines() if "is left to the run with guide4-shared-data" in line]
    assert len(said) == 1, alone.stdout[-3000:]
    assert "the requester's run must request it first" in said[0]
    assert [c for c in aws.writes() if c.action == "AcceptVpcPeeringConnection"] == []

    requested = aws.run(SITE, inventory=inventory, limit="guide4-main,guide4-shared-data").assert_ok()
    said = [line for line in requested.stdout.splitlines() if "is left to the run with guide4-data-team" in line]
    assert len(said) == 1 and "must accept it in eu-west-1 first" in said[0], requested.stdout[-3000:]
    aws.run(SITE, inventory=inventory, limit="guide4-data-team").assert_ok()  # accepts, and does its own side
    aws.run(SITE, inventory=inventory, limit="guide4-shared-data").assert_ok()  # its side, now that it is active
    aws.reset_calls()
    aws.run(SITE, inventory=inventory).assert_ok()
    assert aws.writes() == [], [str(c) for c in aws.writes()]
