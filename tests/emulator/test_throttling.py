"""TokenBuckets and min_time: AWS's documented request buckets, and the least time they allow."""

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config

from tests.emulator.accounts import DUMMY_KEYS
from tests.emulator.calls import Call
from tests.emulator.throttling import Bucket, TokenBuckets, buckets_for, min_time


def call(action, service="ec2", region="us-east-1", account="111111111111", **params):
    return Call(service=service, region=region, action=action, account=account,
                write=not action.startswith(("Describe", "List", "Get")), params=params)


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("action,params,bucket", [
    ("DescribeRouteTables", {}, Bucket(100, 20)),
    ("DescribeInstances", {}, Bucket(50, 10)),
    ("DescribeInstances", {"Filter.1.Name": "vpc-id"}, Bucket(100, 20)),
    ("CreateRoute", {}, Bucket(50, 5)),
    ("CreateVpcPeeringConnection", {}, Bucket(50, 5)),
    ("CreateTags", {}, Bucket(100, 10)),
    ("CreateVpcEndpoint", {}, Bucket(4, 0.3)),
])
def test_ec2_actions_take_from_their_own_bucket_sized_by_category(action, params, bucket):
    [(key, found)] = buckets_for(call(action, **params))
    assert key == ("111111111111", "us-east-1", "ec2", action)
    assert found == bucket


def test_route53_requests_take_from_the_account_bucket_and_the_actions_bucket_in_every_region():
    pairs = buckets_for(call("AssociateVPCWithHostedZone", service="route53", region="eu-west-1"))
    assert pairs == [(("111111111111", "global", "route53", "*"), Bucket(50, 10)),
                     (("111111111111", "global", "route53", "AssociateVPCWithHostedZone"),
                      Bucket(20, 5))]


def test_elbv2_resolver_and_unthrottled_services():
    assert [b for key, b in buckets_for(call("RegisterTargets", service="elasticloadbalancing"))] \
        == [Bucket(40, 10), Bucket(20, 4)]
    assert [b for key, b in buckets_for(call("ListResolverRules", service="route53resolver"))] \
        == [Bucket(10, 5)]
    assert buckets_for(call("GetCallerIdentity", service="sts")) == []


def test_min_time_is_the_slowest_buckets_overflow_over_its_refill_rate():
    sixty = [call("CreateVpcPeeringConnection") for i in range(60)]
    assert min_time(sixty) == pytest.approx((60 - 50) / 5)
    spread = [call("CreateVpcPeeringConnection", region=r) for r in ("a", "b") for i in range(30)]
    assert min_time(spread) == 0.0
    zones = [call("AssociateVPCWithHostedZone", service="route53", region=r)
             for r in ("us-east-1", "eu-west-1") for i in range(30)]
    assert min_time(zones) == pytest.approx((60 - 20) / 5)
    assert min_time([]) == 0.0


def test_min_time_scales_capacity_and_rate_and_honours_overrides():
    calls = [call("CreateRoute") for i in range(20)]
    assert min_time(calls, scale=0.1) == pytest.approx((20 - 5) / 0.5)
    legacy = {("route53", "*"): Bucket(5, 5)}
    lists = [call("ListHostedZones", service="route53") for i in range(15)]
    assert min_time(lists, overrides=legacy) == pytest.approx(2.0)


def test_empty_bucket_throttles_until_it_refills():
    clock = FakeClock()
    buckets = TokenBuckets(scale=0.04, clock=clock)  # CreateRoute: 2 tokens, 0.2 per second
    create = call("CreateRoute")

    assert [buckets(create, None) is None for i in range(3)] == [True, True, False]
    clock.now = 4.9
    assert buckets(create, None) is not None
    clock.now = 5.0
    assert buckets(create, None) is None
    assert buckets(call("CreateRoute", region="eu-west-1"), None) is None
    assert (buckets.admitted, buckets.throttled) == (4, 2)
    assert buckets.stats == {"ec2:CreateRoute": 2}


def test_route53_throttles_when_either_bucket_is_empty():
    clock = FakeClock()
    buckets = TokenBuckets(clock=clock, overrides={("route53", "CreateHostedZone"): Bucket(1, 1)})
    assert buckets(call("CreateHostedZone", service="route53"), None) is None
    status, headers, body = buckets(call("CreateHostedZone", service="route53"), None)
    assert status == 400 and b"<Code>Throttling</Code>" in body
    assert buckets(call("ListHostedZones", service="route53"), None) is None


def test_clients_see_each_services_throttling_error_through_the_proxy(aws):
    # DescribeVpcs: 1 token, 0.2 per second; the clock stands still, so a slow machine cannot refill it in between
    aws.interceptors.append(TokenBuckets(scale=0.01, clock=lambda: 0.0))
    ec2 = boto3.client("ec2", endpoint_url=aws.url, region_name="us-east-1", **DUMMY_KEYS,
                       config=Config(retries={"total_max_attempts": 1}))

    ec2.describe_vpcs()
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        ec2.describe_vpcs()

    assert caught.value.response["Error"]["Code"] == "RequestLimitExceeded"
    assert [(c.status, c.intercepted) for c in aws.calls] == [(200, False), (503, True)]
