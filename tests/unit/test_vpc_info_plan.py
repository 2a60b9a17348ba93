"""vpc_info's pure parts: grouping entries by account and region, matching an entry to what was described, the
problems it names, and the facts it returns; and the vpc_entries filter that builds its entries from an inventory."""

from ansible_collections.vpcmesh.aws.plugins.filter.inventory import vpc_entries
from ansible_collections.vpcmesh.aws.plugins.module_utils.vpc_info import describe, groups, lookups, problem

KEYS = {"access_key": "AKIA", "secret_key": "s", "session_token": "t"}


def vpc(vpc_id, name=None, owner="111111111111", cidrs=(("10.0.0.0/16", "associated"),)):
    return {"VpcId": vpc_id, "OwnerId": owner, "Tags": [{"Key": "Name", "Value": name}] if name else [],
            "CidrBlockAssociationSet": [{"CidrBlock": c, "CidrBlockState": {"State": s}} for c, s in cidrs]}


def test_entries_are_grouped_by_credentials_and_region_in_first_seen_order():
    entries = [dict(name="a", region="us-east-1"), dict(name="b", region="eu-west-1"),
               dict(name="c", region="us-east-1", credentials=KEYS), dict(name="d", region="us-east-1")]
    assert [[e["name"] for e in group] for group in groups(entries).values()] == [["a", "d"], ["b"], ["c"]]


def test_lookups_split_ids_from_name_tags_and_name_defaults_to_the_entry_name():
    entries = [dict(name="a", region="r", vpc_id="vpc-2"), dict(name="b", region="r"),
               dict(name="c", region="r", vpc_name="tagged"), dict(name="d", region="r", vpc_id="vpc-1")]
    assert lookups(entries) == (["vpc-1", "vpc-2"], ["b", "tagged"])


def test_problems_name_the_entry_what_was_wanted_and_the_region():
    entry = dict(name="guide5-b", region="eu-west-1")
    assert problem(entry, []) == "guide5-b: the VPC named guide5-b was not found in eu-west-1"
    two = [vpc("vpc-2", "guide5-b"), vpc("vpc-1", "guide5-b")]
    assert problem(entry, two) == "guide5-b: the VPC named guide5-b matches 2 VPCs (vpc-1, vpc-2) in eu-west-1"
    wrong = dict(entry, vpc_id="vpc-1", account_id=222222222222)
    assert problem(wrong, [vpc("vpc-1")]) == (
        "guide5-b: vpc-1 belongs to account 111111111111, not account_id 222222222222 in eu-west-1")
    assert problem(dict(entry, account_id="111111111111"), [vpc("vpc-1")]) is None


def test_facts_keep_associated_blocks_and_only_the_vpcs_own_subnets_and_tables():
    entries = [dict(name="a", region="us-east-1"), dict(name="b", region="us-east-1", vpc_id="vpc-2"),
               dict(name="gone", region="us-east-1")]
    state = {
        "Vpcs": [vpc("vpc-1", "a", cidrs=(("10.0.0.0/16", "associated"), ("10.9.0.0/16", "disassociated"),
                                          ("10.1.0.0/16", "associated"))), vpc("vpc-2")],
        "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a",
                     "Tags": [{"Key": "tier", "Value": "private"}]},
                    {"SubnetId": "subnet-2", "VpcId": "vpc-2", "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1b"}],
        "RouteTables": [{"RouteTableId": "rtb-2", "VpcId": "vpc-2"}, {"RouteTableId": "rtb-1", "VpcId": "vpc-1"}],
    }
    found, problems = describe(entries, state)
    assert found["a"] == {
        "name": "a", "vpc_id": "vpc-1", "region": "us-east-1", "account_id": "111111111111",
        "cidrs": ["10.0.0.0/16", "10.1.0.0/16"],
        "subnets": [{"subnet_id": "subnet-1", "cidr": "10.0.1.0/24", "az": "us-east-1a", "tags": {"tier": "private"}}],
        "route_tables": [{"route_table_id": "rtb-1", "tags": {}}]}
    assert [t["route_table_id"] for t in found["b"]["route_tables"]] == ["rtb-2"]
    assert problems == ["gone: the VPC named gone was not found in us-east-1"]


def test_vpc_entries_take_the_hosts_inventory_variables_and_account_credentials():
    hostvars = {
        "a": {"vpcmesh_region": "us-east-1", "vpcmesh_credentials": None, "other": 1},
        "b": {"vpcmesh_region": "eu-west-1", "vpcmesh_vpc_id": "vpc-1", "vpcmesh_account_id": 222222222222,
              "vpcmesh_credentials": KEYS},
        "c": {"vpcmesh_region": "us-west-2", "vpcmesh_vpc_name": "tagged", "vpcmesh_credentials": {"profile": "p"}},
    }
    assert vpc_entries(["a", "b", "c"], hostvars) == [
        {"name": "a", "region": "us-east-1"},
        {"name": "b", "region": "eu-west-1", "vpc_id": "vpc-1", "account_id": "222222222222", "credentials": KEYS},
        {"name": "c", "region": "us-west-2", "vpc_name": "tagged", "credentials": {"profile": "p"}},
    ]
