"""site.yml and teardown.yml over an inventory whose Resolver mesh shares its rules through AWS RAM
(vpcmesh_resolver_meshes entry with `sharing: ram` and `spokes`): a networking account (the caller's) runs a hub mesh
of two nodes, in us-east-1 and us-east-2; a VPC of a second account in us-east-1 and one of a third in us-east-2 use
their region's node's rules, each spoke accepting the share's invitation and associating the rules with its own
credentials (its inventory role). Check mode plans exactly the first run's writes; a second run writes nothing;
teardown stops the sharing (the spokes' associations, then the shares) before it deletes the rules, and leaves a
spoke's own association of another rule."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.emulator.accounts import DEFAULT_ACCOUNT
from tests.emulator.ram_seeding import OTHER_SPOKE, SPOKE
from tests.integration.planned import difference, planned_writes, written
from tests.reliability.guides import seed_vpcs

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"
MESH = "netdns"


def spec(name, region, cidr, account=None):
    base = cidr.rsplit(".", 2)[0]
    out = {"name": name, "region": region, "cidr": cidr,
           "subnets": [{"cidr": f"{base}.1.0/24", "az": "a", "tier": "private"},
                       {"cidr": f"{base}.2.0/24", "az": "b", "tier": "private"}]}
    return dict(out, account=account) if account else out


VPCS = [spec("net-use1", "us-east-1", "10.80.0.0/16"), spec("net-use2", "us-east-2", "10.81.0.0/16"),
        spec("pay-use1", "us-east-1", "10.82.0.0/16", SPOKE), spec("data-use2", "us-east-2", "10.83.0.0/16", OTHER_SPOKE)]
INVENTORY = {"vpcmesh_vpcs": {"children": {
    "network": {
        "hosts": {"net-use1": {"vpcmesh_region": "us-east-1"}, "net-use2": {"vpcmesh_region": "us-east-2"}},
        "vars": {
            "vpcmesh_peerings": [{"pair": ["net-use1", "net-use2"]}],
            "vpcmesh_resolver_meshes": [{"name": MESH, "topology": "hub", "hub": "net-use1",
                                         "nodes": ["net-use1", "net-use2"], "s3_endpoints": False,
                                         "sharing": "ram", "spokes": ["pay-use1", "data-use2"]}]}},
    "payments": {
        "hosts": {"pay-use1": {"vpcmesh_region": "us-east-1"}},
        "vars": {"vpcmesh_account_id": SPOKE, "vpcmesh_role_arn": f"arn:aws:iam::{SPOKE}:role/network"}},
    "data": {
        "hosts": {"data-use2": {"vpcmesh_region": "us-east-2"}},
        "vars": {"vpcmesh_account_id": OTHER_SPOKE, "vpcmesh_role_arn": f"arn:aws:iam::{OTHER_SPOKE}:role/network"}},
}}}


def vpc_id(aws, name, region, account):
    return aws.client("ec2", region, account).describe_vpcs(
        Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"][0]["VpcId"]


def associations(aws, region, account, vpc):
    found = aws.client("route53resolver", region, account).list_resolver_rule_associations()["ResolverRuleAssociations"]
    return sorted(a["ResolverRuleId"] for a in found if a["VPCId"] == vpc and a["Status"] != "DELETING")


def node_rules(aws, region, node):
    return sorted(r["Id"] for r in aws.client("route53resolver", region).list_resolver_rules()["ResolverRules"]
                  if r.get("Name", "").startswith(f"{MESH}-{node}-"))


def test_site_shares_the_mesh_rules_with_spoke_accounts_check_is_exact_rerun_writes_nothing_teardown_unshares(
        aws, tmp_path):
    seed_vpcs(aws, VPCS)
    inventory = tmp_path / "sharing.yml"
    inventory.write_text(yaml.safe_dump(INVENTORY))
    aws.reset_calls()

    checked = aws.run(PLAYBOOKS / "site.yml", inventory=str(inventory), check=True, diff=True)
    checked.assert_ok()
    assert aws.writes() == [], [str(c) for c in aws.writes()]

    aws.reset_calls()
    first = aws.run(PLAYBOOKS / "site.yml", inventory=str(inventory))
    first.assert_ok()
    assert difference(planned_writes(checked), written(aws)) == {}, difference(planned_writes(checked), written(aws))
    sharing = sorted((c.action, c.account, c.region) for c in aws.writes()
                     if c.action in ("CreateResourceShare", "AcceptResourceShareInvitation"))
    assert sharing == [("AcceptResourceShareInvitation", SPOKE, "us-east-1"),
                       ("AcceptResourceShareInvitation", OTHER_SPOKE, "us-east-2"),
                       ("CreateResourceShare", DEFAULT_ACCOUNT, "us-east-1"),
                       ("CreateResourceShare", DEFAULT_ACCOUNT, "us-east-2")], sharing
    pay, data = vpc_id(aws, "pay-use1", "us-east-1", SPOKE), vpc_id(aws, "data-use2", "us-east-2", OTHER_SPOKE)
    assert associations(aws, "us-east-1", SPOKE, pay) == node_rules(aws, "us-east-1", "net-use1") != []
    assert associations(aws, "us-east-2", OTHER_SPOKE, data) == node_rules(aws, "us-east-2", "net-use2") != []

    aws.reset_calls()
    second = aws.run(PLAYBOOKS / "site.yml", inventory=str(inventory))
    second.assert_ok()
    assert aws.writes() == [] and not second.changed_tasks(), [(t["host"], t["name"]) for t in second.changed_tasks()]

    # a spoke's own rule association (not the mesh's) survives the teardown
    theirs = aws.client("route53resolver", "us-east-1", SPOKE)
    own_rule = theirs.create_resolver_rule(CreatorRequestId="own", Name="own", RuleType="SYSTEM",
                                           DomainName="corp.example.com")["ResolverRule"]["Id"]
    theirs.associate_resolver_rule(ResolverRuleId=own_rule, VPCId=pay, Name="own")
    aws.reset_calls()
    aws.run(PLAYBOOKS / "teardown.yml", inventory=str(inventory)).assert_ok()
    order = [(c.action, c.account) for c in aws.writes()]
    assert order.index(("DisassociateResolverRule", SPOKE)) < order.index(("DeleteResourceShare", DEFAULT_ACCOUNT)) \
        < order.index(("DeleteResolverRule", DEFAULT_ACCOUNT)), order
    assert associations(aws, "us-east-1", SPOKE, pay) == [own_rule]
    assert associations(aws, "us-east-2", OTHER_SPOKE, data) == []
    assert node_rules(aws, "us-east-1", "net-use1") == [] and node_rules(aws, "us-east-2", "net-use2") == []
    aws.reset_calls()
    aws.run(PLAYBOOKS / "teardown.yml", inventory=str(inventory)).assert_ok()
    assert aws.writes() == [], [str(c) for c in aws.writes()]
