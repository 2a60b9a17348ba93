"""The built collection tarball installs with ansible-galaxy and its modules run by FQCN."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GALAXY = str(Path(sys.executable).parent / "ansible-galaxy")
SITE = next(p for p in sys.path if p.endswith("site-packages"))


def galaxy(*args, cwd):
    return subprocess.run([GALAXY, "collection", *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={"PATH": str(Path(sys.executable).parent), "HOME": str(cwd)})


def test_built_tarball_installs_and_runs_by_fqcn(aws, tmp_path):
    built = galaxy("build", str(REPO), "--output-path", str(tmp_path), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    [tarball] = tmp_path.glob("vpcmesh-aws-*.tar.gz")
    installed = galaxy("install", str(tarball), "-p", str(tmp_path / "coll"), "--no-deps", cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    assert (tmp_path / "coll/ansible_collections/vpcmesh/aws/plugins/modules/cross_region_peering.py").exists()
    assert not (tmp_path / "coll/ansible_collections/vpcmesh/aws/.venv").exists()

    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-west-2", "10.1.0.0/16")
    result = aws.run([dict(hosts="localhost", gather_facts=False, tasks=[dict(
        name="peer", **{"vpcmesh.aws.cross_region_peering": dict(
            region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="us-west-2")})])],
        env={"ANSIBLE_COLLECTIONS_PATH": f"{tmp_path / 'coll'}:{SITE}"})  # the checkout is not on this path
    assert result.rc == 0, result
    assert result.task("peer")["peering_connection"]["status"] == "active"

    # The playbooks run by FQCN from the installed tarball too (the way an AWX project without this checkout would).
    for name in ("site", "check", "teardown"):
        syntax = subprocess.run(
            [str(Path(sys.executable).parent / "ansible-playbook"), f"vpcmesh.aws.{name}", "--syntax-check",
             "-i", str(REPO / "inventories" / "guides")],
            cwd=tmp_path, capture_output=True, text=True, check=False,
            env={"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path),
                 "ANSIBLE_COLLECTIONS_PATH": f"{tmp_path / 'coll'}:{SITE}"})
        assert syntax.returncode == 0, (name, syntax.stdout, syntax.stderr)

    # Every module and filter is documented for ansible-doc from the installed tarball: a user can work from it alone.
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path),
           "ANSIBLE_COLLECTIONS_PATH": f"{tmp_path / 'coll'}:{SITE}"}
    plugins = tmp_path / "coll/ansible_collections/vpcmesh/aws/plugins"
    for kind, names in (("module", [p.stem for p in (plugins / "modules").glob("*.py")]),
                        ("filter", [p.stem for p in (plugins / "filter").glob("*.yml")])):
        shown = subprocess.run([str(Path(sys.executable).parent / "ansible-doc"), "-t", kind, "--json",
                                *[f"vpcmesh.aws.{n}" for n in names]],
                               cwd=tmp_path, capture_output=True, text=True, check=False, env=env)
        assert shown.returncode == 0 and not shown.stderr, (kind, shown.stderr)
        docs = json.loads(shown.stdout)
        assert sorted(docs) == sorted(f"vpcmesh.aws.{n}" for n in names)
        for name, doc in docs.items():
            assert doc["doc"]["short_description"] and doc["doc"]["description"], name
            assert doc["examples"].strip() and doc["return"], name
    listed = subprocess.run([str(Path(sys.executable).parent / "ansible-doc"), "-t", "filter", "-l", "vpcmesh.aws"],
                            cwd=tmp_path, capture_output=True, text=True, check=False, env=env)
    assert "UNDOCUMENTED" not in listed.stdout and "vpcmesh.aws.estate_plan" in listed.stdout, listed.stdout
