"""Flows: validation, which VPCs to read, and the result of one flow (DNS, every source subnet, expectations)."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_flows import (
    FlowError, check_flow, parse_port_range, validate_flows, wanted)

from test_verify_dns import BUCKET, guide3
from test_verify_path import HOST, data_chain, guide1, unroute
from test_verify_world import ME, OTHER, World, tcp


def flow(source, destination, **extra):
    return dict(dict(name=None, port=80, protocol="tcp", expect="reachable"), source=source,
                destination=destination, **extra)


def one(snapshot, source, destination, **extra):
    [valid] = validate_flows([flow(source, destination, **extra)], "us-east-1")
    return check_flow(snapshot, valid)


class TestValidation:
    def test_every_problem_is_listed_with_the_flow_it_belongs_to(self):
        with pytest.raises(FlowError) as caught:
            validate_flows([
                flow(dict(vpc_id="vpc-0a1", subnet_ids=["sub-1"], private_ip="10.0.0.1"), dict(ip="10.0.0.300")),
                flow(dict(vpc_id="vpc-0a1"), dict(name="api.internal", ip="10.0.0.1"), name="both"),
                flow(dict(vpc_id="vpc-0a1"), dict(name="bad name!")),
                flow(dict(vpc_id="vpc-0a1"), dict(ip="10.0.0.1"), port=70000),
            ], "us-east-1")
        message = str(caught.value)
        assert "flows[0]: source.subnet_ids has 'sub-1', which is not a subnet ID" in message
        assert "flows[0]: give source.private_ip or source.subnet_ids, not both" in message
        assert "flows[0]: destination.ip '10.0.0.300' is not an IPv4 address" in message
        assert ("flows[1] (both): give exactly one of destination.name (a DNS name), destination.ip or "
                "destination.vpc_endpoint (an interface endpoint)") in message
        assert "flows[2]: destination.name 'bad name!' is not a DNS name" in message
        assert "flows[3]: port 70000 is outside 0-65535" in message

    def test_regions_default_to_the_modules_and_names_are_normalized(self):
        [valid] = validate_flows([flow(dict(vpc_id="vpc-0a1"), dict(name="API.Internal."))], "eu-west-1")
        assert valid["source"]["region"] == valid["destination"]["region"] == "eu-west-1"
        assert valid["destination"]["name"] == "api.internal" and valid["label"] == "flows[0]"

    def test_a_region_is_required_somewhere(self):
        with pytest.raises(FlowError, match=r"source.region is required"):
            validate_flows([flow(dict(vpc_id="vpc-0a1"), dict(ip="10.0.0.1"))], None)

    def test_an_empty_list_is_refused(self):
        with pytest.raises(FlowError, match="flows is empty"):
            validate_flows([], "us-east-1")

    def test_ephemeral_port_range(self):
        assert parse_port_range("1024-65535") == (1024, 65535)
        for bad in ("65535-1024", "1024", "0-70000", "a-b"):
            with pytest.raises(FlowError, match="is not a port range"):
                parse_port_range(bad)


class TestWhatToRead:
    def test_peers_of_the_source_are_wanted_but_not_peers_of_peers(self):
        world, main, shared, team = data_chain()[:4]
        assert wanted(world.snap, {(ME, "us-east-1", main["id"])}) == {
            (ME, "us-east-1", main["id"]), (ME, "us-east-1", shared["id"])}
        assert (OTHER, "eu-west-1", team["id"]) in wanted(world.snap, {(ME, "us-east-1", shared["id"])})

    def test_resolver_rules_lead_to_the_outbound_vpc_its_peers_and_the_inbound_vpc(self):
        world, use1, use2, rule, inbound, vpce = guide3()
        hub = world.vpc("hub", "us-east-1", "10.33.0.0/16", ["10.33.1.0/24"])
        far = world.vpc("far", "us-west-2", "10.34.0.0/16", ["10.34.1.0/24"])
        world.connect(hub, far)
        outbound = world.resolver_endpoint("OUTBOUND", hub, ["10.33.1.10", "10.33.1.11"])
        far_in = world.resolver_endpoint("INBOUND", far, ["10.34.1.10", "10.34.1.11"])
        world.rule("us-west-2.amazonaws.com", outbound, ["10.34.1.10"], [use1])
        found = wanted(world.snap, {(ME, "us-east-1", use1["id"])})
        assert {v[2] for v in found} == {use1["id"], use2["id"], hub["id"], far["id"]}
        assert world.snap.resolver_endpoints[far_in]["vpc_id"] == far["id"]


class TestCheckFlow:
    def test_every_subnet_of_the_source_is_checked_and_the_first_failure_explains(self):
        world, a, b, pcx = guide1()
        source = dict(vpc_id=a["id"])
        assert one(world.snap, source, dict(ip=HOST))["reachable"] is True
        unroute(world, a["tables"][2], b["cidr"])
        result = one(world.snap, source, dict(ip=HOST))
        assert result["reachable"] is False and result["as_expected"] is False
        assert result["blocked_by"]["resource"] == a["tables"][2]
        assert [p["reachable"] for p in result["paths"]] == [True, False]
        assert result["hops"][-1]["ok"] is False and result["reason"] == result["hops"][-1]["detail"]
        assert one(world.snap, dict(vpc_id=a["id"], subnet_ids=[a["subnets"][0]]), dict(ip=HOST))["reachable"] is True

    def test_name_is_resolved_first_and_its_chain_returned(self):
        world, use1, use2, rule, inbound, vpce = guide3()
        result = one(world.snap, dict(vpc_id=use1["id"]), dict(name=BUCKET), port=443)
        assert result["reachable"] is True, result["reason"]
        assert [s["type"] for s in result["resolves"]] == ["FORWARD", "A"]
        assert result["addresses"] == ["10.31.1.20", "10.31.2.20"] and len(result["paths"]) == 4

    def test_an_interface_endpoint_by_name_tag_id_or_service_is_checked_by_its_dns_name(self):
        world, use1, use2, rule, inbound, vpce = guide3()
        service = "com.amazonaws.vpce.us-east-2.vpce-svc-0abc"
        mine = world.interface_endpoint(use2, service, ["10.31.1.30", "10.31.2.30"], private_dns=False, name="outpost",
                                        dns_names=[f"vpce-0def-1.{service[20:]}.us-east-2.vpce.amazonaws.com"])
        for wanted in ("outpost", mine, service):
            result = one(world.snap, dict(vpc_id=use2["id"]), dict(vpc_endpoint=wanted), port=443)
            assert result["reachable"] is True, result["reason"]
            assert result["addresses"] == ["10.31.1.30", "10.31.2.30"]
            assert result["destination"]["dns_name"] == f"vpce-0def-1.{service[20:]}.us-east-2.vpce.amazonaws.com"
        # S3's only names are wildcards: a name below one is resolved
        result = one(world.snap, dict(vpc_id=use2["id"]), dict(vpc_endpoint=vpce), port=443)
        assert result["destination"]["dns_name"] == "probe.vpce-0abc-12345678.s3.us-east-2.vpce.amazonaws.com"
        assert result["addresses"] == ["10.31.1.20", "10.31.2.20"]

    def test_an_interface_endpoint_missing_or_ambiguous_makes_the_flow_unreachable_saying_why(self):
        world, use1, use2, rule, inbound, vpce = guide3()
        result = one(world.snap, dict(vpc_id=use1["id"]), dict(vpc_endpoint="outpost"), port=443)
        assert result["reachable"] is False and result["paths"] == []
        assert "has no interface endpoint with ID, Name tag or service 'outpost'" in result["reason"]
        for number in (1, 2):
            world.interface_endpoint(use1, f"com.amazonaws.vpce.us-east-1.vpce-svc-{number}", [f"10.30.1.4{number}"],
                                     name="twice", dns_names=[f"vpce-{number}.vpce-svc-{number}.us-east-1.vpce.amazonaws.com"])
        result = one(world.snap, dict(vpc_id=use1["id"]), dict(vpc_endpoint="twice"), port=443, expect="unreachable")
        assert result["as_expected"] is True and "2 interface endpoints matching 'twice'" in result["reason"]

    def test_a_name_that_does_not_resolve_stops_before_any_path(self):
        world, use1, use2, rule, inbound, vpce = guide3()
        result = one(world.snap, dict(vpc_id=use1["id"]), dict(name="nothing.corp"), port=443)
        assert result["reachable"] is False and result["paths"] == [] and result["blocked_by"]["check"] == "dns-name"

    def test_negative_case_is_as_expected_when_blocked(self):
        world, main, shared, team = data_chain()[:4]
        result = one(world.snap, dict(vpc_id=main["id"]), dict(ip="10.0.1.10"), port=5432, expect="unreachable")
        assert result["reachable"] is False and result["as_expected"] is True
        result = one(world.snap, dict(vpc_id=team["id"]), dict(ip="10.41.1.50"), port=5432, expect="unreachable")
        assert result["reachable"] is True and result["as_expected"] is False

    def test_address_reached_in_another_vpc_than_the_destination_vpc_fails(self):
        world, a, b, pcx = guide1()
        result = one(world.snap, dict(vpc_id=a["id"]), dict(ip=HOST, vpc_id=a["id"]))
        assert result["blocked_by"]["check"] == "destination"
        assert f"not in the destination VPC {a['id']}" in result["reason"]

    def test_unknown_source_address_or_foreign_subnet_is_a_source_failure(self):
        world, a, b, pcx = guide1()
        result = one(world.snap, dict(vpc_id=a["id"], private_ip="10.0.0.99"), dict(ip=HOST))
        assert result["blocked_by"] == dict(check="source", resource=a["id"], region="us-east-1", ok=False,
                                            detail=f"no network interface in {world.snap.label(a['id'])} has the "
                                                   "address 10.0.0.99")
        result = one(world.snap, dict(vpc_id=a["id"], subnet_ids=[b["subnets"][0]]), dict(ip=HOST))
        assert result["blocked_by"]["check"] == "source" and "is not a subnet of" in result["reason"]

    def test_security_group_references_outside_the_vpc_are_listed(self):
        world = World()
        a = world.vpc("a", "us-east-1", "10.60.0.0/16", ["10.60.1.0/24"])
        b = world.vpc("b", "us-east-1", "10.61.0.0/16", ["10.61.1.0/24"], account=OTHER)
        world.connect(a, b)
        client_group = world.security_group(a["id"], name="clients")
        world.eni(a, "10.60.1.10", [client_group])
        server_group = world.security_group(b["id"], ingress=[tcp(443, group=client_group)])
        world.eni(b, "10.61.1.10", [server_group])
        result = one(world.snap, dict(vpc_id=a["id"], private_ip="10.60.1.10"), dict(ip="10.61.1.10"), port=443)
        assert result["reachable"] is True
        assert result["security_group_references"] == [dict(
            security_group=server_group, references=client_group, account=ME, vpc_id=a["id"], region="us-east-1",
            boundary="account", problem=None, direction="ingress")]
        assert result["source"] == dict(vpc_id=a["id"], private_ip="10.60.1.10", region="us-east-1")
