"""The guide playbooks' VPC look-up (playbooks/tasks/resolve_vpcs.yml): the vpc_info entries of the demo VPCs and
the `vpcs` fact built from what vpc_info read."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.filter.guides import guide_vpc_entries, guide_vpcs

DEMO = [
    {"name": "a", "region": "us-east-1", "cidr": "10.0.0.0/16"},
    {"name": "b", "region": "eu-west-1", "account": 222222222222, "cidr": "10.1.0.0/16",
     "hosts": [{"ip": "10.1.0.5", "subnet": "10.1.0.0/24", "port": 80, "allow_from": []}]},
]
KEYS = {"222222222222": {"access_key": "AK", "secret_key": "SK", "session_token": "ST"}}


def test_entries_find_each_vpc_by_name_in_its_region_and_its_own_account():
    assert guide_vpc_entries(["a", "b"], DEMO, KEYS) == [
        {"name": "a", "region": "us-east-1"},
        {"name": "b", "region": "eu-west-1", "account_id": "222222222222", "credentials": KEYS["222222222222"]}]


def test_an_unknown_name_or_an_account_without_credentials_is_refused_by_name():
    with pytest.raises(AnsibleFilterError, match="c is not a VPC of demo_vpcs"):
        guide_vpc_entries(["c"], DEMO, KEYS)
    with pytest.raises(AnsibleFilterError, match="b: no credentials for account 222222222222"):
        guide_vpc_entries(["b"], DEMO, {})


def test_vpcs_have_the_primary_cidr_tiers_route_tables_by_tier_hosts_and_credentials():
    found = {"b": {"name": "b", "vpc_id": "vpc-1", "region": "eu-west-1", "account_id": "222222222222",
                   "cidrs": ["10.1.0.0/16", "10.2.0.0/16"],
                   "subnets": [{"subnet_id": "subnet-1", "cidr": "10.1.0.0/24", "az": "eu-west-1a",
                                "tags": {"tier": "public", "Name": "x"}},
                               {"subnet_id": "subnet-2", "cidr": "10.1.1.0/24", "az": "eu-west-1b", "tags": {}}],
                   "route_tables": [{"route_table_id": "rtb-main", "tags": {}},
                                    {"route_table_id": "rtb-pub", "tags": {"tier": "public"}},
                                    {"route_table_id": "rtb-priv", "tags": {"tier": "private"}}]}}
    assert guide_vpcs(found, DEMO, KEYS) == {"b": {
        "vpc_id": "vpc-1", "region": "eu-west-1", "account": "222222222222", "cidr": "10.1.0.0/16",
        "credentials": KEYS["222222222222"],
        "subnets": [{"subnet_id": "subnet-1", "cidr": "10.1.0.0/24", "az": "eu-west-1a", "tier": "public"},
                    {"subnet_id": "subnet-2", "cidr": "10.1.1.0/24", "az": "eu-west-1b", "tier": ""}],
        "route_tables": {"public": ["rtb-pub"], "private": ["rtb-priv"], "all": ["rtb-main", "rtb-pub", "rtb-priv"]},
        "hosts": ["10.1.0.5"]}}
