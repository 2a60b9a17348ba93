"""Discovery round trip (issue 18): build each guide's estate with site.yml (two inventories, as test_main_job.py
halves them) beside a hand-made estate with odd parts, discover it with playbooks/discover.yml (module estate_info),
then `site.yml --check --diff` over the discovered inventory plans nothing and writes nothing, and what the model
cannot say is listed as left as found.

The hand-made estate (the caller's account, built with boto3, not with the collection): a half-mesh of three VPCs
(h-a -> h-b -> h-c, no h-a - h-c), a peering without DNS resolution (h-a -> h-d) routed in only one of h-d's route
tables, a peering with remote DNS resolution on one side only (h-b -> h-d), a route in h-b over h-a - h-b to a
narrower block than h-a's, and a forwarding rule of a Resolver endpoint in h-a that no mesh made.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.emulator.accounts import DEFAULT_ACCOUNT
from tests.integration.planned import planned_writes
from tests.reliability import guides

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"
INVENTORY = REPO / "inventories" / "guides"
OTHER = "222222222222"
ACCOUNTS = [{}, {"account_id": OTHER, "credentials": {"role_arn": f"arn:aws:iam::{OTHER}:role/vpcmesh-demo"}}]
REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1"]


def inventory_of(names, tmp_path) -> str:
    folder = tmp_path / "guides"
    folder.mkdir()
    for guide in names:
        (folder / f"{guide}.yml").symlink_to(INVENTORY / f"{guide}.yml")
    return str(folder)


def _peer(ec2, requester, accepter, name, region=None):
    """An active peering connection tagged `name` (accepted in the accepter's region)."""
    params = {"VpcId": requester["vpc_id"], "PeerVpcId": accepter["vpc_id"],
              "TagSpecifications": [{"ResourceType": "vpc-peering-connection",
                                     "Tags": [{"Key": "Name", "Value": name}]}]}
    if region and region != requester["region"]:
        params["PeerRegion"] = region
    pcx = ec2[requester["region"]].create_vpc_peering_connection(**params)["VpcPeeringConnection"]
    ec2[accepter["region"]].accept_vpc_peering_connection(VpcPeeringConnectionId=pcx["VpcPeeringConnectionId"])
    if accepter["region"] != requester["region"]:  # AWS keeps the accepter's copy's tags apart
        ec2[accepter["region"]].create_tags(Resources=[pcx["VpcPeeringConnectionId"]],
                                            Tags=[{"Key": "Name", "Value": name}])
    return pcx["VpcPeeringConnectionId"]


def _dns(ec2, pcx, region, requester=None, accepter=None):
    params = {"VpcPeeringConnectionId": pcx}
    if requester is not None:
        params["RequesterPeeringConnectionOptions"] = {"AllowDnsResolutionFromRemoteVpc": requester}
    if accepter is not None:
        params["AccepterPeeringConnectionOptions"] = {"AllowDnsResolutionFromRemoteVpc": accepter}
    ec2[region].modify_vpc_peering_connection_options(**params)


def _route(ec2, vpc, pcx, cidr, tables=None):
    for table in tables or [vpc["main_route_table_id"], *vpc["route_table_ids"]]:
        ec2[vpc["region"]].create_route(RouteTableId=table, DestinationCidrBlock=cidr, VpcPeeringConnectionId=pcx)


def build_hand_made(aws) -> dict:
    """The hand-made estate; returns its VPCs and the IDs the assertions name."""
    ec2 = {r: aws.client("ec2", r) for r in ("us-east-1", "us-west-2")}
    vpcs = {}
    for name, region, cidr in (("h-a", "us-east-1", "10.60.0.0/16"), ("h-b", "us-east-1", "10.61.0.0/16"),
                               ("h-c", "us-west-2", "10.62.0.0/16"), ("h-d", "us-east-1", "10.63.0.0/16")):
        vpcs[name] = aws.make_vpc(region, cidr, subnets=2, route_tables=2, tags={"Name": name})
        ec2[region].modify_vpc_attribute(VpcId=vpcs[name]["vpc_id"], EnableDnsHostnames={"Value": True})
    a, b, c, d = (vpcs[n] for n in ("h-a", "h-b", "h-c", "h-d"))
    ab = _peer(ec2, a, b, "h-a-to-h-b")
    bc = _peer(ec2, b, c, "h-b-to-h-c", region="us-west-2")
    ad = _peer(ec2, a, d, "h-a-to-h-d")
    bd = _peer(ec2, b, d, "h-b-to-h-d")
    _dns(ec2, ab, "us-east-1", requester=True, accepter=True)
    _dns(ec2, bc, "us-east-1", requester=True)
    _dns(ec2, bc, "us-west-2", accepter=True)
    _dns(ec2, bd, "us-east-1", requester=True)  # the accepter's side stays off
    for (x, y, pcx) in ((a, b, ab), (b, c, bc), (a, d, ad)):
        _route(ec2, x, pcx, y["cidr"])
    _route(ec2, b, ab, a["cidr"])
    _route(ec2, c, bc, b["cidr"])
    _route(ec2, d, ad, a["cidr"], tables=[d["route_table_ids"][0]])  # only one of h-d's route tables
    _route(ec2, b, ab, "10.60.5.0/24", tables=[b["route_table_ids"][1]])  # narrower than h-a's block
    # A Resolver outbound endpoint in h-a and a forwarding rule of someone else's (no vpcmesh:mesh tag).
    group = ec2["us-east-1"].create_security_group(GroupName="corp-dns", Description="corp dns",
                                                   VpcId=a["vpc_id"])["GroupId"]
    resolver = aws.client("route53resolver", "us-east-1")
    outbound = resolver.create_resolver_endpoint(
        CreatorRequestId="corp-outbound", Name="corp-outbound", SecurityGroupIds=[group], Direction="OUTBOUND",
        IpAddresses=[{"SubnetId": s} for s in a["subnet_ids"]])["ResolverEndpoint"]["Id"]
    rule = resolver.create_resolver_rule(
        CreatorRequestId="corp-rule", Name="corp", RuleType="FORWARD", DomainName="corp.example.com",
        TargetIps=[{"Ip": "192.168.0.2", "Port": 53}], ResolverEndpointId=outbound)["ResolverRule"]["Id"]
    resolver.associate_resolver_rule(ResolverRuleId=rule, VPCId=a["vpc_id"], Name="corp")
    aws.reset_calls()
    return {"vpcs": vpcs, "pcx": {"ab": ab, "bc": bc, "ad": ad, "bd": bd}, "rule": rule}


def discover(aws, tmp_path):
    out = tmp_path / "discovered.yml"
    run = aws.run(PLAYBOOKS / "discover.yml", extravars={"vpcmesh_discover_regions": REGIONS,
                                                         "vpcmesh_discover_accounts": ACCOUNTS,
                                                         "vpcmesh_discover_output": str(out)})
    run.assert_ok()
    return run, out, yaml.safe_load(out.read_text())


HALVES = [("guide2", "guide4"), ("guide1", "guide3", "guide5")]


@pytest.mark.parametrize("names", HALVES, ids="+".join)
def test_site_check_over_the_discovered_inventory_plans_nothing(aws, tmp_path, names):
    for guide in names:
        guides.seed(aws, guide)
    aws.run(PLAYBOOKS / "site.yml", inventory=inventory_of(names, tmp_path)).assert_ok()
    hand = build_hand_made(aws) if "guide1" in names else None

    aws.reset_calls()
    run, path, found = discover(aws, tmp_path)
    assert aws.writes() == [], [str(c) for c in aws.writes()]  # discovery never writes
    estate = found["vpcmesh_vpcs"]["vars"]
    left = estate.get("vpcmesh_left_as_found", [])

    checked = aws.run(PLAYBOOKS / "site.yml", inventory=str(path), check=True, diff=True)
    checked.assert_ok()
    assert not checked.changed_tasks(), [(t["host"], t["name"]) for t in checked.changed_tasks()]
    assert not planned_writes(checked), planned_writes(checked)
    assert aws.writes() == [], [str(c) for c in aws.writes()]

    peerings = estate.get("vpcmesh_peerings", [])
    hosts = {h for group in found["vpcmesh_vpcs"]["children"].values() for h in group["hosts"]}
    assert {v["name"] for g in names for v in guides.vpcs_of(g)} <= hosts
    if "guide4" in names:
        assert {"chain": ["guide4-main", "guide4-shared-data", "guide4-data-team"]} in peerings, peerings
        groups = found["vpcmesh_vpcs"]["children"]
        assert groups[f"account_{OTHER}"]["vars"]["vpcmesh_role_arn"] == ACCOUNTS[1]["credentials"]["role_arn"]
        assert groups[f"account_{OTHER}"]["hosts"]["guide4-data-team"]["vpcmesh_route_tables"] == {"tier": "private"}
    if "guide2" in names:  # the PrivateLink chain as inventories/guides/guide2.yml has it
        assert estate["vpcmesh_privatelinks"] == [{
            "name": "guide2-outpost", "provider": "guide2-provider", "outpost": "guide2-outpost",
            "consumer": "guide2-consumer", "targets": ["10.10.1.10", "10.10.1.11"], "port": 80,
            "subnets": {"outpost": {"tier": "private"}}}], estate.get("vpcmesh_privatelinks")
        assert not [item for item in left if item["kind"] in ("endpoint service", "vpc endpoint")], left
    if "guide3" in names:
        assert {"full_mesh": ["guide3-use1", "guide3-use2", "guide3-usw2"]} in peerings, peerings
        assert {"name": "guide3", "topology": "full_mesh",
                "nodes": ["guide3-use1", "guide3-use2", "guide3-usw2"]} in estate["vpcmesh_resolver_meshes"]
    if "guide1" in names:
        assert {"pair": ["guide1-use1", "guide1-euw1"]} in peerings, peerings
        [zone] = [z for z in estate["vpcmesh_zones"] if z["name"] == "internal"]
        assert sorted(zone["vpcs"]) == ["guide1-euw1", "guide1-use1"]
        assert zone["records"] == [{"name": "api", "type": "CNAME",
                                    "value": "ip-172-30-0-224.eu-west-1.compute.internal", "ttl": 300}]
        assert_hand_made(found, estate, peerings, left, hand)
    if "guide5" in names:
        assert {"pair": ["guide5-a", "guide5-b"]} in peerings, peerings
        assert {"name": "guide5-a to guide5-b 10.51.1.10:443", "from": "guide5-a",
                "to": {"vpc": "guide5-b", "ip": "10.51.1.10"}, "port": 443} in estate["vpcmesh_flows"]


def assert_hand_made(found, estate, peerings, left, hand):
    pcx, vpcs = hand["pcx"], hand["vpcs"]
    assert {"chain": ["h-a", "h-b", "h-c"]} in peerings, peerings  # the half-mesh
    # h-a -> h-d without DNS, routed in one of h-d's tables: that table is h-d's selection
    hd = found["vpcmesh_vpcs"]["children"][f"account_{DEFAULT_ACCOUNT}"]["hosts"]["h-d"]
    assert hd["vpcmesh_route_tables"] == [vpcs["h-d"]["route_table_ids"][0]], hd
    assert {"pair": ["h-a", "h-d"], "dns_resolution": False} in peerings, peerings
    by_id = {}
    for item in left:
        by_id.setdefault(item.get("peering_id") or item.get("rule_id"), []).append(item)
    assert [i["kind"] for i in by_id[pcx["bd"]]] == ["peering"]
    assert "on the requester's side and off on the accepter's" in by_id[pcx["bd"]][0]["reason"]
    [narrow] = [i for i in by_id[pcx["ab"]] if i["kind"] == "route"]
    assert narrow["what"] == f"route 10.60.5.0/24 over {pcx['ab']} in {vpcs['h-b']['route_table_ids'][1]}"
    assert narrow["reason"].startswith("narrower than the peer VPC's block")
    [foreign] = by_id[hand["rule"]]
    assert foreign["kind"] == "resolver rule" and "corp.example.com" in foreign["what"]
    assert not any(p for p in peerings if "h-b" in str(p) and "h-d" in str(p))
