"""Do our module clients retry what FaultPlan injects, each in one layer? One kind of failure at a time.

Module clients (plugins/module_utils/clients.py) are botocore clients in botocore's "adaptive" retry mode
(`BOTOCORE_RETRIES`: standard mode's 10 retries, 11 attempts in all, plus pacing after a throttle), which
alone retries throttling codes, 5xx answers and dropped connections, wrapped in `retry_decorator` (amazon.aws's CloudRetry machinery, `EventualRetry`), which
retries only the codes the caller names (`extra_codes`: eventual consistency) and never throttling or 5xx a
second time. So a persistent throttle fails the call after 11 attempts (two nested layers made up to 110).
"""

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.retries import bucket, standard

from ansible_collections.amazon.aws.plugins.module_utils.botocore import paginated_query_with_retries
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import (
    BOTOCORE_RETRIES, EVENTUAL_CODES, retry_decorator)
from tests.emulator.accounts import DUMMY_KEYS
from tests.emulator.faults import THROTTLING, FaultPlan, error_response, throttle_error

CALLS = {"ec2": "describe_vpcs", "route53": "list_hosted_zones",
         "route53resolver": "list_resolver_rules"}
PROBABILITIES = dict(throttle=0.3, server_error=0.3, reset=0.3)
NOT_FOUND = "InvalidVpcPeeringConnectionID.NotFound"


@pytest.fixture
def no_botocore_backoff(monkeypatch):
    """botocore retries at once (its backoff would wait up to 20 s per attempt, and adaptive mode's rate limiter
    until its bucket refills); the attempts are the same."""
    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)
    monkeypatch.setattr(bucket.TokenBucket, "_sleep_amount", lambda self, amount: 0)


def plan_starting_with(kinds, service):
    """A FaultPlan on `service` whose first draws are `kinds`, then no fault."""
    for seed in range(5000):
        plan = FaultPlan(seed, only_services={service}, **PROBABILITIES)
        if [plan.decide(i)[0] for i in range(len(kinds) + 1)] == [*kinds, None]:
            return plan
    raise AssertionError(f"no seed starts with {kinds}")


def scripted(service, action, answers):
    """Answer the first matching calls with `answers` in turn (None: moto answers), then step aside."""
    answers = list(answers)

    def interceptor(call, request):
        if call.service == service and call.action == action and answers:
            return answers.pop(0)
        return None

    return interceptor


def module_client(aws, service, botocore_retries=True, extra_codes=None):
    config = Config(retries=dict(BOTOCORE_RETRIES) if botocore_retries else {"total_max_attempts": 1})
    client = boto3.client(service, endpoint_url=aws.url, region_name="us-east-1", config=config,
                          **DUMMY_KEYS)
    return RetryingBotoClientWrapper(client, retry_decorator(extra_codes))


def statuses(aws, service):
    return [c.status for c in aws.calls if c.service == service]


@pytest.mark.parametrize("service", sorted(CALLS))
@pytest.mark.parametrize("kind", ["throttle", "server_error", "reset"])
def test_module_client_survives_a_fault_and_the_retry_is_recorded(aws, service, kind):
    plan = plan_starting_with([kind], service)
    aws.interceptors.append(plan)

    getattr(module_client(aws, service), CALLS[service])(aws_retry=True)

    assert len(statuses(aws, service)) == 2 and statuses(aws, service)[-1] == 200
    assert plan.stats.by_kind == {kind: 1}


def outcome(aws, service, kind):
    aws.interceptors[:] = [plan_starting_with([kind], service)]
    try:
        client = module_client(aws, service, botocore_retries=False, extra_codes=EVENTUAL_CODES)
        getattr(client, CALLS[service])(aws_retry=True)
        return "retried"
    except ClientError as exc:
        return exc.response["Error"]["Code"]
    except Exception as exc:  # noqa: BLE001 - the outcome is the exception's name
        return type(exc).__name__


