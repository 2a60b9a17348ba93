"""conftest makes the collection importable by its Ansible name, beside amazon.aws."""

import importlib


def test_collection_and_dependencies_import_by_ansible_name():
    ours = importlib.import_module("ansible_collections.vpcmesh.aws.plugins.module_utils")
    theirs = importlib.import_module("ansible_collections.amazon.aws.plugins.module_utils.modules")

    assert ours.__path__ and theirs.AnsibleAWSModule
