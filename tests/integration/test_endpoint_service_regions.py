"""endpoint_service's supported_regions (native cross-region PrivateLink, provider side) against the emulator."""

import pytest

from tests.emulator.privatelink_seeding import make_nlb

REGION = "us-west-2"


def run(aws, check=False, diff=False, **args):
    result = aws.run_module("endpoint_service", dict(region=REGION, **args), check=check, diff=diff, name="service")
    return result, result.task("service")


def supported(aws):
    [config] = aws.client("ec2", REGION).describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    return sorted(r["Region"] for r in config.get("SupportedRegions") or [])


def writes(aws):
    return [(c.action, c.region) for c in aws.writes()]


@pytest.fixture
def nlb(aws):
    return make_nlb(aws, aws.make_vpc(REGION, "10.11.0.0/16", subnets=1))


def test_create_with_supported_regions_reports_each_region_and_reruns_without_writes(aws, nlb):
    args = dict(network_load_balancer_arns=[nlb], acceptance_required=False, supported_regions=["eu-west-1", REGION])

    result, out = run(aws, **args)
    assert result.rc == 0, result
    assert supported(aws) == ["eu-west-1"]
    assert out["actions"][0]["params"]["SupportedRegions"] == ["eu-west-1"]
    assert out["service"]["supported_regions"] == [REGION, "eu-west-1"]
    assert [s["region"] for s in out["service"]["supported_region_states"]] == [REGION, "eu-west-1"]
    aws.reset_calls()

    result, again = run(aws, **args)

    assert result.rc == 0, result
    assert again["changed"] is False and aws.writes() == []


def test_check_mode_plans_exactly_the_region_changes_of_the_real_run(aws, nlb):
    run(aws, network_load_balancer_arns=[nlb], acceptance_required=False, supported_regions=["ap-south-1"])
    aws.reset_calls()
    args = dict(network_load_balancer_arns=[nlb], supported_regions=["eu-west-1", "eu-central-1"])

    result, planned = run(aws, check=True, diff=True, **args)
    assert result.rc == 0, result
    assert aws.writes() == []
    _result, done = run(aws, **args)

    assert planned["actions"] == done["actions"]
    assert [(a["call"], a["params"]) for a in done["actions"]] == [
        ("ec2:ModifyVpcEndpointServiceConfiguration",
         dict(ServiceId=done["service_id"], AddSupportedRegions=["eu-central-1", "eu-west-1"],
              RemoveSupportedRegions=["ap-south-1"]))]
    assert writes(aws) == [("ModifyVpcEndpointServiceConfiguration", REGION)]
    assert supported(aws) == ["eu-central-1", "eu-west-1"]
    assert planned["diff"]["after"]["supported_regions"] == done["service"]["supported_regions"]


def test_without_purge_regions_are_only_added(aws, nlb):
    run(aws, network_load_balancer_arns=[nlb], supported_regions=["ap-south-1"])

    result, out = run(aws, network_load_balancer_arns=[nlb], supported_regions=["eu-west-1"],
                      purge_supported_regions=False)

    assert result.rc == 0, result
    assert supported(aws) == ["ap-south-1", "eu-west-1"]
    assert out["service"]["supported_regions"] == [REGION, "ap-south-1", "eu-west-1"]


def test_unknown_region_fails_before_any_write(aws, nlb):
    result, out = run(aws, network_load_balancer_arns=[nlb], supported_regions=["eu-wset-1"])

    assert result.rc != 0
    assert "eu-wset-1" in out["msg"]
    assert aws.writes() == []
