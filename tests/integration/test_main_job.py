"""The main job as `scripts/demo` runs it: site.yml, check.yml and teardown.yml over the inventory of all five field
guides (inventories/guides/), on one emulator, one step after the other, each step asserting what a user relies on.

Each guide's estate is built once here, and the later steps (the second run, teardown, its second run) use it, so an
inventory costs one run per step instead of one per guide and step. The five guides' files run as two inventories
of about equal cost (guides 2 and 4; guides 1, 3 and 5), so the two halves run on both test workers at once.
What each step proves:

1. `site.yml --check --diff` on the new estate writes nothing and predicts every peering's request by its requester,
   and its accept, DNS options and routes (also over requests to another account, accepted by that account's unit
   in the same run): the peering play's planned actions equal the first run's, per call and region, and so do
   the whole job's planned actions (zones, Resolver meshes, PrivateLink chains) and the first run's writes; and it
   checks every flow on what exists then, reporting (not failing) that the flows are not as expected yet;
2. `site.yml` builds every guide, each owner on its side (guide 4's data team accepts and sets its DNS option in its
   own account and region), and its closing check finds every flow of every guide as expected (guide 2's consumer
   reaches its interface endpoint by the endpoint's DNS name);
3. a second `site.yml` changes nothing and makes no write call;
4. `teardown.yml` removes every peering, zone, rule, endpoint and load balancer the inventory describes, in every
   region and account, and keeps a route to a gateway that the inventory does not own;
5. a second `teardown.yml` makes no write call.

The molecule wiring (prepare with playbooks/demo_vpcs.yml, converge, idempotence, verify with check.yml, cleanup)
is test_molecule_guides.py; bad inventories refused before any write are test_inventory_site.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.integration.planned import difference, planned_writes, written
from tests.reliability import guides

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"
INVENTORY = str(REPO / "inventories" / "guides")
OTHER = "222222222222"
CHECK_TASK = "Check every flow (DNS, routes both ways, network ACLs, security groups)"
SUMMARY = "Summarise the estate and the checks"
PEERING_TASKS = ("Request", "Accept", "Allow DNS", "Route each side")
UNSETTLED = "Say which peerings check mode could not plan DNS options and routes for"


def requests(run) -> list:
    """The peerings that `run`'s request task made (or, in check mode, would make), by name (their Name tag)."""
    return sorted(item["peering_connection"]["tags"]["Name"] for task in run.tasks if task["name"].startswith("Request")
                  for item in task["result"].get("results", [])
                  if any(a["call"] == "ec2:CreateVpcPeeringConnection" for a in item.get("actions", [])))


def peering_actions(run):
    """(call, region) of every action the peering play's tasks took (or, in check mode, planned), counted."""
    return Counter((action["call"], action["region"]) for task in run.tasks if task["name"].startswith(PEERING_TASKS)
                   for item in task["result"].get("results", []) for action in item.get("actions", []))


def live_peerings(aws, region, account=None):
    found = aws.client("ec2", region, account).describe_vpc_peering_connections()["VpcPeeringConnections"]
    return [p for p in found if p["Status"]["Code"] not in ("deleted", "rejected", "failed")]


def vpc_named(aws, region, name, account=None):
    vpcs = aws.client("ec2", region, account).describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"]
    assert len(vpcs) == 1, vpcs
    return vpcs[0]["VpcId"]


def regions_and_accounts(names):
    return [(region, account) for guide in names for region in guides.regions_of(guide)
            for account in guides.accounts_of(guide)]


def inventory_of(names, tmp_path) -> str:
    """A directory inventory holding the guides' inventory files `names`, as inventories/guides holds all five."""
    for guide in names:
        (tmp_path / f"{guide}.yml").symlink_to(Path(INVENTORY) / f"{guide}.yml")
    return str(tmp_path)


