"""Behaviours an AWS network engineer expects (issue 17), each through one module run against the emulator:
gateway-associated route tables, finding the connection from two VPCs, an accept owed by another owner,
absent for zone associations, a wrong peer_region on an existing pair, an answer botocore cannot parse."""

from __future__ import annotations

OTHER = "222222222222"


def run(aws, module, **args):
    result = aws.run_module(module, args, ignore_errors=True)
    return result.task(module)


def peered(aws, accept=True, account=None):
    """Two VPCs of us-east-1 (the second of ``account``) and their connection, active unless ``accept`` is false."""
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", route_tables=1)
    b = aws.make_vpc("us-east-1", "10.1.0.0/16", account=account)
    ec2 = aws.client("ec2", "us-east-1")
    pcx = ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"],
                                            **(dict(PeerOwnerId=account) if account else {}))
    pcx_id = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    if accept:
        aws.client("ec2", "us-east-1", account).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
    return a, b, pcx_id


def edge_table(aws, vpc):
    """A route table of ``vpc`` associated with an internet gateway (an edge association)."""
    ec2 = aws.client("ec2", "us-east-1")
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc["vpc_id"])
    table = vpc["route_table_ids"][0]
    ec2.associate_route_table(RouteTableId=table, GatewayId=gateway)
    aws.reset_calls()
    return table, gateway


def routes_in(aws, table):
    [found] = aws.client("ec2", "us-east-1").describe_route_tables(RouteTableIds=[table])["RouteTables"]
    return [r for r in found["Routes"] if r.get("VpcPeeringConnectionId")]


def test_all_skips_a_gateway_associated_table_and_naming_it_is_refused_before_any_write(aws):
    a, _b, pcx = peered(aws)
    table, gateway = edge_table(aws, a)

    out = run(aws, "peer_routes", region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=_b["vpc_id"])
    assert not out.get("failed"), out
    assert out["peering_id"] == pcx  # found from the two VPCs, no peering_id given
    assert table not in out["sides"]["requester"]["route_tables"] and routes_in(aws, table) == []
    assert out["sides"]["requester"]["route_tables"], "the VPC's other (main) table still gets its route"

    aws.reset_calls()
    out = run(aws, "peer_routes", region="us-east-1", peering_id=pcx, requester_route_tables=[table])
    assert out["failed"] and table in out["msg"] and gateway in out["msg"] and "edge association" in out["msg"]
    assert aws.writes() == []


def test_an_accept_owed_by_another_owner_fails_at_once_with_the_hint(aws):
    _a, b, pcx = peered(aws, accept=False, account=OTHER)
    for module, extra in (("peer_routes", {}), ("peering_dns_options", dict(requester_dns_resolution=True))):
        out = run(aws, module, region="us-east-1", peering_id=pcx, wait_timeout=600, **extra)
        assert out["failed"] and "pending-acceptance" in out["msg"] and "after waiting" not in out["msg"], out
        [left] = out["left_to_other_owner"]
        assert left["side"] == "accepter" and left["account_id"] == OTHER and b["vpc_id"] in left["message"]
        reads = [c.action for c in aws.reads() if c.action == "DescribeVpcPeeringConnections"]
        assert len(reads) == 1, f"{module} polled: {reads}"
        aws.reset_calls()
    assert aws.writes() == []


def test_peering_dns_options_without_any_option_is_refused_before_any_call(aws):
    aws.reset_calls()
    out = run(aws, "peering_dns_options", region="us-east-1", peering_id="pcx-0123456789abcdef0")
    assert out["failed"] and "requester_dns_resolution" in out["msg"] and "accepter_dns_resolution" in out["msg"]
    assert aws.calls == []


