"""Name resolution as a VPC's Resolver would do it, on hand-built state."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_dns import endpoint_private_names, resolve

from test_verify_world import World, tcp

EC2_NAME = "ip-172-30-0-224.eu-west-1.compute.internal"
BUCKET = "my-bucket.s3.us-east-2.amazonaws.com"


def guide1(requester_dns=True, accepter_dns=True, associate_a=True, **a_dns):
    world = World()
    a = world.vpc("use1", "us-east-1", "10.0.0.0/16", ["10.0.0.0/24"], **a_dns)
    b = world.vpc("euw1", "eu-west-1", "172.30.0.0/16", ["172.30.0.0/24"])
    pcx = world.connect(a, b, requester_dns=requester_dns, accepter_dns=accepter_dns)
    zone = world.zone("internal", [b, a] if associate_a else [b], [("api.internal", "CNAME", [EC2_NAME])])
    return world, a, b, pcx, zone


def failed(answer):
    assert answer["resolved"] is False, answer
    return answer["blocked_by"]["check"], answer["blocked_by"]["resource"]


def test_cname_to_an_ec2_name_across_the_peering_resolves_with_each_answer_sourced():
    world, a, b, pcx, zone = guide1()
    answer = resolve(world.snap, a["id"], "API.internal.")
    assert answer["resolved"] is True and answer["addresses"] == ["172.30.0.224"]
    assert [(s["name"], s["type"], s["answer"], s["resource"]) for s in answer["chain"]] == [
        ("api.internal", "CNAME", [EC2_NAME], zone),
        (EC2_NAME, "A", ["172.30.0.224"], pcx)]
    assert answer["chain"][0]["source"] == f"private hosted zone internal ({zone})"
    assert "accepter side allows DNS resolution from the remote VPC" in answer["chain"][1]["source"]


def test_ec2_name_of_the_peer_needs_the_dns_option_on_the_peers_side():
    world, a, b, pcx, zone = guide1(requester_dns=True, accepter_dns=False)
    answer = resolve(world.snap, a["id"], "api.internal")
    assert failed(answer) == ("dns-option", pcx)
    assert answer["blocked_by"]["region"] == "eu-west-1"
    assert f"{pcx} does not allow DNS resolution from the remote VPC on the accepter side ({b['id']})" in answer["reason"]
    assert "turn on accepter_dns_resolution" in answer["reason"]
    assert [s["type"] for s in answer["chain"]] == ["CNAME"]
    assert resolve(world.snap, b["id"], "ip-10-0-0-5.ec2.internal")["addresses"] == ["10.0.0.5"]


def test_requester_side_option_alone_lets_only_the_accepter_resolve_requester_names():
    world, a, b, pcx, zone = guide1(requester_dns=False, accepter_dns=True)
    assert resolve(world.snap, a["id"], EC2_NAME)["resolved"] is True
    assert failed(resolve(world.snap, b["id"], "ip-10-0-0-5.ec2.internal")) == ("dns-option", pcx)


def test_zone_not_associated_with_the_source_vpc_is_named_with_the_fix():
    world, a, b, pcx, zone = guide1(associate_a=False)
    answer = resolve(world.snap, a["id"], "api.internal")
    assert failed(answer) == ("dns-zone", zone)
    assert f"private hosted zone internal ({zone}) is associated with {b['id']} (eu-west-1) but not with {a['id']}: " \
           "associate it" in answer["reason"]
    assert resolve(world.snap, b["id"], "api.internal")["resolved"] is True


def test_private_zone_needs_dns_hostnames_in_the_source_vpc():
    world, a, b, pcx, zone = guide1(dns_hostnames=False)
    answer = resolve(world.snap, a["id"], "api.internal")
    assert failed(answer) == ("dns-attribute", a["id"])
    assert "enableDnsHostnames off" in answer["reason"]


def test_nothing_resolves_without_dns_support():
    world, a, b, pcx, zone = guide1(dns_support=False, dns_hostnames=False)
    answer = resolve(world.snap, a["id"], "ip-10-0-0-5.ec2.internal")
    assert failed(answer) == ("dns-attribute", a["id"]) and "enableDnsSupport off" in answer["reason"]


def test_ec2_names_follow_the_regional_form():
    world, a, b, pcx, zone = guide1()
    assert resolve(world.snap, a["id"], "ip-10-0-0-5.ec2.internal")["addresses"] == ["10.0.0.5"]
    assert "end in ec2.internal" in resolve(world.snap, a["id"], "ip-10-0-0-5.us-east-1.compute.internal")["reason"]
    assert failed(resolve(world.snap, a["id"], "ip-172-30-0-224.us-west-2.compute.internal"))[0] == "dns-record"
    assert failed(resolve(world.snap, a["id"], "ip-192-168-0-1.eu-west-1.compute.internal"))[0] == "dns-record"


def test_most_specific_zone_wins_and_answers_nxdomain_without_falling_back():
    world, a, b, pcx, zone = guide1()
    world.zone("internal", [a], [("db.prod.internal", "A", ["10.9.9.9"]), ("old.prod.internal", "A", ["10.9.9.8"])])
    prod = world.zone("prod.internal", [a], [("db.prod.internal", "A", ["10.0.0.9"])])
    assert resolve(world.snap, a["id"], "db.prod.internal")["addresses"] == ["10.0.0.9"]
    answer = resolve(world.snap, a["id"], "old.prod.internal")
    assert failed(answer) == ("dns-record", prod) and "NXDOMAIN" in answer["reason"]


def test_wildcard_record_answers_names_that_do_not_exist():
    world, a, b, pcx, zone = guide1()
    world.zone("svc.local", [a], [("*.svc.local", "A", ["10.0.0.7"]), ("www.svc.local", "A", ["10.0.0.8"])])
    assert resolve(world.snap, a["id"], "anything.deep.svc.local")["addresses"] == ["10.0.0.7"]
    assert resolve(world.snap, a["id"], "www.svc.local")["addresses"] == ["10.0.0.8"]


def test_record_without_an_a_or_cname_is_no_answer():
    world, a, b, pcx, zone = guide1()
    world.zone("txt.local", [a], [("t.txt.local", "TXT", ['"hello"'])])
    assert "has no A or CNAME record" in resolve(world.snap, a["id"], "t.txt.local")["reason"]


def test_cname_chain_is_followed_through_zones_and_a_loop_is_reported():
    world, a, b, pcx, zone = guide1()
    world.zone("chain.local", [a], [("one.chain.local", "CNAME", ["two.chain.local"]),
                                    ("two.chain.local", "CNAME", ["api.internal"]),
                                    ("x.chain.local", "CNAME", ["y.chain.local"]),
                                    ("y.chain.local", "CNAME", ["x.chain.local"])])
    answer = resolve(world.snap, a["id"], "one.chain.local")
    assert [s["type"] for s in answer["chain"]] == ["CNAME", "CNAME", "CNAME", "A"]
    assert answer["addresses"] == ["172.30.0.224"]
    loop = resolve(world.snap, a["id"], "x.chain.local")
    assert failed(loop)[0] == "dns-loop"
    assert "x.chain.local -> y.chain.local -> x.chain.local" in loop["reason"]


def test_alias_record_is_followed():
    world, a, b, pcx, zone = guide1()
    zone_id = world.zone("alias.local", [a], [])
    world.snap.zones[zone_id]["records"] = [dict(name="app.alias.local", type="A", values=[], alias="api.internal")]
    answer = resolve(world.snap, a["id"], "app.alias.local")
    assert [s["type"] for s in answer["chain"]] == ["A (alias)", "CNAME", "A"]


def guide3(inbound_udp=True):
    """Workload VPC in us-east-1 forwarding us-east-2.amazonaws.com to the inbound endpoint of a peered VPC in
    us-east-2, which has an S3 interface endpoint with private DNS."""
    world = World()
    use1 = world.vpc("use1", "us-east-1", "10.30.0.0/16", ["10.30.1.0/24", "10.30.2.0/24"])
    use2 = world.vpc("use2", "us-east-2", "10.31.0.0/16", ["10.31.1.0/24", "10.31.2.0/24"])
    world.connect(use1, use2)
    outbound = world.resolver_endpoint("OUTBOUND", use1, ["10.30.1.10", "10.30.2.10"])
    group = [world.security_group(use2["id"], ingress=[tcp(53, "10.30.0.0/16", protocol="udp" if inbound_udp else "tcp")])]
    inbound = world.resolver_endpoint("INBOUND", use2, ["10.31.1.10", "10.31.2.10"], groups=group)
    vpce = world.interface_endpoint(use2, "com.amazonaws.us-east-2.s3", ["10.31.1.20", "10.31.2.20"],
                                    dns_names=["*.vpce-0abc-12345678.s3.us-east-2.vpce.amazonaws.com"])
    rule = world.rule("us-east-2.amazonaws.com", outbound, ["10.31.1.10", "10.31.2.10"], [use1])
    return world, use1, use2, rule, inbound, vpce


def test_forwarding_rule_leads_to_the_inbound_endpoint_and_the_interface_endpoint_there():
    world, use1, use2, rule, inbound, vpce = guide3()
    answer = resolve(world.snap, use1["id"], BUCKET)
    assert answer["resolved"] is True, answer["reason"]
    assert answer["addresses"] == ["10.31.1.20", "10.31.2.20"]
    forward, final = answer["chain"]
    assert (forward["type"], forward["answer"], forward["resource"]) == ("FORWARD", ["10.31.1.10:53"], rule)
    assert f"to inbound endpoint {inbound}" in forward["source"] and forward["hops"][-1]["ok"] is True
    assert final["resource"] == vpce and "private DNS of interface endpoint" in final["source"]


def test_without_the_rule_the_service_name_is_public():
    world, use1, use2, rule, inbound, vpce = guide3()
    world.snap.resolver_rules[rule]["vpc_ids"] = []
    answer = resolve(world.snap, use1["id"], BUCKET)
    assert failed(answer) == ("dns-public", use1["id"])
    assert "would leave the private network" in answer["reason"]


def test_rule_forwarding_to_a_stale_ip_is_named():
    world, use1, use2, rule, inbound, vpce = guide3()
    world.snap.resolver_rules[rule]["targets"] = [dict(ip="10.31.1.99", port=53)]
    answer = resolve(world.snap, use1["id"], BUCKET)
    assert failed(answer) == ("dns-rule", rule)
    assert "10.31.1.99:53, which is not an address of an inbound Resolver endpoint" in answer["reason"]


def test_query_path_blocked_by_the_inbound_endpoints_security_group():
    world, use1, use2, rule, inbound, vpce = guide3(inbound_udp=False)
    answer = resolve(world.snap, use1["id"], BUCKET)
    assert failed(answer)[0] == "security-group"
    assert f"Resolver rule {rule} (us-east-2.amazonaws.com): the query from outbound endpoint" in answer["reason"]
    assert "allow no ingress udp/53 from 10.30.1.10" in answer["reason"]


def test_public_vpce_names_resolve_from_any_vpc():
    world, use1, use2, rule, inbound, vpce = guide3()
    world.snap.resolver_rules[rule]["vpc_ids"] = []
    answer = resolve(world.snap, use1["id"], "bucket.vpce-0abc-12345678.s3.us-east-2.vpce.amazonaws.com")
    assert answer["addresses"] == ["10.31.1.20", "10.31.2.20"]
    assert "public DNS name of interface endpoint" in answer["chain"][0]["source"]


def test_rule_wins_over_a_zone_of_the_same_name_but_not_over_a_more_specific_zone():
    world, use1, use2, rule, inbound, vpce = guide3()
    world.zone("us-east-2.amazonaws.com", [use1], [(BUCKET, "A", ["10.30.1.99"])])
    assert resolve(world.snap, use1["id"], BUCKET)["chain"][0]["type"] == "FORWARD"
    world.zone("s3.us-east-2.amazonaws.com", [use1], [(BUCKET, "A", ["10.30.1.98"])])
    assert resolve(world.snap, use1["id"], BUCKET)["addresses"] == ["10.30.1.98"]


def test_system_rule_keeps_a_subdomain_local():
    world, use1, use2, rule, inbound, vpce = guide3()
    outbound = world.snap.resolver_rules[rule]["endpoint_id"]
    world.rule("corp.example", outbound, ["10.31.1.10"], [use1])
    world.rule("local.corp.example", None, [], [use1], rule_type="SYSTEM")
    world.zone("local.corp.example", [use1], [("db.local.corp.example", "A", ["10.30.1.50"])])
    answer = resolve(world.snap, use1["id"], "db.local.corp.example")
    assert answer["addresses"] == ["10.30.1.50"] and [s["type"] for s in answer["chain"]] == ["SYSTEM", "A"]


def test_forwarding_back_and_forth_is_a_loop():
    world, use1, use2, rule, inbound, vpce = guide3()
    back_out = world.resolver_endpoint("OUTBOUND", use2, ["10.31.1.30", "10.31.2.30"])
    world.resolver_endpoint("INBOUND", use1, ["10.30.1.30", "10.30.2.30"])
    # as specific as the endpoint's private DNS domain, so the rule wins in use2 and sends the query back
    world.rule("s3.us-east-2.amazonaws.com", back_out, ["10.30.1.30"], [use2])
    answer = resolve(world.snap, use1["id"], BUCKET)
    assert failed(answer)[0] == "dns-loop"
    assert [s["type"] for s in answer["chain"]] == ["FORWARD", "FORWARD"]


def test_endpoint_private_names_of_aws_services_and_endpoint_services():
    s3 = dict(service="com.amazonaws.us-east-2.s3", dns_names=["*.vpce-1.s3.us-east-2.vpce.amazonaws.com"])
    assert endpoint_private_names(s3) == ["*.s3.us-east-2.amazonaws.com", "s3.us-east-2.amazonaws.com"]
    ec2 = dict(service="com.amazonaws.us-west-2.ec2", dns_names=["ec2.us-west-2.amazonaws.com"])
    assert endpoint_private_names(ec2) == ["ec2.us-west-2.amazonaws.com"]
    custom = dict(service="com.amazonaws.vpce.us-west-2.vpce-svc-0123", dns_names=["api.example.com"])
    assert endpoint_private_names(custom) == ["api.example.com"]


def test_name_under_an_endpoints_domain_that_it_does_not_serve_is_nxdomain():
    world, use1, use2, rule, inbound, vpce = guide3()
    answer = resolve(world.snap, use2["id"], "other.thing.s3.us-east-2.amazonaws.com")
    assert answer["addresses"] == ["10.31.1.20", "10.31.2.20"]
    world.interface_endpoint(use2, "com.amazonaws.us-east-2.ec2", ["10.31.1.40"])
    assert failed(resolve(world.snap, use2["id"], "x.ec2.us-east-2.amazonaws.com"))[0] == "dns-record"
    assert resolve(world.snap, use2["id"], "ec2.us-east-2.amazonaws.com")["addresses"] == ["10.31.1.40"]
