"""The inventory's topology turned into the plan site.yml and teardown.yml follow (plugins/filter/estate.py)."""

from __future__ import annotations

import pytest

from ansible_collections.vpcmesh.aws.plugins.filter.estate import (
    EstateError, listed_records, plan_estate, with_credentials)


def vpc(name, region, cidr, account="111111111111", subnets=(), tables=()):
    return {"name": name, "vpc_id": f"vpc-{name}", "region": region, "account_id": account, "cidrs": [cidr],
            "subnets": [{"subnet_id": f"subnet-{name}-{i}", "cidr": None, "az": None, "tags": tags}
                        for i, tags in enumerate(subnets)],
            "route_tables": [{"route_table_id": f"rtb-{name}-{i}", "tags": tags} for i, tags in enumerate(tables)]}


VPCS = {
    "a": vpc("a", "us-east-1", "10.1.0.0/16", subnets=[{"tier": "private"}, {"tier": "public"}], tables=[{"tier": "private"}]),
    "b": vpc("b", "us-west-2", "10.2.0.0/16", subnets=[{"tier": "private"}, {"tier": "private"}]),
    "c": vpc("c", "us-west-2", "10.3.0.0/16", account="222222222222", subnets=[{"tier": "private"}]),
    "d": vpc("d", "eu-west-1", "10.1.128.0/17"),
}


def hosts(topology=None, **per_host):
    out = {name: {"vpcmesh_vpc": facts} for name, facts in VPCS.items()}
    out["a"].update(topology or {})
    for host, extra in per_host.items():
        out[host].update(extra)
    return out


def pairs(plan):
    return [(p["requester"], p["accepter"]) for p in plan["peerings"]]


@pytest.mark.parametrize("entry, expected", [
    ({"pair": ["a", "b"]}, [("a", "b")]),
    ({"full_mesh": ["a", "b", "c"]}, [("a", "b"), ("a", "c"), ("b", "c")]),
    ({"hub": "b", "spokes": ["a", "c"]}, [("b", "a"), ("b", "c")]),
    ({"chain": ["a", "b", "c"]}, [("a", "b"), ("b", "c")]),
])
def test_each_shape_expands_to_its_pairs_requester_first(entry, expected):
    assert pairs(plan_estate(hosts({"vpcmesh_peerings": [entry]}))) == expected


def test_a_peering_knows_its_accounts_dns_route_tables_and_name_tag():
    plan = plan_estate(hosts({"vpcmesh_peerings": [{"chain": ["a", "b", "c"], "dns_resolution": False,
                                                    "route_tables": {"b": "main"}}]},
                             c={"vpcmesh_route_tables": {"tier": "private"}}))
    first, second = plan["peerings"]
    assert first["same_account"] and not second["same_account"]
    assert first["dns_resolution"] is False
    assert first["route_tables"] == {"requester": "all", "accepter": "main"}
    assert second["route_tables"] == {"requester": "main", "accepter": {"tier": "private"}}
    assert second["tags"] == {"Name": "b-to-c"}


def test_topology_given_on_several_hosts_is_merged_once():
    topology = {"vpcmesh_peerings": [{"pair": ["a", "b"]}]}
    plan = plan_estate(hosts(topology, b=topology, c={"vpcmesh_peerings": [{"pair": ["b", "c"]}]}))
    assert pairs(plan) == [("a", "b"), ("b", "c")]


