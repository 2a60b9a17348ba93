"""Interceptors answer in moto's place; the answer is recorded like any other."""

import botocore.exceptions
import pytest

from tests.emulator.faults import error_response, throttle_once


def test_throttled_ec2_call_is_retried_by_boto3_and_recorded_twice(aws):
    interceptor = throttle_once("ec2", "DescribeVpcs")
    aws.interceptors.append(interceptor)

    aws.client("ec2").describe_vpcs()

    attempts = [c for c in aws.calls if c.action == "DescribeVpcs"]
    assert [(c.status, c.intercepted) for c in attempts] == [(503, True), (200, False)]
    assert interceptor.fired == 1


def test_interceptor_error_reaches_the_caller_in_ec2_shape(aws):
    aws.interceptors.append(
        lambda call, request: error_response("ec2", "UnauthorizedOperation", "nope", 403)
        if call.action == "CreateVpc" else None)

    with pytest.raises(botocore.exceptions.ClientError) as caught:
        aws.client("ec2").create_vpc(CidrBlock="10.0.0.0/16")

    assert caught.value.response["Error"] == {"Code": "UnauthorizedOperation", "Message": "nope"}
    assert [c.status for c in aws.calls] == [403]
    assert aws.client("ec2").describe_vpcs(Filters=[
        {"Name": "cidr", "Values": ["10.0.0.0/16"]}])["Vpcs"] == []
