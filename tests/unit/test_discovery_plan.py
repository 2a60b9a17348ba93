"""estate_info's pure part (plugins/module_utils/discovery.py): what was read -> an inventory, and what is left as
found, on hand-built state."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils import discovery as d


def vpc(vpc_id, name, cidr, region="us-east-1", account="111111111111", tables=("rtb-1",), dns=True, main=None,
        tags=None, subnets=("subnet-1", "subnet-2")):
    tags = tags or {}
    return {"vpc_id": vpc_id, "name": name, "cidrs": [cidr], "region": region, "account_id": account,
            "dns_support": dns, "dns_hostnames": dns,
            "route_tables": [{"id": t, "main": t == main, "edge": False, "tags": tags.get(t, {}), "routes": []}
                             for t in tables],
            "subnets": [{"id": s, "tags": {}} for s in subnets]}


def peering(pcx, req, acc, name, status="active", dns=(True, True)):
    return {"id": pcx, "status": status, "name": name, "seen_in": req["region"],
            "requester": {"vpc_id": req["vpc_id"], "region": req["region"], "allow_dns": dns[0]},
            "accepter": {"vpc_id": acc["vpc_id"], "region": acc["region"], "allow_dns": dns[1]}}


def route(v, pcx, dest, tables=None):
    for table in v["route_tables"]:
        if tables is None or table["id"] in tables:
            table["routes"].append({"destination": dest, "peering_id": pcx})


def peer_both(a, b, pcx, name=None, dns=(True, True)):
    route(a, pcx, b["cidrs"][0])
    route(b, pcx, a["cidrs"][0])
    return peering(pcx, a, b, name or f"{a['name']}-to-{b['name']}", dns=dns)


def state(vpcs, peerings=(), zones=(), rules=(), endpoints=(), interfaces=(), vpc_endpoints=(), services=()):
    return {"accounts": [{"account_id": "111111111111", "vars": {"vpcmesh_account_id": "111111111111"}}],
            "vpcs": list(vpcs), "peerings": list(peerings), "zones": list(zones),
            "resolver": {"rules": list(rules), "endpoints": list(endpoints)}, "interfaces": list(interfaces),
            "endpoints": list(vpc_endpoints), "services": list(services)}


def topology(found):
    return found["inventory"]["vpcmesh_vpcs"]["vars"]


def host_vars(found, host, account="111111111111"):
    return found["inventory"]["vpcmesh_vpcs"]["children"][f"account_{account}"]["hosts"][host]


# -- shapes ------------------------------------------------------------------------------------------------
def test_three_vpcs_all_peered_in_one_order_are_a_full_mesh():
    assert d.shapes([("a", "b"), ("a", "c"), ("b", "c")]) == [{"full_mesh": ["a", "b", "c"]}]


def test_a_mesh_whose_requests_go_round_in_a_circle_is_not_a_full_mesh():
    found = d.shapes([("a", "b"), ("b", "c"), ("c", "a")])
    assert {"full_mesh": ["a", "b", "c"]} not in found
    pairs = sorted(tuple(p) for e in found for p in d_pairs(e))
    assert pairs == [("a", "b"), ("b", "c"), ("c", "a")]


def d_pairs(entry):
    if "pair" in entry:
        return [tuple(entry["pair"])]
    if "hub" in entry:
        return [(entry["hub"], s) for s in entry["spokes"]]
    members = entry.get("chain") or entry["full_mesh"]
    if "chain" in entry:
        return list(zip(members, members[1:]))
    return [(x, y) for i, x in enumerate(members) for y in members[i + 1:]]


def test_a_half_mesh_of_three_vpcs_is_a_chain_or_a_hub_by_its_requests():
    assert d.shapes([("a", "b"), ("b", "c")]) == [{"chain": ["a", "b", "c"]}]
    assert d.shapes([("b", "a"), ("b", "c")]) == [{"hub": "b", "spokes": ["a", "c"]}]


def test_a_lone_peering_is_a_pair_and_no_edge_is_lost_in_a_mixed_estate():
    edges = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("x", "y"), ("h", "s1"), ("h", "s2"), ("h", "s3")]
    found = d.shapes(edges)
    assert {"full_mesh": ["a", "b", "c"]} in found
    assert {"hub": "h", "spokes": ["s1", "s2", "s3"]} in found
    assert sorted(p for e in found for p in d_pairs(e)) == sorted(edges)


def test_shapes_of_nothing_is_nothing():
    assert d.shapes([]) == []


# -- route table selections --------------------------------------------------------------------------------
def test_selection_is_all_none_main_a_tag_filter_or_ids():
    v = vpc("vpc-1", "a", "10.0.0.0/16", tables=("rtb-m", "rtb-p1", "rtb-p2", "rtb-x"), main="rtb-m",
            tags={"rtb-p1": {"tier": "private", "Name": "p1"}, "rtb-p2": {"tier": "private"},
                  "rtb-x": {"tier": "public"}})
    assert d.selection_of(v, ["rtb-m", "rtb-p1", "rtb-p2", "rtb-x"]) == "all"
    assert d.selection_of(v, []) == "none"
    assert d.selection_of(v, ["rtb-m"]) == "main"
    assert d.selection_of(v, ["rtb-p1", "rtb-p2"]) == {"tier": "private"}
    assert d.selection_of(v, ["rtb-p1", "rtb-x"]) == ["rtb-p1", "rtb-x"]


def test_edge_tables_are_not_counted_in_all():
    v = vpc("vpc-1", "a", "10.0.0.0/16", tables=("rtb-1", "rtb-edge"))
    v["route_tables"][1]["edge"] = True
    assert d.selection_of(v, ["rtb-1"]) == "all"


# -- peerings ------------------------------------------------------------------------------------------------
def test_guide4_chain_round_trips_with_its_tag_selection_and_role():
    main = vpc("vpc-m", "main", "10.40.0.0/16")
    shared = vpc("vpc-s", "shared", "10.41.0.0/16", tables=("rtb-s1", "rtb-s2", "rtb-sm"),
                 tags={"rtb-s1": {"tier": "private"}, "rtb-s2": {"tier": "private"}})
    team = vpc("vpc-t", "team", "10.0.0.0/16", region="eu-west-1", account="222222222222")
    p1 = peer_both(main, shared, "pcx-1")
    shared["route_tables"][2]["routes"].clear()  # the main table of shared: not routed
    p2 = peering("pcx-2", shared, team, "shared-to-team")
    route(shared, "pcx-2", "10.0.0.0/16", ["rtb-s1", "rtb-s2"])
    route(team, "pcx-2", "10.41.0.0/16")
    p2_at_team = dict(p2, seen_in="eu-west-1")  # the accepter's copy, read in its own region
    st = state([main, shared, team], [p1, p2, p2_at_team])
    st["accounts"].append({"account_id": "222222222222", "vars": {"vpcmesh_account_id": "222222222222",
                                                                  "vpcmesh_role_arn": "arn:aws:iam::2:role/x"}})
    found = d.inventory(st)
    assert topology(found)["vpcmesh_peerings"] == [{"chain": ["main", "shared", "team"]}]
    assert host_vars(found, "shared")["vpcmesh_route_tables"] == {"tier": "private"}
    assert "vpcmesh_route_tables" not in host_vars(found, "main")
    assert found["inventory"]["vpcmesh_vpcs"]["children"]["account_222222222222"]["vars"]["vpcmesh_role_arn"]
    assert found["left_as_found"] == []


def test_a_peering_without_dns_on_either_side_says_dns_resolution_false():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16")
    found = d.inventory(state([a, b], [peer_both(a, b, "pcx-1", dns=(False, False))]))
    assert topology(found)["vpcmesh_peerings"] == [{"pair": ["a", "b"], "dns_resolution": False}]


def test_a_dns_option_on_one_side_only_is_left_as_found_not_listed():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16")
    found = d.inventory(state([a, b], [peer_both(a, b, "pcx-1", dns=(True, False))]))
    assert "vpcmesh_peerings" not in topology(found)
    [left] = found["left_as_found"]
    assert left["kind"] == "peering" and left["peering_id"] == "pcx-1" and "accepter's" in left["reason"]
    assert topology(found)["vpcmesh_left_as_found"] == found["left_as_found"]


def test_dns_on_over_a_vpc_with_dns_attributes_off_is_left_as_found():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16", dns=False)
    found = d.inventory(state([a, b], [peer_both(a, b, "pcx-1")]))
    assert "vpcmesh_peerings" not in topology(found)
    assert "vpc-b has dns_support off" in found["left_as_found"][0]["reason"]


def test_a_name_tag_the_model_would_change_is_left_as_found_and_a_prefixed_one_is_named():
    a, b, c = (vpc(f"vpc-{n}", n, f"10.{i}.0.0/16") for i, n in enumerate("abc", 1))
    conns = [peer_both(a, b, "pcx-1", name="hand-made"), peer_both(a, c, "pcx-2", name="team-a-c")]
    found = d.inventory(state([a, b, c], conns))
    assert topology(found)["vpcmesh_peerings"] == [{"pair": ["a", "c"], "name": "team"}]
    [left] = found["left_as_found"]
    assert "Name tag (hand-made)" in left["reason"] and "{pair: [a, b]}" in left["reason"]


def test_a_narrower_route_and_a_route_to_another_block_are_left_as_found_the_peering_kept():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16", tables=("rtb-1", "rtb-2")), vpc("vpc-b", "b", "10.2.0.0/16")
    conn = peer_both(a, b, "pcx-1")
    route(a, "pcx-1", "10.2.5.0/24", ["rtb-2"])
    route(a, "pcx-1", "192.168.0.0/24", ["rtb-1"])
    found = d.inventory(state([a, b], [conn]))
    assert topology(found)["vpcmesh_peerings"] == [{"pair": ["a", "b"]}]
    reasons = {i["what"]: i["reason"] for i in found["left_as_found"]}
    assert reasons["route 10.2.5.0/24 over pcx-1 in rtb-2"].startswith("narrower than the peer VPC's block")
    assert reasons["route 192.168.0.0/24 over pcx-1 in rtb-1"].startswith("not a block of the peer VPC")


def test_a_table_with_only_some_of_the_peers_blocks_is_not_selected_and_is_left_as_found():
    a = vpc("vpc-a", "a", "10.1.0.0/16", tables=("rtb-1", "rtb-2"))
    b = vpc("vpc-b", "b", "10.2.0.0/16")
    b["cidrs"].append("10.3.0.0/16")
    conn = peering("pcx-1", a, b, "a-to-b")
    route(a, "pcx-1", "10.2.0.0/16")
    route(a, "pcx-1", "10.3.0.0/16", ["rtb-1"])
    route(b, "pcx-1", "10.1.0.0/16")
    found = d.inventory(state([a, b], [conn]))
    assert host_vars(found, "a")["vpcmesh_route_tables"] == ["rtb-1"]
    assert "only some of the peer's blocks (not 10.3.0.0/16)" in found["left_as_found"][0]["reason"]


def test_a_route_in_only_some_tables_of_one_pair_is_that_pairs_override():
    a = vpc("vpc-a", "a", "10.1.0.0/16", tables=("rtb-1", "rtb-2"))
    b, c, e = (vpc(f"vpc-{n}", n, f"10.{i}.0.0/16") for i, n in ((2, "b"), (3, "c"), (4, "e")))
    conns = [peer_both(a, b, "pcx-1"), peer_both(a, c, "pcx-2")]
    conn = peering("pcx-3", a, e, "a-to-e")
    route(a, "pcx-3", "10.4.0.0/16", ["rtb-2"])
    route(e, "pcx-3", "10.1.0.0/16")
    found = d.inventory(state([a, b, c, e], conns + [conn]))
    assert topology(found)["vpcmesh_peerings"] == [{"hub": "a", "spokes": ["b", "c"]},
                                                   {"pair": ["a", "e"], "route_tables": {"a": ["rtb-2"]}}]


def test_peerings_not_active_or_to_vpcs_not_read_are_left_as_found_and_gone_ones_ignored():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16")
    elsewhere = vpc("vpc-z", "z", "10.9.0.0/16")
    conns = [peering("pcx-1", a, b, "a-to-b", status="pending-acceptance"), peering("pcx-2", a, elsewhere, "x"),
             peering("pcx-3", a, b, "a-to-b", status="deleted")]
    found = d.inventory(state([a, b], conns))
    assert sorted(i["peering_id"] for i in found["left_as_found"]) == ["pcx-1", "pcx-2"]


def test_each_sides_dns_option_is_taken_from_the_view_in_its_own_region():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16", region="eu-west-1")
    seen_at_a = peer_both(a, b, "pcx-1", dns=(True, None))
    seen_at_b = dict(peering("pcx-1", a, b, "a-to-b", dns=(None, True)), seen_in="eu-west-1")
    found = d.inventory(state([a, b], [seen_at_a, seen_at_b]))
    assert topology(found)["vpcmesh_peerings"] == [{"pair": ["a", "b"]}]


# -- hosts ---------------------------------------------------------------------------------------------------
def test_host_names_come_from_mesh_nodes_then_name_tags_then_ids():
    vpcs = [vpc("vpc-1", "app team", "10.1.0.0/16"), vpc("vpc-2", None, "10.2.0.0/16"),
            vpc("vpc-3", "dup", "10.3.0.0/16"), vpc("vpc-4", "dup", "10.4.0.0/16"), vpc("vpc-5", "x", "10.5.0.0/16")]
    assert d.host_names(vpcs, {"vpc-5": "node5"}) == {"vpc-1": "app-team", "vpc-2": "vpc-2", "vpc-3": "dup-vpc-3",
                                                      "vpc-4": "dup-vpc-4", "vpc-5": "node5"}


# -- zones ---------------------------------------------------------------------------------------------------
def zone(vpcs, records=(), account="111111111111", name="internal."):
    return {"id": "Z1", "name": name, "account_id": account, "comment": "", "vpcs": vpcs,
            "records": [{"name": "internal.", "type": "SOA", "values": ["x"], "ttl": 900},
                        *records]}


def test_a_zone_lists_its_vpcs_owner_first_and_its_simple_records():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16", account="222222222222")
    z = zone([{"vpc_id": "vpc-b", "region": "us-east-1"}, {"vpc_id": "vpc-a", "region": "us-east-1"}],
             [{"name": "api.internal.", "type": "CNAME", "values": ["x.example"], "ttl": 60},
              {"name": "\\052.internal.", "type": "A", "values": ["10.1.0.5", "10.1.0.6"], "ttl": 300},
              {"name": "alias.internal.", "type": "A", "values": [], "alias": True}])
    found = d.inventory(state([a, b], zones=[z]))
    assert topology(found)["vpcmesh_zones"] == [{"name": "internal", "vpcs": ["a", "b"], "records": [
        {"name": "*", "type": "A", "value": ["10.1.0.5", "10.1.0.6"], "ttl": 300},
        {"name": "api", "type": "CNAME", "value": "x.example", "ttl": 60}]}]
    assert [i["kind"] for i in found["left_as_found"]] == ["record"]


def test_a_zone_without_a_vpc_of_its_account_or_on_unknown_vpcs_is_left_as_found():
    b = vpc("vpc-b", "b", "10.2.0.0/16", account="222222222222")
    z = zone([{"vpc_id": "vpc-b", "region": "us-east-1"}, {"vpc_id": "vpc-q", "region": "us-east-1"}])
    found = d.inventory(state([b], zones=[z]))
    assert "vpcmesh_zones" not in topology(found)
    assert sorted(i["kind"] for i in found["left_as_found"]) == ["zone", "zone association"]


# -- Resolver meshes -----------------------------------------------------------------------------------------
def mesh_state(topology_kind="full_mesh", hub="n1"):
    vpcs = [vpc(f"vpc-{i}", f"v{i}", f"10.{i}.0.0/16", region=r, subnets=(f"s{i}a", f"s{i}b"))
            for i, r in ((1, "us-east-1"), (2, "us-east-2"), (3, "us-west-2"))]
    endpoints, rules = [], []
    for i, v in enumerate(vpcs, 1):
        for direction in ("INBOUND", "OUTBOUND"):
            endpoints.append({"id": f"rslvr-{direction[:2]}-{i}", "name": f"m-n{i}-{direction.lower()}",
                              "vpc_id": v["vpc_id"], "direction": direction, "region": v["region"],
                              "ips": [{"ip": f"10.{i}.0.{k}", "subnet_id": f"s{i}{x}"} for k, x in ((10, "a"), (11, "b"))]})
    for i, v in enumerate(vpcs, 1):
        for j, other in enumerate(vpcs, 1):
            if i == j:
                continue
            target = j if topology_kind == "full_mesh" or f"n{i}" == hub else int(hub[1:])
            for domain in d.mesh_domains(other["region"]):
                rules.append({"id": f"r-{i}-{domain}", "name": "x", "region": v["region"], "account_id": "1",
                              "type": "FORWARD", "domain": domain, "targets": [f"10.{target}.0.10", f"10.{target}.0.11"],
                              "tags": {"vpcmesh:mesh": "m", "vpcmesh:node": f"n{i}"}, "vpc_ids": [v["vpc_id"]]})
    s3 = [{"id": f"vpce-{i}", "name": f"m-n{i}-s3", "vpc_id": v["vpc_id"], "type": "Interface", "service": "s3",
           "region": v["region"]} for i, v in enumerate(vpcs, 1)]
    return state(vpcs, rules=rules, endpoints=endpoints, vpc_endpoints=s3)


def test_rules_tagged_by_a_mesh_are_its_nodes_as_hosts_and_its_topology():
    found = d.inventory(mesh_state())
    assert topology(found)["vpcmesh_resolver_meshes"] == [{"name": "m", "topology": "full_mesh",
                                                           "nodes": ["n1", "n2", "n3"]}]
    assert set(found["hosts"]) == {"n1", "n2", "n3"}
    assert found["left_as_found"] == []


def test_a_hub_mesh_is_recognised_with_its_hub():
    found = d.inventory(mesh_state("hub", "n2"))
    assert topology(found)["vpcmesh_resolver_meshes"] == [{"name": "m", "topology": "hub",
                                                           "nodes": ["n1", "n2", "n3"], "hub": "n2"}]


def test_a_mesh_missing_a_rule_and_a_foreign_rule_are_left_as_found():
    st = mesh_state()
    st["resolver"]["rules"].pop()
    st["resolver"]["rules"].append({"id": "r-corp", "name": "corp", "region": "us-east-1", "account_id": "1",
                                    "type": "FORWARD", "domain": "corp.example.com", "targets": ["192.168.0.2"],
                                    "tags": {}, "vpc_ids": ["vpc-1"]})
    found = d.inventory(st)
    assert "vpcmesh_resolver_meshes" not in topology(found)
    kinds = [i["kind"] for i in found["left_as_found"]]
    assert kinds.count("resolver rule") == len(st["resolver"]["rules"])
    assert any("no vpcmesh:mesh tag" in i["reason"] for i in found["left_as_found"] if i.get("rule_id") == "r-corp")


def test_endpoints_and_services_not_of_a_mesh_are_left_as_found():
    a = vpc("vpc-a", "a", "10.1.0.0/16")
    found = d.inventory(state([a], vpc_endpoints=[{"id": "vpce-1", "vpc_id": "vpc-a", "type": "Interface",
                                                   "service": "com.amazonaws.vpce.x", "region": "us-east-1"},
                                                  {"id": "vpce-2", "vpc_id": "vpc-a", "type": "Gateway",
                                                   "service": "s3", "region": "us-east-1"}],
                              services=[{"id": "vpce-svc-1", "region": "us-east-1", "account_id": "1"}]))
    assert sorted(i["kind"] for i in found["left_as_found"]) == ["endpoint service", "vpc endpoint"]


# -- flows ---------------------------------------------------------------------------------------------------
def test_flows_go_to_interfaces_whose_group_admits_the_peer():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16")
    enis = [{"vpc_id": "vpc-b", "ip": "10.2.1.10", "ingress": [{"port": 443, "cidrs": ["10.0.0.0/8"]},
                                                               {"port": 22, "cidrs": ["192.168.0.0/16"]}]}]
    found = d.inventory(state([a, b], [peer_both(a, b, "pcx-1")], interfaces=enis))
    assert topology(found)["vpcmesh_flows"] == [{"name": "a to b 10.2.1.10:443", "from": "a",
                                                 "to": {"vpc": "b", "ip": "10.2.1.10"}, "port": 443}]


def test_an_empty_estate_is_an_inventory_without_topology():
    found = d.inventory(state([]))
    assert found["inventory"] == {"vpcmesh_vpcs": {"children": {}, "vars": {}}}
    assert found["left_as_found"] == [] and found["hosts"] == {}


def test_a_name_tag_missing_on_the_accepters_copy_is_left_as_found():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16", region="eu-west-1")
    seen_at_a = peer_both(a, b, "pcx-1")
    seen_at_b = dict(peering("pcx-1", a, b, None), seen_in="eu-west-1")
    found = d.inventory(state([a, b], [seen_at_a, seen_at_b]))
    assert "vpcmesh_peerings" not in topology(found)
    assert "on the accepter's side (none, in eu-west-1)" in found["left_as_found"][0]["reason"]


def test_a_default_vpc_nothing_peers_with_is_left_out_and_resolver_ips_get_no_flow():
    a, b = vpc("vpc-a", "a", "10.1.0.0/16"), vpc("vpc-b", "b", "10.2.0.0/16")
    spare = dict(vpc("vpc-d", None, "172.31.0.0/16"), default=True)
    enis = [{"vpc_id": "vpc-b", "ip": "10.2.1.4", "ingress": [{"port": 53, "cidrs": ["10.1.0.0/16"]}]}]
    st = state([a, b, spare], [peer_both(a, b, "pcx-1")], interfaces=enis,
               endpoints=[{"id": "rslvr-in-1", "name": "x", "vpc_id": "vpc-b", "direction": "INBOUND",
                           "region": "us-east-1", "ips": [{"ip": "10.2.1.4", "subnet_id": "subnet-1"}]}])
    found = d.inventory(st)
    assert found["hosts"] == {"a": "vpc-a", "b": "vpc-b"}
    assert "vpcmesh_flows" not in topology(found)


# -- PrivateLink chains ------------------------------------------------------------------------------------
def chain_state(outpost_dns=False, principals=None):
    provider = vpc("vpc-p", "prov", "10.10.0.0/16")
    outpost = vpc("vpc-o", "out", "10.11.0.0/16", region="us-west-2", subnets=("s-o1", "s-o2", "s-o3"))
    outpost["subnets"][1]["tags"] = outpost["subnets"][2]["tags"] = {"tier": "private"}
    consumer = vpc("vpc-c", "cons", "10.12.0.0/16", region="us-west-2", subnets=("s-c1", "s-c2"))
    conn = peer_both(outpost, provider, "pcx-1", name="link", dns=(outpost_dns, True))
    at_provider = dict(conn, seen_in="us-east-1")
    service = {"id": "vpce-svc-1", "region": "us-west-2", "account_id": "111111111111", "name": "link",
               "service_name": "com.amazonaws.vpce.us-west-2.vpce-svc-1", "load_balancer_arns": ["arn:lb"],
               "acceptance_required": False, "principals": principals or ["arn:aws:iam::111111111111:root"]}
    balancer = {"arn": "arn:lb", "name": "link", "vpc_id": "vpc-o", "subnet_ids": ["s-o2", "s-o3"], "port": 80,
                "target_groups": [{"name": "link", "port": 8080, "targets": ["10.10.1.11", "10.10.1.10"]}]}
    endpoint = {"id": "vpce-1", "vpc_id": "vpc-c", "region": "us-west-2", "type": "Interface", "name": "link",
                "service": service["service_name"], "subnet_ids": ["s-c1", "s-c2"]}
    st = state([provider, outpost, consumer], [conn, at_provider], vpc_endpoints=[endpoint], services=[service])
    st["load_balancers"] = [balancer]
    return st


def test_an_endpoint_service_of_the_roles_pattern_is_a_privatelink_chain_and_its_peering_is_not_listed_again():
    found = d.inventory(chain_state())
    assert topology(found)["vpcmesh_privatelinks"] == [{
        "name": "link", "provider": "prov", "outpost": "out", "consumer": "cons",
        "targets": ["10.10.1.10", "10.10.1.11"], "port": 80, "target_port": 8080,
        "subnets": {"outpost": {"tier": "private"}}}]
    assert "vpcmesh_peerings" not in topology(found)
    assert found["left_as_found"] == []


def test_a_chain_with_other_principals_says_them_and_one_with_other_dns_options_is_left_as_found():
    found = d.inventory(chain_state(principals=["arn:aws:iam::333333333333:root"]))
    assert topology(found)["vpcmesh_privatelinks"][0]["allowed_principals"] == ["arn:aws:iam::333333333333:root"]
    found = d.inventory(chain_state(outpost_dns=True))
    assert "vpcmesh_privatelinks" not in topology(found)
    assert [i["kind"] for i in found["left_as_found"]] == ["endpoint service", "peering", "vpc endpoint"]
