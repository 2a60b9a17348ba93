"""Role privatelink_outpost through real ansible-playbook against the emulator (recording proxy)."""

import pytest

from tests.emulator.accounts import DEFAULT_ACCOUNT, OTHER_ACCOUNT
from tests.integration.planned import difference, planned_writes, written

PROVIDER_REGION, OUTPOST_REGION = "us-east-1", "us-west-2"
TARGETS = ["10.10.1.10", "10.10.1.11"]
NAME = "guide2-outpost"


def play(state="present", **extra):
    role_vars = {"privatelink_outpost_state": state, "privatelink_outpost_name": NAME, **extra}
    return [dict(hosts="localhost", gather_facts=False, tasks=[
        dict(name="chain", **{"ansible.builtin.include_role": dict(name="vpcmesh.aws.privatelink_outpost")},
             vars=dict(role_vars, privatelink_outpost_provider="{{ provider }}",
                       privatelink_outpost_outpost="{{ outpost }}", privatelink_outpost_consumer="{{ consumer }}")),
        dict(name="result", **{"ansible.builtin.debug": dict(var="privatelink_outpost_result")}),
    ])]


@pytest.fixture
def vpcs(aws):
    provider = aws.make_vpc(PROVIDER_REGION, "10.10.0.0/16", subnets=2, route_tables=2)
    outpost = aws.make_vpc(OUTPOST_REGION, "10.11.0.0/16", subnets=2, route_tables=2)
    return provider, outpost


def inputs(provider, outpost, consumer, credentials=None):
    return dict(
        provider=dict(vpc_id=provider["vpc_id"], region=PROVIDER_REGION, targets=TARGETS,
                      route_tables=provider["route_table_ids"]),
        outpost=dict(vpc_id=outpost["vpc_id"], region=OUTPOST_REGION, subnet_ids=outpost["subnet_ids"],
                     route_tables=outpost["route_table_ids"]),
        consumer=dict(vpc_id=consumer["vpc_id"], region=OUTPOST_REGION, subnet_ids=consumer["subnet_ids"],
                      credentials=credentials))


@pytest.fixture
def same_account(aws, vpcs):
    provider, outpost = vpcs
    consumer = aws.make_vpc(OUTPOST_REGION, "10.12.0.0/16", subnets=2)
    return inputs(provider, outpost, consumer), consumer


def run(aws, extravars, state="present", check=False, diff=False, **extra):
    result = aws.run(play(state, **extra), extravars=extravars, check=check, diff=diff)
    assert result.rc == 0, result
    return result, result.task("result")["privatelink_outpost_result"]


def peerings(aws, region, account=None):
    found = aws.client("ec2", region, account).describe_vpc_peering_connections()["VpcPeeringConnections"]
    return [p for p in found if p["Status"]["Code"] in ("active", "pending-acceptance")]


def peering_routes(aws, region, route_table_ids, peering_id):
    tables = aws.client("ec2", region).describe_route_tables(RouteTableIds=route_table_ids)["RouteTables"]
    return {t["RouteTableId"]: [r["DestinationCidrBlock"] for r in t["Routes"]
                                if r.get("VpcPeeringConnectionId") == peering_id] for t in tables}


def live_endpoints(aws, account=None):
    found = aws.client("ec2", OUTPOST_REGION, account).describe_vpc_endpoints()["VpcEndpoints"]
    return [e for e in found if e["State"] != "deleted"]


def endpoint_services(aws):
    return aws.client("ec2", OUTPOST_REGION).describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]


def principals(aws, service_id):
    answer = aws.client("ec2", OUTPOST_REGION).describe_vpc_endpoint_service_permissions(ServiceId=service_id)
    return sorted(p["Principal"] for p in answer["AllowedPrincipals"])


