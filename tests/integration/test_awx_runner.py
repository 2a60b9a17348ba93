"""site.yml through ansible-runner, the way an AWX/Tower job template runs it: a private data directory,
the inventory as a file, credentials only as environment variables (as AWX's AWS credential type injects them),
no prompts and no extra vars."""

from __future__ import annotations

import shutil

import ansible_runner

from tests.emulator.runner import ACCESS_KEY, REPO, SECRET_KEY, environment
from tests.reliability import guides


def test_site_runs_through_ansible_runner_with_credentials_from_the_environment(aws, tmp_path):
    guides.seed(aws, "guide5")
    private = tmp_path / "job"
    (private / "inventory").mkdir(parents=True)
    shutil.copy(REPO / "inventories" / "guides" / "guide5.yml", private / "inventory" / "hosts.yml")
    env = environment(aws.url, tmp_path, {"ANSIBLE_STDOUT_CALLBACK": "default"})
    envvars = {key: value for key, value in env.items() if key.startswith(("ANSIBLE_", "AWS_")) or key == "PATH"}
    assert envvars["AWS_ACCESS_KEY_ID"] == ACCESS_KEY and envvars["AWS_SECRET_ACCESS_KEY"] == SECRET_KEY

    result = ansible_runner.run(private_data_dir=str(private), playbook=str(REPO / "playbooks" / "site.yml"),
                                envvars=envvars, quiet=True)

    output = result.stdout.read()
    assert result.status == "successful", output[-4000:]
    assert result.rc == 0
    assert set(result.stats["changed"]) == {"guide5-a", "guide5-b"}
    assert "flows: 3 of 3 as expected" in output
    assert SECRET_KEY not in output
    live = [p for p in aws.client("ec2", "us-east-1").describe_vpc_peering_connections()["VpcPeeringConnections"]
            if p["Status"]["Code"] == "active"]
    assert len(live) == 1
