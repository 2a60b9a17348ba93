"""endpoint_service through real ansible-playbook against the emulator (recording proxy)."""

import pytest

from tests.emulator.accounts import OTHER_ACCOUNT
from tests.emulator.privatelink_seeding import connect, make_nlb, publish

REGION = "us-west-2"
OTHER_ROOT = f"arn:aws:iam::{OTHER_ACCOUNT}:root"
MARKER = {"vpcmesh:managed-by": "vpcmesh.aws"}


def run(aws, check=False, diff=False, **args):
    """The module run once (in-process; test_module_smoke.py runs each module through ansible-playbook)."""
    result = aws.run_module("endpoint_service", dict(region=REGION, **args), check=check, diff=diff, name="service")
    return result, result.task("service")


def services(aws):
    return aws.client("ec2", REGION).describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]


def principals(aws, service_id):
    answer = aws.client("ec2", REGION).describe_vpc_endpoint_service_permissions(ServiceId=service_id)
    return sorted(p["Principal"] for p in answer["AllowedPrincipals"])


def writes(aws):
    return [(c.action, c.region, c.account) for c in aws.writes()]


@pytest.fixture
def nlb(aws):
    return make_nlb(aws, aws.make_vpc(REGION, "10.11.0.0/16", subnets=2))


@pytest.fixture
def consumer(aws):
    return aws.make_vpc(REGION, "10.12.0.0/16", account=OTHER_ACCOUNT, subnets=1)


def test_creates_service_with_principal_tags_and_token(aws, nlb):
    result, out = run(aws, network_load_balancer_arns=[nlb], acceptance_required=False,
                      allowed_principals=[OTHER_ACCOUNT], tags={"Name": "outpost-api"})

    assert result.rc == 0, result
    assert out["changed"] is True
    [service] = services(aws)
    assert service["ServiceId"] == out["service_id"] and service["ServiceName"] == out["service_name"]
    assert service["AcceptanceRequired"] is False
    assert service["NetworkLoadBalancerArns"] == [nlb]
    assert {t["Key"]: t["Value"] for t in service["Tags"]} == dict(MARKER, Name="outpost-api")
    assert principals(aws, service["ServiceId"]) == [OTHER_ROOT]
    assert writes(aws) == [("CreateVpcEndpointServiceConfiguration", REGION, "123456789012"),
                           ("ModifyVpcEndpointServicePermissions", REGION, "123456789012")]
    assert aws.writes()[0].params["ClientToken"].startswith("vpcmesh-")
    assert out["service"]["allowed_principals"] == [OTHER_ROOT]


def test_second_run_makes_no_write_calls(aws, nlb):
    args = dict(network_load_balancer_arns=[nlb], acceptance_required=False, allowed_principals=[OTHER_ROOT],
                purge_principals=True, tags={"Name": "outpost-api"})
    run(aws, **args)
    aws.reset_calls()

    result, out = run(aws, **args)

    assert result.rc == 0, result
    assert out["changed"] is False and out["actions"] == []
    assert aws.writes() == []
    assert len(services(aws)) == 1


def test_check_mode_predicts_the_run_exactly_and_writes_nothing(aws, nlb):
    args = dict(network_load_balancer_arns=[nlb], acceptance_required=False, allowed_principals=[OTHER_ROOT])

    result, predicted = run(aws, check=True, diff=True, **args)
    assert result.rc == 0, result
    assert aws.writes() == []
    assert services(aws) == []

    _result, done = run(aws, **args)

    assert predicted["changed"] is True
    assert [a["call"] for a in predicted["actions"]] == [a["call"] for a in done["actions"]] == [
        "ec2:CreateVpcEndpointServiceConfiguration", "ec2:ModifyVpcEndpointServicePermissions"]
    assert predicted["actions"][0] == done["actions"][0]
    assert predicted["actions"][1]["params"]["AddAllowedPrincipals"] == [OTHER_ROOT]
    for key in ("acceptance_required", "network_load_balancer_arns", "allowed_principals", "tags"):
        assert predicted["service"][key] == done["service"][key], key