@pytest.mark.parametrize("topology, message", [
    ({"vpcmesh_peerings": [{"pair": ["a", "zz"]}]}, "names 'zz', which is not a VPC of the inventory"),
    ({"vpcmesh_peerings": [{"pair": ["a", "a"]}]}, "peers 'a' with itself"),
    ({"vpcmesh_peerings": [{"pair": ["a", "d"]}]}, "10.1.0.0/16 (a) and 10.1.128.0/17 (d) overlap"),
    ({"vpcmesh_peerings": [{"pair": ["a", "b"]}, {"pair": ["b", "a"]}]}, "which vpcmesh_peerings[0] already does"),
    ({"vpcmesh_peerings": [{"ring": ["a", "b"]}]}, "must have exactly one of pair, full_mesh, hub, chain"),
    ({"vpcmesh_peerings": [{"pair": ["a", "b", "c"]}]}, "must list exactly two VPCs"),
    ({"vpcmesh_peerings": [{"hub": "a"}]}, "needs `spokes`"),
    ({"vpcmesh_zones": [{"name": "internal", "vpcs": ["a", "a"]}]}, "lists a VPC twice"),
    ({"vpcmesh_resolver_meshes": [{"name": "m", "nodes": ["a", "b"], "topology": "star"}]}, "topology 'star' is unknown"),
    ({"vpcmesh_resolver_meshes": [{"name": "m", "nodes": ["a", "b"], "topology": "hub", "hub": "c"}]}, "needs `hub`"),
    ({"vpcmesh_resolver_meshes": [{"name": "m", "nodes": ["a", "b"], "subnets": {"tier": "db"}}]},
     "no subnet has tags matching {'tier': 'db'}"),
    ({"vpcmesh_privatelinks": [{"provider": "a", "outpost": "d", "consumer": "b", "targets": ["10.1.0.5"]}]},
     "must be in the consumer's region (us-west-2)"),
    ({"vpcmesh_privatelinks": [{"provider": "a", "outpost": "b", "consumer": "c"}]}, "needs `targets`"),
    ({"vpcmesh_flows": [{"from": "a"}]}, "needs `from`"),
    ({"vpcmesh_flows": [{"from": "a", "to": {"privatelink": "nope"}}]},
     "`privatelink: nope` names no chain of vpcmesh_privatelinks (chains: none)"),
    ({"vpcmesh_flows": [{"from": {"ip": "10.0.0.1"}, "to": "b"}]}, "`from` must name a VPC of the inventory"),
])
def test_an_unusable_topology_is_refused_naming_the_entry(topology, message):
    with pytest.raises(EstateError) as error:
        plan_estate(hosts(topology))
    assert message in str(error.value)


def test_a_host_without_facts_is_named():
    host_vars = hosts()
    del host_vars["b"]["vpcmesh_vpc"]
    with pytest.raises(EstateError, match="no vpcmesh_vpc fact for b"):
        plan_estate(host_vars)


def test_zone_privatelink_mesh_and_flows_carry_what_the_roles_need():
    plan = plan_estate(hosts({
        "vpcmesh_zones": [{"name": "internal", "vpcs": ["a", "c"], "records": [{"name": "api", "type": "A", "value": "10.1.0.5"}]}],
        "vpcmesh_resolver_meshes": [{"name": "m", "nodes": ["a", "b"], "subnets": {"tier": "private"}}],
        "vpcmesh_privatelinks": [{"provider": "a", "outpost": "b", "consumer": "c", "targets": ["10.1.0.5"],
                                  "route_tables": {"provider": {"tier": "private"}}}],
        "vpcmesh_flows": [{"name": "f", "from": "c", "to": {"vpc": "a", "ip": "10.1.0.5"}, "port": 443},
                          {"name": "g", "from": "c", "to": {"privatelink": "a-outpost"}, "port": 80}],
    }))
    zone = plan["zones"][0]
    assert zone["owner"] == "a"
    assert zone["vpcs"] == [{"vpc_id": "vpc-a", "region": "us-east-1"},
                            {"host": "c", "vpc_id": "vpc-c", "region": "us-west-2", "account_id": "222222222222"}]
    mesh = plan["resolver_meshes"][0]
    assert mesh["runner"] == "a" and mesh["hosts"] == ["a", "b"]
    assert mesh["nodes"][0]["subnet_ids"] == ["subnet-a-0"]
    assert mesh["nodes"][1]["subnet_ids"] == ["subnet-b-0", "subnet-b-1"]
    link = plan["privatelinks"][0]
    assert link["runner"] == "a" and link["name"] == "a-outpost"
    assert link["provider"]["route_tables"] == ["rtb-a-0"]
    assert link["consumer"]["account_id"] == "222222222222"
    flow = plan["flows"][0]
    assert flow["source"] == {"vpc_id": "vpc-c", "region": "us-west-2", "host": "c"}
    assert flow["destination"] == {"ip": "10.1.0.5", "vpc_id": "vpc-a", "region": "us-east-1", "host": "a"}
    # the consumer's interface endpoint of a chain: found by the Name tag the role gives it, in the consumer's VPC
    assert plan["flows"][1]["destination"] == {"vpc_endpoint": "a-outpost", "vpc_id": "vpc-c", "region": "us-west-2",
                                               "host": "c"}


def test_credentials_are_added_at_task_time_and_hosts_dropped():
    keys = {"access_key": "AK", "secret_key": "SK", "session_token": "ST"}
    hostvars = {"a": {}, "c": {"vpcmesh_credentials": keys}}
    flows = [{"source": {"host": "c", "vpc_id": "vpc-c"}, "destination": {"host": "a", "ip": "10.1.0.5"}}]
    assert with_credentials(flows, hostvars, "source", "destination") == [
        {"source": {"vpc_id": "vpc-c", "credentials": keys}, "destination": {"ip": "10.1.0.5"}}]
    assert with_credentials({"host": "c", "vpc_id": "vpc-c"}, hostvars) == {"vpc_id": "vpc-c", "credentials": keys}


