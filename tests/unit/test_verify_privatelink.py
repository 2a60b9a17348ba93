"""A flow to an interface endpoint continues past it: the endpoint (available, its service region), the endpoint
service in its own region (available, supporting the endpoint's region), its load balancer and targets
(verify_path.behind_endpoint, through verify_flows.check_flow)."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_flows import check_flow, validate_flows

from test_verify_world import World

SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0abc"
ARN = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/orders/1"
DNS = "vpce-0def-1.vpce-svc-0abc.us-east-1.vpce.amazonaws.com"


def native(state="available", service_region="us-east-1", supported=("us-west-2",), service=True, balancer=True,
           ports=(443,), targets=("10.10.0.10",)):
    """A consumer VPC in us-west-2 with an endpoint to a service of us-east-1 (native cross-region PrivateLink)."""
    world = World()
    consumer = world.vpc("consumer", "us-west-2", "10.12.0.0/16", ["10.12.1.0/24"])
    eni = world.host(consumer, "10.12.1.30", port=443)
    world.snap.add_vpc_endpoint(dict(VpcEndpointId="vpce-0def", VpcId=consumer["id"], ServiceName=SERVICE,
                                     ServiceRegion=service_region, VpcEndpointType="Interface", State=state,
                                     DnsEntries=[dict(DnsName=DNS)], NetworkInterfaceIds=[eni],
                                     Tags=[dict(Key="Name", Value="orders")]), "us-west-2")
    if service:
        world.snap.add_endpoint_service(dict(ServiceId="vpce-svc-0abc", ServiceName=SERVICE, ServiceState="Available",
                                             NetworkLoadBalancerArns=[ARN],
                                             SupportedRegions=[dict(Region=r) for r in supported]), "us-east-1")
    if balancer:
        world.snap.add_load_balancer(
            dict(LoadBalancerArn=ARN, LoadBalancerName="orders", VpcId="vpc-provider", State=dict(Code="active")),
            "us-east-1", listeners=[dict(Port=p) for p in ports],
            target_health=[dict(Target=dict(Id=ip, Port=443), TargetHealth=dict(State="healthy")) for ip in targets])
    return world, consumer


def check(world, consumer, **extra):
    [valid] = validate_flows([dict(dict(name="orders", port=443, protocol="tcp", expect="reachable"),
                                   source=dict(vpc_id=consumer["id"]),
                                   destination=dict(vpc_endpoint="orders", vpc_id=consumer["id"]), **extra)],
                             "us-west-2")
    return check_flow(world.snap, valid)


def test_the_path_ends_at_the_providers_targets_in_the_service_region():
    world, consumer = native()
    result = check(world, consumer)
    assert result["reachable"] is True, result["reason"]
    assert result["destination"]["service_region"] == "us-east-1" and result["destination"]["service"] == SERVICE
    [path] = result["paths"]
    tail = path["hops"][-4:]
    assert [(h["check"], h["region"], h["ok"]) for h in tail] == [
        ("vpc-endpoint", "us-west-2", True), ("endpoint-service", "us-east-1", True),
        ("load-balancer", "us-east-1", True), ("targets", "us-east-1", True)]
    assert "across regions from us-west-2" in tail[0]["detail"]
    assert tail[3]["detail"] == "10.10.0.10:443 (healthy)"


def test_a_service_not_read_is_said_and_does_not_block():
    world, consumer = native(service=False)
    result = check(world, consumer)
    assert result["reachable"] is True
    assert result["paths"][0]["hops"][-1]["detail"] == f"{SERVICE} in us-east-1: its load balancer and targets were not read"


@pytest.mark.parametrize("options, words", [
    (dict(state="pendingAcceptance"), "is pendingacceptance, not available: the provider of"),
    (dict(supported=()), "does not support us-west-2 (supported: us-east-1): add it to the service's supported_regions"),
    (dict(ports=(80,)), "orders has no listener on port 443 (listeners: 80)"),
    (dict(targets=()), "orders has no registered target"),
])
def test_what_blocks_past_the_endpoint_is_named(options, words):
    world, consumer = native(**options)
    result = check(world, consumer)
    assert result["reachable"] is False and words in result["reason"]
    assert result["blocked_by"]["ok"] is False and result["hops"][-1] == result["blocked_by"]


def test_an_endpoint_of_its_own_region_needs_no_supported_region():
    world, consumer = native(service_region=None, supported=())
    world.snap.endpoint_services[SERVICE]["region"] = "us-west-2"
    world.snap.endpoint_services[SERVICE]["supported_regions"] = ["us-west-2"]
    result = check(world, consumer)
    assert result["reachable"] is True, result["reason"]
    assert result["destination"]["service_region"] == "us-west-2"
    assert "across regions" not in result["paths"][0]["hops"][-4]["detail"]
