"""The shape check of a VPC host's inventory variables (filter vpcmesh.aws.entry_problems), before any AWS call."""

from ansible_collections.vpcmesh.aws.plugins.filter.estate import entry_problems


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