def test_check_mode_plans_the_service_over_a_load_balancer_still_to_be_made(aws):
    args = dict(acceptance_required=False, allowed_principals=[OTHER_ACCOUNT], tags={"Name": "outpost-api"})

    result, planned = run(aws, check=True, planned_load_balancers=["outpost"], **args)

    assert result.rc == 0, result
    assert aws.writes() == [] and services(aws) == []
    assert [(a["call"], a["region"]) for a in planned["actions"]] == [
        ("ec2:CreateVpcEndpointServiceConfiguration", REGION), ("ec2:ModifyVpcEndpointServicePermissions", REGION)]
    assert planned["actions"][0]["params"]["NetworkLoadBalancerArns"] == ["(new load balancer outpost)"]
    assert planned["actions"][1]["params"]["AddAllowedPrincipals"] == [OTHER_ROOT]
    assert planned["service_id"] is None and planned["changed"] is True


def test_planned_load_balancers_alone_fail_a_real_run_before_any_write(aws):
    result, out = run(aws, planned_load_balancers=["outpost"], allowed_principals=[OTHER_ACCOUNT])

    assert result.rc != 0
    assert "network_load_balancer_arns is required (planned_load_balancers counts in check mode only)" in out["msg"]
    assert aws.writes() == []


def test_check_mode_on_an_existing_service_predicts_only_the_principal_change(aws, nlb):
    run(aws, network_load_balancer_arns=[nlb], acceptance_required=False, allowed_principals=[OTHER_ROOT])
    aws.reset_calls()

    result, out = run(aws, check=True, network_load_balancer_arns=[nlb], allowed_principals=["333333333333"],
                      purge_principals=True)

    assert result.rc == 0, result
    assert [(a["call"], a["params"]) for a in out["actions"]] == [(
        "ec2:ModifyVpcEndpointServicePermissions",
        dict(ServiceId=out["service_id"], AddAllowedPrincipals=["arn:aws:iam::333333333333:root"],
             RemoveAllowedPrincipals=[OTHER_ROOT]))]
    assert aws.writes() == []
    assert principals(aws, out["service_id"]) == [OTHER_ROOT]


def test_principal_added_then_removed(aws, nlb, consumer):
    _r, first = run(aws, network_load_balancer_arns=[nlb], acceptance_required=False, allowed_principals=[])
    other_sees = aws.client("ec2", REGION, OTHER_ACCOUNT).describe_vpc_endpoint_services
    hidden_before = [s for s in other_sees()["ServiceNames"] if s == first["service_name"]]

    _r, added = run(aws, network_load_balancer_arns=[nlb], allowed_principals=[OTHER_ACCOUNT])
    seen = [s for s in other_sees()["ServiceNames"] if s == first["service_name"]]
    aws.reset_calls()
    _r, removed = run(aws, network_load_balancer_arns=[nlb], allowed_principals=[], purge_principals=True)

    assert hidden_before == []
    assert added["changed"] is True and seen == [first["service_name"]]
    assert removed["changed"] is True
    assert writes(aws) == [("ModifyVpcEndpointServicePermissions", REGION, "123456789012")]
    assert aws.writes()[0].params["RemoveAllowedPrincipals.1"] == OTHER_ROOT
    assert principals(aws, first["service_id"]) == []
    assert [s for s in other_sees()["ServiceNames"] if s == first["service_name"]] == []


def test_pending_connection_from_another_account_is_accepted_once(aws, nlb, consumer):
    _r, created = run(aws, network_load_balancer_arns=[nlb], acceptance_required=True,
                      allowed_principals=[OTHER_ACCOUNT])
    endpoint = connect(aws, consumer, created["service_name"], OTHER_ACCOUNT)
    assert endpoint["State"] == "pendingAcceptance"

    result, out = run(aws, network_load_balancer_arns=[nlb], accept_connections=True, accept_from=[OTHER_ACCOUNT])
    assert result.rc == 0, result
    accepted_writes = writes(aws)
    aws.reset_calls()
    _r, again = run(aws, network_load_balancer_arns=[nlb], accept_connections=True, accept_from=[OTHER_ACCOUNT])

    assert accepted_writes == [("AcceptVpcEndpointConnections", REGION, "123456789012")]
    assert out["service"]["connections"] == [dict(vpc_endpoint_id=endpoint["VpcEndpointId"], owner=OTHER_ACCOUNT,
                                                  state="available")]
    ec2 = aws.client("ec2", REGION, OTHER_ACCOUNT)
    assert ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])["VpcEndpoints"][0]["State"] == \
        "available"
    assert again["changed"] is False and aws.writes() == []


