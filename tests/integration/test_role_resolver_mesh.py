"""The resolver_mesh role and the guide 3 playbook through real ansible-playbook against the emulator."""

from collections import Counter
from pathlib import Path

from tests.integration.planned import difference, planned_writes, written
from tests.reliability import guides

CIDRS = {"us-east-1": "10.30.0.0/16", "us-east-2": "10.31.0.0/16", "us-west-2": "10.32.0.0/16",
         "eu-west-1": "10.33.0.0/16"}
MESH = "g3"


def region_vpc(aws, region):
    vpc = aws.make_vpc(region, CIDRS[region], subnets=2, route_tables=1)
    return dict(region=region, vpc_id=vpc["vpc_id"], cidr=CIDRS[region], subnet_ids=vpc["subnet_ids"],
                route_table_ids=vpc["route_table_ids"])


def role_play(regions, **role_vars):
    return [dict(hosts="localhost", gather_facts=False, tasks=[
        dict(name="mesh", **{"ansible.builtin.include_role": dict(name="vpcmesh.aws.resolver_mesh")},
             vars=dict(resolver_mesh_name=MESH, resolver_mesh_regions=regions, **role_vars)),
        dict(name="result", **{"ansible.builtin.debug": dict(var="resolver_mesh_result")}),
    ])]


def run_role(aws, regions, check=False, **role_vars):
    result = aws.run(role_play(regions, **role_vars), check=check)
    return result, (result.task("result")["resolver_mesh_result"] if result.rc == 0 else None)


def rules(aws, region):
    found = aws.client("route53resolver", region).list_resolver_rules()["ResolverRules"]
    return {r["DomainName"].rstrip("."): r for r in found}


def live_peerings(aws, region):
    found = aws.client("ec2", region).describe_vpc_peering_connections()["VpcPeeringConnections"]
    return [c for c in found if c["Status"]["Code"] == "active"]


CHECKED = {"CreateResolverEndpoint", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "CreateResolverRule",
           "AssociateResolverRule"}


def assert_check_mode_is_exact(aws, regions, **role_vars):
    """Check mode plans, writing nothing, exactly the writes (per API action and region) the real run then makes;
    returns those writes."""
    aws.reset_calls()
    checked, out = run_role(aws, regions, check=True, **role_vars)
    assert checked.rc == 0, checked
    assert aws.writes() == []
    planned = planned_writes(checked)
    assert out["mesh"]["changed"] is (planned[("CreateResolverRule", regions[0]["region"])] > 0)
    result, _out = run_role(aws, regions, **role_vars)
    assert result.rc == 0, result
    wrote = written(aws)
    assert difference(planned, wrote) == {}
    return wrote


def assert_built_mesh_plans_and_writes_nothing(aws, regions, **role_vars):
    aws.reset_calls()
    again, out = run_role(aws, regions, **role_vars)
    assert again.rc == 0, again
    assert aws.writes() == [] and planned_writes(again) == {} and out["mesh"]["changed"] is False
    checked, _out = run_role(aws, regions, check=True, **role_vars)
    assert checked.rc == 0, checked
    assert aws.writes() == [] and planned_writes(checked) == {}
    assert [t["name"] for t in checked.changed_tasks()] == []


