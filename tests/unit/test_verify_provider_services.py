"""verify_flows.provider_services: which endpoint services' provider side a check reads, and in which region: those
behind the available interface endpoints the flows go to, in each endpoint's service region; none for other flows,
for an endpoint still waiting, or for AWS's own services."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_flows import provider_services, validate_flows

from test_verify_world import World

SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0abc"


def consumer_with(endpoints):
    world = World()
    consumer = world.vpc("consumer", "us-west-2", "10.12.0.0/16", ["10.12.1.0/24"])
    for endpoint_id, service, region, state in endpoints:
        world.snap.add_vpc_endpoint(dict(VpcEndpointId=endpoint_id, VpcId=consumer["id"], ServiceName=service,
                                         ServiceRegion=region, VpcEndpointType="Interface", State=state,
                                         DnsEntries=[dict(DnsName=f"{endpoint_id}.example")]), "us-west-2")
    return world, consumer


def flows(consumer, *destinations):
    return validate_flows([dict(source=dict(vpc_id=consumer["id"]), destination=d, port=443) for d in destinations],
                          "us-west-2")


def test_an_endpoint_flow_reads_its_service_in_the_service_region():
    world, consumer = consumer_with([("vpce-1", SERVICE, "us-east-1", "available")])
    wanted = provider_services(world.snap, flows(consumer, dict(vpc_endpoint="vpce-1")))
    assert wanted == {"us-east-1": [SERVICE]}


def test_flows_to_addresses_names_waiting_endpoints_and_aws_services_read_nothing():
    world, consumer = consumer_with([("vpce-1", SERVICE, "us-east-1", "pendingAcceptance"),
                                     ("vpce-2", "com.amazonaws.us-west-2.s3", "us-west-2", "available")])
    wanted = provider_services(world.snap, flows(consumer, dict(ip="10.12.1.30"), dict(name="api.internal"),
                                                 dict(vpc_endpoint="vpce-1"), dict(vpc_endpoint="vpce-2"),
                                                 dict(vpc_endpoint="vpce-missing")))
    assert wanted == {}


def test_endpoints_of_one_region_are_read_together_without_repeats():
    other = "com.amazonaws.vpce.us-west-2.vpce-svc-0def"
    world, consumer = consumer_with([("vpce-1", SERVICE, "us-east-1", "available"),
                                     ("vpce-2", other, "us-west-2", "available")])
    wanted = provider_services(world.snap, flows(consumer, dict(vpc_endpoint="vpce-1"), dict(vpc_endpoint="vpce-2"),
                                                 dict(vpc_endpoint=SERVICE)))
    assert wanted == {"us-east-1": [SERVICE], "us-west-2": [other]}
