"""extensions/vpc_dns_attributes.py: one attribute per call; hostnames need DNS support."""

import pytest
from botocore.exceptions import ClientError


def attribute(ec2, vpc_id, name):
    key = name[0].upper() + name[1:]
    return ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute=name)[key]["Value"]


def test_two_attributes_in_one_call_are_refused(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    ec2 = aws.client("ec2")

    with pytest.raises(ClientError) as caught:
        ec2.modify_vpc_attribute(VpcId=vpc["vpc_id"], EnableDnsSupport={"Value": True},
                                 EnableDnsHostnames={"Value": True})

    assert caught.value.response["Error"] == {
        "Code": "InvalidParameterCombination",
        "Message": "Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames",
    }
    assert attribute(ec2, vpc["vpc_id"], "enableDnsHostnames") is False


def test_hostnames_cannot_be_enabled_while_dns_support_is_off(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    ec2 = aws.client("ec2")
    ec2.modify_vpc_attribute(VpcId=vpc["vpc_id"], EnableDnsSupport={"Value": False})

    with pytest.raises(ClientError) as caught:
        ec2.modify_vpc_attribute(VpcId=vpc["vpc_id"], EnableDnsHostnames={"Value": True})

    assert caught.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert attribute(ec2, vpc["vpc_id"], "enableDnsHostnames") is False


def test_support_then_hostnames_in_separate_calls_works(aws):
    vpc = aws.make_vpc("us-east-1", "10.0.0.0/16")
    ec2 = aws.client("ec2")

    ec2.modify_vpc_attribute(VpcId=vpc["vpc_id"], EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc["vpc_id"], EnableDnsHostnames={"Value": True})

    assert attribute(ec2, vpc["vpc_id"], "enableDnsSupport") is True
    assert attribute(ec2, vpc["vpc_id"], "enableDnsHostnames") is True
