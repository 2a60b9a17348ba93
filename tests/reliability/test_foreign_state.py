"""Foreign state (issue 9, suite 6): what the collection does not own is byte-for-byte unchanged.

Two VPCs (us-east-1, eu-west-1) are seeded with random (seeded) foreign things: routes to other networks
through an internet gateway and through another peering, other private zones with records (one associated
with both VPCs), records in the zone the collection associates, and other forwarding rules associated with
both VPCs. Then one playbook converges (peering, routes, DNS options, zone association, Resolver mesh, every
purge option on), purges (narrower inputs, purge on) and tears down (state=absent), and after each step the
foreign things, read raw from the emulator, must equal what they were after seeding.
"""

from __future__ import annotations

import ipaddress
import json
import random

import pytest

REGIONS = {"a": "us-east-1", "b": "eu-west-1"}
SEED = 6
MESH = "fs"


def _gateway(ec2, vpc_id):
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc_id)
    return gateway


def _endpoints(aws, vpc):
    resolver, ec2 = aws.client("route53resolver", vpc["region"]), aws.client("ec2", vpc["region"])
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    return {direction: resolver.create_resolver_endpoint(
        CreatorRequestId=f"fs-{vpc['region']}-{direction}", Name=f"fs-{vpc['region']}-{direction}",
        SecurityGroupIds=[group], Direction=direction.upper(),
        IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]])["ResolverEndpoint"]["Id"]
        for direction in ("inbound", "outbound")}