def test_teardown_deletes_only_the_records_the_inventory_lists():
    sets = [{"Name": "internal.", "Type": "SOA"}, {"Name": "internal.", "Type": "NS"},
            {"Name": "api.internal.", "Type": "CNAME"}, {"Name": "db.internal.", "Type": "A"},
            {"Name": "api.internal.", "Type": "TXT"}]
    records = [{"name": "api", "type": "cname"}]
    assert [s["Name"] + s["Type"] for s in listed_records(sets, records, "internal")] == ["api.internal.CNAME"]
    assert [s["Name"] + s["Type"] for s in listed_records(sets, records, "internal.", unlisted=True)] == [
        "db.internal.A", "api.internal.TXT"]


def test_a_runner_acting_through_a_role_cannot_act_for_a_vpc_of_the_callers_account():
    topology = {"vpcmesh_zones": [{"name": "internal", "vpcs": ["c", "a"]}]}
    with pytest.raises(EstateError, match="'a' \\(account 111111111111\\) has neither"):
        plan_estate(hosts(topology, c={"vpcmesh_role_arn": "arn:aws:iam::222222222222:role/r"}))
    plan = plan_estate(hosts(topology, a={"vpcmesh_profile": "main"}, c={"vpcmesh_role_arn": "arn:aws:iam::222222222222:role/r"}))
    assert plan["zones"][0]["owner"] == "c"


@pytest.mark.parametrize("entry, mode", [
    ({"provider": "a", "outpost": "b", "consumer": "c", "targets": ["10.1.0.5"]}, "outpost"),
    ({"provider": "a", "consumer": "c", "targets": ["10.1.0.5"]}, "native"),
    ({"provider": "a", "outpost": "b", "consumer": "c", "targets": ["10.1.0.5"], "mode": "outpost"}, "outpost"),
    ({"provider": "a", "consumer": "c", "targets": ["10.1.0.5"], "mode": "native"}, "native"),
])
def test_a_link_is_native_unless_it_names_an_outpost(entry, mode):
    [link] = plan_estate(hosts({"vpcmesh_privatelinks": [entry]}))["privatelinks"]
    assert link["mode"] == mode
    assert ("outpost" in link) == (mode == "outpost")


def test_a_native_link_carries_the_provider_subnets_and_a_flow_reaches_its_endpoint():
    plan = plan_estate(hosts({
        "vpcmesh_privatelinks": [{"provider": "a", "consumer": "c", "targets": ["10.1.0.5"], "port": 443,
                                  "subnets": {"provider": {"tier": "private"}}}],
        "vpcmesh_flows": [{"name": "api", "from": "c", "to": {"privatelink": "a-native"}, "port": 443}],
    }))
    [link] = plan["privatelinks"]
    assert (link["name"], link["runner"], link["port"]) == ("a-native", "a", 443)
    assert link["provider"] == {"vpc_id": "vpc-a", "region": "us-east-1", "subnet_ids": ["subnet-a-0"],
                                "targets": ["10.1.0.5"]}
    assert link["consumer"] == {"host": "c", "vpc_id": "vpc-c", "region": "us-west-2", "account_id": "222222222222",
                                "subnet_ids": ["subnet-c-0"]}
    assert plan["flows"][0]["destination"] == {"vpc_endpoint": "a-native", "vpc_id": "vpc-c", "region": "us-west-2",
                                               "host": "c"}


@pytest.mark.parametrize("entry, message", [
    ({"provider": "b", "consumer": "c", "targets": ["10.2.0.5"]},
     "are both in us-west-2; native cross-region PrivateLink is for a consumer in another region"),
    ({"provider": "b", "consumer": "c", "targets": ["10.2.0.5"]}, "without service_region, or peer the two VPCs"),
    ({"provider": "a", "consumer": "c", "targets": ["10.1.0.5"], "mode": "native", "outpost": "b"},
     "mode native has no outpost VPC, but `outpost: b` is given"),
    ({"provider": "a", "consumer": "c", "targets": ["10.1.0.5"], "mode": "outpost"},
     "needs `outpost`: provider, outpost and consumer are VPCs of the inventory (mode outpost)"),
    ({"provider": "a", "consumer": "c", "targets": ["10.1.0.5"], "mode": "peering"}, "mode 'peering' is unknown"),
    ({"provider": "a", "consumer": "c", "targets": ["10.1.0.5"], "route_tables": {"provider": "all"}},
     "`route_tables` is for mode outpost"),
    ({"provider": "a", "consumer": "c"}, "needs `targets`"),
    ({"consumer": "c", "targets": ["10.1.0.5"]}, "needs `provider`: provider and consumer are VPCs of the inventory"),
])
def test_an_unusable_native_link_is_refused_naming_the_entry(entry, message):
    with pytest.raises(EstateError) as error:
        plan_estate(hosts({"vpcmesh_privatelinks": [entry]}))
    assert message in str(error.value)
    assert "vpcmesh_privatelinks[0]" in str(error.value)


