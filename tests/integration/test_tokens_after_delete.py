"""Idempotency tokens once the resource made with them is gone (issue 20), and what a run that fails after
some writes reports. AWS remembers tokens after a delete; the emulator extensions ec2_client_token and
resolver_creator_request_id teach moto the same, so these cases fail if a module reuses a spent token."""

import json

import pytest

from tests.emulator.faults import error_response
from tests.emulator.privatelink_seeding import make_nlb

SERVICE_REGION = "us-west-2"
RESOLVER_REGION = "us-east-2"


def run(aws, module, args):
    result = aws.run_module(module, args, name="task")
    return result, result.task("task")


def creates(aws, action):
    return [c.params for c in aws.writes() if c.action == action]


def refuse(action, service, code="UnauthorizedOperation"):
    """An interceptor that answers every ``action`` call with an error (no write happens)."""
    def interceptor(call, request):
        if call.action == action:
            return error_response(service, code, f"refused {action} for this test", 403 if service == "ec2" else 400)
        return None
    return interceptor


def request_ids(aws, action):
    """CreatorRequestIds of the ``action`` requests that reach the proxy from now on (JSON bodies are not in
    the recorded params)."""
    seen = []

    def interceptor(call, request):
        if call.action == action:
            seen.append(json.loads(request.body)["CreatorRequestId"])
    aws.interceptors.append(interceptor)
    return seen


@pytest.fixture
def nlb(aws):
    return make_nlb(aws, aws.make_vpc(SERVICE_REGION, "10.11.0.0/16", subnets=2))


def service_args(nlb, **over):
    return dict(dict(region=SERVICE_REGION, network_load_balancer_arns=[nlb], acceptance_required=False), **over)


def test_endpoint_service_made_again_after_absent_gets_a_new_service_and_token(aws, nlb):
    _result, first = run(aws, "endpoint_service", service_args(nlb))
    run(aws, "endpoint_service", service_args(nlb, state="absent"))
    aws.reset_calls()

    result, again = run(aws, "endpoint_service", service_args(nlb))

    assert result.rc == 0, result
    assert again["changed"] is True and again["service_id"] != first["service_id"]
    tokens = [p["ClientToken"] for p in creates(aws, "CreateVpcEndpointServiceConfiguration")]
    assert tokens[0] == first["actions"][0]["params"]["ClientToken"]  # the spent token answers the old service
    assert len(tokens) == 2 and tokens[1] != tokens[0]
    assert again["actions"][0]["params"]["ClientToken"] == tokens[1]
    live = aws.client("ec2", SERVICE_REGION).describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    assert [s["ServiceId"] for s in live] == [again["service_id"]]
    assert again["service"]["service_state"] == "Available"


def test_endpoint_service_failing_after_its_create_reports_the_write_and_what_was_left(aws, nlb):
    aws.interceptors.append(refuse("ModifyVpcEndpointServicePermissions", "ec2"))

    result, out = run(aws, "endpoint_service", service_args(nlb, allowed_principals=["222222222222"]))

    assert result.rc != 0 and out.get("failed")
    assert "ec2:ModifyVpcEndpointServicePermissions" in out["msg"]
    assert out["changed"] is True
    assert [a["call"] for a in out["actions"]] == ["ec2:CreateVpcEndpointServiceConfiguration"]
    assert [a["call"] for a in out["actions_left"]] == ["ec2:ModifyVpcEndpointServicePermissions"]


@pytest.fixture
def resolver_vpc(aws):
    vpc = aws.make_vpc(RESOLVER_REGION, "10.31.0.0/16", subnets=2)
    vpc["group"] = aws.client("ec2", RESOLVER_REGION).create_security_group(
        GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    aws.reset_calls()
    return vpc


def endpoint_args(vpc, **over):
    return dict(dict(region=RESOLVER_REGION, name="use2-out", direction="outbound", subnet_ids=vpc["subnet_ids"],
                     security_group_ids=[vpc["group"]]), **over)


def test_resolver_endpoint_made_again_after_absent_gets_a_new_creator_request_id(aws, resolver_vpc):
    _result, first = run(aws, "resolver_endpoint", endpoint_args(resolver_vpc))
    run(aws, "resolver_endpoint", endpoint_args(resolver_vpc, state="absent"))
    ids = request_ids(aws, "CreateResolverEndpoint")

    result, again = run(aws, "resolver_endpoint", endpoint_args(resolver_vpc))

    assert result.rc == 0, result
    assert again["changed"] is True and again["endpoint_id"] not in (None, first["endpoint_id"])
    assert ids[0] == first["endpoint"]["creator_request_id"] and len(ids) == 2 and ids[1] != ids[0]
    assert again["endpoint"]["creator_request_id"] == ids[1]
    [endpoint] = aws.client("route53resolver", RESOLVER_REGION).list_resolver_endpoints()["ResolverEndpoints"]
    assert endpoint["Id"] == again["endpoint_id"]


def test_resolver_endpoint_refuses_an_unknown_security_group_before_any_write(aws, resolver_vpc):
    result, out = run(aws, "resolver_endpoint", endpoint_args(resolver_vpc, security_group_ids=[
        resolver_vpc["group"], "sg-0123456789abcdef0"]))

    assert result.rc != 0
    assert out["msg"].startswith("security_group_ids: sg-0123456789abcdef0 was not found in us-east-2")
    assert aws.writes() == []


def test_resolver_endpoint_refuses_a_security_group_of_another_vpc_before_any_write(aws, resolver_vpc):
    other = aws.make_vpc(RESOLVER_REGION, "10.41.0.0/16")
    group = aws.client("ec2", RESOLVER_REGION).create_security_group(
        GroupName="dns", Description="dns", VpcId=other["vpc_id"])["GroupId"]
    aws.reset_calls()

    result, out = run(aws, "resolver_endpoint", endpoint_args(resolver_vpc, security_group_ids=[group]))

    assert result.rc != 0
    assert out["msg"].startswith(f"security_group_ids: {group} (of {other['vpc_id']}) not in {resolver_vpc['vpc_id']}")
    assert aws.writes() == []


def test_resolver_endpoint_failing_after_a_write_reports_it(aws, resolver_vpc):
    aws.interceptors.append(refuse("CreateResolverEndpoint", "route53resolver", "AccessDeniedException"))

    result, out = run(aws, "resolver_endpoint", endpoint_args(
        resolver_vpc, security_group_ids=None, dns_security_group=dict(allowed_cidrs=["10.30.0.0/16"])))

    assert result.rc != 0 and "route53resolver:CreateResolverEndpoint" in out["msg"]
    assert out["changed"] is True
    assert [a["call"] for a in out["actions"]] == ["ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress"]
    assert [a["call"] for a in out["actions_left"]] == ["route53resolver:CreateResolverEndpoint"]
