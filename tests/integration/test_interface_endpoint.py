"""interface_endpoint against the emulator: a cross-region endpoint to a service that supports the region."""

from tests.emulator.accounts import OTHER_ACCOUNT
from tests.emulator.privatelink_seeding import make_nlb, publish

PROVIDER, CONSUMER = "us-west-2", "eu-west-1"


def run(aws, check=False, **args):
    result = aws.run_module("interface_endpoint", dict(region=CONSUMER, **args), check=check, diff=True,
                            name="endpoint")
    return result, result.task("endpoint")


def service(aws, acceptance=False):
    config = publish(aws, PROVIDER, make_nlb(aws, aws.make_vpc(PROVIDER, "10.11.0.0/16", subnets=1)),
                     acceptance=acceptance, principals=[f"arn:aws:iam::{OTHER_ACCOUNT}:root"],
                     tags={"vpcmesh:managed-by": "vpcmesh.aws"})
    aws.client("ec2", PROVIDER).modify_vpc_endpoint_service_configuration(
        ServiceId=config["ServiceId"], AddSupportedRegions=[CONSUMER])
    aws.reset_calls()
    return config


def test_cross_region_endpoint_check_mode_run_and_rerun(aws):
    svc = service(aws)
    vpc = aws.make_vpc(CONSUMER, "10.12.0.0/16", subnets=1)
    args = dict(vpc_id=vpc["vpc_id"], service_name=svc["ServiceName"], service_region=PROVIDER,
                subnet_ids=vpc["subnet_ids"], tags={"Name": "api"})

    result, planned = run(aws, check=True, **args)
    assert result.rc == 0, result
    assert aws.writes() == []
    result, done = run(aws, **args)
    assert result.rc == 0, result
    assert [(a["call"], a["region"]) for a in planned["actions"]] == [(a["call"], a["region"]) for a in done["actions"]]
    assert planned["actions"][0]["params"] == done["actions"][0]["params"]
    assert [(c.action, c.region) for c in aws.writes()] == [("CreateVpcEndpoint", CONSUMER)]
    assert done["endpoint"]["service_region"] == PROVIDER and done["endpoint"]["state"] == "available"
    assert all(f".{svc['ServiceId']}.{PROVIDER}.vpce.amazonaws.com" in n for n in done["endpoint"]["dns_names"])
    aws.reset_calls()

    result, again = run(aws, **args)
    assert result.rc == 0, result
    assert again["changed"] is False and aws.writes() == []

    result, gone = run(aws, state="absent", **args)
    assert result.rc == 0 and gone["changed"] is True
    assert [c.action for c in aws.writes()] == ["DeleteVpcEndpoints"]


def test_region_the_service_does_not_support_fails_naming_the_call(aws):
    svc = service(aws)
    vpc = aws.make_vpc("ap-south-1", "10.13.0.0/16", subnets=1)

    result = aws.run_module("interface_endpoint", dict(
        region="ap-south-1", vpc_id=vpc["vpc_id"], service_name=svc["ServiceName"], service_region=PROVIDER,
        subnet_ids=vpc["subnet_ids"]), name="endpoint")
    out = result.task("endpoint")

    assert result.rc != 0
    assert "ec2:CreateVpcEndpoint" in out["msg"]