def test_accept_from_other_endpoints_leaves_the_connection_pending(aws, nlb, consumer):
    _r, created = run(aws, network_load_balancer_arns=[nlb], acceptance_required=True,
                      allowed_principals=[OTHER_ACCOUNT])
    connect(aws, consumer, created["service_name"], OTHER_ACCOUNT)

    _r, out = run(aws, network_load_balancer_arns=[nlb], accept_connections=True, accept_from=["vpce-0000000000"])

    assert out["changed"] is False and aws.writes() == []
    assert [c["state"] for c in out["service"]["connections"]] == ["pendingAcceptance"]


def test_absent_with_a_live_connection_fails_before_any_write(aws, nlb, consumer):
    _r, created = run(aws, network_load_balancer_arns=[nlb], acceptance_required=False,
                      allowed_principals=[OTHER_ACCOUNT])
    endpoint = connect(aws, consumer, created["service_name"], OTHER_ACCOUNT)

    result, out = run(aws, network_load_balancer_arns=[nlb], state="absent")

    assert result.rc != 0
    assert endpoint["VpcEndpointId"] in out["msg"] and "reject_connections=true" in out["msg"]
    assert aws.writes() == []
    assert len(services(aws)) == 1


def test_absent_with_reject_connections_rejects_then_deletes(aws, nlb, consumer):
    _r, created = run(aws, network_load_balancer_arns=[nlb], acceptance_required=False,
                      allowed_principals=[OTHER_ACCOUNT])
    connect(aws, consumer, created["service_name"], OTHER_ACCOUNT)

    result, out = run(aws, service_id=created["service_id"], state="absent", reject_connections=True)

    assert result.rc == 0, result
    assert writes(aws) == [("RejectVpcEndpointConnections", REGION, "123456789012"),
                           ("DeleteVpcEndpointServiceConfigurations", REGION, "123456789012")]
    assert services(aws) == []
    assert out["service_id"] is None


def test_absent_twice_deletes_once(aws, nlb):
    run(aws, network_load_balancer_arns=[nlb])
    aws.reset_calls()

    run(aws, network_load_balancer_arns=[nlb], state="absent")
    deleted = writes(aws)
    aws.reset_calls()
    _r, again = run(aws, network_load_balancer_arns=[nlb], state="absent")

    assert deleted == [("DeleteVpcEndpointServiceConfigurations", REGION, "123456789012")]
    assert again["changed"] is False and aws.writes() == []


def test_service_not_created_by_the_collection_is_left_alone(aws, nlb):
    publish(aws, REGION, nlb, tags={"Name": "by-hand"})

    result, out = run(aws, network_load_balancer_arns=[nlb], state="absent")

    assert result.rc != 0
    assert "was not created by vpcmesh.aws" in out["msg"]
    assert aws.writes() == [] and len(services(aws)) == 1


def test_load_balancer_in_another_region_fails_before_any_call(aws, nlb):
    arn = nlb.replace(REGION, "us-east-1")

    result, out = run(aws, network_load_balancer_arns=[arn])

    assert result.rc != 0
    assert "set region: us-east-1" in out["msg"]
    assert aws.writes() == []


def test_missing_load_balancer_is_named_before_any_write(aws, nlb):
    missing = nlb[:-4] + "0000"

    result, out = run(aws, network_load_balancer_arns=[nlb, missing])

    assert result.rc != 0
    assert f"load balancer {missing} was not found" in out["msg"]
    assert aws.writes() == []


def test_application_load_balancer_is_refused_before_any_write(aws):
    vpc = aws.make_vpc(REGION, "10.11.0.0/16", subnets=2)
    alb = aws.client("elbv2", REGION).create_load_balancer(
        Name="alb", Subnets=vpc["subnet_ids"], Scheme="internal", Type="application")["LoadBalancers"][0]
    aws.reset_calls()

    result, out = run(aws, network_load_balancer_arns=[alb["LoadBalancerArn"]])

    assert result.rc != 0
    assert "is of type application" in out["msg"]
    assert aws.writes() == []


def test_bad_principal_is_refused_before_any_write(aws, nlb):
    result, out = run(aws, network_load_balancer_arns=[nlb], allowed_principals=["consumer-team"])

    assert result.rc != 0
    assert "'consumer-team' is not an ARN" in out["msg"]
    assert aws.writes() == []
