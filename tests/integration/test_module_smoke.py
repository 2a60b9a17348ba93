"""Every module through real ansible-playbook, the way a user's play calls it: by FQCN, with its connection
settings given only through `module_defaults` for our action group `group/vpcmesh.aws.aws` (no AWS_URL in the
environment), arguments templated from earlier tasks' registered results, then the same play in `--check`.

The module-level cases (tests/integration/test_<module>.py) run each module's main() in-process
(tests/emulator/inprocess.py); this file is what proves the controller side of each of them.
"""

from __future__ import annotations

from tests.emulator.privatelink_seeding import make_nlb
from tests.emulator.runner import ACCESS_KEY, SECRET_KEY

MODULES = ("cross_region_peering", "peering_dns_options", "peer_routes", "phz_association", "resolver_endpoint",
           "resolver_forward_mesh", "endpoint_service", "connectivity_check", "vpc_info")


def resolver_node(aws, region, vpc):
    """An inbound and an outbound endpoint in `vpc` (made with boto3)."""
    ec2, r53 = aws.client("ec2", region), aws.client("route53resolver", region)
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    node = dict(region=region)
    for direction in ("inbound", "outbound"):
        node[f"{direction}_endpoint_id"] = r53.create_resolver_endpoint(
            CreatorRequestId=f"smoke-{region}-{direction}", Name=f"smoke-{region}-{direction}",
            SecurityGroupIds=[group], Direction=direction.upper(),
            IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]])["ResolverEndpoint"]["Id"]
    return node


def estate(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2, route_tables=1)
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16", subnets=2, route_tables=1)
    zone = aws.client("route53").create_hosted_zone(
        Name="internal", CallerReference="smoke", HostedZoneConfig={"PrivateZone": True, "Comment": "smoke"},
        VPC={"VPCRegion": "us-east-1", "VPCId": a["vpc_id"]})["HostedZone"]["Id"].split("/")[-1]
    nodes = [resolver_node(aws, "us-east-1", a), resolver_node(aws, "eu-west-1", b)]
    nlb = make_nlb(aws, b, name="smoke-nlb")
    aws.reset_calls()
    return dict(a=a, b=b, zone_id=zone, nodes=nodes, nlb_arn=nlb)


def play(endpoint_url, e):
    a, b = e["a"], e["b"]
    tasks = [
        {"name": "cross_region_peering", "register": "peer", "vpcmesh.aws.cross_region_peering": dict(
            region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="eu-west-1",
            tags={"Name": "smoke"})},
        {"name": "peering_dns_options", "vpcmesh.aws.peering_dns_options": dict(
            region="us-east-1", peering_id="{{ peer.peering_id | default('pcx-00000000', true) }}",
            requester_dns_resolution=True, accepter_dns_resolution=True, enable_vpc_dns=True),
         "when": "peer.peering_id is truthy"},
        {"name": "peer_routes", "vpcmesh.aws.peer_routes": dict(
            region="us-east-1", peering_id="{{ peer.peering_id }}"),
         "when": "peer.peering_id is truthy"},
        {"name": "phz_association", "vpcmesh.aws.phz_association": dict(
            zone_id=e["zone_id"], vpcs=[dict(vpc_id=b["vpc_id"], region="eu-west-1")])},
        {"name": "resolver_endpoint", "vpcmesh.aws.resolver_endpoint": dict(
            region="us-east-1", name="smoke-in", direction="inbound", vpc_id=a["vpc_id"],
            subnet_ids=a["subnet_ids"], dns_security_group=dict(name="smoke-in-dns"))},
        {"name": "resolver_forward_mesh", "vpcmesh.aws.resolver_forward_mesh": dict(
            name="smoke", nodes=e["nodes"])},
        {"name": "endpoint_service", "vpcmesh.aws.endpoint_service": dict(
            region="eu-west-1", network_load_balancer_arns=[e["nlb_arn"]], acceptance_required=False)},
        {"name": "connectivity_check", "vpcmesh.aws.connectivity_check": dict(region="us-east-1", flows=[dict(
            source=dict(vpc_id=a["vpc_id"], region="us-east-1"),
            destination=dict(ip="172.30.0.10", region="eu-west-1"), port=443)])},
        {"name": "vpc_info", "vpcmesh.aws.vpc_info": dict(vpcs=[
            dict(name="a", region="us-east-1", vpc_id=a["vpc_id"]), dict(name="b", region="eu-west-1", vpc_id=b["vpc_id"])])},
    ]
    for task in tasks:
        task.setdefault("register", "out")
    return [dict(hosts="localhost", gather_facts=False, tasks=tasks, module_defaults={
        "group/vpcmesh.aws.aws": dict(endpoint_url=endpoint_url, access_key=ACCESS_KEY, secret_key=SECRET_KEY)})]


def test_every_module_runs_by_fqcn_with_action_group_defaults_then_check_mode_plans_nothing(aws):
    e = estate(aws)
    no_url = {"AWS_URL": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}  # only module_defaults reach AWS

    first = aws.run(play(aws.url, e), env=no_url)
    first.assert_ok()
    ran = {t["name"]: t for t in first.tasks}
    assert set(ran) == set(MODULES)
    assert {t["action"] for t in first.tasks} == {f"vpcmesh.aws.{m}" for m in MODULES}
    assert all(not t["result"].get("skipped") for t in first.tasks), [t["name"] for t in first.tasks]
    read_only = {"connectivity_check", "vpc_info"}
    assert {t["name"] for t in first.changed_tasks()} == set(MODULES) - read_only
    assert ran["cross_region_peering"]["result"]["peering_connection"]["status"] == "active"
    [verdict] = ran["connectivity_check"]["result"]["flows"]  # the verdicts themselves: test_connectivity_check.py
    assert isinstance(verdict["reachable"], bool) and "reason" in verdict, verdict
    assert sorted(ran["vpc_info"]["result"]["vpcs"]) == ["a", "b"]

    aws.reset_calls()
    checked = aws.run(play(aws.url, e), env=no_url, check=True, diff=True)
    checked.assert_ok()
    assert checked.changed_tasks() == [], [t["name"] for t in checked.changed_tasks()]
    assert aws.writes() == []
    assert {t["name"] for t in checked.tasks if not t["result"].get("skipped")} == set(MODULES)