def test_a_native_link_run_through_a_role_needs_the_consumer_account_reachable():
    """check_runners holds for native links as for outposts: a provider acting through a role cannot act on a
    consumer of another account that has no role or profile of its own."""
    topology = {"vpcmesh_privatelinks": [{"provider": "a", "consumer": "c", "targets": ["10.1.0.5"]}]}
    with pytest.raises(EstateError, match="vpcmesh_privatelinks 'a-native' is run by 'a'"):
        plan_estate(hosts(topology, a={"vpcmesh_role_arn": "arn:aws:iam::111111111111:role/x"}))
    plan = plan_estate(hosts(topology, a={"vpcmesh_role_arn": "arn:aws:iam::111111111111:role/x"},
                             c={"vpcmesh_role_arn": "arn:aws:iam::222222222222:role/x"}))
    assert plan["privatelinks"][0]["mode"] == "native"


SHARED_MESH = {"name": "m", "topology": "hub", "hub": "a", "nodes": ["a", "b"], "sharing": "ram"}


def test_a_sharing_mesh_groups_its_spokes_by_node_and_account_with_the_node_of_their_region():
    extra = {"e": vpc("e", "us-west-2", "10.5.0.0/16", account="222222222222")}
    host_vars = hosts({"vpcmesh_resolver_meshes": [dict(SHARED_MESH, spokes=["c", {"vpc": "e"}])]})
    host_vars["e"] = {"vpcmesh_vpc": extra["e"]}
    mesh = plan_estate(host_vars)["resolver_meshes"][0]
    assert mesh["sharing"] == "ram" and mesh["share_within_organization"] is False
    # c and e: one account, one region (b's): one spoke, both VPCs; named for the report, host for credentials
    assert mesh["spokes"] == [{"host": "c", "name": "222222222222-us-west-2", "node": "b", "region": "us-west-2",
                               "account_id": "222222222222", "vpc_ids": ["vpc-c", "vpc-e"]}]
    plain = plan_estate(hosts({"vpcmesh_resolver_meshes": [{"name": "m", "nodes": ["a", "b"]}]}))["resolver_meshes"][0]
    assert (plain["sharing"], plain["spokes"]) == ("none", [])


@pytest.mark.parametrize("entry, message", [
    (dict(SHARED_MESH, sharing="org"), "sharing 'org' is unknown"),
    (dict(SHARED_MESH, sharing="none", spokes=["c"]), "`spokes` needs `sharing: ram`"),
    (SHARED_MESH, "`sharing: ram` needs `spokes`"),
    (dict(SHARED_MESH, spokes=["b"]), "'b' is a node of the mesh"),
    (dict(SHARED_MESH, spokes=["x"]), "names 'x', which is not a VPC of the inventory"),
    (dict(SHARED_MESH, spokes=[{"vpc": "c", "node": "a"}]), "Resolver rules can only be used in their own region"),
    (dict(SHARED_MESH, spokes=[{"vpc": "c", "node": "z"}]), "names node 'z', which is not one of the mesh's nodes"),
    (dict(SHARED_MESH, nodes=["a", "d"], spokes=["c"]), "needs `node`, the mesh node in its region"),
])
def test_a_sharing_mesh_is_refused_with_what_to_change(entry, message):
    with pytest.raises(EstateError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        plan_estate(hosts({"vpcmesh_resolver_meshes": [entry]}))


def test_a_spoke_in_the_nodes_account_is_refused_as_ram_cannot_share_with_it():
    same = {"vpcmesh_vpc": vpc("f", "us-west-2", "10.6.0.0/16")}
    host_vars = hosts({"vpcmesh_resolver_meshes": [dict(SHARED_MESH, spokes=["f"])]})
    host_vars["f"] = same
    with pytest.raises(EstateError, match="RAM cannot share with; make it a node"):
        plan_estate(host_vars)