def built_things(aws, names) -> dict:
    """What the main job builds, per kind, over every region and account of the guides (live ones only)."""
    out = {"peerings": 0, "endpoint services": 0, "interface endpoints": 0, "load balancers": 0,
           "resolver endpoints": 0, "resolver rules": 0, "private zones": 0}
    for region, account in sorted(set(regions_and_accounts(names))):
        ec2 = aws.client("ec2", region, account)
        out["peerings"] += len(live_peerings(aws, region, account))
        out["endpoint services"] += len(ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"])
        out["interface endpoints"] += len([e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]
                                           if e["State"] != "deleted"])
        out["load balancers"] += len(aws.client("elbv2", region, account).describe_load_balancers()["LoadBalancers"])
        resolver = aws.client("route53resolver", region, account)
        out["resolver endpoints"] += len(resolver.list_resolver_endpoints()["ResolverEndpoints"])
        out["resolver rules"] += len([r for r in resolver.list_resolver_rules()["ResolverRules"]
                                      if r["RuleType"] == "FORWARD"])
    for account in sorted({a for _r, a in regions_and_accounts(names)}):
        zones = aws.client("route53", "us-east-1", account).list_hosted_zones()["HostedZones"]
        out["private zones"] += len([z for z in zones if z["Config"]["PrivateZone"]])
    return out


@pytest.mark.parametrize("names", [("guide2", "guide4"), ("guide1", "guide3", "guide5")], ids="+".join)
def test_site_check_and_teardown_over_the_guides_inventory(aws, tmp_path, names):
    inventory = inventory_of(names, tmp_path)
    for guide in names:
        guides.seed(aws, guide)

    # 1. check mode on the new estate: nothing written, every peering's request predicted by its requester
    checked = aws.run(PLAYBOOKS / "site.yml", inventory=inventory, check=True, diff=True)
    checked.assert_ok()
    assert aws.writes() == [], [str(c) for c in aws.writes()]
    planned = requests(checked)
    assert planned, [t["name"] for t in checked.tasks]
    # and it checks every flow on what exists now (nothing is peered yet), reporting, not failing
    before = checked.task(CHECK_TASK)["flows"]
    assert before and not any(f["as_expected"] for f in before if f.get("expect", "reachable") == "reachable"), before
    assert (f"flows: {sum(f['as_expected'] for f in before)} of {len(before)} as expected (check mode: on what "
            "exists now, before the planned writes)") in checked.task(SUMMARY)["msg"]

    # 2. the first run builds every guide; each owner acts on its own side; every flow is as expected
    aws.reset_calls()
    first = aws.run(PLAYBOOKS / "site.yml", inventory=inventory)
    first.assert_ok()
    assert requests(first) == planned  # check mode predicted exactly the requests this run made
    # and every accept, DNS option and route the first run made, also over requests to another account
    assert peering_actions(checked) == peering_actions(first), (peering_actions(checked), peering_actions(first))
    assert {"ec2:ModifyVpcPeeringConnectionOptions", "ec2:CreateRoute"} <= {c for c, _r in peering_actions(checked)}
    # and every other write of the whole job (zones, Resolver meshes, PrivateLink chains), per action and region
    assert difference(planned_writes(checked), written(aws)) == {}, difference(planned_writes(checked), written(aws))
    assert [t["result"].get("msg") for t in checked.tasks
            if t["name"] == UNSETTLED and not t["result"].get("skipped")] == []
    flows = {f["name"]: f for f in first.task(CHECK_TASK)["flows"]}
    assert flows and all(f["as_expected"] for f in flows.values()), [
        (n, f["reason"]) for n, f in flows.items() if not f["as_expected"]]
    summary = first.task(SUMMARY)["msg"]
    assert f"flows: {len(flows)} of {len(flows)} as expected" in summary, summary
    assert {name.split(" ")[0] for name in flows} == set(names)  # every guide's flows were checked
    if "guide4" in names:
        assert_guide4_owners_act_on_their_sides(aws)
    if "guide2" in names:
        assert_guide2_consumer_reaches_its_endpoint(aws, flows)
    built = built_things(aws, names)
    assert all(count for kind, count in built.items() if kind in BUILT[names]), built

    # 3. a second run changes nothing and writes nothing
    aws.reset_calls()
    second = aws.run(PLAYBOOKS / "site.yml", inventory=inventory)
    second.assert_ok()
    assert not second.changed_tasks(), [(t["host"], t["name"]) for t in second.changed_tasks()]
    assert aws.writes() == [], [str(c) for c in aws.writes()]
    assert built_things(aws, names) == built

    # 4. teardown removes everything the inventory describes and keeps a route the inventory does not own
    foreign = foreign_route(aws, "guide5-a" if "guide5" in names else "guide4-main")
    aws.run(PLAYBOOKS / "teardown.yml", inventory=inventory).assert_ok()
    assert built_things(aws, names) == dict.fromkeys(built, 0), built_things(aws, names)
    assert_foreign_route_kept(aws, *foreign)

    # 5. a second teardown writes nothing
    aws.reset_calls()
    again = aws.run(PLAYBOOKS / "teardown.yml", inventory=inventory)
    again.assert_ok()
    assert aws.writes() == [], [str(c) for c in aws.writes()]


