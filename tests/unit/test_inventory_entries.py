"""A VPC host's inventory entry (plugins/filter/inventory.py): its shape checked before any AWS call, the roles its
account is reached through, assumed once each, its account's credentials, and the catalogue job slices share."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.filter.inventory import (
    account_credentials, catalogued_vpcs, entry_problems, inventory_problems, roles_to_assume, vpc_catalogue)


def test_a_well_formed_entry_has_no_problem():
    assert entry_problems({"vpcmesh_region": "eu-west-1", "vpcmesh_vpc_id": "vpc-0123456789abcdef0",
                           "vpcmesh_account_id": 222222222222,
                           "vpcmesh_role_arn": "arn:aws:iam::222222222222:role/network"}, "data-team") == []


def test_an_entry_without_optional_variables_has_no_problem():
    assert entry_problems({"vpcmesh_region": "us-east-1", "vpcmesh_vpc_name": "main"}, "main") == []


def test_a_region_in_the_wrong_case_names_the_host_the_variable_and_the_fix():
    [problem] = entry_problems({"vpcmesh_region": "EU-West-1"}, "data-team")
    assert problem.startswith("data-team: vpcmesh_region is 'EU-West-1'") and "'eu-west-1'" in problem


def test_an_unknown_region_is_refused_with_a_suggestion():
    [problem] = entry_problems({"vpcmesh_region": "us-east-7"}, "a")
    assert "a: vpcmesh_region is 'us-east-7', which is not an AWS region" in problem


def test_malformed_ids_are_each_named():
    problems = entry_problems({"vpcmesh_region": "us-east-1", "vpcmesh_vpc_id": "vpc-xyz",
                               "vpcmesh_account_id": "12345", "vpcmesh_role_arn": "network-admin"}, "b")
    assert [p.split(" is ")[0] for p in problems] == ["b: vpcmesh_vpc_id", "b: vpcmesh_account_id", "b: vpcmesh_role_arn"]
    assert "'12345', which is not an account ID" in problems[1]


ROLE = "arn:aws:iam::222222222222:role/network"


def test_every_inventory_host_is_checked_also_those_limited_out_of_the_play():
    hostvars = {"a": {"vpcmesh_region": "us-east-1"}, "b": {},
                "c": {"vpcmesh_region": "us-west-2", "vpcmesh_role_arn": ROLE, "vpcmesh_profile": "p"},
                "d": {"vpcmesh_region": "US-EAST-1"}}
    problems = inventory_problems(["a", "b", "c", "d"], hostvars)
    assert problems[:2] == ["b: set vpcmesh_region (the VPC's region)",
                            "c: give the account's vpcmesh_role_arn or vpcmesh_profile, not both"]
    assert problems[2].startswith("d: vpcmesh_region is 'US-EAST-1'") and len(problems) == 3


def test_each_role_is_assumed_once_with_its_own_session_settings():
    hostvars = {"a": {"vpcmesh_role_arn": ROLE}, "b": {"vpcmesh_role_arn": ROLE, "vpcmesh_role_session_name": "vpcmesh"},
                "c": {"vpcmesh_role_arn": ROLE, "vpcmesh_role_external_id": "x", "vpcmesh_role_duration_seconds": 7200},
                "d": {"vpcmesh_profile": "p"}, "e": {}}
    assert roles_to_assume(["a", "b", "c", "d", "e"], hostvars) == [
        {"role_arn": ROLE, "role_session_name": "vpcmesh"},
        {"role_arn": ROLE, "role_session_name": "vpcmesh", "external_id": "x", "duration_seconds": 7200}]


def test_each_host_gets_its_roles_keys_its_profile_or_none():
    hostvars = {"a": {"vpcmesh_role_arn": ROLE}, "d": {"vpcmesh_profile": "p"}, "e": {}}
    role = {"role_arn": ROLE, "role_session_name": "vpcmesh"}
    assumed = {"results": [{"item": role, "sts_creds": {"access_key": "AK", "secret_key": "SK", "session_token": "T",
                                                        "expiration": "later"}}]}
    assert account_credentials(["a", "d", "e"], hostvars, assumed) == {
        "a": {"access_key": "AK", "secret_key": "SK", "session_token": "T"}, "d": {"profile": "p"}, "e": None}
    with pytest.raises(AnsibleFilterError, match="a: the role .* was not assumed in this run"):
        account_credentials(["a"], hostvars, {"results": []})


def test_the_catalogue_keeps_what_says_which_vpc_and_how_to_act_for_its_account():
    hostvars = {"b": {"vpcmesh_region": "eu-west-1", "vpcmesh_vpc_id": "vpc-b", "vpcmesh_peerings": [{"pair": []}],
                      "vpcmesh_role_arn": "arn:aws:iam::222222222222:role/network", "vpcmesh_profile": None},
                "a": {"vpcmesh_region": "us-east-1", "vpcmesh_route_tables": {"tier": "private"}, "ansible_host": "x"}}
    catalogue = vpc_catalogue(["b", "a"], hostvars)
    assert list(catalogue) == ["a", "b"]
    assert catalogue == {"a": {"vpcmesh_region": "us-east-1", "vpcmesh_route_tables": {"tier": "private"}},
                         "b": {"vpcmesh_region": "eu-west-1", "vpcmesh_vpc_id": "vpc-b",
                               "vpcmesh_role_arn": "arn:aws:iam::222222222222:role/network"}}


def test_a_slice_adds_the_catalogued_vpcs_it_does_not_hold_and_refuses_a_stale_catalogue():
    catalogue = {"a": {"vpcmesh_region": "us-east-1"}, "b": {"vpcmesh_region": "eu-west-1", "vpcmesh_vpc_id": "vpc-b"}}
    hostvars = {"a": {"vpcmesh_region": "us-east-1", "vpcmesh_peerings": []}}
    assert catalogued_vpcs(catalogue, ["a"], hostvars) == [
        {"name": "b", "vars": {"vpcmesh_region": "eu-west-1", "vpcmesh_vpc_id": "vpc-b"}}]
    assert catalogued_vpcs(None, ["a"], hostvars) == [] and catalogued_vpcs({}, ["a"], hostvars) == []
    with pytest.raises(AnsibleFilterError, match=r"disagrees with the inventory on a \(vpcmesh_region\)"):
        catalogued_vpcs(catalogue, ["a"], {"a": {"vpcmesh_region": "us-west-2"}})
    with pytest.raises(AnsibleFilterError, match="b has vpcmesh_peerings; an entry holds only"):
        catalogued_vpcs({"b": {"vpcmesh_region": "eu-west-1", "vpcmesh_peerings": []}}, ["a"], hostvars)
    with pytest.raises(AnsibleFilterError, match="must be a mapping"):
        catalogued_vpcs(["b"], ["a"], hostvars)
