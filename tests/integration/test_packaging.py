"""The built collection tarball: it leaves out the emulator and the development toolchain, keeps what users run and
read, installs with ansible-galaxy, and its modules, filters and playbooks work from it by FQCN with nothing of this
checkout on the collections path."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.emulator.runner import environment, parse_json_callback
from tests.reliability import guides

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SITE = next(p for p in sys.path if p.endswith("site-packages"))
# Playbooks a user runs by FQCN (vpcmesh.aws.<name>): every playbooks/*.yml.
PLAYBOOKS = sorted(p.stem for p in (REPO / "playbooks").glob("*.yml"))


def run(*args, cwd, env=None):
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True, check=False,
                          env=env or {"PATH": str(BIN), "HOME": str(cwd)})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(tarball, collections path with only the installed tarball in it), built and installed once."""
    work = tmp_path_factory.mktemp("packaging")
    made = run("ansible-galaxy", "collection", "build", str(REPO), "--output-path", str(work), cwd=work)
    assert made.returncode == 0, made.stderr
    [tarball] = work.glob("vpcmesh-aws-*.tar.gz")
    installed = run("ansible-galaxy", "collection", "install", str(tarball), "-p", str(work / "coll"), "--no-deps",
                    cwd=work)
    assert installed.returncode == 0, installed.stderr
    return tarball, work / "coll"


def user_env(home: Path, collections: Path) -> dict:
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(home), "ANSIBLE_COLLECTIONS_PATH": f"{collections}:{SITE}"}


def test_tarball_leaves_out_the_emulator_and_development_files_and_keeps_what_users_need(built):
    tarball = built[0]
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    tops = {name.split("/")[0] for name in names}
    for left_out in ("tests", "bench", "scripts", ".ci", "requirements-lock.txt", "Makefile", ".venv", ".build",
                     "execution-environment.yml", "collections"):
        assert left_out not in tops, left_out
    assert not any(name.startswith(("extensions/molecule", "playbooks/collections")) for name in names)
    assert not any("emulator" in name and not name.startswith("docs/") for name in names)
    for kept in ("LICENSE", "README.md", "requirements.txt", "meta/runtime.yml", "docs/awx.md", "docs/inventory.md",
                 "docs/iam/README.md", "inventories/aws-example/hosts.yml", "inventories/guides/guide5.yml",
                 "roles/privatelink_outpost/meta/argument_specs.yml", "extensions/awx/configure.yml",
                 *[f"playbooks/{name}.yml" for name in PLAYBOOKS]):
        assert kept in names, kept
    with tarfile.open(tarball) as archive:
        license_text = archive.extractfile("LICENSE").read().decode()
    assert license_text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE") and "Version 3, 29 June 2007" in license_text


def test_modules_run_by_fqcn_from_the_installed_tarball(aws, built):
    collections = built[1]
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-west-2", "10.1.0.0/16")
    result = aws.run([dict(hosts="localhost", gather_facts=False, tasks=[dict(
        name="peer", **{"vpcmesh.aws.cross_region_peering": dict(
            region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="us-west-2")})])],
        env={"ANSIBLE_COLLECTIONS_PATH": f"{collections}:{SITE}"})  # the checkout is not on this path
    assert result.rc == 0, result
    assert result.task("peer")["peering_connection"]["status"] == "active"


def test_every_playbook_loads_by_fqcn_from_the_installed_tarball(built, tmp_path):
    collections = built[1]
    syntax = run("ansible-playbook", "--syntax-check", "-i", str(REPO / "inventories" / "guides"),
                 *[f"vpcmesh.aws.{name}" for name in PLAYBOOKS], cwd=tmp_path, env=user_env(tmp_path, collections))
    assert syntax.returncode == 0, syntax.stdout + syntax.stderr
    installed = collections / "ansible_collections" / "vpcmesh" / "aws" / "playbooks"
    assert [line for line in syntax.stdout.splitlines() if line.startswith("playbook:")] == [
        f"playbook: {installed / name}.yml" for name in PLAYBOOKS]


def test_the_drift_check_runs_by_fqcn_from_the_installed_tarball_and_writes_nothing(aws, built, tmp_path):
    collections = built[1]
    guides.seed(aws, "guide5")  # the VPCs, not yet peered: a to b and b to a are not reachable yet
    env = environment(aws.url, tmp_path, dict(user_env(tmp_path, collections), ANSIBLE_ROLES_PATH=str(tmp_path)))
    done = run("ansible-playbook", "vpcmesh.aws.check", "-i", str(REPO / "inventories" / "guides" / "guide5.yml"),
               "-e", "vpcmesh_fail_on_unreachable=false", cwd=tmp_path, env=env)
    tasks = parse_json_callback(done.stdout)[0]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    [checked] = [t["result"] for t in tasks if t["name"] == "Check every flow (DNS, routes both ways, network ACLs, "
                 "security groups)"]
    assert [flow["as_expected"] for flow in checked["flows"]] == [False, False, True]
    assert aws.writes() == []


def test_every_module_and_filter_is_documented_for_ansible_doc_from_the_installed_tarball(built, tmp_path):
    collections = built[1]
    env = user_env(tmp_path, collections)
    plugins = collections / "ansible_collections/vpcmesh/aws/plugins"
    for kind, names in (("module", [p.stem for p in (plugins / "modules").glob("*.py")]),
                        ("filter", [p.stem for p in (plugins / "filter").glob("*.yml")])):
        shown = run("ansible-doc", "-t", kind, "--json", *[f"vpcmesh.aws.{n}" for n in names], cwd=tmp_path, env=env)
        assert shown.returncode == 0 and not shown.stderr, (kind, shown.stderr)
        docs = json.loads(shown.stdout)
        assert sorted(docs) == sorted(f"vpcmesh.aws.{n}" for n in names)
        for name, doc in docs.items():
            assert doc["doc"]["short_description"] and doc["doc"]["description"], name
            assert doc["examples"].strip() and doc["return"], name
    listed = run("ansible-doc", "-t", "filter", "-l", "vpcmesh.aws", cwd=tmp_path, env=env)
    assert "UNDOCUMENTED" not in listed.stdout and "vpcmesh.aws.estate_plan" in listed.stdout, listed.stdout