def test_a_wrong_peer_region_or_owner_on_a_pair_that_has_a_connection_is_refused(aws):
    a, b, pcx = peered(aws)
    aws.reset_calls()
    out = run(aws, "cross_region_peering", region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
              peer_region="eu-west-1")
    assert out["failed"] and "peer_region is 'eu-west-1'" in out["msg"] and pcx in out["msg"]
    assert "give peer_region: us-east-1" in out["msg"]
    out = run(aws, "cross_region_peering", region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
              peer_owner_id=OTHER)
    assert out["failed"] and f"peer_owner_id is '{OTHER}'" in out["msg"]
    out = run(aws, "cross_region_peering", region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
              peer_owner_id="12345")
    assert out["failed"] and "peer_owner_id is '12345'" in out["msg"] and "account ID" in out["msg"]
    assert aws.writes() == []


def test_absent_removes_another_accounts_pending_authorization_without_account_id(aws):
    mine = aws.make_vpc("us-east-1", "10.0.0.0/16")
    theirs = aws.make_vpc("eu-west-1", "10.1.0.0/16", account=OTHER)
    r53 = aws.client("route53")
    zone = r53.create_hosted_zone(Name="internal", CallerReference="z", HostedZoneConfig={"PrivateZone": True},
                                  VPC={"VPCId": mine["vpc_id"], "VPCRegion": "us-east-1"})["HostedZone"]["Id"]
    zone = zone.split("/")[-1]
    r53.create_vpc_association_authorization(
        HostedZoneId=zone, VPC={"VPCId": theirs["vpc_id"], "VPCRegion": "eu-west-1"})
    aws.reset_calls()

    out = run(aws, "phz_association", hosted_zone_id=zone, state="absent",
              vpcs=[dict(vpc_id=theirs["vpc_id"], region="eu-west-1")])
    assert not out.get("failed"), out
    assert out["changed"] and r53.list_vpc_association_authorizations(HostedZoneId=zone)["VPCs"] == []
    assert [c.action for c in aws.writes()] == ["DeleteVPCAssociationAuthorization"]


def test_absent_for_an_associated_vpc_listed_with_the_wrong_region_is_refused(aws):
    mine = aws.make_vpc("us-east-1", "10.0.0.0/16")
    other = aws.make_vpc("us-east-1", "10.1.0.0/16")
    r53 = aws.client("route53")
    zone = r53.create_hosted_zone(Name="internal", CallerReference="z", HostedZoneConfig={"PrivateZone": True},
                                  VPC={"VPCId": mine["vpc_id"], "VPCRegion": "us-east-1"})["HostedZone"]["Id"]
    zone = zone.split("/")[-1]
    r53.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCId": other["vpc_id"], "VPCRegion": "us-east-1"})
    aws.reset_calls()

    out = run(aws, "phz_association", hosted_zone_id=zone, state="absent",
              vpcs=[dict(vpc_id=other["vpc_id"], region="eu-west-1")])
    assert out["failed"] and "vpcs[0]" in out["msg"] and other["vpc_id"] in out["msg"]
    assert "give region: us-east-1" in out["msg"]
    assert aws.writes() == []


class Unparsable:
    """Answers DescribeVpcs with an HTML page and status 200, as a misrouted proxy would."""

    def __call__(self, call, request):
        if call.action == "DescribeVpcs":
            return 200, {"Content-Type": "text/html"}, b"<html><body>Bad Gateway<br></body></html>"
        return None


def test_an_answer_botocore_cannot_parse_fails_with_one_message_naming_the_call(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "10.1.0.0/16")
    aws.reset_calls()
    aws.interceptors.append(Unparsable())
    out = run(aws, "cross_region_peering", region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
              peer_region="eu-west-1")
    aws.interceptors.clear()
    assert out["failed"] and "ec2:DescribeVpcs in us-east-1 failed" in out["msg"], out
    assert "could not be read" in out["msg"] and "Traceback" not in out.get("module_stderr", "")
    assert aws.writes() == []


def test_a_mesh_of_one_node_is_refused(aws):
    aws.reset_calls()
    out = run(aws, "resolver_forward_mesh", name="one", nodes=[dict(
        region="us-east-1", inbound_endpoint_id="rslvr-in-0123456789abcdef0",
        outbound_endpoint_id="rslvr-out-0123456789abcdef0")])
    assert out["failed"] and "nodes has 1 item" in out["msg"] and "at least two" in out["msg"]
    assert aws.calls == []
