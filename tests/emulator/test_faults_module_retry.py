"""Do our module clients retry what FaultPlan injects? The two retry layers, one at a time.

Module clients (plugins/module_utils/clients.py) are botocore clients in botocore's "standard" retry
mode (`BOTOCORE_RETRIES`: 10 retries, 11 attempts in all; throttling codes, 5xx, dropped connections), wrapped in
amazon.aws `AWSRetry.jittered_backoff` (10 tries, for the throttling codes of every service plus
`extra_codes`).
"""

import boto3
import pytest
from botocore.config import Config

from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import BOTOCORE_RETRIES, retry_decorator
from tests.emulator.accounts import DUMMY_KEYS
from tests.emulator.faults import FaultPlan

CALLS = {"ec2": "describe_vpcs", "route53": "list_hosted_zones",
         "route53resolver": "list_resolver_rules"}
PROBABILITIES = dict(throttle=0.3, server_error=0.3, reset=0.3)


def plan_starting_with(kinds, service):
    """A FaultPlan on `service` whose first draws are `kinds`, then no fault."""
    for seed in range(5000):
        plan = FaultPlan(seed, only_services={service}, **PROBABILITIES)
        if [plan.decide(i)[0] for i in range(len(kinds) + 1)] == [*kinds, None]:
            return plan
    raise AssertionError(f"no seed starts with {kinds}")


def module_client(aws, service, botocore_retries=True):
    config = Config(retries=dict(BOTOCORE_RETRIES) if botocore_retries else {"total_max_attempts": 1})
    client = boto3.client(service, endpoint_url=aws.url, region_name="us-east-1", config=config,
                          **DUMMY_KEYS)
    return RetryingBotoClientWrapper(client, retry_decorator())


@pytest.mark.parametrize("service", sorted(CALLS))
@pytest.mark.parametrize("kind", ["throttle", "server_error", "reset"])
def test_module_client_survives_a_fault_and_the_retry_is_recorded(aws, service, kind):
    plan = plan_starting_with([kind], service)
    aws.interceptors.append(plan)

    getattr(module_client(aws, service), CALLS[service])(aws_retry=True)

    statuses = [c.status for c in aws.calls if c.service == service]
    assert len(statuses) == 2 and statuses[-1] == 200
    assert plan.stats.by_kind == {kind: 1}


def outcome(aws, service, kind):
    aws.interceptors[:] = [plan_starting_with([kind], service)]
    try:
        getattr(module_client(aws, service, botocore_retries=False), CALLS[service])(aws_retry=True)
        return "retried"
    except Exception as exc:  # noqa: BLE001 - the outcome is the exception's name
        return type(exc).__name__


def test_awsretry_layer_alone_retries_every_service_throttling_and_server_errors(aws):
    """Without botocore's retries, AWSRetry still retries each service's throttling (Resolver's
    `ThrottlingException` too) and 5xx codes; a dropped connection (`ConnectionClosedError`, not a
    ClientError) is left to botocore's layer (next test)."""
    seen = {(service, kind): outcome(aws, service, kind)
            for service in CALLS for kind in ("throttle", "server_error", "reset")}

    assert seen == {
        ("ec2", "throttle"): "retried", ("ec2", "server_error"): "retried",
        ("ec2", "reset"): "ConnectionClosedError",
        ("route53", "throttle"): "retried", ("route53", "server_error"): "retried",
        ("route53", "reset"): "ConnectionClosedError",
        ("route53resolver", "throttle"): "retried",
        ("route53resolver", "server_error"): "retried",
        ("route53resolver", "reset"): "ConnectionClosedError",
    }


def test_three_resets_in_a_row_are_retried_by_botocore_standard_mode(aws):
    """Legacy mode gave up after 3 dropped connections (`ConnectionClosedError` failed the module);
    standard mode with 10 retries retries them."""
    plan = plan_starting_with(["reset"] * 3, "ec2")
    aws.interceptors.append(plan)

    module_client(aws, "ec2").describe_vpcs(aws_retry=True)

    assert [c.status for c in aws.calls] == [0, 0, 0, 200]
    assert plan.stats.by_kind == {"reset": 3}
