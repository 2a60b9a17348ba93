"""Pure interface endpoint decisions (consumer side, also cross-region): reuse, create, update, delete."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.interface_endpoint import (
    MARKER_KEY, MARKER_VALUE, InterfaceEndpointError, client_token, pick_endpoint, plan, summarize)

SERVICE = "com.amazonaws.vpce.us-west-2.vpce-svc-1"
OWNED = (dict(Key=MARKER_KEY, Value=MARKER_VALUE),)


def endpoint(endpoint_id="vpce-1", state="available", service_region="us-west-2", subnets=("subnet-a",),
             groups=("sg-1",), tags=OWNED):
    return dict(VpcEndpointId=endpoint_id, VpcEndpointType="Interface", VpcId="vpc-1", ServiceName=SERVICE,
                ServiceRegion=service_region, State=state, SubnetIds=list(subnets),
                Groups=[dict(GroupId=g) for g in groups], Tags=list(tags))


def want(**over):
    base = dict(state="present", region="eu-west-1", vpc_id="vpc-1", service_name=SERVICE, service_region="us-west-2",
                subnet_ids=["subnet-a"], security_group_ids=["sg-1"], tags=None, purge_tags=True,
                private_dns_enabled=False, client_token="vpcmesh-token")
    base.update(over)
    return base


def test_create_names_the_service_region_and_carries_the_token():
    [create], after = plan(want(), None)
    assert create.call == "ec2:CreateVpcEndpoint" and create.region == "eu-west-1"
    assert create.params["ServiceRegion"] == "us-west-2"
    assert create.params["ClientToken"] == "vpcmesh-token"
    assert create.params["SecurityGroupIds"] == ["sg-1"] and create.params["SubnetIds"] == ["subnet-a"]
    assert after["service_region"] == "us-west-2"


def test_same_region_create_sends_no_service_region():
    [create], _after = plan(want(service_region="eu-west-1"), None)
    assert "ServiceRegion" not in create.params


def test_create_needs_subnets():
    with pytest.raises(InterfaceEndpointError, match="subnet_ids is required"):
        plan(want(subnet_ids=None), None)


def test_built_endpoint_plans_nothing():
    assert plan(want(), summarize(endpoint(), "eu-west-1"))[0] == []


def test_update_changes_exactly_the_subnet_and_group_differences():
    current = summarize(endpoint(subnets=("subnet-a", "subnet-b"), groups=("sg-1",)), "eu-west-1")
    [modify], after = plan(want(subnet_ids=["subnet-a", "subnet-c"], security_group_ids=["sg-2"]), current)
    assert modify.params == dict(VpcEndpointId="vpce-1", AddSubnetIds=["subnet-c"], RemoveSubnetIds=["subnet-b"],
                                 AddSecurityGroupIds=["sg-2"], RemoveSecurityGroupIds=["sg-1"])
    assert after["subnet_ids"] == ["subnet-a", "subnet-c"]


def test_endpoint_not_ours_is_left_alone():
    with pytest.raises(InterfaceEndpointError, match="was not created by vpcmesh.aws"):
        plan(want(state="absent"), summarize(endpoint(tags=()), "eu-west-1"))


def test_absent_deletes_ours_and_nothing_when_there_is_none():
    [delete], _after = plan(want(state="absent"), summarize(endpoint(), "eu-west-1"))
    assert delete.params == dict(VpcEndpointIds=["vpce-1"])
    assert plan(want(state="absent"), None) == ([], None)


def test_pick_skips_gone_endpoints_and_other_service_regions():
    endpoints = [endpoint("vpce-old", state="deleted"), endpoint("vpce-local", service_region="eu-west-1"),
                 endpoint("vpce-1")]
    assert pick_endpoint(endpoints, "us-west-2", "eu-west-1")["VpcEndpointId"] == "vpce-1"
    assert pick_endpoint([], "us-west-2", "eu-west-1") is None


def test_two_live_endpoints_to_the_service_are_named():
    with pytest.raises(InterfaceEndpointError, match="vpce-1, vpce-2"):
        pick_endpoint([endpoint("vpce-1"), endpoint("vpce-2")], "us-west-2", "eu-west-1")


def test_token_depends_on_the_service_region():
    assert client_token("eu-west-1", "1", "vpc-1", SERVICE, "us-west-2") != client_token(
        "eu-west-1", "1", "vpc-1", SERVICE, "eu-west-1")
