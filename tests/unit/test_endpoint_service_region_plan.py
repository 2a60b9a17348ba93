"""Pure plans of an endpoint service's supported regions (native cross-region PrivateLink, provider side)."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service import (
    MARKER_KEY, MARKER_VALUE, plan_service, plan_supported_regions, remote_regions, summarize, supported_region_states,
    token_details)

NLB = "arn:aws:elasticloadbalancing:us-west-2:111111111111:loadbalancer/net/outpost/0123456789abcdef"
OWNED = [dict(Key=MARKER_KEY, Value=MARKER_VALUE)]


def config(regions=(), own_listed=False):
    listed = [dict(Region=r, ServiceState=s) for r, s in regions]
    if own_listed:
        listed.insert(0, dict(Region="us-west-2", ServiceState="Available"))
    return dict(ServiceId="vpce-svc-1", ServiceName="com.amazonaws.vpce.us-west-2.vpce-svc-1", ServiceState="Available",
                AcceptanceRequired=False, NetworkLoadBalancerArns=[NLB], Tags=OWNED, SupportedRegions=listed)


def want(**over):
    base = dict(state="present", region="us-west-2", nlb_arns=[NLB], acceptance_required=None, principals=None,
                purge_principals=False, accept_connections=False, accept_from=(set(), set()), tags=None,
                purge_tags=True, reject_connections=False, client_token="vpcmesh-token", supported_regions=None,
                purge_supported_regions=True)
    base.update(over)
    return base


def test_own_region_is_never_added_or_removed():
    assert remote_regions(["us-west-2", "eu-west-1", "eu-west-1"], "us-west-2") == ["eu-west-1"]
    current = summarize(config([("eu-west-1", "Available")], own_listed=True))
    assert plan_supported_regions(want(supported_regions=["us-west-2"]), current) == ([], ["eu-west-1"])


def test_own_region_is_reported_first_whether_or_not_aws_lists_it():
    for own_listed in (False, True):
        states = supported_region_states(config([("eu-west-1", "Pending")], own_listed), "us-west-2")
        assert states == [dict(region="us-west-2", state="Available"), dict(region="eu-west-1", state="Pending")]


def test_create_sends_the_other_regions_only():
    actions, after = plan_service(want(supported_regions=["us-west-2", "eu-west-1"]), None)
    assert actions[0].params["SupportedRegions"] == ["eu-west-1"]
    assert after["supported_regions"] == ["us-west-2", "eu-west-1"]


def test_create_without_regions_sends_no_supported_regions():
    actions, _after = plan_service(want(), None)
    assert "SupportedRegions" not in actions[0].params


def test_update_adds_and_removes_exactly_the_difference():
    current = summarize(config([("eu-west-1", "Available"), ("ap-south-1", "Available")]))
    actions, after = plan_service(want(supported_regions=["eu-west-1", "eu-central-1"]), current)
    [modify] = actions
    assert modify.call == "ec2:ModifyVpcEndpointServiceConfiguration"
    assert modify.params == dict(ServiceId="vpce-svc-1", AddSupportedRegions=["eu-central-1"],
                                 RemoveSupportedRegions=["ap-south-1"])
    assert after["supported_regions"] == ["us-west-2", "eu-central-1", "eu-west-1"]
    assert dict(region="eu-central-1", state="Pending") in after["supported_region_states"]


def test_without_purge_other_regions_stay():
    current = summarize(config([("ap-south-1", "Available")]))
    actions, _after = plan_service(want(supported_regions=["eu-west-1"], purge_supported_regions=False), current)
    assert actions[0].params == dict(ServiceId="vpce-svc-1", AddSupportedRegions=["eu-west-1"])


def test_same_regions_plan_nothing():
    current = summarize(config([("eu-west-1", "Available")]))
    assert plan_service(want(supported_regions=["eu-west-1", "us-west-2"]), current)[0] == []


def test_null_keeps_the_regions():
    current = summarize(config([("eu-west-1", "Available")]))
    assert plan_service(want(supported_regions=None), current)[0] == []


def test_empty_list_leaves_only_the_own_region():
    current = summarize(config([("eu-west-1", "Available")]))
    [modify] = plan_service(want(supported_regions=[]), current)[0]
    assert modify.params == dict(ServiceId="vpce-svc-1", RemoveSupportedRegions=["eu-west-1"])


def test_regions_change_the_create_token_inputs():
    assert token_details(True, {}, ["eu-west-1"]) != token_details(True, {})
    assert token_details(True, {}) == ["acceptance=True"]
