"""FaultPlan: seeded throttling, 5xx, resets and slow answers, each in the service's own shape."""

import botocore.exceptions
import pytest
from botocore.config import Config

from tests.emulator.accounts import DUMMY_KEYS
from tests.emulator.faults import THROTTLING, FaultPlan

NO_RETRY = Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=5,
                  read_timeout=30)


def seed_where(first_kinds, **probabilities):
    """A seed whose first draws are `first_kinds` (then no fault): found, not hoped for."""
    for seed in range(5000):
        plan = FaultPlan(seed, **probabilities)
        if [plan.decide(i)[0] for i in range(len(first_kinds) + 1)] == [*first_kinds, None]:
            return seed
    raise AssertionError(f"no seed in 0..4999 starts with {first_kinds}")


def attempts(aws, action):
    return [(c.status, c.intercepted) for c in aws.calls if c.action == action]


def raw_client(aws, service, region="us-east-1"):
    """A boto3 client that does not retry, to see the fault itself."""
    import boto3
    return boto3.client(service, endpoint_url=aws.url, region_name=region, config=NO_RETRY,
                        **DUMMY_KEYS)


@pytest.mark.parametrize("service,call,action", [
    ("ec2", lambda c: c.describe_vpcs(), "DescribeVpcs"),
    ("route53", lambda c: c.list_hosted_zones(), "ListHostedZones"),
    ("route53resolver", lambda c: c.list_resolver_rules(), "ListResolverRules"),
    ("elbv2", lambda c: c.describe_load_balancers(), "DescribeLoadBalancers"),
    ("sts", lambda c: c.get_caller_identity(), "GetCallerIdentity"),
])
def test_throttling_answers_in_each_services_own_code_and_status(aws, service, call, action):
    aws.interceptors.append(FaultPlan(seed=0, throttle=1.0, server_error=0, reset=0))

    with pytest.raises(botocore.exceptions.ClientError) as caught:
        call(raw_client(aws, service))

    wire_service = "elasticloadbalancing" if service == "elbv2" else service
    code, status = THROTTLING[wire_service]
    assert caught.value.response["Error"]["Code"] == code
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert attempts(aws, action) == [(status, True)]


@pytest.mark.parametrize("kind", ["throttle", "server_error", "reset"])
def test_boto3_retries_each_fault_and_the_retry_is_recorded(aws, kind):
    probabilities = dict(throttle=0.3, server_error=0.3, reset=0.3)
    plan = FaultPlan(seed_where([kind], **probabilities), only_actions={"DescribeVpcs"},
                     **probabilities)
    aws.interceptors.append(plan)

    aws.client("ec2").describe_vpcs()

    first, second = attempts(aws, "DescribeVpcs")
    expected = {"throttle": {503}, "server_error": {500, 503}, "reset": {0}}[kind]
    assert first[1] is True and first[0] in expected
    assert second == (200, False)
    assert plan.stats.by_kind == {kind: 1}
    assert plan.stats.by_action == {"ec2:DescribeVpcs": {kind: 1}}


def test_server_errors_are_500_internal_or_503_unavailable_in_ec2_shape(aws):
    aws.interceptors.append(FaultPlan(seed=1, throttle=0, server_error=1.0, reset=0))
    client = raw_client(aws, "ec2")
    seen = set()
    for attempt in range(12):
        with pytest.raises(botocore.exceptions.ClientError) as caught:
            client.describe_vpcs()
        seen.add((caught.value.response["ResponseMetadata"]["HTTPStatusCode"],
                  caught.value.response["Error"]["Code"]))
    assert seen == {(500, "InternalError"), (503, "Unavailable")}


def test_reset_closes_the_connection_without_an_answer(aws):
    aws.interceptors.append(FaultPlan(seed=0, throttle=0, server_error=0, reset=1.0))

    with pytest.raises(botocore.exceptions.ConnectionClosedError):
        raw_client(aws, "route53").list_hosted_zones()

    assert attempts(aws, "ListHostedZones") == [(0, True)]


def test_slow_answer_is_delayed_then_forwarded_by_moto(aws):
    slept = []
    plan = FaultPlan(seed=3, throttle=0, server_error=0, reset=0, slow=(1.0, 7.5),
                     sleep=slept.append)
    aws.interceptors.append(plan)

    raw_client(aws, "ec2").describe_vpcs()

    assert slept == [7.5]
    assert attempts(aws, "DescribeVpcs") == [(200, False)]
    assert plan.stats.by_kind == {"slow": 1} and plan.stats.failed_attempts == 0


def test_only_the_selected_services_and_actions_get_faults(aws):
    plan = FaultPlan(seed=0, throttle=1.0, server_error=0, reset=0, only_services={"ec2"},
                     only_actions={"DescribeSubnets"})
    aws.interceptors.append(plan)
    client = raw_client(aws, "ec2")

    client.describe_vpcs()
    raw_client(aws, "route53").list_hosted_zones()
    with pytest.raises(botocore.exceptions.ClientError):
        client.describe_subnets()

    assert [(i.service, i.action) for i in plan.log] == [("ec2", "DescribeSubnets")]


def run_fixed_sequence(aws, seed):
    plan = FaultPlan(seed, throttle=0.15, server_error=0.05, reset=0.05)
    aws.interceptors[:] = [plan]
    ec2, r53 = aws.client("ec2"), aws.client("route53")
    for repeat in range(6):
        ec2.describe_vpcs()
        r53.list_hosted_zones()
    aws.interceptors.clear()
    return plan.log, [(c.action, c.status) for c in aws.calls]


def test_same_seed_injects_the_same_sequence(aws):
    first_log, first_calls = run_fixed_sequence(aws, seed=42)
    aws.reset_calls()
    second_log, second_calls = run_fixed_sequence(aws, seed=42)
    aws.reset_calls()
    other_log = run_fixed_sequence(aws, seed=43)[0]

    assert first_log and first_log == second_log
    assert first_calls == second_calls
    assert other_log != first_log


def test_injected_rates_follow_the_probabilities():
    plan = FaultPlan(seed=7, throttle=0.2, server_error=0.05, reset=0.02, slow=(0.1, 1))
    kinds = [plan.decide(i)[0] for i in range(20000)]
    share = {k: kinds.count(k) / len(kinds) for k in ("throttle", "server_error", "reset", "slow")}
    assert share["throttle"] == pytest.approx(0.2, abs=0.01)
    assert share["server_error"] == pytest.approx(0.05, abs=0.005)
    assert share["reset"] == pytest.approx(0.02, abs=0.004)
    assert share["slow"] == pytest.approx(0.73 * 0.1, abs=0.007)


def test_probabilities_above_one_are_refused():
    with pytest.raises(ValueError, match="must not exceed 1"):
        FaultPlan(seed=0, throttle=0.8, server_error=0.3)
