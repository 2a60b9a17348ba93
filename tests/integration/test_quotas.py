"""Quotas before writes (issue 18): a plan that would pass an AWS quota is refused with one message, before any
write and in check mode too; a plan that just fits runs; a quota Service Quotas will not tell is checked against
AWS's default, with a warning. The emulator enforces the defaults (tests/emulator/extensions/quota_*.py)."""

from __future__ import annotations

import json

import pytest

ROUTES, PEERINGS, ZONE_VPCS = "L-93826ACB", "L-7E9ECCDB", "MAX_VPCS_ASSOCIATED_BY_ZONE"


def module(aws, name, check=False, **args):
    result = aws.run_module(name, args, check=check, name=name)
    return result, result.task(name)


def writes(aws):
    return [(c.service, c.action, c.region) for c in aws.writes()]


def peered(aws, a, b):
    """An active connection a -> b made directly; setup calls forgotten."""
    ec2 = aws.client("ec2", a["region"])
    pcx = ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion=b["region"])[
        "VpcPeeringConnection"]["VpcPeeringConnectionId"]
    aws.client("ec2", b["region"]).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    aws.reset_calls()
    return pcx


def fill_table(aws, vpc, routes):
    """`routes` more IPv4 routes (to an internet gateway) in the VPC's main route table, besides its local route."""
    ec2 = aws.client("ec2", vpc["region"])
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc["vpc_id"])
    for n in range(routes):
        ec2.create_route(RouteTableId=vpc["main_route_table_id"], DestinationCidrBlock=f"192.168.{n}.0/24",
                         GatewayId=igw)
    aws.reset_calls()


def deny_service_quotas(call, _request):
    """Service Quotas answers AccessDenied, as to a caller without servicequotas:GetServiceQuota."""
    if call.service != "servicequotas":
        return None
    body = json.dumps({"__type": "AccessDeniedException",
                       "message": "User is not authorized to perform servicequotas:GetServiceQuota"}).encode()
    return 400, {"Content-Type": "application/x-amz-json-1.1", "X-Amzn-ErrorType": "AccessDeniedException"}, body


@pytest.fixture
def pair(aws):
    """Two VPCs of one account, one route table each (the main one), peered and active."""
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "10.1.0.0/16")
    return a, b, peered(aws, a, b)


# -- routes per route table ------------------------------------------------------------------------------
def test_routes_past_the_route_table_quota_are_refused_before_any_write_in_check_mode_too(aws, pair):
    a, _b, pcx = pair
    fill_table(aws, a, 49)  # 50 with the local route
    for check in (True, False):
        result, out = module(aws, "peer_routes", check=check, region="us-east-1", peering_id=pcx)
        assert result.rc != 0
        assert writes(aws) == []
        message = out["msg"]
        assert message.count("would reach") == 1, message
        for part in (f"route table {a['main_route_table_id']}", "IPv4 routes would reach 51", "(50 now + 1 planned)",
                     "'Routes per route table'", f"vpc {ROUTES}", "of 50 (the value applied to the account)",
                     "up to 1000"):
            assert part in message, message
        assert out["quotas"][0]["quota_code"] == ROUTES
    assert any(c.service == "servicequotas" and c.action.endswith("GetServiceQuota") for c in aws.calls)


def test_routes_that_just_fit_the_quota_are_added(aws, pair):
    a, b, pcx = pair
    fill_table(aws, a, 48)
    result, out = module(aws, "peer_routes", region="us-east-1", peering_id=pcx)
    assert result.rc == 0, result.explain()
    assert out["changed"] is True
    assert sorted(writes(aws)) == [("ec2", "CreateRoute", "eu-west-1"), ("ec2", "CreateRoute", "us-east-1")]
    assert b["vpc_id"]  # the accepter's table had room as well


def test_a_quota_given_in_the_option_is_used_without_reading_it(aws, pair):
    a, _b, pcx = pair
    fill_table(aws, a, 49)
    result, out = module(aws, "peer_routes", region="us-east-1", peering_id=pcx, quotas={ROUTES: 100})
    assert result.rc != 0  # the emulator enforces AWS's default: the module's plan fits the value it was given
    assert "RouteLimitExceeded" in out["msg"]
    assert not any(c.service == "servicequotas" for c in aws.calls)

    aws.reset_calls()
    result, out = module(aws, "peer_routes", region="us-east-1", peering_id=pcx, quotas={ROUTES: 50},
                         read_quotas=False)
    assert result.rc != 0 and "of 50 (as given in the option quotas)" in out["msg"], out["msg"]
    assert aws.writes() == []


def test_an_unreadable_quota_falls_back_to_the_aws_default_and_says_so_once(aws, pair):
    a, _b, pcx = pair
    fill_table(aws, a, 49)
    aws.interceptors.append(deny_service_quotas)
    result, out = module(aws, "peer_routes", region="us-east-1", peering_id=pcx)
    assert result.rc != 0
    assert aws.writes() == []
    assert "of 50 (AWS's default)" in out["msg"], out["msg"]
    warned = [w for w in out.get("warnings", []) if ROUTES in w]
    assert len(warned) == 2, warned  # once per region (each side's table is in its own region)
    assert {"us-east-1", "eu-west-1"} == {r for w in warned for r in ("us-east-1", "eu-west-1") if f"in {r} " in w}
    assert all("AccessDeniedException" in w and "servicequotas:GetServiceQuota" in w for w in warned)

    aws.reset_calls()
    fine = aws.make_vpc("us-east-1", "10.2.0.0/16")
    other = aws.make_vpc("us-east-1", "10.3.0.0/16")
    result, out = module(aws, "peer_routes", region="us-east-1", peering_id=peered(aws, fine, other))
    assert result.rc == 0, result.explain()  # a quota it cannot read never fails a plan that fits the default
    assert [w for w in out.get("warnings", []) if ROUTES in w]


