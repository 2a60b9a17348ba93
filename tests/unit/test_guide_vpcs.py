"""The guide playbooks' VPC look-up (playbooks/tasks/resolve_vpcs.yml): the demo VPCs as VPC hosts of an inventory,
learned as site.yml learns one (playbooks/tasks/learn_vpcs.yml), and the `vpcs` fact built from what it set."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.filter.guides import (
    guide_mesh_nodes, guide_mesh_readback, guide_vpc_hosts, guide_vpcs)

DEMO = [
    {"name": "a", "region": "us-east-1", "cidr": "10.0.0.0/16"},
    {"name": "b", "region": "eu-west-1", "account": 222222222222, "cidr": "10.1.0.0/16",
     "hosts": [{"ip": "10.1.0.5", "subnet": "10.1.0.0/24", "port": 80, "allow_from": []}]},
]
ROLE = "arn:aws:iam::222222222222:role/vpcmesh-demo"
ACCOUNTS = {"222222222222": {"role_arn": ROLE}}
KEYS = {"access_key": "AK", "secret_key": "SK", "session_token": "ST"}


def test_hosts_find_each_vpc_by_name_in_its_region_and_its_own_account_through_its_role():
    assert guide_vpc_hosts(["a", "b"], DEMO, ACCOUNTS) == [
        {"name": "a", "vpcmesh_region": "us-east-1"},
        {"name": "b", "vpcmesh_region": "eu-west-1", "vpcmesh_account_id": "222222222222", "vpcmesh_role_arn": ROLE}]


def test_an_unknown_name_or_an_account_without_a_role_is_refused_by_name():
    with pytest.raises(AnsibleFilterError, match="c is not a VPC of demo_vpcs"):
        guide_vpc_hosts(["c"], DEMO, ACCOUNTS)
    with pytest.raises(AnsibleFilterError, match="b: no role for account 222222222222"):
        guide_vpc_hosts(["b"], DEMO, {})


def test_vpcs_have_the_primary_cidr_tiers_route_tables_by_tier_hosts_and_credentials():
    found = {"name": "b", "vpc_id": "vpc-1", "region": "eu-west-1", "account_id": "222222222222",
             "cidrs": ["10.1.0.0/16", "10.2.0.0/16"],
             "subnets": [{"subnet_id": "subnet-1", "cidr": "10.1.0.0/24", "az": "eu-west-1a",
                          "tags": {"tier": "public", "Name": "x"}},
                         {"subnet_id": "subnet-2", "cidr": "10.1.1.0/24", "az": "eu-west-1b", "tags": {}}],
             "route_tables": [{"route_table_id": "rtb-main", "tags": {}},
                              {"route_table_id": "rtb-pub", "tags": {"tier": "public"}},
                              {"route_table_id": "rtb-priv", "tags": {"tier": "private"}}]}
    hostvars = {"b": {"vpcmesh_vpc": found, "vpcmesh_credentials": KEYS},
                "a": {"vpcmesh_vpc": dict(found, name="a", vpc_id="vpc-a", region="us-east-1", account_id="1"),
                      "vpcmesh_credentials": None}}
    assert guide_vpcs(["b"], hostvars, DEMO) == {"b": {
        "vpc_id": "vpc-1", "region": "eu-west-1", "account": "222222222222", "cidr": "10.1.0.0/16",
        "credentials": KEYS,
        "subnets": [{"subnet_id": "subnet-1", "cidr": "10.1.0.0/24", "az": "eu-west-1a", "tier": "public"},
                    {"subnet_id": "subnet-2", "cidr": "10.1.1.0/24", "az": "eu-west-1b", "tier": ""}],
        "route_tables": {"public": ["rtb-pub"], "private": ["rtb-priv"], "all": ["rtb-main", "rtb-pub", "rtb-priv"]},
        "hosts": ["10.1.0.5"]}}
    assert guide_vpcs(["a"], hostvars, DEMO)["a"]["credentials"] is None


VPCS = {"use1": {"vpc_id": "vpc-1", "region": "us-east-1", "account": "123456789012", "cidr": "10.30.0.0/16",
                 "credentials": None, "subnets": [{"subnet_id": "subnet-a"}, {"subnet_id": "subnet-b"}],
                 "route_tables": {"all": ["rtb-1", "rtb-2"]}},
        "usw2": {"vpc_id": "vpc-2", "region": "us-west-2", "account": "222222222222", "cidr": "10.32.0.0/16",
                 "credentials": {"role_arn": "arn:aws:iam::222222222222:role/x"},
                 "subnets": [{"subnet_id": "subnet-c"}], "route_tables": {"all": []}}}


def test_mesh_nodes_are_the_named_vpcs_in_order_with_every_subnet_table_and_their_credentials():
    nodes = guide_mesh_nodes(["usw2", "use1"], VPCS)

    assert nodes == [
        {"region": "us-west-2", "vpc_id": "vpc-2", "cidr": "10.32.0.0/16", "subnet_ids": ["subnet-c"],
         "route_table_ids": [], "account_id": "222222222222",
         "credentials": {"role_arn": "arn:aws:iam::222222222222:role/x"}},
        {"region": "us-east-1", "vpc_id": "vpc-1", "cidr": "10.30.0.0/16", "subnet_ids": ["subnet-a", "subnet-b"],
         "route_table_ids": ["rtb-1", "rtb-2"], "account_id": "123456789012", "credentials": None}]
    with pytest.raises(AnsibleFilterError, match="euw1 is not one of the VPCs looked up"):
        guide_mesh_nodes(["euw1"], VPCS)


def test_readback_nodes_take_the_endpoints_of_the_result_and_the_credentials_of_the_node_in_their_region():
    nodes = guide_mesh_nodes(["use1", "usw2"], VPCS)
    result = {"us-west-2": dict(region="us-west-2", inbound_endpoint_id="rslvr-in-2", outbound_endpoint_id="rslvr-out-2"),
              "us-east-1": dict(region="us-east-1", inbound_endpoint_id="rslvr-in-1", outbound_endpoint_id="rslvr-out-1")}

    assert guide_mesh_readback(result, nodes) == [
        {"name": "us-east-1", "region": "us-east-1", "inbound_endpoint_id": "rslvr-in-1",
         "outbound_endpoint_id": "rslvr-out-1", "credentials": None},
        {"name": "us-west-2", "region": "us-west-2", "inbound_endpoint_id": "rslvr-in-2",
         "outbound_endpoint_id": "rslvr-out-2", "credentials": {"role_arn": "arn:aws:iam::222222222222:role/x"}}]
    with pytest.raises(AnsibleFilterError, match="node x is in eu-west-1, where no mesh node is"):
        guide_mesh_readback({"x": {"region": "eu-west-1"}}, nodes)
