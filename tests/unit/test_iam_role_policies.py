"""docs/iam/role_<role>.json grants everything the policies of the vpcmesh.aws modules the role runs grant
(directly, or through another vpcmesh.aws role it includes), so a role's policy cannot fall behind its tasks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
IAM = REPO / "docs" / "iam"
ROLES = sorted(p.name for p in (REPO / "roles").iterdir() if (p / "tasks").is_dir())


def actions(policy_file):
    found = set()
    for statement in json.loads(policy_file.read_text())["Statement"]:
        listed = statement["Action"]
        found.update([listed] if isinstance(listed, str) else listed)
    return found


def modules_of(role, seen=None):
    """vpcmesh.aws modules the role's tasks call, including those of vpcmesh.aws roles it includes."""
    seen = set() if seen is None else seen
    seen.add(role)
    text = "\n".join(p.read_text() for p in (REPO / "roles" / role / "tasks").glob("*.yml"))
    found = set(re.findall(r"^\s*vpcmesh\.aws\.(\w+):", text, re.M)) - set(ROLES)
    for included in set(re.findall(r"name: vpcmesh\.aws\.(\w+)", text)) & set(ROLES) - seen:
        found |= modules_of(included, seen)
    return found


def test_every_role_has_a_policy():
    assert sorted(p.stem[len("role_"):] for p in IAM.glob("role_*.json")) == ROLES


@pytest.mark.parametrize("role", ROLES)
def test_role_policy_covers_the_policies_of_its_modules(role):
    granted = actions(IAM / f"role_{role}.json")
    used = modules_of(role)
    assert used, f"{role} calls no vpcmesh.aws module?"
    for module in sorted(used):
        missing = actions(IAM / f"{module}.json") - granted
        assert not missing, f"role_{role}.json lacks {sorted(missing)} of {module}.json"