def test_check_mode_on_a_new_full_mesh_with_s3_endpoints_and_on_a_node_added_plans_exactly_the_real_runs_writes(aws):
    """Check mode on a new mesh plans the endpoints once, each node's DNS security group once, the forwarding rules
    over the endpoints still to be made, and the stock modules' S3 security groups and gateway and interface
    endpoints, exactly as the real run then writes them; over the built mesh a run and a check plan and write
    nothing; with a third node, check mode plans exactly that node's writes (and the other nodes' new rules and
    security group rules for it). The peerings come from elsewhere (resolver_mesh_peering none), as in site.yml."""
    regions = [region_vpc(aws, r) for r in ("us-east-1", "us-east-2")]
    wrote = assert_check_mode_is_exact(aws, regions, resolver_mesh_peering="none")
    assert {action for action, _region in wrote} >= CHECKED | {"CreateVpcEndpoint"}
    assert wrote[("CreateResolverEndpoint", "us-east-1")] == 2 and wrote[("CreateResolverRule", "us-east-1")] == 2
    assert wrote[("CreateSecurityGroup", "us-east-2")] == 2 and wrote[("CreateVpcEndpoint", "us-east-2")] == 2
    assert_built_mesh_plans_and_writes_nothing(aws, regions, resolver_mesh_peering="none")

    regions.append(region_vpc(aws, "us-west-2"))
    wrote = assert_check_mode_is_exact(aws, regions, resolver_mesh_peering="none")
    assert wrote[("CreateResolverRule", "us-west-2")] == 4 and wrote[("CreateResolverRule", "us-east-1")] == 2
    assert wrote[("CreateResolverEndpoint", "us-west-2")] == 2 and ("CreateResolverEndpoint", "us-east-1") not in wrote
    # the other nodes' DNS and S3 security groups now allow the new node's CIDR
    assert wrote[("AuthorizeSecurityGroupIngress", "us-east-1")] == 2
    assert_built_mesh_plans_and_writes_nothing(aws, regions, resolver_mesh_peering="none")


def test_check_mode_on_a_new_hub_mesh_plans_exactly_the_real_runs_writes(aws):
    regions = [dict(region_vpc(aws, "us-east-1"), name="hub"), region_vpc(aws, "us-east-2"),
               region_vpc(aws, "us-west-2")]
    role_vars = dict(resolver_mesh_topology="hub", resolver_mesh_hub="hub", resolver_mesh_s3_endpoints=False,
                     resolver_mesh_peering="none")
    wrote = assert_check_mode_is_exact(aws, regions, **role_vars)
    assert {action for action, _region in wrote} == CHECKED
    assert wrote[("CreateResolverRule", "us-east-1")] == 4 and wrote[("CreateResolverRule", "us-west-2")] == 4
    assert_built_mesh_plans_and_writes_nothing(aws, regions, **role_vars)


def test_role_hub_peers_the_hub_with_each_spoke_only_and_spokes_forward_to_it(aws):
    regions = [dict(region_vpc(aws, "us-east-1"), name="hub"), region_vpc(aws, "us-east-2"),
               region_vpc(aws, "us-west-2")]
    result, out = run_role(aws, regions, resolver_mesh_topology="hub", resolver_mesh_hub="hub",
                           resolver_mesh_s3_endpoints=False)
    assert result.rc == 0, result
    assert sorted(p["pair"] for p in out["peerings"]) == [["hub", "us-east-2"], ["hub", "us-west-2"]]
    assert len(live_peerings(aws, "us-east-2")) == 1 and len(live_peerings(aws, "us-east-1")) == 2
    hub_ips = out["nodes"]["hub"]["inbound_ips"]
    assert all(sorted(t["Ip"] for t in r["TargetIps"]) == hub_ips for r in rules(aws, "us-west-2").values())


# -- the guide 3 playbook ------------------------------------------------------------------------------------
PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"
GUIDE3 = str(PLAYBOOKS / "guide3_resolver_mesh.yml")
FOURTH = {"name": "guide3-euw1", "region": "eu-west-1", "cidr": "10.33.0.0/16",
          "subnets": [{"cidr": "10.33.1.0/24", "az": "a", "tier": "private"},
                      {"cidr": "10.33.2.0/24", "az": "b", "tier": "private"}]}


