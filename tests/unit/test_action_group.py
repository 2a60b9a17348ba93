"""`module_defaults: group/vpcmesh.aws.aws` is how site.yml and teardown.yml act as each VPC's account, so every AWS
module a role or playbook of this collection calls must be in that group (directly or through the groups it
extends); a module outside it would act with the caller's credentials, in the caller's account."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SITE = next(Path(p) for p in sys.path if p.endswith("site-packages"))
AWS_COLLECTIONS = ("amazon.aws.", "community.aws.", "vpcmesh.aws.")


class Loader(yaml.SafeLoader):
    pass


Loader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_scalar(node))


def runtime(collection_dir: Path) -> dict:
    return yaml.safe_load((collection_dir / "meta" / "runtime.yml").read_text())


def group_members(fqcn_group: str) -> set:
    namespace, name, group = fqcn_group.split(".")
    directory = REPO if (namespace, name) == ("vpcmesh", "aws") else SITE / "ansible_collections" / namespace / name
    members = set()
    for entry in runtime(directory)["action_groups"][group]:
        if isinstance(entry, dict):
            for extended in entry.get("metadata", {}).get("extend_group", []):
                members |= group_members(extended)
        else:
            members.add(f"{namespace}.{name}.{entry}")
    return members


def modules_called(node) -> set:
    found = set()
    if isinstance(node, dict):
        found |= {key for key in node if isinstance(key, str) and key.startswith(AWS_COLLECTIONS)}
        for value in node.values():
            found |= modules_called(value)
    elif isinstance(node, list):
        for value in node:
            found |= modules_called(value)
    return found


def task_files() -> list:
    files = sorted((REPO / "roles").glob("*/tasks/*.yml")) + sorted((REPO / "playbooks").glob("*.yml"))
    return files + sorted((REPO / "playbooks" / "tasks").glob("*.yml"))


def test_every_aws_module_the_roles_and_playbooks_call_is_in_the_vpcmesh_action_group():
    group = group_members("vpcmesh.aws.aws")
    called = {}
    for path in task_files():
        for module in modules_called(yaml.load(path.read_text(), Loader=Loader)):  # noqa: S506
            called.setdefault(module, []).append(str(path.relative_to(REPO)))
    assert {"community.aws.elb_network_lb", "community.aws.elb_target_group", "amazon.aws.ec2_vpc_endpoint",
            "vpcmesh.aws.endpoint_service"} <= set(called)
    outside = {module: where for module, where in called.items() if module not in group}
    assert not outside, f"not reached by group/vpcmesh.aws.aws: {outside}"


def test_the_group_reaches_amazon_aws_and_community_aws_modules():
    group = group_members("vpcmesh.aws.aws")
    assert {"amazon.aws.sts_assume_role", "community.aws.elb_target_group", "vpcmesh.aws.cross_region_peering"} <= group