def seed(aws) -> dict:
    rng = random.Random(SEED)
    vpcs = {"a": aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2, route_tables=2),
            "b": aws.make_vpc("eu-west-1", "172.30.0.0/16", subnets=2, route_tables=1)}
    other = aws.make_vpc("us-east-1", "192.168.0.0/16")
    ec2 = {k: aws.client("ec2", v["region"]) for k, v in vpcs.items()}
    foreign_pcx = ec2["a"].create_vpc_peering_connection(VpcId=vpcs["a"]["vpc_id"], PeerVpcId=other["vpc_id"])
    foreign_pcx = foreign_pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2["a"].accept_vpc_peering_connection(VpcPeeringConnectionId=foreign_pcx)
    carrier = list(ipaddress.ip_network("100.64.0.0/10").subnets(new_prefix=24))
    for key, vpc in vpcs.items():
        gateway = _gateway(ec2[key], vpc["vpc_id"])
        for table in [vpc["main_route_table_id"], *vpc["route_table_ids"]]:
            for destination in rng.sample(carrier, rng.randint(2, 4)):
                ec2[key].create_route(RouteTableId=table, DestinationCidrBlock=str(destination), GatewayId=gateway)
            if key == "a":
                ec2[key].create_route(RouteTableId=table, VpcPeeringConnectionId=foreign_pcx,
                                      DestinationCidrBlock=f"192.168.{rng.randint(0, 255)}.0/24")
    route53 = aws.client("route53")
    zones = {}
    for name, vpc in (("corp.internal", vpcs["a"]), ("other.internal", vpcs["a"]), ("team.internal", vpcs["b"])):
        zones[name] = route53.create_hosted_zone(
            Name=name, CallerReference=name, HostedZoneConfig={"PrivateZone": True},
            VPC={"VPCRegion": vpc["region"], "VPCId": vpc["vpc_id"]})["HostedZone"]["Id"].split("/")[-1]
        route53.change_resource_record_sets(HostedZoneId=zones[name], ChangeBatch={"Changes": [
            {"Action": "CREATE", "ResourceRecordSet": {
                "Name": f"host{i}.{name}", "Type": "A", "TTL": 60,
                "ResourceRecords": [{"Value": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{i + 1}"}]}}
            for i in range(rng.randint(1, 3))]})
    route53.associate_vpc_with_hosted_zone(HostedZoneId=zones["other.internal"],
                                           VPC={"VPCRegion": "eu-west-1", "VPCId": vpcs["b"]["vpc_id"]})
    nodes, rules = {}, []
    for key, vpc in vpcs.items():
        nodes[key] = _endpoints(aws, vpc)
        resolver = aws.client("route53resolver", vpc["region"])
        for i in range(rng.randint(1, 3)):
            rule = resolver.create_resolver_rule(
                CreatorRequestId=f"foreign-{key}-{i}", Name=f"foreign-{key}-{i}", RuleType="FORWARD",
                DomainName=f"svc{rng.randint(0, 999)}.partner{i}.example", ResolverEndpointId=nodes[key]["outbound"],
                TargetIps=[{"Ip": f"10.99.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "Port": 53}])["ResolverRule"]
            resolver.associate_resolver_rule(ResolverRuleId=rule["Id"], VPCId=vpc["vpc_id"], Name=f"foreign-{key}-{i}")
            rules.append((vpc["region"], rule["Id"]))
    aws.reset_calls()
    return dict(vpcs=vpcs, zones=zones, nodes=nodes, rules=rules, foreign_pcx=foreign_pcx)


def foreign(aws, estate: dict, our_pcx: str | None) -> str:
    """Everything seeded that the collection does not own, read raw, as one JSON text."""
    out = {}
    for key, vpc in estate["vpcs"].items():
        tables = aws.client("ec2", vpc["region"]).describe_route_tables(
            Filters=[{"Name": "vpc-id", "Values": [vpc["vpc_id"]]}])["RouteTables"]
        for table in tables:
            table["Routes"] = [r for r in table["Routes"] if not our_pcx or r.get("VpcPeeringConnectionId") != our_pcx]
        out[f"route_tables/{key}"] = tables
    out["foreign_peering"] = aws.client("ec2", "us-east-1").describe_vpc_peering_connections(
        VpcPeeringConnectionIds=[estate["foreign_pcx"]])["VpcPeeringConnections"]
    route53 = aws.client("route53")
    for name, zone_id in estate["zones"].items():
        out[f"records/{name}"] = route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
        if name != "corp.internal":  # the zone the collection associates: only its records are foreign
            out[f"zone/{name}"] = route53.get_hosted_zone(Id=zone_id)
    for region, rule_id in estate["rules"]:
        resolver = aws.client("route53resolver", region)
        out[f"rule/{rule_id}"] = resolver.get_resolver_rule(ResolverRuleId=rule_id)["ResolverRule"]
        out[f"rule_associations/{rule_id}"] = resolver.list_resolver_rule_associations(
            Filters=[{"Name": "ResolverRuleId", "Values": [rule_id]}])["ResolverRuleAssociations"]
    for value in out.values():
        if isinstance(value, dict):
            value.pop("ResponseMetadata", None)
    return json.dumps(out, sort_keys=True, default=str, indent=1)


def node(estate, key, **over):
    vpc, ends = estate["vpcs"][key], estate["nodes"][key]
    return dict(dict(name=key, region=vpc["region"], vpc_ids=[vpc["vpc_id"]], inbound_endpoint_id=ends["inbound"],
                     outbound_endpoint_id=ends["outbound"]), **over)


def steps(estate: dict) -> dict:
    """The three plays: converge, purge, teardown; each registers `pcx` (the peering) first."""
    a, b = estate["vpcs"]["a"], estate["vpcs"]["b"]
    pair = dict(region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="eu-west-1")
    vpcs = [dict(vpc_id=v["vpc_id"], region=v["region"]) for v in (a, b)]

    def task(title, module, **args):
        return dict(name=title, **{f"vpcmesh.aws.{module}": args})

    peering = dict(task("peering", "cross_region_peering", **pair), register="pcx")
    pcx = "{{ pcx.peering_id }}"
    converge = [
        peering,
        task("routes", "peer_routes", region="us-east-1", peering_id=pcx, purge=True),
        task("dns", "peering_dns_options", region="us-east-1", peering_id=pcx, requester_dns_resolution=True,
             accepter_dns_resolution=True, enable_vpc_dns=True),
        task("zone", "phz_association", zone="corp.internal", vpcs=vpcs, purge=True, enable_vpc_dns=True),
        task("mesh", "resolver_forward_mesh", name=MESH, purge=True, nodes=[node(estate, "a"), node(estate, "b")]),
    ]
    purge = [
        peering,
        task("routes", "peer_routes", region="us-east-1", peering_id=pcx, purge=True, requester_route_tables="main",
             accepter_route_tables="main"),
        task("zone", "phz_association", zone="corp.internal", vpcs=vpcs[:1], purge=True),
        task("mesh", "resolver_forward_mesh", name=MESH, purge=True,
             nodes=[node(estate, "a"), node(estate, "b", domains=["{name}.mesh.internal"])]),
    ]
    teardown = [
        peering,
        task("mesh", "resolver_forward_mesh", name=MESH, state="absent", nodes=[node(estate, "a"), node(estate, "b")]),
        task("routes", "peer_routes", region="us-east-1", peering_id=pcx, state="absent"),
        task("peering gone", "cross_region_peering", **pair, state="absent"),
    ]
    return {"converge": converge, "purge": purge, "teardown": teardown}


@pytest.fixture
def estate(aws):
    return seed(aws)


def test_foreign_routes_zones_and_rules_survive_converge_purge_and_teardown(aws, estate):
    before = foreign(aws, estate, None)
    plays = steps(estate)
    our_pcx = None
    for step in ("converge", "purge", "teardown"):
        result = aws.run([dict(hosts="localhost", gather_facts=False, tasks=plays[step])])
        assert result.rc == 0, f"{step}: {result}"
        assert result.changed_tasks(), f"{step} changed nothing: the test lost its point"
        our_pcx = our_pcx or result.task("peering")["peering_id"]
        assert foreign(aws, estate, our_pcx) == before, f"{step} changed something the collection does not own"
    ours = aws.client("route53resolver", "us-east-1").list_resolver_rules()["ResolverRules"]
    assert [r["Id"] for r in ours if r.get("Name", "").startswith(MESH)] == [], "teardown left mesh rules"
