"""connectivity_check on hand-built state (issue 20): DHCP option sets with DNS servers of one's own, public EC2
hostnames across a peering, and the source's security groups checked for every flow."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_dns import is_amazon_dns, resolve
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_flows import check_flow, validate_flows

from test_verify_path import HOST, guide1
from test_verify_world import World, tcp

PUBLIC = "54.10.20.30"
PUBLIC_NAME = "ec2-54-10-20-30.eu-west-1.compute.amazonaws.com"


def one(snapshot, source, destination, port=80):
    [valid] = validate_flows([dict(name=None, port=port, protocol="tcp", expect="reachable", source=source,
                                   destination=destination)], "us-east-1")
    return check_flow(snapshot, valid)


def with_dhcp(world, vpc, servers):
    world.snap.vpcs[vpc["id"]]["dhcp_options_id"] = "dopt-0abc"
    world.snap.add_dhcp_options(dict(DhcpOptionsId="dopt-0abc", DhcpConfigurations=[
        dict(Key="domain-name-servers", Values=[dict(Value=v) for v in servers])] if servers is not None else []))


def public_host(world, b, address=HOST, public=PUBLIC):
    eni_id = world.host(b, address, port=80, allow_from=["10.0.0.0/16"])
    eni = world.snap.enis[eni_id]
    eni["public_ips"] = {public: address}
    return eni_id


class TestDhcpOptions:
    def test_custom_dns_servers_first_stop_resolution_saying_the_check_cannot_follow_them(self):
        world, a, _b, _pcx = guide1()
        with_dhcp(world, a, ["10.0.0.53", "AmazonProvidedDNS"])
        answer = resolve(world.snap, a["id"], "ip-172-30-0-224.eu-west-1.compute.internal")
        assert answer["resolved"] is False and answer["blocked_by"]["check"] == "dns-servers"
        assert answer["blocked_by"]["resource"] == "dopt-0abc"
        assert "10.0.0.53, AmazonProvidedDNS" in answer["reason"] and "cannot follow" in answer["reason"]

    def test_amazon_dns_first_by_name_or_by_the_vpc_base_plus_two_resolves_as_before(self):
        for first in ("AmazonProvidedDNS", "10.0.0.2", "169.254.169.253"):
            world, a, _b, _pcx = guide1()
            with_dhcp(world, a, [first, "10.0.0.53"])
            answer = resolve(world.snap, a["id"], "ip-172-30-0-224.eu-west-1.compute.internal")
            assert answer["resolved"] is True and answer["addresses"] == [HOST], first

    def test_options_without_dns_servers_resolve_nothing(self):
        world, a, _b, _pcx = guide1()
        with_dhcp(world, a, None)
        answer = resolve(world.snap, a["id"], "ip-172-30-0-224.eu-west-1.compute.internal")
        assert answer["blocked_by"]["check"] == "dns-servers" and "give no DNS server" in answer["reason"]

    def test_a_flow_to_an_ip_needs_no_dns_and_is_not_affected(self):
        world, a, _b, _pcx = guide1()
        with_dhcp(world, a, ["10.0.0.53"])
        assert one(world.snap, dict(vpc_id=a["id"]), dict(ip=HOST))["reachable"] is True

    def test_is_amazon_dns(self):
        vpc = dict(cidrs=["10.0.0.0/16", "10.1.0.0/16"])
        assert [is_amazon_dns(v, vpc) for v in ("amazonprovideddns", "10.1.0.2", "10.0.0.3", "8.8.8.8")] == [
            True, True, False, False]


class TestPublicEc2Names:
    def test_peer_public_name_resolves_to_the_private_ip_with_the_owner_side_option_on(self):
        world = World()
        a = world.vpc("use1", "us-east-1", "10.0.0.0/16", ["10.0.0.0/24"])
        b = world.vpc("euw1", "eu-west-1", "172.30.0.0/16", ["172.30.0.0/24"])
        pcx = world.connect(a, b, requester_dns=False, accepter_dns=True)
        eni = public_host(world, b)
        result = one(world.snap, dict(vpc_id=a["id"]), dict(name=PUBLIC_NAME))
        assert result["reachable"] is True, result["reason"]
        assert result["addresses"] == [HOST]
        [answer] = result["resolves"]
        assert answer["resource"] == pcx and eni in answer["source"] and "accepter side allows" in answer["source"]

    def test_with_the_option_off_it_resolves_to_the_public_ip_and_says_which_option(self):
        world = World()
        a = world.vpc("use1", "us-east-1", "10.0.0.0/16", ["10.0.0.0/24"])
        b = world.vpc("euw1", "eu-west-1", "172.30.0.0/16", ["172.30.0.0/24"])
        pcx = world.connect(a, b, requester_dns=True, accepter_dns=False)
        public_host(world, b)
        result = one(world.snap, dict(vpc_id=a["id"]), dict(name=PUBLIC_NAME))
        assert result["addresses"] == [PUBLIC] and result["reachable"] is False
        assert f"{pcx} does not allow DNS resolution from the remote VPC on the accepter side" in \
            result["resolves"][0]["source"]
        assert "accepter_dns_resolution" in result["resolves"][0]["source"]

    def test_inside_its_own_vpc_the_public_name_answers_the_private_ip(self):
        world, _a, b, _pcx = guide1()
        public_host(world, b, "172.30.1.50")
        answer = resolve(world.snap, b["id"], PUBLIC_NAME)
        assert answer["addresses"] == ["172.30.1.50"]

    def test_an_unknown_public_address_answers_itself_from_public_dns(self):
        world, a, _b, _pcx = guide1()
        answer = resolve(world.snap, a["id"], "ec2-3-4-5-6.compute-1.amazonaws.com")
        assert answer["resolved"] is True and answer["addresses"] == ["3.4.5.6"]
        assert answer["chain"][0]["source"].startswith("public DNS")


class TestSourceSecurityGroups:
    def test_a_subnet_source_is_checked_with_its_interfaces_security_groups(self):
        world, a, _b, _pcx = guide1()
        closed = world.security_group(a["id"], egress=[tcp(443, "0.0.0.0/0")])
        eni = world.eni(a, "10.0.0.10", [closed])
        result = one(world.snap, dict(vpc_id=a["id"], subnet_ids=[a["subnets"][0]]), dict(ip=HOST))
        assert result["reachable"] is False and result["blocked_by"]["check"] == "security-group"
        assert result["blocked_by"]["resource"] == closed and eni in result["reason"]
        assert result["paths"][0]["source"]["interface"] == eni and "assumed" not in result["paths"][0]["source"]

    def test_one_interface_of_the_subnet_that_gets_through_is_enough_and_is_named(self):
        world, a, _b, _pcx = guide1()
        world.eni(a, "10.0.0.10", [world.security_group(a["id"], egress=[tcp(443, "0.0.0.0/0")])])
        open_eni = world.eni(a, "10.0.0.11", [world.security_group(a["id"], egress=[tcp(80, "172.30.0.0/16")])])
        result = one(world.snap, dict(vpc_id=a["id"], subnet_ids=[a["subnets"][0]]), dict(ip=HOST))
        assert result["reachable"] is True and result["paths"][0]["source"]["interface"] == open_eni

    def test_a_subnet_without_interfaces_assumes_the_default_group_and_says_so(self):
        world, a, _b, _pcx = guide1()
        group = world.snap.security_groups[a["default_sg"]]
        group["egress"] = []
        result = one(world.snap, dict(vpc_id=a["id"], subnet_ids=[a["subnets"][1]]), dict(ip=HOST))
        assert result["reachable"] is False and result["blocked_by"]["check"] == "security-group"
        assert result["blocked_by"]["resource"] == a["default_sg"]
        assumed = result["paths"][0]["source"]["assumed"]
        assert f"assumed an instance there with the default security group {a['default_sg']}" in assumed

    def test_service_interfaces_are_not_taken_as_the_source(self):
        world, a, _b, _pcx = guide1()
        world.resolver_endpoint("OUTBOUND", a, ["10.0.1.10", "10.0.1.11"],
                                groups=[world.security_group(a["id"], egress=[])])
        result = one(world.snap, dict(vpc_id=a["id"], subnet_ids=[a["subnets"][1]]), dict(ip=HOST))
        assert result["reachable"] is True, result["reason"]
        assert "assumed" in result["paths"][0]["source"]
