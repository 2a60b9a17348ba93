"""site.yml, check.yml and teardown.yml over a small inventory with one native cross-region PrivateLink link
(vpcmesh_privatelinks entry without an outpost: mode native by default): a provider VPC in us-east-1 and a consumer
VPC of account 222222222222 in us-west-2 (reached through its inventory role). Check mode plans exactly the first
run's writes; the first run builds the load balancer and service in the provider's account and region and the
consumer's endpoint, naming the service's region, in the consumer's; the closing check proves the consumer reaches
the service through it (the flow's destination is the consumer's endpoint, its service region the provider's); a
second run writes nothing; teardown deletes the consumer's endpoint first and only what is ours."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.emulator.accounts import DEFAULT_ACCOUNT, OTHER_ACCOUNT
from tests.integration.planned import difference, planned_writes, written
from tests.reliability.guides import seed_vpcs

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"
CHECK_TASK = "Check every flow (DNS, routes both ways, network ACLs, security groups)"
LINK = "orders-native"
VPCS = [
    {"name": "native-provider", "region": "us-east-1", "cidr": "10.60.0.0/16",
     "subnets": [{"cidr": "10.60.1.0/24", "az": "a", "tier": "private"},
                 {"cidr": "10.60.2.0/24", "az": "b", "tier": "private"},
                 {"cidr": "10.60.9.0/24", "az": "a", "tier": "public"}],
     "hosts": [{"ip": "10.60.1.10", "subnet": "10.60.1.0/24", "port": 443, "allow_from": ["10.60.0.0/16"]}]},
    {"name": "native-consumer", "region": "us-west-2", "account": OTHER_ACCOUNT, "cidr": "10.61.0.0/16",
     "subnets": [{"cidr": "10.61.1.0/24", "az": "a", "tier": "private"},
                 {"cidr": "10.61.2.0/24", "az": "b", "tier": "private"}]},
]
INVENTORY = {"vpcmesh_vpcs": {"children": {
    "native": {
        "hosts": {"native-provider": {"vpcmesh_region": "us-east-1"}},
        "vars": {
            "vpcmesh_privatelinks": [{"name": LINK, "provider": "native-provider", "consumer": "native-consumer",
                                      "targets": ["10.60.1.10"], "port": 443,
                                      "subnets": {"provider": {"tier": "private"}}}],
            "vpcmesh_flows": [{"name": "native - the consumer reaches the provider's service across regions",
                               "from": "native-consumer", "to": {"privatelink": LINK}, "port": 443}]}},
    "account_other": {
        "hosts": {"native-consumer": {"vpcmesh_region": "us-west-2"}},
        "vars": {"vpcmesh_account_id": OTHER_ACCOUNT, "vpcmesh_role_arn": f"arn:aws:iam::{OTHER_ACCOUNT}:role/x"}},
}}}


def live_endpoints(aws, account, region="us-west-2"):
    found = aws.client("ec2", region, account).describe_vpc_endpoints()["VpcEndpoints"]
    return [e for e in found if e["State"] != "deleted"]


def test_site_check_rerun_and_teardown_of_a_native_link(aws, tmp_path):
    seed_vpcs(aws, VPCS)
    inventory = tmp_path / "native.yml"
    inventory.write_text(yaml.safe_dump(INVENTORY))
    aws.reset_calls()

    # check mode on the new link: nothing written, the writes planned
    checked = aws.run(PLAYBOOKS / "site.yml", inventory=str(inventory), check=True, diff=True)
    checked.assert_ok()
    assert aws.writes() == [], [str(c) for c in aws.writes()]
    [flow] = checked.task(CHECK_TASK)["flows"]
    assert flow["as_expected"] is False  # reported in check mode: nothing is built yet

    # the first run writes exactly what check mode planned, each side in its own account and region
    aws.reset_calls()
    first = aws.run(PLAYBOOKS / "site.yml", inventory=str(inventory))
    first.assert_ok()
    assert difference(planned_writes(checked), written(aws)) == {}, difference(planned_writes(checked), written(aws))
    sides = {(c.action, c.account, c.region) for c in aws.writes()}
    assert {("CreateLoadBalancer", DEFAULT_ACCOUNT, "us-east-1"),
            ("CreateVpcEndpointServiceConfiguration", DEFAULT_ACCOUNT, "us-east-1"),
            ("CreateVpcEndpoint", OTHER_ACCOUNT, "us-west-2")} <= sides, sides
    assert not [c for c in aws.writes() if c.action == "CreateVpcPeeringConnection"]
    [service] = aws.client("ec2", "us-east-1").describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    assert "us-west-2" in [r["Region"] for r in service["SupportedRegions"]]
    [balancer] = aws.client("elbv2", "us-east-1").describe_load_balancers(Names=[LINK])["LoadBalancers"]
    provider_subnets = {s["SubnetId"]: s["CidrBlock"] for s in aws.client("ec2", "us-east-1").describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [balancer["VpcId"]]}])["Subnets"]}
    assert sorted(provider_subnets[z["SubnetId"]] for z in balancer["AvailabilityZones"]) == [
        "10.60.1.0/24", "10.60.2.0/24"]  # the private tier only, as the inventory selects
    [endpoint] = live_endpoints(aws, OTHER_ACCOUNT)
    assert (endpoint["ServiceName"], endpoint["ServiceRegion"], endpoint["State"]) == (
        service["ServiceName"], "us-east-1", "available")
    # the closing check: the consumer reaches its endpoint, whose service is in the provider's region
    [flow] = first.task(CHECK_TASK)["flows"]
    assert flow["as_expected"] is True and flow["reachable"] is True, flow["reason"]
    assert (flow["destination"]["service"], flow["destination"]["service_region"]) == (service["ServiceName"],
                                                                                       "us-east-1")
    # past the endpoint: the service, its load balancer and targets, read in the provider's account and region
    tail = [h for h in flow["paths"][0]["hops"]
            if h["check"] in ("vpc-endpoint", "endpoint-service", "load-balancer", "targets")]
    wanted = [("vpc-endpoint", "us-west-2", True), ("endpoint-service", "us-east-1", True),
              ("load-balancer", "us-east-1", True), ("targets", "us-east-1", True)]
    assert [(h["check"], h["region"], h["ok"]) for h in tail] == wanted, tail
    assert (tail[1]["resource"], tail[2]["resource"]) == (service["ServiceId"], balancer["LoadBalancerArn"])
    assert "10.60.1.10:443" in tail[3]["detail"], tail[3]

    # a second run writes nothing; check mode then plans nothing
    aws.reset_calls()
    second = aws.run(PLAYBOOKS / "site.yml", inventory=str(inventory))
    second.assert_ok()
    assert aws.writes() == [] and not second.changed_tasks(), [(t["host"], t["name"]) for t in second.changed_tasks()]
    again = aws.run(PLAYBOOKS / "site.yml", inventory=str(inventory), check=True)
    again.assert_ok()
    assert aws.writes() == [] and planned_writes(again) == {}

    # teardown: the consumer's endpoint first; an endpoint of the consumer's that is not ours stays
    theirs = aws.client("ec2", "us-west-2", OTHER_ACCOUNT)
    foreign = theirs.create_vpc_endpoint(
        VpcId=endpoint["VpcId"], ServiceName="com.amazonaws.us-west-2.s3", VpcEndpointType="Interface",
        SubnetIds=endpoint["SubnetIds"][:1],
        TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": LINK}]}],
    )["VpcEndpoint"]["VpcEndpointId"]
    aws.reset_calls()
    aws.run(PLAYBOOKS / "teardown.yml", inventory=str(inventory)).assert_ok()
    order = [c.action for c in aws.writes()]
    assert order.index("DeleteVpcEndpoints") < order.index("DeleteVpcEndpointServiceConfigurations") < \
        order.index("DeleteLoadBalancer") < order.index("DeleteTargetGroup"), order
    assert [e["VpcEndpointId"] for e in live_endpoints(aws, OTHER_ACCOUNT)] == [foreign]
    assert aws.client("ec2", "us-east-1").describe_vpc_endpoint_service_configurations()["ServiceConfigurations"] == []
    assert aws.client("elbv2", "us-east-1").describe_load_balancers()["LoadBalancers"] == []
    aws.reset_calls()
    aws.run(PLAYBOOKS / "teardown.yml", inventory=str(inventory)).assert_ok()
    assert aws.writes() == [], [str(c) for c in aws.writes()]
