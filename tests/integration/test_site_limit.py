"""site.yml under --limit (issue 15): a run limited to some VPC hosts converges what those hosts own (the requests
they make, their sides' DNS options and routes), reads the other hosts' VPCs from AWS instead of refusing them, and
checks the flows between the limited hosts; runs limited to the other hosts finish the job, so a run over the whole
inventory afterwards changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.reliability import guides

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "playbooks" / "site.yml"
GUIDE5 = str(REPO / "inventories" / "guides" / "guide5.yml")
OPTION = "AllowDnsResolutionFromRemoteVpc"


def vpc(aws, region, name):
    [found] = aws.client("ec2", region).describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"]
    return found["VpcId"]


def peered_destinations(aws, region, vpc_id):
    """{route table ID: destinations routed over a peering} of the VPC."""
    tables = aws.client("ec2", region).describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])
    return {t["RouteTableId"]: sorted(r["DestinationCidrBlock"] for r in t["Routes"] if r.get("VpcPeeringConnectionId"))
            for t in tables["RouteTables"]}


def test_limited_runs_converge_each_hosts_side_and_together_the_whole_pair(aws):
    guides.seed(aws, "guide5")
    a, b = vpc(aws, "us-east-1", "guide5-a"), vpc(aws, "us-west-2", "guide5-b")

    first = aws.run(SITE, inventory=GUIDE5, limit="guide5-a")
    first.assert_ok()
    [connection] = [p for p in aws.client("ec2", "us-east-1").describe_vpc_peering_connections()["VpcPeeringConnections"]
                    if p["Status"]["Code"] == "active"]
    assert {connection["RequesterVpcInfo"]["VpcId"], connection["AccepterVpcInfo"]["VpcId"]} == {a, b}
    assert all(routes == ["10.51.0.0/16"] for routes in peered_destinations(aws, "us-east-1", a).values())
    assert all(routes == [] for routes in peered_destinations(aws, "us-west-2", b).values())  # guide5-b's own run
    assert connection["RequesterVpcInfo"]["PeeringOptions"][OPTION] is True
    assert connection["AccepterVpcInfo"]["PeeringOptions"][OPTION] is False
    checked = [f["name"] for f in first.task("Check every flow (DNS, routes both ways, network ACLs, security groups)")["flows"]]
    assert checked == ["guide5 - a has no path to the overlapping VPC (never peered)"]  # the flows within the limit

    aws.reset_calls()
    second = aws.run(SITE, inventory=GUIDE5, limit="guide5-b,guide5-overlap")
    second.assert_ok()
    assert all(routes == ["10.50.0.0/16"] for routes in peered_destinations(aws, "us-west-2", b).values())
    [after] = aws.client("ec2", "us-west-2").describe_vpc_peering_connections(
        VpcPeeringConnectionIds=[connection["VpcPeeringConnectionId"]])["VpcPeeringConnections"]
    assert after["AccepterVpcInfo"]["PeeringOptions"][OPTION] is True
    # guide5-b's run only did guide5-b's side: no request, and nothing in guide5-a's region
    own_side = {("ModifyVpcPeeringConnectionOptions", "us-west-2"), ("CreateRoute", "us-west-2")}
    assert {(c.action, c.region) for c in aws.writes()} <= own_side, [str(c) for c in aws.writes()]

    aws.reset_calls()
    whole = aws.run(SITE, inventory=GUIDE5)
    whole.assert_ok()
    assert not whole.changed_tasks(), [(t["host"], t["name"]) for t in whole.changed_tasks()]
    assert aws.writes() == [], [str(c) for c in aws.writes()]
    assert len(whole.task("Check every flow (DNS, routes both ways, network ACLs, security groups)")["flows"]) == 3