# -- active peering connections per VPC, list form -------------------------------------------------------
def hub_with_peerings(aws, count):
    """A hub VPC with `count` active connections to VPCs of its own (10.100+.x), and three free VPCs to peer it
    with; setup calls forgotten."""
    ec2 = aws.client("ec2")
    hub = aws.make_vpc("us-east-1", "10.0.0.0/16")
    for n in range(count):
        spoke = ec2.create_vpc(CidrBlock=f"10.{100 + n}.0.0/16")["Vpc"]["VpcId"]
        pcx = ec2.create_vpc_peering_connection(VpcId=hub["vpc_id"], PeerVpcId=spoke)["VpcPeeringConnection"][
            "VpcPeeringConnectionId"]
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    free = [aws.make_vpc("us-east-1", f"10.{n}.0.0/16") for n in (1, 2, 3)]
    aws.reset_calls()
    return hub, free


def test_a_list_whose_items_together_pass_the_per_vpc_peering_quota_writes_nothing(aws):
    hub, free = hub_with_peerings(aws, 48)  # each item alone fits (49, 50); together they reach 51
    items = [dict(vpc_id=hub["vpc_id"], peer_vpc_id=v["vpc_id"]) for v in free]
    for check in (True, False):
        result, out = module(aws, "cross_region_peering", check=check, region="us-east-1", peerings=items)
        assert result.rc != 0
        assert aws.writes() == [], [str(c) for c in aws.writes()]
        message = out["msg"]
        for part in (f"VPC {hub['vpc_id']} (us-east-1, account 123456789012), its active and pending peering "
                     "connections would reach 51 (48 now + 3 planned)", "'Active VPC peering connections per VPC'",
                     f"vpc {PEERINGS}", "of 50", "up to 125"):
            assert part in message, message
        assert message.count("would reach") == 1, message


def test_a_list_that_just_fits_the_per_vpc_peering_quota_is_made(aws):
    hub, free = hub_with_peerings(aws, 48)
    items = [dict(vpc_id=hub["vpc_id"], peer_vpc_id=v["vpc_id"]) for v in free[:2]]
    result, out = module(aws, "cross_region_peering", region="us-east-1", peerings=items)
    assert result.rc == 0, result.explain()
    assert [r["peering_connection"]["status"] for r in out["results"]] == ["active", "active"]
    assert not [w for w in out.get("warnings", []) if "quota" in w]


# -- VPCs of a private hosted zone ------------------------------------------------------------------------
def zone_with_vpcs(aws, vpc, count):
    """A private zone created on `vpc`, with `count` more (made-up) VPC IDs associated (moto does not check them)."""
    r53 = aws.client("route53")
    zone = r53.create_hosted_zone(Name="corp.example", CallerReference="quota", HostedZoneConfig={"PrivateZone": True},
                                  VPC={"VPCId": vpc["vpc_id"], "VPCRegion": vpc["region"]})["HostedZone"]["Id"]
    zone = zone.split("/")[-1]
    for n in range(count):
        r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCId": f"vpc-{n + 1:017x}",
                                                                   "VPCRegion": "us-east-1"})
    aws.reset_calls()
    return zone


def test_associations_past_the_zone_limit_are_refused_before_any_write(aws):
    first = aws.make_vpc("us-east-1", "10.0.0.0/16")
    zone = zone_with_vpcs(aws, first, 298)  # 299 VPCs
    new = [aws.make_vpc("eu-west-1", f"10.{n}.0.0/16") for n in (1, 2)]
    vpcs = [dict(vpc_id=v["vpc_id"], region=v["region"]) for v in new]
    for check in (True, False):
        result, out = module(aws, "phz_association", check=check, hosted_zone_id=zone, vpcs=vpcs, enable_vpc_dns=True)
        assert result.rc != 0
        assert aws.writes() == []
        for part in (f"private hosted zone {zone} (corp.example., account 123456789012), its associated VPCs would "
                     "reach 301 (299 now + 2 planned)", "route53 MAX_VPCS_ASSOCIATED_BY_ZONE", "of 300 (the value "
                     "applied to the account)", "support case"):
            assert part in out["msg"], out["msg"]
    assert any(c.action.startswith("GET /2013-04-01/hostedzonelimit") or c.action == "GetHostedZoneLimit"
               for c in aws.calls), [c.action for c in aws.calls]

    result, out = module(aws, "phz_association", hosted_zone_id=zone, vpcs=vpcs[:1], enable_vpc_dns=True)
    assert result.rc == 0, result.explain()  # 300: just fits
    assert [w for w in writes(aws) if w[1] == "AssociateVPCWithHostedZone" or "associatevpc" in w[1]]