def test_the_decorator_alone_retries_no_throttling_server_error_or_reset(aws):
    """Without botocore's retries, one fault of each kind fails the call, even with the caller's eventual
    codes given: botocore's layer (the test above) is the only one that retries them."""
    seen = {(service, kind): outcome(aws, service, kind)
            for service in CALLS for kind in ("throttle", "server_error", "reset")}

    assert {service: seen[service, "throttle"] for service in CALLS} == {
        service: THROTTLING[service][0] for service in CALLS}
    assert {seen[service, "server_error"] for service in CALLS} <= {
        "InternalError", "Unavailable", "InternalFailure", "ServiceUnavailable"}
    assert {seen[service, "reset"] for service in CALLS} == {"ConnectionClosedError"}
    assert all(len(statuses(aws, service)) == 3 for service in CALLS)  # one attempt per fault


@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_persistent_throttle_fails_after_botocores_eleven_attempts(aws, service, no_botocore_backoff):
    """11 attempts in all (before: AWSRetry's 10 tries of botocore's 11, 110), and the throttling error
    surfaces, even from a client whose decorator retries the caller's eventual codes."""
    plan = FaultPlan(0, throttle=1.0, server_error=0, reset=0, only_services={service})
    aws.interceptors.append(plan)

    with pytest.raises(ClientError) as failed:
        getattr(module_client(aws, service, extra_codes=EVENTUAL_CODES), CALLS[service])(aws_retry=True)

    assert failed.value.response["Error"]["Code"] == THROTTLING[service][0]
    assert failed.value.response["ResponseMetadata"]["RetryAttempts"] == 10
    assert plan.stats.by_kind == {"throttle": 11}
    assert len(statuses(aws, service)) == 11


def test_an_eventual_consistency_code_is_retried_by_the_decorator_and_a_throttle_by_botocore(aws):
    """A peering not visible yet right after its create (400, which botocore does not retry) is retried by
    the caller's codes; a throttle on the retry is botocore's: three requests, one call."""
    not_found = error_response("ec2", NOT_FOUND, "The vpcPeeringConnection ID 'pcx-1' does not exist", 400)
    aws.interceptors.append(scripted("ec2", "DescribeVpcPeeringConnections",
                                     [not_found, throttle_error("ec2")]))

    module_client(aws, "ec2", extra_codes=EVENTUAL_CODES).describe_vpc_peering_connections(aws_retry=True)

    assert statuses(aws, "ec2") == [400, 503, 200]


def test_without_the_callers_codes_an_eventual_consistency_code_fails_at_once(aws):
    not_found = error_response("ec2", NOT_FOUND, "The vpcPeeringConnection ID 'pcx-1' does not exist", 400)
    aws.interceptors.append(scripted("ec2", "DescribeVpcPeeringConnections", [not_found]))

    with pytest.raises(ClientError, match=NOT_FOUND):
        module_client(aws, "ec2").describe_vpc_peering_connections(aws_retry=True)

    assert statuses(aws, "ec2") == [400]


def test_a_paginated_read_survives_a_throttle_and_fails_after_eleven_attempts_of_a_persistent_one(
        aws, no_botocore_backoff):
    """paginated_query_with_retries with our decorator (AwsContext.paginate, vpc_info, resolver_state): botocore
    retries each page's request; a throttle it gives up on surfaces instead of restarting the pages."""
    aws.interceptors.append(plan_starting_with(["throttle"], "ec2"))
    vpcs = paginated_query_with_retries(module_client(aws, "ec2"), "describe_vpcs", retry_decorator=retry_decorator())
    assert vpcs["Vpcs"] and statuses(aws, "ec2") == [503, 200]

    aws.reset_calls()
    aws.interceptors[:] = [FaultPlan(0, throttle=1.0, server_error=0, reset=0, only_services={"ec2"})]
    with pytest.raises(ClientError, match="RequestLimitExceeded"):
        paginated_query_with_retries(module_client(aws, "ec2"), "describe_vpcs", retry_decorator=retry_decorator())
    assert len(statuses(aws, "ec2")) == 11


def test_three_resets_in_a_row_are_retried_by_botocore_retry_mode(aws):
    """Legacy mode gave up after 3 dropped connections (`ConnectionClosedError` failed the module);
    our mode (standard mode's 10 retries) retries them."""
    plan = plan_starting_with(["reset"] * 3, "ec2")
    aws.interceptors.append(plan)

    module_client(aws, "ec2").describe_vpcs(aws_retry=True)

    assert [c.status for c in aws.calls] == [0, 0, 0, 200]
    assert plan.stats.by_kind == {"reset": 3}
