"""The main job stays inside AWS's quotas (issue 18): site.yml over an inventory whose full mesh would pass the
per-VPC peering quota (Amazon VPC L-7E9ECCDB, 50 active and pending connections per VPC) is refused before its
first write, with the one message naming the VPC, the count, the quota and its code; the same mesh one connection
smaller runs; the inventory's vpcmesh_quotas (and vpcmesh_read_quotas) are the values the main job checks against."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "playbooks" / "site.yml"


def estate(aws, tmp_path, existing):
    """A hub VPC with `existing` active connections to VPCs outside the inventory, and an inventory of the hub and
    two more VPCs of the same account and region in a full mesh (the hub requests two of its three pairs)."""
    ec2 = aws.client("ec2")
    hosts = {}
    for name, cidr in (("quota-hub", "10.0.0.0/16"), ("quota-b", "10.1.0.0/16"), ("quota-c", "10.2.0.0/16")):
        aws.make_vpc("us-east-1", cidr, tags={"Name": name})
        hosts[name] = {"vpcmesh_region": "us-east-1"}
    [hub] = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["quota-hub"]}])["Vpcs"]
    for n in range(existing):
        other = ec2.create_vpc(CidrBlock=f"10.{100 + n}.0.0/16")["Vpc"]["VpcId"]
        pcx = ec2.create_vpc_peering_connection(VpcId=hub["VpcId"], PeerVpcId=other)["VpcPeeringConnection"][
            "VpcPeeringConnectionId"]
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    aws.reset_calls()
    inventory = tmp_path / "quota.yml"
    inventory.write_text(yaml.safe_dump({"vpcmesh_vpcs": {"hosts": hosts, "vars": {
        "vpcmesh_peerings": [{"full_mesh": ["quota-hub", "quota-b", "quota-c"]}]}}}))
    return hub["VpcId"], str(inventory)


def test_a_full_mesh_past_the_per_vpc_peering_quota_is_refused_before_the_first_write(aws, tmp_path):
    hub, inventory = estate(aws, tmp_path, 49)  # the mesh adds 2: 51

    run = aws.run(SITE, inventory=inventory)

    assert run.rc != 0
    assert aws.writes() == [], [str(c) for c in aws.writes()]
    message = run.task("Request, each by its requester (and accept at once when the accepter is in the same account)")[
        "msg"]
    for part in (f"VPC {hub} (us-east-1, account 123456789012), its active and pending peering connections would "
                 "reach 51 (49 now + 2 planned)", "'Active VPC peering connections per VPC'", "vpc L-7E9ECCDB",
                 "of 50", "request an increase of L-7E9ECCDB"):
        assert part in message, message


def test_the_mesh_that_just_fits_is_built(aws, tmp_path):
    hub, inventory = estate(aws, tmp_path, 48)

    aws.run(SITE, inventory=inventory).assert_ok()

    live = [p for p in aws.client("ec2").describe_vpc_peering_connections(
        Filters=[{"Name": "status-code", "Values": ["active"]}])["VpcPeeringConnections"]
        if hub in (p["RequesterVpcInfo"]["VpcId"], p["AccepterVpcInfo"]["VpcId"])]
    assert len(live) == 50


def test_the_inventory_s_quota_values_are_what_the_main_job_checks_against(aws, tmp_path):
    hub, inventory = estate(aws, tmp_path, 48)  # fits the applied 50, not the 49 the inventory says

    run = aws.run(SITE, inventory=inventory, extravars={"vpcmesh_quotas": {"L-7E9ECCDB": 49},
                                                        "vpcmesh_read_quotas": False})

    assert run.rc != 0
    assert aws.writes() == [], [str(c) for c in aws.writes()]
    message = run.task("Request, each by its requester (and accept at once when the accepter is in the same account)")[
        "msg"]
    assert f"VPC {hub} (us-east-1, account 123456789012)" in message and "of 49" in message, message
    assert not [c for c in aws.calls if c.action == "GetServiceQuota"], "vpcmesh_read_quotas: false reads no quota"


def test_a_resolver_mesh_past_the_endpoints_quota_is_refused_before_its_first_resolver_write(aws, tmp_path):
    """The inventory's vpcmesh_quotas reach the Resolver phase too: a mesh of two nodes needs an inbound and an
    outbound endpoint in each region, two, where the inventory says the account may have one per region."""
    from tests.reliability.guides import seed_vpcs  # pylint: disable=import-outside-toplevel
    specs = [{"name": name, "region": region, "cidr": f"10.{n}.0.0/16",
              "subnets": [{"cidr": f"10.{n}.1.0/24", "az": "a", "tier": "private"},
                          {"cidr": f"10.{n}.2.0/24", "az": "b", "tier": "private"}]}
             for name, region, n in (("dns-use1", "us-east-1", 90), ("dns-use2", "us-east-2", 91))]
    seed_vpcs(aws, specs)
    inventory = tmp_path / "mesh.yml"
    inventory.write_text(yaml.safe_dump({"vpcmesh_vpcs": {
        "hosts": {"dns-use1": {"vpcmesh_region": "us-east-1"}, "dns-use2": {"vpcmesh_region": "us-east-2"}},
        "vars": {"vpcmesh_resolver_meshes": [{"name": "q", "nodes": ["dns-use1", "dns-use2"], "s3_endpoints": False}]}}}))
    aws.reset_calls()

    quotas = {"vpcmesh_quotas": {"L-4A669CC0": 1}, "vpcmesh_read_quotas": False}
    run = aws.run(SITE, inventory=str(inventory), extravars=quotas)

    assert run.rc != 0
    assert [str(c) for c in aws.writes() if c.service in ("route53resolver", "ec2")] == []
    [failed] = run.failed_tasks()
    message = " ".join([failed["result"].get("msg", "")] + [r.get("msg", "") for r in failed["result"].get("results", [])])
    assert "Ensure the Resolver endpoints, directions and waiting inbound and outbound" in failed["name"], failed["name"]
    assert "L-4A669CC0" in message and "of 1" in message and "would reach 2" in message, message