# What each half of the guides builds at least one of (guide 1: peering, zone; 2: PrivateLink; 3: Resolver; 4, 5: peering).
BUILT = {("guide2", "guide4"): {"peerings", "endpoint services", "interface endpoints", "load balancers"},
         ("guide1", "guide3", "guide5"): {"peerings", "private zones", "resolver endpoints", "resolver rules",
                                          "interface endpoints"}}


def assert_guide4_owners_act_on_their_sides(aws):
    team_vpc = vpc_named(aws, "eu-west-1", "guide4-data-team", OTHER)
    shared_vpc = vpc_named(aws, "us-east-1", "guide4-shared-data")
    main_vpc = vpc_named(aws, "us-east-1", "guide4-main")
    guide4 = {frozenset((p["RequesterVpcInfo"]["VpcId"], p["AccepterVpcInfo"]["VpcId"])): p
              for p in live_peerings(aws, "us-east-1") if {shared_vpc} & {p["RequesterVpcInfo"]["VpcId"],
                                                                          p["AccepterVpcInfo"]["VpcId"]}}
    assert set(guide4) == {frozenset((main_vpc, shared_vpc)), frozenset((shared_vpc, team_vpc))}
    assert all(p["Status"]["Code"] == "active" for p in guide4.values())
    accepts = [c for c in aws.calls if c.action == "AcceptVpcPeeringConnection"]
    assert ("eu-west-1", OTHER) in {(c.region, c.account) for c in accepts}
    [team_side] = [p for p in live_peerings(aws, "eu-west-1", OTHER) if p["AccepterVpcInfo"]["VpcId"] == team_vpc]
    assert team_side["AccepterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is True
    dns_options = [c for c in aws.calls if c.action == "ModifyVpcPeeringConnectionOptions"
                   and c.account == OTHER]
    assert dns_options and {c.region for c in dns_options} == {"eu-west-1"}


def assert_guide2_consumer_reaches_its_endpoint(aws, flows):
    endpoint = flows["guide2 - the consumer reaches the provider's service through its interface endpoint, by DNS name"]
    [made] = aws.client("ec2", "us-west-2").describe_vpc_endpoints(
        Filters=[{"Name": "tag:Name", "Values": ["guide2-outpost"]}])["VpcEndpoints"]
    assert endpoint["reachable"] is True, endpoint["reason"]
    assert endpoint["destination"]["dns_name"] == made["DnsEntries"][0]["DnsName"]
    assert sorted(endpoint["addresses"]) == sorted(
        eni["PrivateIpAddress"] for eni in aws.client("ec2", "us-west-2").describe_network_interfaces(
            NetworkInterfaceIds=made["NetworkInterfaceIds"])["NetworkInterfaces"])


def foreign_route(aws, host):
    """A route to an internet gateway in `host`'s first route table, which the inventory does not own."""
    ec2 = aws.client("ec2", "us-east-1")
    vpc_id = vpc_named(aws, "us-east-1", host)
    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["RouteTables"][0]
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc_id)
    ec2.create_route(RouteTableId=table["RouteTableId"], DestinationCidrBlock="192.0.2.0/24", GatewayId=gateway)
    return table["RouteTableId"], gateway


def assert_foreign_route_kept(aws, table_id, gateway):
    ec2 = aws.client("ec2", "us-east-1")
    routes = ec2.describe_route_tables(RouteTableIds=[table_id])["RouteTables"][0]["Routes"]
    assert [r.get("GatewayId") for r in routes if r.get("DestinationCidrBlock") == "192.0.2.0/24"] == [gateway]
    assert not [r for r in routes if r.get("VpcPeeringConnectionId")]