def assert_whole_chain(aws, extravars, consumer, out):
    """The chain as test_chain_lifecycle builds it (peering, NLB, target group, service, consumer endpoint)."""

    # peering: requested by the outpost, accepted by the provider, routes in every listed table on both sides
    [peering] = peerings(aws, OUTPOST_REGION)
    assert peering["VpcPeeringConnectionId"] == out["peering_id"]
    assert peering["Status"]["Code"] == "active"
    assert peering["RequesterVpcInfo"]["VpcId"] == extravars["outpost"]["vpc_id"]
    assert peering["AccepterVpcInfo"]["VpcId"] == extravars["provider"]["vpc_id"]
    assert peering["AccepterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is True
    outpost_routes = peering_routes(aws, OUTPOST_REGION, extravars["outpost"]["route_tables"], out["peering_id"])
    provider_routes = peering_routes(aws, PROVIDER_REGION, extravars["provider"]["route_tables"], out["peering_id"])
    assert set(map(tuple, outpost_routes.values())) == {("10.10.0.0/16",)}
    assert set(map(tuple, provider_routes.values())) == {("10.11.0.0/16",)}
    # target group: the provider's IPs, registered with availability zone "all"
    elb = aws.client("elbv2", OUTPOST_REGION)
    health = elb.describe_target_health(TargetGroupArn=out["target_group_arn"])["TargetHealthDescriptions"]
    assert sorted(t["Target"]["Id"] for t in health) == TARGETS
    [register] = [c for c in aws.calls if c.action == "RegisterTargets"]
    assert {register.params[f"Targets.member.{i}.AvailabilityZone"] for i in (1, 2)} == {"all"}
    # internal NLB in the outpost with a TCP listener forwarding to the target group
    [nlb] = elb.describe_load_balancers(Names=[NAME])["LoadBalancers"]
    assert nlb["LoadBalancerArn"] == out["load_balancer_arn"] and nlb["Scheme"] == "internal"
    assert nlb["VpcId"] == extravars["outpost"]["vpc_id"]
    [listener] = elb.describe_listeners(LoadBalancerArn=nlb["LoadBalancerArn"])["Listeners"]
    assert (listener["Protocol"], listener["Port"]) == ("TCP", 80)
    assert listener["DefaultActions"][0]["TargetGroupArn"] == out["target_group_arn"]
    # endpoint service without acceptance, the consumer's account allowed
    [service] = endpoint_services(aws)
    assert (service["ServiceId"], service["AcceptanceRequired"]) == (out["service_id"], False)
    assert service["NetworkLoadBalancerArns"] == [nlb["LoadBalancerArn"]]
    assert principals(aws, service["ServiceId"]) == [f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"]
    # the consumer's interface endpoint, and no peering between consumer and provider
    [endpoint] = live_endpoints(aws)
    assert endpoint["VpcEndpointId"] == out["endpoint_id"]
    assert (endpoint["VpcId"], endpoint["ServiceName"], endpoint["State"]) == (
        consumer["vpc_id"], service["ServiceName"], "available")
    assert out["endpoint_state"] == "available" and out["endpoint_dns_names"]
    assert [g["GroupId"] for g in endpoint["Groups"]] == [out["security_group_id"]]
    consumer_vpc = consumer["vpc_id"]
    assert not [p for region in (PROVIDER_REGION, OUTPOST_REGION) for p in peerings(aws, region)
                if consumer_vpc in (p["RequesterVpcInfo"]["VpcId"], p["AccepterVpcInfo"]["VpcId"])]


def test_chain_lifecycle_build_rerun_check_principals_then_teardown(aws, same_account):
    """One chain through its life: built, run again, planned in check mode, principals added and removed, taken
    down in AWS's order, taken down again (each step used to rebuild the chain in a test of its own)."""
    extravars, consumer = same_account
    _result, out = run(aws, extravars)
    assert_whole_chain(aws, extravars, consumer, out)

    # a second run makes no write call
    aws.reset_calls()
    result, _out = run(aws, extravars)
    assert [str(c) for c in aws.writes()] == []
    assert [t["name"] for t in result.changed_tasks()] == []

    # check mode on the built chain predicts no change and writes nothing
    result, checked = run(aws, extravars, check=True)
    assert aws.writes() == []
    assert [t["name"] for t in result.changed_tasks()] == []
    assert checked["service_id"] and checked["endpoint_id"]

    # check mode predicts exactly a principal change
    wanted = [DEFAULT_ACCOUNT, "333333333333"]
    result, _out = run(aws, extravars, check=True, privatelink_outpost_allowed_principals=wanted)
    assert aws.writes() == []
    [changed] = result.changed_tasks()
    assert [(a["call"], a["params"].get("AddAllowedPrincipals")) for a in changed["result"]["actions"]] == [
        ("ec2:ModifyVpcEndpointServicePermissions", ["arn:aws:iam::333333333333:root"])]

    # a principal added, then removed
    run(aws, extravars, privatelink_outpost_allowed_principals=wanted)
    assert principals(aws, out["service_id"]) == [f"arn:aws:iam::{DEFAULT_ACCOUNT}:root",
                                                  "arn:aws:iam::333333333333:root"]
    aws.reset_calls()
    run(aws, extravars, privatelink_outpost_allowed_principals=[DEFAULT_ACCOUNT])
    assert [c.action for c in aws.writes()] == ["ModifyVpcEndpointServicePermissions"]
    assert principals(aws, out["service_id"]) == [f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"]

    # teardown removes everything in order, then does nothing
    aws.reset_calls()
    run(aws, extravars, state="absent")
    order = [c.action for c in aws.writes()]
    aws.reset_calls()
    result, _out = run(aws, extravars, state="absent")

    def first(action):
        assert action in order, order
        return order.index(action)

    assert first("DeleteVpcEndpoints") < first("DeleteSecurityGroup") < \
        first("DeleteVpcEndpointServiceConfigurations") < first("DeleteLoadBalancer") < \
        first("DeleteTargetGroup") < first("DeleteRoute") < first("DeleteVpcPeeringConnection")
    assert live_endpoints(aws) == [] and endpoint_services(aws) == []
    assert aws.client("elbv2", OUTPOST_REGION).describe_load_balancers()["LoadBalancers"] == []
    assert aws.client("elbv2", OUTPOST_REGION).describe_target_groups()["TargetGroups"] == []
    assert peerings(aws, OUTPOST_REGION) == []
    assert aws.writes() == [] and result.changed_tasks() == []


def test_check_mode_on_a_new_chain_plans_exactly_the_writes_of_the_real_run(aws, same_account):
    """Check mode lists every write the first real run makes, per API action and region (the peering's DNS options
    and routes, the stock modules' target group, load balancer, security group and endpoint, the endpoint service
    over the load balancer to be), writing nothing; a second real run then plans and writes nothing."""
    extravars, _consumer = same_account

    result, out = run(aws, extravars, check=True, diff=True)
    planned = planned_writes(result)
    assert aws.writes() == []
    assert peerings(aws, OUTPOST_REGION) == [] and endpoint_services(aws) == [] and live_endpoints(aws) == []
    assert out["service_id"] is None and out["endpoint_id"] is None

    run(aws, extravars)
    wrote = written(aws)

    assert difference(planned, wrote) == {}
    assert {action for action, _region in wrote} >= {
        "ModifyVpcPeeringConnectionOptions", "CreateRoute", "CreateTargetGroup", "RegisterTargets", "CreateLoadBalancer",
        "CreateListener", "CreateVpcEndpointServiceConfiguration", "ModifyVpcEndpointServicePermissions",
        "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "CreateVpcEndpoint"}
    aws.reset_calls()
    again, _out = run(aws, extravars)
    assert aws.writes() == [] and planned_writes(again) == {} and again.changed_tasks() == []
    checked, _out = run(aws, extravars, check=True, diff=True)
    assert aws.writes() == [] and planned_writes(checked) == {} and checked.changed_tasks() == []


def test_consumer_in_another_account_with_acceptance_is_accepted(aws, vpcs):
    provider, outpost = vpcs
    consumer = aws.make_vpc(OUTPOST_REGION, "10.12.0.0/16", account=OTHER_ACCOUNT, subnets=2)
    role = {"role_arn": f"arn:aws:iam::{OTHER_ACCOUNT}:role/consumer-network"}
    extravars = inputs(provider, outpost, consumer, credentials=role)

    checked, _out = run(aws, extravars, check=True, diff=True, privatelink_outpost_acceptance_required=True)
    assert aws.writes() == []
    _result, out = run(aws, extravars, privatelink_outpost_acceptance_required=True)
    assert difference(planned_writes(checked), written(aws)) == {}
    consumer_writes = {c.action for c in aws.writes() if c.account == OTHER_ACCOUNT}
    accepted = [c for c in aws.writes() if c.action == "AcceptVpcEndpointConnections"]
    aws.reset_calls()
    result, _again = run(aws, extravars, privatelink_outpost_acceptance_required=True)

    [service] = endpoint_services(aws)
    assert service["AcceptanceRequired"] is True
    assert principals(aws, service["ServiceId"]) == [f"arn:aws:iam::{OTHER_ACCOUNT}:root"]
    assert out["consumer_account"] == OTHER_ACCOUNT
    [endpoint] = live_endpoints(aws, OTHER_ACCOUNT)
    assert (endpoint["VpcId"], endpoint["State"]) == (consumer["vpc_id"], "available")
    assert consumer_writes == {"CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "CreateVpcEndpoint"}
    assert [(c.account, c.params["VpcEndpointId.1"]) for c in accepted] == [(DEFAULT_ACCOUNT, endpoint["VpcEndpointId"])]
    assert out["endpoint_state"] == "available"
    assert live_endpoints(aws) == []
    assert aws.writes() == [] and result.changed_tasks() == []


def test_consumer_account_id_must_match_its_credentials(aws, vpcs):
    provider, outpost = vpcs
    consumer = aws.make_vpc(OUTPOST_REGION, "10.12.0.0/16", subnets=2)
    extravars = inputs(provider, outpost, consumer)
    extravars["consumer"]["account_id"] = OTHER_ACCOUNT

    result = aws.run(play(), extravars=extravars)

    assert result.rc != 0
    assert f"credentials act as account {DEFAULT_ACCOUNT}" in result.failed_tasks()[0]["result"]["msg"]
    assert aws.writes() == []
