"""The AWX example as code (extensions/awx/configure.yml) is valid for the awx.awx modules it calls, as far as can be
known without an AWX server: every argument is an option of the module (checked against ansible-doc), required
options are given, fixed values are among the choices; and what it configures fits this repository: the credential
type injects exactly the inventory variables estate_facts.yml reads to assume a role, the job templates name
playbooks of the project and the inventory source a path in it, the survey sets a variable its playbook reads, and
the schedule runs the drift check."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ansible_collections.vpcmesh.aws.plugins.filter.inventory import ROLE_VARS

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


class Loader(yaml.SafeLoader):
    pass


Loader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))
[PLAY] = yaml.load((REPO / "extensions" / "awx" / "configure.yml").read_text(), Loader=Loader)  # noqa: S506
TASKS = [(task["name"], module, args) for task in PLAY["tasks"]
         for module, args in task.items() if module.startswith("awx.awx.")]


def by_module(short: str) -> list:
    return [task[2] for task in TASKS if task[1] == f"awx.awx.{short}"]


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    modules = sorted({task[1] for task in TASKS})
    shown = subprocess.run([str(BIN / "ansible-doc"), "-t", "module", "--json", *modules], capture_output=True,
                           text=True, check=False, env={"PATH": str(BIN), "HOME": str(home)})
    assert shown.returncode == 0, shown.stderr
    return {name: doc["doc"]["options"] for name, doc in json.loads(shown.stdout).items()}


def templated(value) -> bool:
    return isinstance(value, str) and "{{" in value


def test_every_task_gives_its_awx_module_valid_arguments(docs):
    assert {"awx.awx.credential_type", "awx.awx.project", "awx.awx.inventory_source", "awx.awx.job_template",
            "awx.awx.schedule", "awx.awx.execution_environment"} <= set(docs)
    for name, module, args in TASKS:
        options = docs[module]
        known = {alias: spec for option, spec in options.items() for alias in [option, *spec.get("aliases", [])]}
        unknown = set(args) - set(known)
        assert not unknown, f"{name}: {module} has no option {sorted(unknown)}"
        missing = [option for option, spec in options.items() if spec.get("required") and option not in args]
        assert not missing, f"{name}: {module} needs {missing}"
        for key, value in args.items():
            choices = known[key].get("choices")
            if choices and not templated(value):
                assert value in choices, f"{name}: {key}={value!r} is not one of {choices}"


def test_the_credential_type_injects_the_variables_estate_facts_reads_to_assume_a_role():
    [credential_type] = by_module("credential_type")
    fields = {field["id"] for field in credential_type["inputs"]["fields"]}
    assert {"role_arn", "external_id", "session_name", "duration_seconds"} == fields
    assert credential_type["inputs"]["required"] == ["role_arn"]
    injected = credential_type["injectors"]["extra_vars"]
    learn = (REPO / "playbooks" / "tasks" / "learn_vpcs.yml").read_text()  # included by estate_facts.yml
    assume = learn[learn.index("amazon.aws.sts_assume_role:"):learn.index("register: vpcmesh_assumed")]
    # estate_facts assumes each role the filter roles_to_assume finds, from exactly these host variables
    assert "vpcmesh.aws.roles_to_assume(hostvars)" in assume, assume
    assert set(injected) == set(ROLE_VARS)
    for variable, template in injected.items():
        assert set(re.findall(r"\{\{\s*(\w+)", template)) <= fields, (variable, template)
    # The secret input is marked secret, so AWX never shows it back.
    assert [f["id"] for f in credential_type["inputs"]["fields"] if f.get("secret")] == ["external_id"]


def test_the_job_templates_run_the_projects_playbooks_with_the_credentials_defined_here():
    templates = {args["name"]: args for args in by_module("job_template")}
    assert {name: args["playbook"] for name, args in templates.items()} == {
        "vpcmesh site": "playbooks/site.yml", "vpcmesh check": "playbooks/check.yml",
        "vpcmesh teardown": "playbooks/teardown.yml"}
    for args in templates.values():
        assert (REPO / args["playbook"]).is_file()
        assert args["project"] == by_module("project")[0]["name"]
        assert args["execution_environment"] == by_module("execution_environment")[0]["name"]
    defined = {args["name"] for args in by_module("credential")}
    assert set(re.findall(r"'([^']+)'", PLAY["vars"]["vpcmesh_awx_credentials"])) == defined
    [source] = by_module("inventory_source")
    assert (REPO / PLAY["vars"]["vpcmesh_awx_inventory_path"]).exists() and source["source"] == "scm"
    [question] = templates["vpcmesh check"]["survey_spec"]["spec"]
    assert question["variable"] in (REPO / "playbooks" / "check.yml").read_text()
    assert templates["vpcmesh teardown"]["job_type"] == "check"  # a teardown is looked at before it is run


def test_the_drift_check_is_scheduled():
    [schedule] = by_module("schedule")
    assert schedule["unified_job_template"] == "vpcmesh check"
    assert "RRULE:FREQ=" in PLAY["vars"]["vpcmesh_awx_check_schedule"] and schedule["enabled"] is True
