"""execution-environment.yml builds: `ansible-builder create` (no container engine needed) writes a build context whose
Containerfile can only work if every file a stage uses was copied into that stage, the collection is installed
where the builder stage introspects its requirements, and the base image is a maintained one with Python 3.11+.
`ansible-builder introspect` of the installed collection lists its runtime requirements only."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SITE = next(p for p in sys.path if p.endswith("site-packages"))
DEFINITION = yaml.safe_load((REPO / "execution-environment.yml").read_text())
DISCONTINUED_BASE = "ansible-runner"  # builder's default base image, no longer built


def tool(*args, cwd):
    done = subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True, check=False,
                          env={"PATH": str(BIN), "HOME": str(cwd)})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    """The build context, made from a copy of the definition and the files it names, with the collection's tarball
    built into context-src as docs/awx.md says."""
    work = tmp_path_factory.mktemp("ee")
    shutil.copy(REPO / "execution-environment.yml", work)
    (work / "collections").mkdir()
    shutil.copy(REPO / DEFINITION["dependencies"]["galaxy"], work / DEFINITION["dependencies"]["galaxy"])
    tool("ansible-galaxy", "collection", "build", str(REPO), "--output-path", str(work / "context-src"), cwd=work)
    tool("ansible-builder", "create", "-f", "execution-environment.yml", "-c", str(work / "context"), cwd=work)
    return work / "context"


def stages(containerfile: str) -> dict:
    """{stage name: {parent, copies: [(from_stage, sources, destination)], runs: [command]}}."""
    found, current = {}, None
    for line in containerfile.splitlines():
        word, rest = (line.strip().split(" ", 1) + [""])[:2]
        if word == "FROM":
            image, name = (rest.split(" AS ", 1) + [""])[:2]
            current = found[name.strip()] = {"parent": image.strip(), "copies": [], "runs": []}
        elif current is not None and word == "COPY":
            args = rest.split()
            source_stage = args.pop(0).split("=", 1)[1] if args[0].startswith("--from=") else None
            current["copies"].append((source_stage, args[:-1], args[-1]))
        elif current is not None and word == "RUN":
            current["runs"].append(rest)
    return found


def lineage(found: dict, name: str) -> list:
    chain = []
    while name in found:
        chain.append(name)
        name = found[name]["parent"]
    return chain


def test_every_file_a_stage_uses_from_the_context_is_copied_into_that_stage(context):
    containerfile = next(context.glob("[CD]*file")).read_text()
    found = stages(containerfile)
    assert {"base", "galaxy", "builder", "final"} <= set(found)
    # Where files from the build context land (COPY without --from); a RUN reading under one of these places
    # needs that COPY in its own stage or a stage it is built FROM.
    context_copies = [(name, src, dest) for name, stage in found.items()
                      for origin, sources, dest in stage["copies"] if origin is None for src in sources]
    places = {copy[2].rstrip("/") for copy in context_copies if copy[2].startswith("/")}
    checked = []
    for name, stage in found.items():
        mine = [(src, dest.rstrip("/")) for owner, src, dest in context_copies if owner in lineage(found, name)]
        for command in stage["runs"]:
            for path in re.findall(r"(/[\w./*-]+)", command):
                if not any(path == place or path.startswith(place + "/") for place in places):
                    continue
                providers = [(src, dest) for src, dest in mine if path == dest or path.startswith(dest + "/")]
                assert providers, f"stage {name} runs {command!r}, but {path} is not copied into it"
                src, dest = providers[0]
                matches = list(context.glob(src.rstrip("/") + path[len(dest):]))
                assert len(matches) == 1, f"stage {name} uses {path}: the context has {matches}"
                checked.append(path)
    assert "/build/vpcmesh/vpcmesh-aws-*.tar.gz" in checked


def test_the_collection_is_installed_where_the_builder_stage_introspects_it(context):
    found = stages(next(context.glob("[CD]*file")).read_text())
    [installer] = [name for name, stage in found.items()
                   if any("collection install" in run and "/build/vpcmesh/vpcmesh-aws-" in run for run in stage["runs"])]
    assert any("/usr/share/ansible/collections" in run for run in found[installer]["runs"])
    builder = found["builder"]
    assert (installer, ["/usr/share/ansible"], "/usr/share/ansible") in builder["copies"]
    assert any("introspect" in run for run in builder["runs"])
    assert (installer, ["/usr/share/ansible"], "/usr/share/ansible") in found["final"]["copies"]


def test_the_base_image_is_maintained_and_has_python_3_11_or_later(context):
    base = DEFINITION["images"]["base_image"]["name"]
    assert DISCONTINUED_BASE not in base
    containerfile = next(context.glob("[CD]*file")).read_text()
    assert f'ARG EE_BASE_IMAGE="{base}"' in containerfile
    python = DEFINITION["dependencies"]["python_interpreter"]["python_path"]
    assert f'ARG PYCMD="{python}"' in containerfile
    major, minor = map(int, re.fullmatch(r"/usr/bin/python(\d)\.(\d+)", python).groups())
    assert (major, minor) >= (3, 11)
    assert "ansible-core==2.19.14" in containerfile


def test_the_collection_brings_its_runtime_requirements_only(context, tmp_path):
    [tarball] = (context / "_build" / "vpcmesh").glob("vpcmesh-aws-*.tar.gz")
    tool("ansible-galaxy", "collection", "install", str(tarball), "--no-deps", "-p", str(tmp_path / "coll"),
         cwd=tmp_path)
    listed = tool("ansible-builder", "introspect", str(tmp_path / "coll"), cwd=tmp_path)
    found = yaml.safe_load(listed)
    assert sorted(entry.split("#")[0].strip() for entry in found["python"]) == ["boto3>=1.34.0", "botocore>=1.34.0"]
    assert all(entry.endswith("# from collection vpcmesh.aws") for entry in found["python"]), listed
    assert found["system"] == []


def test_ansible_navigator_runs_in_the_ee_with_every_aws_variable_the_modules_read():
    settings = yaml.safe_load((REPO / "ansible-navigator.yml").read_text())["ansible-navigator"]
    ee = settings["execution-environment"]
    assert ee["enabled"] is True and ee["image"].startswith("vpcmesh-ee:")
    # The environment variables amazon.aws's module options fall back to (our modules share its options).
    options = (Path(SITE) / "ansible_collections/amazon/aws/plugins/module_utils/modules.py").read_text()
    read = {name for names in re.findall(r"env_fallback, \[([^\]]*)\]", options)
            for name in re.findall(r'"(AWS_\w+)"', names)}
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_URL"} <= read
    assert read <= set(ee["environment-variables"]["pass"]), read - set(ee["environment-variables"]["pass"])
