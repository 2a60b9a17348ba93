"""site.yml through ansible-runner the way an AWX/Tower job template runs it from a project that is a clone of this
repository: the project directory is a clean copy of the tracked files, the playbook is given relative to it, the
inventory is a file in the private data directory, credentials are only environment variables (as AWX's AWS
credential injects them), and nothing (no ANSIBLE_COLLECTIONS_PATH, no installed copy, no home directory collections)
points at this checkout: vpcmesh.aws must be found next to the playbooks, as ansible-core looks for it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import ansible_runner

from tests.emulator.runner import ACCESS_KEY, SECRET_KEY
from tests.integration.awx_project import clean_copy
from tests.reliability import guides


def test_site_runs_from_a_clone_of_the_repository_as_an_awx_project(aws, tmp_path, monkeypatch):
    guides.seed(aws, "guide5")
    project = clean_copy(tmp_path / "project")
    private = tmp_path / "job"
    (private / "inventory").mkdir(parents=True)
    shutil.copy(project / "inventories" / "guides" / "guide5.yml", private / "inventory" / "hosts.yml")
    for name in list(os.environ):
        if name.startswith(("ANSIBLE_", "AWS_")):
            monkeypatch.delenv(name)  # ansible-runner starts from this process's environment
    home = tmp_path / "home"
    home.mkdir()
    envvars = {
        "HOME": str(home), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "AWS_URL": aws.url,
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "ANSIBLE_STDOUT_CALLBACK": "default", "ANSIBLE_NOCOLOR": "1",
    }
    # The only vpcmesh.aws in reach is the project's: not in the default collection paths nor beside the venv's.
    for root in (home / ".ansible" / "collections", Path("/usr/share/ansible/collections"),
                 *[Path(p) for p in sys.path if p.endswith("site-packages")]):
        assert not (root / "ansible_collections" / "vpcmesh").exists(), root

    result = ansible_runner.run(private_data_dir=str(private), project_dir=str(project),
                                playbook="playbooks/site.yml", envvars=envvars, quiet=True)

    output = result.stdout.read()
    assert "ANSIBLE_COLLECTIONS_PATH" not in result.config.env
    assert result.status == "successful", output[-4000:]
    # Both VPCs are of one account, so guide5-a leads their unit: it requests, accepts and sets both sides
    assert set(result.stats["changed"]) == {"guide5-a"}
    assert "flows: 3 of 3 as expected" in output
    assert SECRET_KEY not in output
    live = [p for p in aws.client("ec2", "us-east-1").describe_vpc_peering_connections()["VpcPeeringConnections"]
            if p["Status"]["Code"] == "active"]
    assert len(live) == 1
