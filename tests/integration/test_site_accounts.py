"""site.yml over an estate of two accounts, each reached through its inventory role (vpcmesh_role_arn), as an AWX job
runs it: the caller's own keys belong to a third account that owns no VPC. Every resource must end up in the account
that owns its VPC, whichever collection the module that makes it comes from (community.aws makes PrivateLink's load
balancer and target group), so nothing may be made with the caller's keys."""

from __future__ import annotations

import yaml

from tests.emulator.accounts import DEFAULT_ACCOUNT
from tests.emulator.runner import REPO

NETWORK, PARTNER = "111111111111", "222222222222"  # the caller's keys act as DEFAULT_ACCOUNT (123456789012)
LINK = "partner-api"
# The partner's role wants an external ID, and a session shorter than the default hour.
PARTNER_ROLE = {"vpcmesh_role_external_id": "partner-4711", "vpcmesh_role_duration_seconds": 900,
                "vpcmesh_role_session_name": "vpcmesh-partner"}


def inventory(provider, outpost, consumer):
    def host(vpc):
        return {"vpcmesh_region": vpc["region"], "vpcmesh_vpc_id": vpc["vpc_id"]}

    def account(number, hosts, **extra):
        return {"hosts": hosts, "vars": {"vpcmesh_account_id": number,
                                          "vpcmesh_role_arn": f"arn:aws:iam::{number}:role/vpcmesh-network", **extra}}

    return {"vpcmesh_vpcs": {
        "children": {"account_network": account(NETWORK, {"provider": host(provider), "outpost": host(outpost)}),
                     "account_partner": account(PARTNER, {"consumer": host(consumer)}, **PARTNER_ROLE)},
        "vars": {"vpcmesh_privatelinks": [{"name": LINK, "provider": "provider", "outpost": "outpost",
                                           "consumer": "consumer", "targets": ["10.10.1.10"], "port": 443}]}}}


def test_every_resource_of_a_privatelink_chain_is_made_in_the_account_that_owns_its_vpc(aws, tmp_path):
    provider = aws.make_vpc("us-east-1", "10.10.0.0/16", NETWORK, subnets=2, route_tables=1)
    outpost = aws.make_vpc("us-west-2", "10.11.0.0/16", NETWORK, subnets=2, route_tables=1)
    consumer = aws.make_vpc("us-west-2", "10.12.0.0/16", PARTNER, subnets=2)
    hosts = tmp_path / "hosts.yml"
    hosts.write_text(yaml.safe_dump(inventory(provider, outpost, consumer)))

    result = aws.run(REPO / "playbooks" / "site.yml", inventory=str(hosts))

    assert result.rc == 0, result
    assumed = {call.params["RoleArn"]: call.params for call in aws.calls if call.action == "AssumeRole"}
    partner = assumed[f"arn:aws:iam::{PARTNER}:role/vpcmesh-network"]
    assert (partner["ExternalId"], partner["DurationSeconds"], partner["RoleSessionName"]) == (
        "partner-4711", "900", "vpcmesh-partner")
    assert "ExternalId" not in assumed[f"arn:aws:iam::{NETWORK}:role/vpcmesh-network"]
    elbv2 = {account: aws.client("elbv2", "us-west-2", account) for account in (NETWORK, DEFAULT_ACCOUNT)}
    [balancer] = elbv2[NETWORK].describe_load_balancers(Names=[LINK])["LoadBalancers"]
    assert balancer["VpcId"] == outpost["vpc_id"]
    [group] = elbv2[NETWORK].describe_target_groups(Names=[LINK])["TargetGroups"]
    assert group["VpcId"] == outpost["vpc_id"]
    assert [t["Target"]["Id"] for t in elbv2[NETWORK].describe_target_health(
        TargetGroupArn=group["TargetGroupArn"])["TargetHealthDescriptions"]] == ["10.10.1.10"]
    [service] = aws.client("ec2", "us-west-2", NETWORK).describe_vpc_endpoint_service_configurations()[
        "ServiceConfigurations"]
    assert service["NetworkLoadBalancerArns"] == [balancer["LoadBalancerArn"]]
    [endpoint] = aws.client("ec2", "us-west-2", PARTNER).describe_vpc_endpoints(
        Filters=[{"Name": "tag:Name", "Values": [LINK]}])["VpcEndpoints"]
    assert endpoint["VpcId"] == consumer["vpc_id"] and endpoint["ServiceName"] == service["ServiceName"]
    [peering] = [p for p in aws.client("ec2", "us-west-2", NETWORK).describe_vpc_peering_connections()[
        "VpcPeeringConnections"] if p["Status"]["Code"] == "active"]
    assert {peering["RequesterVpcInfo"]["VpcId"], peering["AccepterVpcInfo"]["VpcId"]} == {
        outpost["vpc_id"], provider["vpc_id"]}

    # The caller's own account got nothing: no load balancer, target group, service, endpoint or peering.
    assert elbv2[DEFAULT_ACCOUNT].describe_load_balancers()["LoadBalancers"] == []
    assert elbv2[DEFAULT_ACCOUNT].describe_target_groups()["TargetGroups"] == []
    for region in ("us-east-1", "us-west-2"):
        ec2 = aws.client("ec2", region)
        assert ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"] == []
        assert ec2.describe_vpc_endpoints()["VpcEndpoints"] == []
        assert ec2.describe_vpc_peering_connections()["VpcPeeringConnections"] == []
    # Every write was signed by the account that owns the VPC it is made in, none by the caller.
    assert {call.account for call in aws.writes()} == {NETWORK, PARTNER}, [str(c) for c in aws.writes()]
