"""Role privatelink (native cross-region PrivateLink) through real ansible-playbook against the emulator (recording
proxy): provider's NLB and endpoint service in us-east-1, the consumer's endpoint in us-west-2 naming us-east-1."""

import pytest

from tests.emulator.accounts import DEFAULT_ACCOUNT, OTHER_ACCOUNT
from tests.integration.planned import difference, planned_writes, written

PROVIDER_REGION, CONSUMER_REGION = "us-east-1", "us-west-2"
TARGETS = ["10.10.0.10", "10.10.1.11"]
NAME = "orders-native"


def play(state="present", **extra):
    role_vars = {"privatelink_state": state, "privatelink_name": NAME, **extra}
    return [dict(hosts="localhost", gather_facts=False, tasks=[
        dict(name="link", **{"ansible.builtin.include_role": dict(name="vpcmesh.aws.privatelink")},
             vars=dict(role_vars, privatelink_provider="{{ provider }}", privatelink_consumer="{{ consumer }}")),
        dict(name="result", **{"ansible.builtin.debug": dict(var="privatelink_result")}),
    ])]


def inputs(provider, consumer, credentials=None, consumer_region=CONSUMER_REGION):
    return dict(provider=dict(vpc_id=provider["vpc_id"], region=PROVIDER_REGION, targets=TARGETS,
                              subnet_ids=provider["subnet_ids"]),
                consumer=dict(vpc_id=consumer["vpc_id"], region=consumer_region, subnet_ids=consumer["subnet_ids"],
                              credentials=credentials))


def run(aws, extravars, state="present", check=False, diff=False, **extra):
    result = aws.run(play(state, **extra), extravars=extravars, check=check, diff=diff)
    assert result.rc == 0, result
    return result, result.task("result")["privatelink_result"]


def live_endpoints(aws, account=None):
    found = aws.client("ec2", CONSUMER_REGION, account).describe_vpc_endpoints()["VpcEndpoints"]
    return [e for e in found if e["State"] != "deleted"]


def services(aws):
    return aws.client("ec2", PROVIDER_REGION).describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]


@pytest.fixture
def link(aws):
    provider = aws.make_vpc(PROVIDER_REGION, "10.10.0.0/16", subnets=2)
    consumer = aws.make_vpc(CONSUMER_REGION, "10.12.0.0/16", subnets=2)
    return inputs(provider, consumer), provider, consumer


def test_native_link_lifecycle_check_build_rerun_then_teardown_of_only_ours(aws, link):
    """Check mode plans exactly the first run's writes; the run builds the NLB and service in the provider's region
    (the consumer's region supported) and the consumer's endpoint naming the service's region; a rerun and check
    mode then write nothing; teardown deletes the consumer's endpoint first and leaves an endpoint not ours."""
    extravars, provider, consumer = link

    checked, planned_out = run(aws, extravars, check=True, diff=True)
    planned = planned_writes(checked)
    assert aws.writes() == [] and services(aws) == [] and live_endpoints(aws) == []
    assert planned_out["service_id"] is None and planned_out["endpoint_id"] is None

    _result, out = run(aws, extravars)
    wrote = written(aws)
    assert difference(planned, wrote) == {}
    assert {action for action, _region in wrote} >= {
        "CreateTargetGroup", "RegisterTargets", "CreateLoadBalancer", "CreateListener",
        "CreateVpcEndpointServiceConfiguration", "ModifyVpcEndpointServicePermissions", "CreateSecurityGroup",
        "AuthorizeSecurityGroupIngress", "CreateVpcEndpoint"}
    assert {region for action, region in wrote if action == "CreateVpcEndpoint"} == {CONSUMER_REGION}
    assert {region for action, region in wrote if action.startswith("Create") and "Endpoint" not in action
            and "SecurityGroup" not in action} == {PROVIDER_REGION}

    # provider side: the NLB in the provider VPC, its targets there without a zone, the service supporting us-west-2
    elb = aws.client("elbv2", PROVIDER_REGION)
    [nlb] = elb.describe_load_balancers(Names=[NAME])["LoadBalancers"]
    wanted = (out["load_balancer_arn"], provider["vpc_id"], "internal")
    assert (nlb["LoadBalancerArn"], nlb["VpcId"], nlb["Scheme"]) == wanted
    [register] = [c for c in aws.calls if c.action == "RegisterTargets"]
    assert not [key for key in register.params if key.endswith("AvailabilityZone")]
    health = elb.describe_target_health(TargetGroupArn=out["target_group_arn"])["TargetHealthDescriptions"]
    assert sorted(t["Target"]["Id"] for t in health) == TARGETS
    [service] = services(aws)
    assert service["ServiceId"] == out["service_id"]
    assert CONSUMER_REGION in [r["Region"] for r in service.get("SupportedRegions", [])]
    assert CONSUMER_REGION in out["supported_regions"]
    # consumer side: one endpoint in its VPC and region, to the service in the provider's region, ours
    [endpoint] = live_endpoints(aws)
    assert (endpoint["VpcEndpointId"], endpoint["VpcId"], endpoint["ServiceName"], endpoint["ServiceRegion"],
            endpoint["State"]) == (out["endpoint_id"], consumer["vpc_id"], service["ServiceName"], PROVIDER_REGION,
                                   "available")
    tags = {t["Key"]: t["Value"] for t in endpoint["Tags"]}
    assert tags["Name"] == NAME and tags["vpcmesh:managed-by"] == "vpcmesh.aws"
    assert [g["GroupId"] for g in endpoint["Groups"]] == [out["security_group_id"]]
    assert out["endpoint_state"] == "available" and out["endpoint_dns_names"]
    assert out["consumer_account"] == DEFAULT_ACCOUNT and out["service_region"] == PROVIDER_REGION
    ec2 = aws.client("ec2", PROVIDER_REGION)
    assert ec2.describe_vpc_peering_connections()["VpcPeeringConnections"] == []

    # a second run and check mode write nothing and plan nothing
    aws.reset_calls()
    again, _out = run(aws, extravars)
    assert aws.writes() == [] and again.changed_tasks() == []
    checked, _out = run(aws, extravars, check=True, diff=True)
    assert aws.writes() == [] and planned_writes(checked) == {} and checked.changed_tasks() == []

    # an endpoint in the consumer VPC that is not ours (same Name tag, no ownership tag) stays through teardown
    west = aws.client("ec2", CONSUMER_REGION)
    foreign = west.create_vpc_endpoint(
        VpcId=consumer["vpc_id"], ServiceName=f"com.amazonaws.{CONSUMER_REGION}.s3", VpcEndpointType="Interface",
        SubnetIds=consumer["subnet_ids"][:1],
        TagSpecifications=[dict(ResourceType="vpc-endpoint", Tags=[dict(Key="Name", Value=NAME)])],
    )["VpcEndpoint"]["VpcEndpointId"]

    aws.reset_calls()
    run(aws, extravars, state="absent")
    order = [c.action for c in aws.writes()]

    def first(action):
        assert action in order, order
        return order.index(action)

    assert first("DeleteVpcEndpoints") < first("DeleteSecurityGroup") < \
        first("DeleteVpcEndpointServiceConfigurations") < first("DeleteLoadBalancer") < first("DeleteTargetGroup")
    deleted = [c for c in aws.writes() if c.action == "DeleteVpcEndpoints"]
    assert [(c.region, c.params["VpcEndpointId.1"]) for c in deleted] == [(CONSUMER_REGION, out["endpoint_id"])]
    assert [e["VpcEndpointId"] for e in live_endpoints(aws)] == [foreign]
    assert services(aws) == [] and elb.describe_load_balancers()["LoadBalancers"] == []
    assert elb.describe_target_groups()["TargetGroups"] == []
    aws.reset_calls()
    result, _out = run(aws, extravars, state="absent")
    assert aws.writes() == [] and result.changed_tasks() == []


