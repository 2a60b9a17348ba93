"""site.yml over an estate of two accounts as inventories/aws-example has them: the network account reached through
its inventory role (vpcmesh_role_arn, with an external ID and a session duration), the partner's through a named
profile (vpcmesh_profile). The caller's own credentials (the default profile) belong to a third account that owns no
VPC. Every resource must end up in the account that owns its VPC, whichever collection the module that makes it
comes from (community.aws makes PrivateLink's load balancer and target group): nothing may be made with the caller's
credentials, and no account's credentials may be mixed into another's calls."""

from __future__ import annotations

import subprocess

import yaml

from tests.emulator.accounts import DEFAULT_ACCOUNT, DUMMY_KEYS
from tests.emulator.runner import REPO, VENV_BIN, PlaybookResult, environment, parse_json_callback

NETWORK, PARTNER = "111111111111", "222222222222"  # the caller's credentials act as DEFAULT_ACCOUNT (123456789012)
LINK = "partner-api"
# The network account's role wants an external ID, and a session shorter than the default hour.
NETWORK_ROLE = {"vpcmesh_role_arn": f"arn:aws:iam::{NETWORK}:role/vpcmesh-network",
                "vpcmesh_role_external_id": "network-4711", "vpcmesh_role_duration_seconds": 900,
                "vpcmesh_role_session_name": "vpcmesh-nightly"}


def inventory(provider, outpost, consumer):
    def host(vpc):
        return {"vpcmesh_region": vpc["region"], "vpcmesh_vpc_id": vpc["vpc_id"]}

    return {"vpcmesh_vpcs": {
        "children": {
            "account_network": {"hosts": {"provider": host(provider), "outpost": host(outpost)},
                                "vars": {"vpcmesh_account_id": NETWORK, **NETWORK_ROLE}},
            "account_partner": {"hosts": {"consumer": host(consumer)},
                                "vars": {"vpcmesh_account_id": PARTNER, "vpcmesh_profile": "partner"}}},
        "vars": {"vpcmesh_privatelinks": [{"name": LINK, "provider": "provider", "outpost": "outpost",
                                           "consumer": "consumer", "targets": ["10.10.1.10"], "port": 443}]}}}


def credentials_file(path, partner):
    """The caller's keys as the default profile and the partner's as profile `partner` (no keys in the environment:
    amazon.aws refuses a profile together with AWS_ACCESS_KEY_ID)."""
    path.write_text(
        f"[default]\naws_access_key_id = {DUMMY_KEYS['aws_access_key_id']}\n"
        f"aws_secret_access_key = {DUMMY_KEYS['aws_secret_access_key']}\n"
        f"[partner]\naws_access_key_id = {partner['access_key']}\naws_secret_access_key = {partner['secret_key']}\n"
        f"aws_session_token = {partner['session_token']}\n")
    return path


def site(aws, tmp_path, hosts, credentials) -> PlaybookResult:
    env = environment(aws.url, tmp_path, {"AWS_SHARED_CREDENTIALS_FILE": str(credentials)})
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    cmd = [str(VENV_BIN / "ansible-playbook"), str(REPO / "playbooks" / "site.yml"), "-i", str(hosts)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(REPO), check=False,
                          stdin=subprocess.DEVNULL, timeout=900)
    return PlaybookResult(proc.returncode, proc.stdout, proc.stderr, *parse_json_callback(proc.stdout), cmd)


def test_every_resource_of_a_privatelink_chain_is_made_in_the_account_that_owns_its_vpc(aws, tmp_path):
    provider = aws.make_vpc("us-east-1", "10.10.0.0/16", NETWORK, subnets=2, route_tables=1)
    outpost = aws.make_vpc("us-west-2", "10.11.0.0/16", NETWORK, subnets=2, route_tables=1)
    consumer = aws.make_vpc("us-west-2", "10.12.0.0/16", PARTNER, subnets=2)
    hosts = tmp_path / "hosts.yml"
    hosts.write_text(yaml.safe_dump(inventory(provider, outpost, consumer)))
    credentials = credentials_file(tmp_path / "credentials", aws.assume(PARTNER))
    aws.reset_calls()

    result = site(aws, tmp_path, hosts, credentials)

    assert result.rc == 0, result
    # One AssumeRole for the network account's role, however many of its VPCs the inventory lists, with its external ID
    # and duration; the partner's profile needs none.
    assumed = [(call.params["RoleArn"], call.params.get("ExternalId"), call.params.get("DurationSeconds"),
                call.params["RoleSessionName"]) for call in aws.calls if call.action == "AssumeRole"]
    assert assumed == [(NETWORK_ROLE["vpcmesh_role_arn"], "network-4711", "900", "vpcmesh-nightly")], assumed
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
