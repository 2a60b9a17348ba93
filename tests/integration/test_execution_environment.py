"""execution-environment.yml builds a context with ansible-builder (no container engine needed for `create`):
the pinned ansible-core and boto3, the Galaxy dependencies, and the step that installs vpcmesh.aws's tarball."""

import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_execution_environment_definition_produces_a_build_context(tmp_path):
    context = tmp_path / "context"
    made = subprocess.run([str(BIN / "ansible-builder"), "create", "-f", str(REPO / "execution-environment.yml"),
                           "-c", str(context)], cwd=REPO, capture_output=True, text=True, check=False,
                          env={"PATH": str(BIN), "HOME": str(tmp_path)})
    assert made.returncode == 0, made.stdout + made.stderr
    build = context / "_build"
    assert {"boto3==1.44.5", "botocore==1.44.5"} <= set((build / "requirements.txt").read_text().split())
    galaxy = yaml.safe_load((build / "requirements.yml").read_text())
    assert {c["name"] for c in galaxy["collections"]} == {"amazon.aws", "community.aws"}
    containerfile = next(context.glob("[CD]*file")).read_text()
    assert "ansible-core==2.19.14" in containerfile
    assert "ansible-galaxy collection install /build/vpcmesh/vpcmesh-aws-" in containerfile
