"""Routing, peering, network ACL and security group checks of one path, on hand-built state."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_path import longest_prefix, trace

from test_verify_world import OTHER, World, acl_entry, tcp

HOST = "172.30.0.224"


def guide1():
    """us-east-1 10.0.0.0/16 peered with eu-west-1 172.30.0.0/16, routes in every table, a host on port 80."""
    world = World()
    a = world.vpc("use1", "us-east-1", "10.0.0.0/16", ["10.0.0.0/24", "10.0.1.0/24"])
    b = world.vpc("euw1", "eu-west-1", "172.30.0.0/16", ["172.30.0.0/24", "172.30.1.0/24"])
    pcx = world.connect(a, b, requester_dns=True, accepter_dns=True)
    world.host(b, HOST, port=80, allow_from=["10.0.0.0/16"])
    return world, a, b, pcx


def source(vpc, index=0, **extra):
    return dict(vpc_id=vpc["id"], subnet_id=vpc["subnets"][index], **extra)


def unroute(world, table_id, cidr):
    routes = world.snap.route_tables[table_id]["routes"]
    routes[:] = [r for r in routes if r["destination"] != cidr]


def blocked(path):
    assert path["reachable"] is False, path
    return path["blocked_by"]["check"], path["blocked_by"]["resource"], path["blocked_by"]["region"]


def test_peered_host_is_reachable_and_every_step_is_a_hop():
    world, a, b, pcx = guide1()
    path = trace(world.snap, source(a), HOST, "tcp", 80)
    assert path["reachable"] is True and path["reason"] is None
    assert [h["check"] for h in path["hops"]] == ["route", "peering", "interface", "network-acl", "network-acl",
                                                  "security-group", "return-route", "network-acl", "network-acl"]
    assert path["hops"][0]["resource"] == a["tables"][1] and path["hops"][1]["resource"] == pcx
    assert path["destination_vpc"] == b["id"]


def test_longest_prefix_wins():
    routes = [dict(destination="0.0.0.0/0", target="igw-1", state="active"),
              dict(destination="172.30.0.0/16", target="pcx-1", state="active"),
              dict(destination="172.30.0.0/24", target="tgw-1", state="active")]
    assert longest_prefix(routes, "172.30.0.224")["target"] == "tgw-1"
    assert longest_prefix(routes, "172.30.1.5")["target"] == "pcx-1"
    assert longest_prefix(routes, "10.9.9.9")["target"] == "igw-1"
    assert longest_prefix(routes[1:], "10.9.9.9") is None


def test_a_more_specific_route_elsewhere_takes_the_traffic_off_the_peering():
    world, a, b, pcx = guide1()
    world.route(a["tables"][1], "172.30.0.0/24", "tgw-0a1b")
    assert blocked(trace(world.snap, source(a), HOST, "tcp", 80)) == ("route", a["tables"][1], "us-east-1")
    assert "sends 172.30.0.224 to tgw-0a1b" in trace(world.snap, source(a), HOST, "tcp", 80)["reason"]
    world.host(b, "172.30.1.9", port=80, allow_from=["10.0.0.0/16"])
    assert trace(world.snap, source(a), "172.30.1.9", "tcp", 80)["reachable"] is True


def test_missing_route_in_one_table_names_that_table_and_the_fix():
    world, a, b, pcx = guide1()
    unroute(world, a["tables"][2], b["cidr"])
    assert trace(world.snap, source(a, 0), HOST, "tcp", 80)["reachable"] is True
    path = trace(world.snap, source(a, 1), HOST, "tcp", 80)
    assert blocked(path) == ("route", a["tables"][2], "us-east-1")
    assert path["reason"].startswith(f"{a['tables'][2]} in us-east-1 (route table of {a['subnets'][1]}) has no route "
                                     f"to {HOST}; add a route to 172.30.0.0/16 via {pcx}")


def test_missing_return_route_names_the_other_sides_table():
    world, a, b, pcx = guide1()
    unroute(world, b["tables"][1], a["cidr"])
    path = trace(world.snap, source(a), HOST, "tcp", 80)
    assert blocked(path) == ("return-route", b["tables"][1], "eu-west-1")
    assert f"{b['tables'][1]} in eu-west-1 (route table of {b['subnets'][0]}) has no route back to 10.0.0.0/24; " \
           f"add a route to 10.0.0.0/16 via {pcx}" == path["reason"]


def test_return_route_over_another_target_is_not_a_way_back():
    world, a, b, pcx = guide1()
    world.route(b["tables"][1], "10.0.0.0/24", "tgw-0a1b")
    path = trace(world.snap, source(a), HOST, "tcp", 80)
    assert blocked(path) == ("return-route", b["tables"][1], "eu-west-1")
    assert "sends replies for 10.0.0.0/24 to tgw-0a1b instead of" in path["reason"]


def test_blackhole_route_blocks():
    world, a, b, pcx = guide1()
    world.snap.route_tables[a["tables"][1]]["routes"][-1]["state"] = "blackhole"
    path = trace(world.snap, source(a), HOST, "tcp", 80)
    assert blocked(path) == ("route", a["tables"][1], "us-east-1")
    assert "blackhole" in path["reason"]


def test_route_to_a_deleted_peering_blocks_even_when_the_route_still_says_active():
    world, a, b, pcx = guide1()
    world.snap.peerings[pcx]["status"] = "deleted"
    path = trace(world.snap, source(a), HOST, "tcp", 80)
    assert blocked(path) == ("peering", pcx, "us-east-1")
    assert f"sends {HOST} to {pcx}, which is deleted" in path["reason"]


def data_chain():
    """Guide 4: main <-> shared-data (same account), shared-data <-> data team (another account)."""
    world = World()
    main = world.vpc("main", "us-east-1", "10.40.0.0/16", ["10.40.1.0/24"])
    shared = world.vpc("shared", "us-east-1", "10.41.0.0/16", ["10.41.1.0/24"])
    team = world.vpc("team", "eu-west-1", "10.0.0.0/16", ["10.0.1.0/24"], account=OTHER)
    to_shared = world.connect(main, shared)
    world.connect(shared, team)
    world.host(shared, "10.41.1.50", port=5432, allow_from=["10.0.0.0/16", "10.40.0.0/16"])
    world.host(team, "10.0.1.10", port=5432, allow_from=["10.41.0.0/16", "10.40.0.0/16"])
    return world, main, shared, team, to_shared


def test_peering_is_not_transitive_even_with_a_route_through_the_middle_vpc():
    world, main, shared, team, to_shared = data_chain()
    assert trace(world.snap, source(main), "10.41.1.50", "tcp", 5432)["reachable"] is True
    assert trace(world.snap, source(team), "10.41.1.50", "tcp", 5432)["reachable"] is True
    path = trace(world.snap, source(main), "10.0.1.10", "tcp", 5432)
    assert blocked(path) == ("route", main["tables"][1], "us-east-1")
    assert f"no active peering of {main['id']} leads to a VPC holding 10.0.1.10" in path["reason"]

    world.route(main["tables"][1], "10.0.0.0/16", to_shared)
    path = trace(world.snap, source(main), "10.0.1.10", "tcp", 5432)
    assert blocked(path) == ("peering", to_shared, "us-east-1")
    assert "peering is not transitive" in path["reason"]


def test_peer_in_an_account_that_was_not_read_cannot_be_verified():
    world, main, shared, team, to_shared = data_chain()
    del world.snap.vpcs[team["id"]]
    world.snap.unread[team["id"]] = "account 222222222222 cannot be read: give credentials"
    path = trace(world.snap, source(shared), "10.0.1.10", "tcp", 5432)
    assert blocked(path)[0] == "peering"
    assert "cannot check beyond" in path["reason"] and "give credentials" in path["reason"]


def test_network_acl_deny_before_the_allow_blocks_and_names_the_rule():
    world, a, b, pcx = guide1()
    entries = world.snap.nacls[b["acl"]]["entries"]
    world.snap.add_nacl(dict(NetworkAclId=b["acl"], VpcId=b["id"], IsDefault=True,
                             Associations=[dict(SubnetId=s) for s in b["subnets"]],
                             Entries=[acl_entry(90, False, "deny", "10.0.0.0/16", "6", (80, 80))] + [
                                 acl_entry(e["number"], e["egress"], e["action"]) for e in entries]))
    path = trace(world.snap, source(a), HOST, "tcp", 80)
    assert blocked(path) == ("network-acl", b["acl"], "eu-west-1")
    assert "blocks inbound tcp/80 from 10.0.0.0/24 (the request): rule 90 denies it" in path["reason"]
    assert trace(world.snap, source(a), HOST, "tcp", 443)["blocked_by"]["check"] == "security-group"


def replace_acl(world, vpc, entries):
    world.snap.add_nacl(dict(NetworkAclId=vpc["acl"], VpcId=vpc["id"], IsDefault=True,
                             Associations=[dict(SubnetId=s) for s in vpc["subnets"]], Entries=entries))


def test_replies_must_pass_the_network_acls_to_the_ephemeral_ports():
    world, a, b, pcx = guide1()
    replace_acl(world, b, [acl_entry(100, False), acl_entry(100, True, protocol="6", ports=(0, 1023))])
    path = trace(world.snap, source(a), HOST, "tcp", 80)
    assert blocked(path) == ("network-acl", b["acl"], "eu-west-1")
    assert "outbound tcp 32768-60999 to 10.0.0.0/24 (the replies" in path["reason"]


def test_an_allow_must_cover_every_ephemeral_port():
    world, a, b, pcx = guide1()
    replace_acl(world, b, [acl_entry(100, False), acl_entry(100, True, protocol="6", ports=(32768, 65535))])
    assert trace(world.snap, source(a), HOST, "tcp", 80)["reachable"] is True
    assert blocked(trace(world.snap, source(a), HOST, "tcp", 80, ephemeral=(1024, 65535)))[0] == "network-acl"
    replace_acl(world, b, [acl_entry(100, False), acl_entry(100, True, protocol="6", ports=(1024, 40000)),
                           acl_entry(110, True, protocol="6", ports=(40001, 65535))])
    assert trace(world.snap, source(a), HOST, "tcp", 80, ephemeral=(1024, 65535))["reachable"] is True


def test_a_deny_for_part_of_the_source_subnet_blocks_it():
    world, a, b, pcx = guide1()
    replace_acl(world, b, [acl_entry(90, False, "deny", "10.0.0.128/25"), acl_entry(100, False), acl_entry(100, True)])
    assert blocked(trace(world.snap, source(a), HOST, "tcp", 80))[0] == "network-acl"
    world.eni(a, "10.0.0.10")
    assert trace(world.snap, source(a, ip="10.0.0.10"), HOST, "tcp", 80)["reachable"] is True


def test_security_group_without_a_rule_for_the_source_blocks():
    world, a, b, pcx = guide1()
    world.host(b, "172.30.0.225", port=80, allow_from=["192.168.0.0/16"])
    path = trace(world.snap, source(a), "172.30.0.225", "tcp", 80)
    assert blocked(path)[0:2] == ("security-group", world.snap.eni_holding(b["id"], "172.30.0.225")["groups"][0])
    assert "allow no ingress tcp/80 from 10.0.0.0/24" in path["reason"]


def test_source_security_group_egress_is_checked_when_the_source_address_is_given():
    world, a, b, pcx = guide1()
    closed = world.security_group(a["id"], egress=[tcp(443, "0.0.0.0/0")])
    world.eni(a, "10.0.0.10", [closed])
    path = trace(world.snap, source(a, ip="10.0.0.10", eni_id=world.snap.eni_holding(a["id"], "10.0.0.10")["id"]),
                 HOST, "tcp", 80)
    assert blocked(path) == ("security-group", closed, "us-east-1")
    assert "allow no egress tcp/80 to 172.30.0.224" in path["reason"]


def test_security_group_reference_across_regions_never_matches():
    world, a, b, pcx = guide1()
    client_group = world.security_group(a["id"], name="clients")
    client = world.eni(a, "10.0.0.10", [client_group])
    server_group = world.security_group(b["id"], ingress=[tcp(80, group=client_group)])
    world.eni(b, "172.30.0.226", [server_group])
    path = trace(world.snap, source(a, ip="10.0.0.10", eni_id=client), "172.30.0.226", "tcp", 80)
    assert blocked(path) == ("security-group", server_group, "eu-west-1")
    assert "cannot be referenced across regions" in path["reason"] and "use the peer's CIDR" in path["reason"]


def test_security_group_reference_to_a_peer_in_the_same_region_matches():
    world = World()
    a = world.vpc("a", "us-east-1", "10.60.0.0/16", ["10.60.1.0/24"])
    b = world.vpc("b", "us-east-1", "10.61.0.0/16", ["10.61.1.0/24"], account=OTHER)
    world.connect(a, b)
    client_group = world.security_group(a["id"], name="clients")
    client = world.eni(a, "10.60.1.10", [client_group])
    server_group = world.security_group(b["id"], ingress=[tcp(443, group=client_group)])
    world.eni(b, "10.61.1.10", [server_group])
    assert trace(world.snap, source(a, ip="10.60.1.10", eni_id=client), "10.61.1.10", "tcp", 443)["reachable"] is True
    path = trace(world.snap, source(a), "10.61.1.10", "tcp", 443)
    assert blocked(path)[0] == "security-group" and "give the flow's source private_ip" in path["reason"]


def test_address_without_a_network_interface_answers_nothing():
    world, a, b, pcx = guide1()
    path = trace(world.snap, source(a), "172.30.1.77", "tcp", 80)
    assert blocked(path) == ("interface", b["subnets"][1], "eu-west-1")
    path = trace(world.snap, source(a), "172.30.200.1", "tcp", 80)
    assert blocked(path) == ("subnet", b["id"], "eu-west-1")


def test_local_traffic_needs_no_peering_and_skips_acls_inside_one_subnet():
    world, a, b, pcx = guide1()
    world.host(a, "10.0.0.20", port=22, allow_from=["10.0.0.0/16"])
    path = trace(world.snap, source(a), "10.0.0.20", "tcp", 22)
    assert path["reachable"] is True
    assert [h["check"] for h in path["hops"]] == ["route", "interface", "security-group"]
    path = trace(world.snap, source(a, 1), "10.0.0.20", "tcp", 22)
    assert [h["check"] for h in path["hops"]].count("network-acl") == 4 and "return-route" not in str(path["hops"])


def test_icmp_ignores_ports():
    world, a, b, pcx = guide1()
    world.host(b, "172.30.0.230", allow_from=["10.0.0.0/16"], protocol="icmp")
    assert trace(world.snap, source(a), "172.30.0.230", "icmp", 0)["reachable"] is True
