"""site.yml, check.yml and teardown.yml driven by an inventory (docs/inventory.md), against the emulator.

The guides' own inventories (inventories/guides/) run whole in the molecule scenarios
(test_molecule_guides.py); here: the cross-account chain of guide 4 with each owner on its side, a bad
topology refused before any write, check mode, and a teardown that leaves foreign routes alone.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.reliability import guides

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"
GUIDES = REPO / "inventories" / "guides"


def seed(aws, guide):
    """The guide's VPCs as playbooks/demo_vpcs.yml makes them, through boto3 (seconds, not minutes)."""
    guides.seed(aws, guide)
    aws.reset_calls()


def peerings(aws, region, account=None):
    found = aws.client("ec2", region, account).describe_vpc_peering_connections()["VpcPeeringConnections"]
    return [p for p in found if p["Status"]["Code"] not in ("deleted", "rejected", "failed")]


def vpc_named(aws, region, name, account=None):
    vpcs = aws.client("ec2", region, account).describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"]
    assert len(vpcs) == 1, vpcs
    return vpcs[0]["VpcId"]


def test_guide4_inventory_each_owner_acts_on_its_side_and_a_second_run_writes_nothing(aws):
    seed(aws, "guide4")
    first = aws.run(PLAYBOOKS / "site.yml", inventory=str(GUIDES / "guide4.yml"))
    first.assert_ok()
    team_vpc = vpc_named(aws, "eu-west-1", "guide4-data-team", "222222222222")
    shared_vpc = vpc_named(aws, "us-east-1", "guide4-shared-data")
    main_vpc = vpc_named(aws, "us-east-1", "guide4-main")
    live = peerings(aws, "us-east-1")
    pairs = {frozenset((p["RequesterVpcInfo"]["VpcId"], p["AccepterVpcInfo"]["VpcId"])): p for p in live}
    assert set(pairs) == {frozenset((main_vpc, shared_vpc)), frozenset((shared_vpc, team_vpc))}
    assert all(p["Status"]["Code"] == "active" for p in live)
    # The data team's account accepted and set its own side, in its own region.
    accepts = [c for c in aws.calls if c.action == "AcceptVpcPeeringConnection"]
    assert {(c.region, c.account) for c in accepts} >= {("eu-west-1", "222222222222")}
    team_side = [p for p in peerings(aws, "eu-west-1", "222222222222") if p["AccepterVpcInfo"]["VpcId"] == team_vpc]
    assert team_side[0]["AccepterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is True
    summary = first.task("Summarise the estate and the checks")["msg"]
    assert "flows: 4 of 4 as expected" in summary, summary

    aws.reset_calls()
    second = aws.run(PLAYBOOKS / "site.yml", inventory=str(GUIDES / "guide4.yml"))
    second.assert_ok()
    assert not second.changed_tasks(), [t["name"] for t in second.changed_tasks()]
    assert aws.writes() == []


def test_guide2_inventory_checks_the_consumer_reaches_its_endpoint_by_dns_name(aws):
    seed(aws, "guide2")
    run = aws.run(PLAYBOOKS / "site.yml", inventory=str(GUIDES / "guide2.yml"))
    run.assert_ok()
    flows = {f["name"]: f for f in run.task("Check every flow (DNS, routes both ways, network ACLs, security groups)")["flows"]}
    endpoint = flows["guide2 - the consumer reaches the provider's service through its interface endpoint, by DNS name"]
    [made] = aws.client("ec2", "us-west-2").describe_vpc_endpoints(
        Filters=[{"Name": "tag:Name", "Values": ["guide2-outpost"]}])["VpcEndpoints"]
    assert endpoint["reachable"] is True, endpoint["reason"]
    assert endpoint["destination"]["dns_name"] == made["DnsEntries"][0]["DnsName"]
    assert sorted(endpoint["addresses"]) == sorted(
        ip for eni in aws.client("ec2", "us-west-2").describe_network_interfaces(
            NetworkInterfaceIds=made["NetworkInterfaceIds"])["NetworkInterfaces"] for ip in [eni["PrivateIpAddress"]])
    assert "flows: 3 of 3 as expected" in run.task("Summarise the estate and the checks")["msg"]


def test_an_overlapping_pair_in_the_inventory_stops_the_run_before_any_write(aws, tmp_path):
    seed(aws, "guide5")
    inventory = yaml.safe_load((GUIDES / "guide5.yml").read_text())
    inventory["vpcmesh_vpcs"]["children"]["guide5"]["vars"]["vpcmesh_peerings"].append({"pair": ["guide5-a", "guide5-overlap"]})
    path = tmp_path / "overlap.yml"
    path.write_text(yaml.safe_dump(inventory))
    result = aws.run(PLAYBOOKS / "site.yml", inventory=str(path))
    assert result.rc != 0
    message = result.explain()
    assert "10.50.0.0/16 (guide5-a) and 10.50.128.0/17 (guide5-overlap) overlap" in message, message
    assert "vpcmesh_peerings[1]" in message
    assert aws.writes() == []
    assert peerings(aws, "us-east-1") == []


def test_an_unknown_vpc_name_stops_the_run_naming_the_host_and_region(aws, tmp_path):
    seed(aws, "guide5")
    inventory = yaml.safe_load((GUIDES / "guide5.yml").read_text())
    inventory["vpcmesh_vpcs"]["children"]["guide5"]["hosts"]["guide5-b"]["vpcmesh_region"] = "eu-west-1"  # wrong region
    path = tmp_path / "wrong-region.yml"
    path.write_text(yaml.safe_dump(inventory))
    result = aws.run(PLAYBOOKS / "site.yml", inventory=str(path))
    assert result.rc != 0
    assert "guide5-b: the VPC named guide5-b was not found in eu-west-1" in result.explain()
    assert aws.writes() == []


def test_check_mode_writes_nothing_and_teardown_keeps_routes_it_does_not_own(aws):
    seed(aws, "guide5")
    inventory = str(GUIDES / "guide5.yml")
    checked = aws.run(PLAYBOOKS / "site.yml", inventory=inventory, check=True)
    checked.assert_ok()
    assert aws.writes() == []
    assert [t["host"] for t in checked.changed_tasks()] == ["guide5-a"]  # the request it would make

    aws.run(PLAYBOOKS / "site.yml", inventory=inventory).assert_ok()
    ec2 = aws.client("ec2", "us-east-1")
    a_vpc = vpc_named(aws, "us-east-1", "guide5-a")
    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [a_vpc]}])["RouteTables"][0]
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=a_vpc)
    ec2.create_route(RouteTableId=table["RouteTableId"], DestinationCidrBlock="192.0.2.0/24", GatewayId=gateway)

    aws.run(PLAYBOOKS / "teardown.yml", inventory=inventory).assert_ok()
    assert peerings(aws, "us-east-1") == [] and peerings(aws, "us-west-2") == []
    routes = ec2.describe_route_tables(RouteTableIds=[table["RouteTableId"]])["RouteTables"][0]["Routes"]
    assert [r.get("GatewayId") for r in routes if r.get("DestinationCidrBlock") == "192.0.2.0/24"] == [gateway]
    assert not [r for r in routes if r.get("VpcPeeringConnectionId")]

    aws.reset_calls()
    again = aws.run(PLAYBOOKS / "teardown.yml", inventory=inventory)
    again.assert_ok()
    assert aws.writes() == []