def test_guide3_playbook_builds_the_guide_rerun_and_check_write_nothing_converges_under_faults_then_grows_a_region(
        aws, aws_spare, capsys):
    """The guide's life: built, run again and in check mode without a write, built again under faults to the
    same state (the faults suite, tests/reliability/test_faults_guides.py, on the second emulator meanwhile),
    then grown to a fourth region with the regions variable."""
    faulted = guides.FaultedRun(aws_spare, "guide3")
    guides.seed(aws, "guide3")  # as demo_vpcs.yml makes them, through boto3, on the fresh emulator of `aws`
    result = aws.run(GUIDE3)
    assert result.rc == 0, result
    assert_role_built_the_mesh(aws, result.task(REPORT)["ansible_facts"]["resolver_mesh_result"])
    workload = rules(aws, "us-east-1")
    assert sorted(workload) == ["us-east-2.amazonaws.com", "us-east-2.vpce.amazonaws.com",
                                "us-west-2.amazonaws.com", "us-west-2.vpce.amazonaws.com"]
    assert len(rules(aws, "us-east-2")) == len(rules(aws, "us-west-2")) == 4
    east2_in = [e for e in aws.client("route53resolver", "us-east-2").list_resolver_endpoints()["ResolverEndpoints"]
                if e["Direction"] == "INBOUND"]
    east2_ips = sorted(a["Ip"] for a in aws.client("route53resolver", "us-east-2").list_resolver_endpoint_ip_addresses(
        ResolverEndpointId=east2_in[0]["Id"])["IpAddresses"])
    assert sorted(t["Ip"] for t in workload["us-east-2.vpce.amazonaws.com"]["TargetIps"]) == east2_ips
    assert [t["name"] for t in result.tasks if t["name"].startswith("Assert") and t["result"].get("skipped")] == []
    aws.reset_calls()
    again = aws.run(GUIDE3)
    assert again.rc == 0, again
    assert aws.writes() == [], Counter(str(c) for c in aws.writes())
    assert again.task(REPORT)["ansible_facts"]["resolver_mesh_result"]["mesh"]["changed"] is False
    check = aws.run(GUIDE3, check=True)
    assert check.rc == 0, check
    assert aws.writes() == [] and planned_writes(check) == {}

    # the faulted run on a fresh emulator ended in the clean run's state; the mesh then grows
    faulted.check(guides.end_state(aws, "guide3"), capsys)

    # a fourth region: its VPC is made, listed in demo_vpcs and added to the regions variable
    guides.seed_vpcs(aws, [FOURTH])
    vpcs = {"demo_vpcs": guides.vpcs_of("guide3") + [FOURTH]}
    names = ["guide3-use1", "guide3-use2", "guide3-usw2"]
    result = aws.run(GUIDE3, extravars=dict(vpcs, regions=names + ["guide3-euw1"]))
    assert result.rc == 0, result
    created = Counter(c.region for c in aws.writes() if c.action == "CreateResolverRule")
    assert created == Counter({"eu-west-1": 6, "us-east-1": 2, "us-east-2": 2, "us-west-2": 2})
    assert not [c for c in aws.writes() if c.action in ("UpdateResolverRule", "DeleteResolverRule")]
    assert sorted(d for d in rules(aws, "us-east-1") if d.startswith("eu-west-1")) == [
        "eu-west-1.amazonaws.com", "eu-west-1.vpce.amazonaws.com"]


REPORT = "vpcmesh.aws.resolver_mesh : Report the mesh"
GUIDE3_VPCS = {"us-east-1": "guide3-use1", "us-east-2": "guide3-use2", "us-west-2": "guide3-usw2"}


def assert_role_built_the_mesh(aws, out):
    """What the role reports and AWS holds after a first run over three regions: per node its VPC, two inbound IPs
    and an S3 interface endpoint; per region four rules, each other region's pointing at that region's inbound IPs;
    three active peerings; an S3 gateway and an S3 interface endpoint per VPC."""
    assert sorted(out["nodes"]) == ["us-east-1", "us-east-2", "us-west-2"]
    for region, node in out["nodes"].items():
        vpc = aws.client("ec2", region).describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [
            GUIDE3_VPCS[region]]}])["Vpcs"]
        assert node["vpc_id"] == vpc[0]["VpcId"] and len(node["inbound_ips"]) == 2 and node["s3_endpoint_id"]
        here = rules(aws, region)
        assert len(here) == 4
        for other, theirs in out["nodes"].items():
            if other != region:
                rule = here[f"{other}.vpce.amazonaws.com"]
                assert sorted(t["Ip"] for t in rule["TargetIps"]) == theirs["inbound_ips"]
        endpoints = aws.client("ec2", region).describe_vpc_endpoints()["VpcEndpoints"]
        assert sorted(e["VpcEndpointType"] for e in endpoints) == ["Gateway", "Interface"]
    assert len(out["peerings"]) == 3 and {p["status"] for p in out["peerings"]} == {"active"}