def test_consumer_in_another_account_with_acceptance_is_accepted_in_the_service_region(aws):
    provider = aws.make_vpc(PROVIDER_REGION, "10.10.0.0/16", subnets=2)
    consumer = aws.make_vpc(CONSUMER_REGION, "10.12.0.0/16", account=OTHER_ACCOUNT, subnets=2)
    extravars = inputs(provider, consumer, credentials={"role_arn": f"arn:aws:iam::{OTHER_ACCOUNT}:role/consumer"})

    checked, _out = run(aws, extravars, check=True, diff=True, privatelink_acceptance_required=True)
    assert aws.writes() == []
    _result, out = run(aws, extravars, privatelink_acceptance_required=True)
    assert difference(planned_writes(checked), written(aws)) == {}
    consumer_writes = {(c.action, c.region) for c in aws.writes() if c.account == OTHER_ACCOUNT}
    accepted = [c for c in aws.writes() if c.action == "AcceptVpcEndpointConnections"]
    aws.reset_calls()
    again, _again = run(aws, extravars, privatelink_acceptance_required=True)

    [endpoint] = live_endpoints(aws, OTHER_ACCOUNT)
    assert (endpoint["VpcId"], endpoint["ServiceRegion"], endpoint["State"]) == (
        consumer["vpc_id"], PROVIDER_REGION, "available")
    assert consumer_writes == {("CreateSecurityGroup", CONSUMER_REGION), ("AuthorizeSecurityGroupIngress", CONSUMER_REGION),
                               ("CreateVpcEndpoint", CONSUMER_REGION)}
    assert [(c.account, c.region, c.params["VpcEndpointId.1"]) for c in accepted] == [
        (DEFAULT_ACCOUNT, PROVIDER_REGION, endpoint["VpcEndpointId"])]
    assert out["consumer_account"] == OTHER_ACCOUNT and out["endpoint_state"] == "available"
    assert out["allowed_principals"] == [f"arn:aws:iam::{OTHER_ACCOUNT}:root"]
    assert aws.writes() == [] and again.changed_tasks() == []


def test_a_consumer_in_the_providers_region_is_refused_before_any_call(aws):
    provider = aws.make_vpc(PROVIDER_REGION, "10.10.0.0/16", subnets=2)
    consumer = aws.make_vpc(PROVIDER_REGION, "10.12.0.0/16", subnets=2)

    result = aws.run(play(), extravars=inputs(provider, consumer, consumer_region=PROVIDER_REGION))

    assert result.rc != 0
    message = result.failed_tasks()[0]["result"]["msg"]
    assert f"in the provider's region ({PROVIDER_REGION})" in message and "without service_region" in message
    assert aws.calls == []
