"""Bad input catalogue (issue 9, suite 4): every case is refused with one clear error, before any write.

One estate is seeded. Each module case runs the module in-process (tests/emulator/inprocess.py: its `main()` in a
forked child against the same recording proxy, as ansible-playbook would run it), and ONE playbook runs every role
case as a block whose rescue reports the failure. Each case names the words its message must contain: the bad
value (an ID, a CIDR, a name) and what to do about it. The catalogue as a whole must make zero write calls.
"""

from __future__ import annotations

import pytest

from tests.emulator.accounts import OTHER_ACCOUNT

UNKNOWN_VPC = "vpc-0123456789abcdef0"
UNKNOWN_ZONE = "Z0123456789ABCDEFGHIJ"
UNKNOWN_RULE_ENDPOINT = "rslvr-in-0123456789abcdef0"
MESH_DEFAULTS = dict(resolver_mesh_name="bad", resolver_mesh_s3_endpoints=False)


def seed(aws) -> dict:
    """The estate every case works on; returns the IDs the cases use."""
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2, route_tables=1)
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16", subnets=2)
    overlap = aws.make_vpc("eu-west-1", "10.0.128.0/17")
    pending = aws.make_vpc("us-east-1", "10.20.0.0/16")
    foreign = aws.make_vpc("us-west-2", "10.9.0.0/16", OTHER_ACCOUNT)
    ec2, ec2_eu = aws.client("ec2", "us-east-1"), aws.client("ec2", "eu-west-1")
    for vpc, client in ((a, ec2), (b, ec2_eu)):
        for attribute in ("EnableDnsSupport", "EnableDnsHostnames"):
            client.modify_vpc_attribute(VpcId=vpc["vpc_id"], **{attribute: {"Value": True}})
    active = ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion="eu-west-1")
    active_id = active["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2_eu.accept_vpc_peering_connection(VpcPeeringConnectionId=active_id)
    off = aws.make_vpc("eu-west-1", "172.31.0.0/16")
    ec2_eu.modify_vpc_attribute(VpcId=off["vpc_id"], EnableDnsSupport={"Value": False})
    dns_off = ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=off["vpc_id"], PeerRegion="eu-west-1")
    dns_off_id = dns_off["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2_eu.accept_vpc_peering_connection(VpcPeeringConnectionId=dns_off_id)
    waiting = ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=pending["vpc_id"])
    # a route to the peer's CIDR through something else (an internet gateway) already in A's extra table
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=a["vpc_id"])
    ec2.create_route(RouteTableId=a["route_table_ids"][0], DestinationCidrBlock="172.30.0.0/16", GatewayId=gateway)
    r53 = aws.client("route53")
    zones = {}
    for name, ref, vpc in (("solo.internal", "solo", a), ("dup.internal", "dup1", a), ("dup.internal", "dup2", b)):
        zone = r53.create_hosted_zone(Name=name, CallerReference=ref, HostedZoneConfig={"PrivateZone": True},
                                      VPC={"VPCRegion": vpc["region"], "VPCId": vpc["vpc_id"]})
        zones[ref] = zone["HostedZone"]["Id"].split("/")[-1]
    public = r53.create_hosted_zone(Name="public.example", CallerReference="public")["HostedZone"]["Id"]
    aws.reset_calls()
    return dict(a=a, b=b, overlap=overlap, pending=pending, foreign=foreign, off=off, active=active_id,
                dns_off=dns_off_id, waiting=waiting["VpcPeeringConnection"]["VpcPeeringConnectionId"],
                zones=zones, public_zone=public.split("/")[-1])


def module(module_name: str, **args) -> dict:
    return {f"vpcmesh.aws.{module_name}": {k: v for k, v in args.items() if v is not None}}


def role(role_name: str, **variables) -> dict:
    return {"ansible.builtin.include_role": {"name": f"vpcmesh.aws.{role_name}"}, "vars": variables}


def peering(s, **over):
    return module("cross_region_peering", **dict(dict(region="us-east-1", vpc_id=s["a"]["vpc_id"],
                                                      peer_vpc_id=s["b"]["vpc_id"], peer_region="eu-west-1"), **over))


def routes(s, **over):
    return module("peer_routes", **dict(dict(region="us-east-1", peering_id=s["active"], wait=False), **over))


def side(vpc, **over):
    return dict(dict(vpc_id=vpc["vpc_id"], region=vpc["region"]), **over)


def phz(s, vpcs, **over):
    return module("phz_association", **dict(dict(hosted_zone_id=s["zones"]["solo"], vpcs=vpcs), **over))


def endpoint(s, **over):
    return module("resolver_endpoint", **dict(dict(region="us-east-1", name="bad", direction="inbound",
                                                   subnet_ids=s["a"]["subnet_ids"],
                                                   dns_security_group=dict(name="bad-dns")), **over))


def mesh_nodes(s, **over):
    nodes = [dict(region="us-east-1", inbound_endpoint_id=UNKNOWN_RULE_ENDPOINT,
                  outbound_endpoint_id="rslvr-out-0123456789abcdef0", vpc_ids=[s["a"]["vpc_id"]]),
             dict(region="eu-west-1", outbound_endpoint_id="rslvr-out-0123456789abcdef1", domains=[])]
    return module("resolver_forward_mesh", **dict(dict(name="bad", nodes=nodes), **over))


def check(flow, **over):
    return module("connectivity_check", **dict(dict(flows=[flow]), **over))


def mesh_region(vpc, **over):
    return dict(dict(region=vpc["region"], vpc_id=vpc["vpc_id"], cidr=vpc["cidr"], subnet_ids=vpc["subnet_ids"]),
                **over)


def outpost(s, **over):
    a, b = s["a"], s["b"]
    variables = dict(privatelink_outpost_name="bad",
                     privatelink_outpost_provider=dict(vpc_id=a["vpc_id"], region="us-east-1", targets=["10.0.0.10"]),
                     privatelink_outpost_outpost=dict(vpc_id=b["vpc_id"], region="eu-west-1",
                                                      subnet_ids=b["subnet_ids"]),
                     privatelink_outpost_consumer=dict(vpc_id=b["vpc_id"], region="eu-west-1",
                                                       subnet_ids=b["subnet_ids"]))
    variables.update(over)
    return role("privatelink_outpost", **variables)


def native(s, **over):
    a, b = s["a"], s["b"]
    variables = dict(privatelink_name="bad",
                     privatelink_provider=dict(vpc_id=a["vpc_id"], region="us-east-1", subnet_ids=a["subnet_ids"],
                                               targets=["10.0.0.10"]),
                     privatelink_consumer=dict(vpc_id=b["vpc_id"], region="eu-west-1", subnet_ids=b["subnet_ids"]))
    variables.update(over)
    return role("privatelink", **variables)


# (case id, task builder, words the message must contain)
CASES = [
    # cross_region_peering
    ("peering: self-peering", lambda s: peering(s, peer_vpc_id=s["a"]["vpc_id"], peer_region="us-east-1"),
     lambda s: [s["a"]["vpc_id"], "itself"]),
    ("peering: overlapping CIDRs", lambda s: peering(s, peer_vpc_id=s["overlap"]["vpc_id"]),
     lambda s: ["10.0.0.0/16", "10.0.128.0/17", "overlap"]),
    ("peering: unknown peer VPC", lambda s: peering(s, peer_vpc_id=UNKNOWN_VPC),
     lambda s: [UNKNOWN_VPC, "eu-west-1", "check the VPC ID"]),
    ("peering: peer VPC in another region", lambda s: peering(s, peer_vpc_id=s["pending"]["vpc_id"]),
     lambda s: [s["pending"]["vpc_id"], "peer_region is 'eu-west-1'", "give peer_region: us-east-1"]),
    ("peering: unknown requester VPC", lambda s: peering(s, vpc_id=UNKNOWN_VPC),
     lambda s: [UNKNOWN_VPC, "us-east-1", "check the VPC ID"]),
    ("peering: accept without the other account's credentials",
     lambda s: peering(s, peer_vpc_id=s["foreign"]["vpc_id"], peer_region="us-west-2", peer_owner_id=OTHER_ACCOUNT,
                       accept=True),
     lambda s: [OTHER_ACCOUNT, "peer_credentials", "accept=false"]),
    ("peering: peer_owner_id differs from the credentials' account",
     lambda s: peering(s, peer_vpc_id=s["foreign"]["vpc_id"], peer_region="us-west-2", peer_owner_id="333333333333",
                       peer_credentials=s["other"]),
     lambda s: ["333333333333", OTHER_ACCOUNT, "peer_credentials"]),
    ("peering: unknown peering_id", lambda s: module("cross_region_peering", region="us-east-1",
                                                     peering_id="pcx-0123456789abcdef0", state="accepted"),
     lambda s: ["pcx-0123456789abcdef0", "us-east-1", "region must be"]),
    ("peering: accept by the requester", lambda s: module("cross_region_peering", region="us-east-1",
                                                          vpc_id=s["a"]["vpc_id"], peering_id=s["waiting"],
                                                          state="accepted"),
     lambda s: [s["waiting"], "only the accepter", s["pending"]["vpc_id"]]),
    # peering_dns_options
    ("dns options: peering not active",
     lambda s: module("peering_dns_options", region="us-east-1", peering_id=s["waiting"], wait=False,
                      requester_dns_resolution=True),
     lambda s: [s["waiting"], "pending-acceptance", "active"]),
    ("dns options: VPC DNS attributes off",
     lambda s: module("peering_dns_options", region="us-east-1", peering_id=s["dns_off"], wait=False,
                      accepter_dns_resolution=True),
     lambda s: [s["off"]["vpc_id"], "enableDnsSupport", "enable_vpc_dns=true"]),
    ("dns options: no peering between the VPCs",
     lambda s: module("peering_dns_options", region="us-east-1", vpc_id=s["a"]["vpc_id"],
                      peer_vpc_id=s["overlap"]["vpc_id"], requester_dns_resolution=True),
     lambda s: [s["a"]["vpc_id"], s["overlap"]["vpc_id"], "cross_region_peering"]),
    # peer_routes
    ("routes: destination with host bits set", lambda s: routes(s, destinations=["172.30.0.1/16"]),
     lambda s: ["172.30.0.1/16", "172.30.0.0/16"]),
    ("routes: destination that is not a CIDR", lambda s: routes(s, destinations=["banana"]),
     lambda s: ["'banana'", "CIDR"]),
    ("routes: destination outside both VPCs", lambda s: routes(s, destinations=["192.168.0.0/24"]),
     lambda s: ["192.168.0.0/24", "not inside"]),
    ("routes: route conflict", lambda s: routes(s, requester_route_tables=s["a"]["route_table_ids"],
                                                accepter_route_tables="none"),
     lambda s: [s["a"]["route_table_ids"][0], "172.30.0.0/16", "on_conflict"]),
    ("routes: unknown route table", lambda s: routes(s, requester_route_tables=["rtb-0123456789abcdef0"]),
     lambda s: ["rtb-0123456789abcdef0", "requester_route_tables"]),
    ("routes: selector matching nothing", lambda s: routes(s, requester_route_tables={"tier": "nothing"}),
     lambda s: ["requester_route_tables", "matches no route table"]),
    ("routes: peering not active", lambda s: routes(s, peering_id=s["waiting"]),
     lambda s: [s["waiting"], "pending-acceptance", "active"]),
    ("routes: empty destinations", lambda s: routes(s, destinations=[]),
     lambda s: ["destinations", "omit it"]),
    # phz_association
    ("phz: unknown VPC", lambda s: phz(s, [dict(vpc_id=UNKNOWN_VPC, region="us-east-1")]),
     lambda s: [UNKNOWN_VPC, "us-east-1", "check"]),
    ("phz: VPC given the wrong region", lambda s: phz(s, [dict(vpc_id=s["a"]["vpc_id"], region="eu-west-1")]),
     lambda s: [s["a"]["vpc_id"], "eu-west-1"]),
    ("phz: ambiguous zone name", lambda s: module("phz_association", zone="dup.internal",
                                                  vpcs=[side(s["a"])]),
     lambda s: ["dup.internal", "hosted_zone_id"]),
    ("phz: unknown zone name", lambda s: module("phz_association", zone="nothing.internal", vpcs=[side(s["a"])]),
     lambda s: ["nothing.internal", "no private hosted zone"]),
    ("phz: unknown zone id", lambda s: phz(s, [side(s["a"])], hosted_zone_id=UNKNOWN_ZONE),
     lambda s: [UNKNOWN_ZONE, "zone owner's credentials"]),
    ("phz: public zone", lambda s: phz(s, [side(s["a"])], hosted_zone_id=s["public_zone"]),
     lambda s: [s["public_zone"], "public", "private"]),
    ("phz: last-VPC disassociation", lambda s: phz(s, [side(s["a"])], state="absent"),
     lambda s: [s["a"]["vpc_id"], "solo.internal", "no"]),
    ("phz: VPC listed twice", lambda s: phz(s, [side(s["b"]), side(s["b"])]),
     lambda s: [s["b"]["vpc_id"], "more than once", "once"]),
    ("phz: DNS attributes off", lambda s: phz(s, [side(s["off"])]),
     lambda s: [s["off"]["vpc_id"], "enable_vpc_dns"]),
    ("phz: second zone of the same name on a VPC",
     lambda s: phz(s, [side(s["b"])], hosted_zone_id=s["zones"]["dup1"]),
     lambda s: ["dup.internal", s["b"]["vpc_id"], "one private hosted zone"]),
    # resolver_endpoint
    ("resolver endpoint: one subnet", lambda s: endpoint(s, subnet_ids=s["a"]["subnet_ids"][:1]),
     lambda s: ["at least two IP addresses", "got 1"]),
    ("resolver endpoint: unknown subnet",
     lambda s: endpoint(s, subnet_ids=["subnet-0123456789abcdef0", s["a"]["subnet_ids"][0]]),
     lambda s: ["subnet-0123456789abcdef0", "not found"]),
    ("resolver endpoint: IP outside its subnet",
     lambda s: endpoint(s, subnet_ids=None, ip_addresses=[dict(subnet_id=s["a"]["subnet_ids"][0], ip="10.0.200.10"),
                                                          dict(subnet_id=s["a"]["subnet_ids"][1])]),
     lambda s: ["10.0.200.10", s["a"]["subnet_ids"][0], "pick an address"]),
    ("resolver endpoint: reserved IP",
     lambda s: endpoint(s, subnet_ids=None, ip_addresses=[dict(subnet_id=s["a"]["subnet_ids"][0], ip="10.0.0.1"),
                                                          dict(subnet_id=s["a"]["subnet_ids"][1])]),
     lambda s: ["10.0.0.1", "reserves"]),
    ("resolver endpoint: no security group", lambda s: endpoint(s, dns_security_group=None),
     lambda s: ["security_group_ids", "dns_security_group"]),
    ("resolver endpoint: vpc_id of another VPC", lambda s: endpoint(s, vpc_id=s["pending"]["vpc_id"]),
     lambda s: [s["pending"]["vpc_id"], s["a"]["vpc_id"]]),
    # resolver_forward_mesh
    ("mesh: unknown topology", lambda s: mesh_nodes(s, topology="ring"),
     lambda s: ["topology", "ring", "full_mesh", "hub"]),
    ("mesh: hub that is not a node", lambda s: mesh_nodes(s, topology="hub", hub="nowhere"),
     lambda s: ["'nowhere'", "not a present node"]),
    ("mesh: unknown endpoint", lambda s: mesh_nodes(s, nodes=[
        dict(region="us-east-1", inbound_endpoint_id=UNKNOWN_RULE_ENDPOINT, vpc_ids=[s["a"]["vpc_id"]]),
        dict(region="eu-west-1", outbound_endpoint_id="rslvr-out-0123456789abcdef0", domains=[])]),
     lambda s: [UNKNOWN_RULE_ENDPOINT, "was not found in us-east-1"]),
    ("mesh: invalid domain", lambda s: mesh_nodes(s, domains=["bad..name"]),
     lambda s: ["bad..name", "not a valid DNS name"]),
    ("mesh: invalid name", lambda s: mesh_nodes(s, name="bad name!"),
     lambda s: ["'bad name!'", "letters, digits"]),
    ("mesh: max_concurrency out of range", lambda s: mesh_nodes(s, max_concurrency=0),
     lambda s: ["max_concurrency", "1 to 16"]),
    # endpoint_service
    ("endpoint service: unknown load balancer",
     lambda s: module("endpoint_service", region="us-east-1", network_load_balancer_arns=[
         "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nothing/0123456789abcdef"]),
     lambda s: ["loadbalancer/net/nothing", "was not found", "create the Network Load Balancer"]),
    ("endpoint service: unknown service id", lambda s: module("endpoint_service", region="us-east-1",
                                                              service_id="vpce-svc-0123456789abcdef0"),
     lambda s: ["vpce-svc-0123456789abcdef0", "was not found in us-east-1"]),
    # connectivity_check
    ("connectivity check: bad ephemeral ports",
     lambda s: check(dict(source=dict(vpc_id=s["a"]["vpc_id"], region="us-east-1"),
                          destination=dict(ip="172.30.0.10")), ephemeral_ports="60999-32768"),
     lambda s: ["60999-32768", "low-high"]),
    ("connectivity check: destination without name or IP",
     lambda s: check(dict(source=dict(vpc_id=s["a"]["vpc_id"], region="us-east-1"), destination=dict())),
     lambda s: ["destination", "name", "ip"]),
    # roles
    ("role vpc_peering: overlapping CIDRs",
     lambda s: role("vpc_peering", vpc_peering_requester=side(s["a"]), vpc_peering_accepter=side(s["overlap"])),
     lambda s: ["10.0.0.0/16", "10.0.128.0/17", "overlap"]),
    ("role vpc_peering: caller owns neither VPC",
     lambda s: role("vpc_peering", vpc_peering_requester=side(s["foreign"], account_id="333333333333"),
                    vpc_peering_accepter=side(s["foreign"], account_id=OTHER_ACCOUNT)),
     lambda s: ["owns neither VPC", "credentials"]),
    ("role vpc_peering: unknown state",
     lambda s: role("vpc_peering", vpc_peering_requester=side(s["a"]), vpc_peering_accepter=side(s["b"]),
                    vpc_peering_state="gone"),
     lambda s: ["vpc_peering_state", "gone", "present, absent"]),
    ("role private_zone: first VPC of another account",
     lambda s: role("private_zone", private_zone_name="new.internal",
                    private_zone_vpcs=[side(s["foreign"], account_id=OTHER_ACCOUNT)]),
     lambda s: ["first VPC", "caller's account"]),
    ("role private_zone: unknown first VPC",
     lambda s: role("private_zone", private_zone_name="new.internal",
                    private_zone_vpcs=[dict(vpc_id=UNKNOWN_VPC, region="us-east-1")]),
     lambda s: [UNKNOWN_VPC, "us-east-1"]),
    ("role resolver_mesh: unknown topology",
     lambda s: role("resolver_mesh", resolver_mesh_regions=[mesh_region(s["a"]), mesh_region(s["b"])],
                    resolver_mesh_topology="ring", **MESH_DEFAULTS),
     lambda s: ["resolver_mesh_topology", "ring", "full_mesh, hub"]),
    ("role resolver_mesh: one subnet",
     lambda s: role("resolver_mesh", **MESH_DEFAULTS, resolver_mesh_regions=[
         mesh_region(s["a"]), mesh_region(s["b"], subnet_ids=s["b"]["subnet_ids"][:1])]),
     lambda s: ["eu-west-1", "subnet_ids", "two subnets"]),
    ("role resolver_mesh: invalid CIDR",
     lambda s: role("resolver_mesh", **MESH_DEFAULTS, resolver_mesh_regions=[
         mesh_region(s["a"], cidr="10.0.0.0/33"), mesh_region(s["b"])]),
     lambda s: ["10.0.0.0/33", "cidr"]),
    ("role resolver_mesh: hub that is not a node",
     lambda s: role("resolver_mesh", resolver_mesh_regions=[mesh_region(s["a"]), mesh_region(s["b"])],
                    resolver_mesh_topology="hub", resolver_mesh_hub="nowhere", **MESH_DEFAULTS),
     lambda s: ["nowhere", "hub"]),
    ("role privatelink_outpost: consumer in another region",
     lambda s: outpost(s, privatelink_outpost_consumer=dict(vpc_id=s["a"]["vpc_id"], region="us-east-1",
                                                            subnet_ids=s["a"]["subnet_ids"])),
     lambda s: ["consumer us-east-1", "outpost eu-west-1", "own region"]),
    ("role privatelink_outpost: bad name", lambda s: outpost(s, privatelink_outpost_name="bad_name"),
     lambda s: ["bad_name", "letters, digits"]),
    ("role privatelink: consumer in the provider's region",
     lambda s: native(s, privatelink_consumer=dict(vpc_id=s["pending"]["vpc_id"], region="us-east-1",
                                                   subnet_ids=s["a"]["subnet_ids"])),
     lambda s: [s["pending"]["vpc_id"], "provider's region (us-east-1)", "without service_region"]),
    ("role privatelink: bad name", lambda s: native(s, privatelink_name="bad_name"),
     lambda s: ["bad_name", "letters, digits"]),
]


def case_block(number: int, case_id: str, task: dict) -> dict:
    """The case's task in a block whose rescue reports the failure as task ``refused <number>``."""
    return dict(name=f"case {number}: {case_id}", block=[dict(name=f"run {number}", **task)], rescue=[
        dict(name=f"refused {number}", **{"ansible.builtin.debug": dict(
            msg="{{ ansible_failed_result.msg | default(ansible_failed_result | string) }}")}),
    ])


@pytest.fixture
def catalogue(aws):
    """Seed the estate, run every module case in-process and every role case in one playbook; (estate, the message
    of each refused case by its number, the playbook's result, write calls)."""
    estate = dict(seed(aws), other=aws.assume(OTHER_ACCOUNT))
    aws.reset_calls()
    refused, role_cases = {}, []
    for number, (case_id, build, _words) in enumerate(CASES):
        task = build(estate)
        [(action, args)] = [(key, value) for key, value in task.items() if key != "vars"]
        if action.startswith("vpcmesh.aws."):
            name = action.rsplit(".", 1)[-1]
            out = aws.run_module(name, args, ignore_errors=True).task(name)
            if out["failed"]:
                refused[number] = out.get("msg", str(out))
        else:
            role_cases.append(case_block(number, case_id, task))
    result = aws.run([dict(hosts="localhost", gather_facts=False, tasks=role_cases)])
    refused.update({int(task["name"].split()[1]): task["result"]["msg"] for task in result.tasks
                    if task["name"].startswith("refused ")})
    return estate, refused, result, aws.writes()


def test_catalogue_has_at_least_thirty_cases_across_modules_and_roles():
    names = [case_id.split(":")[0] for case_id, _build, _words in CASES]
    assert len(CASES) >= 30
    assert len(set(case_id for case_id, _build, _words in CASES)) == len(CASES)
    assert {"peering", "dns options", "routes", "phz", "resolver endpoint", "mesh", "endpoint service",
            "connectivity check", "role vpc_peering", "role private_zone", "role resolver_mesh",
            "role privatelink_outpost", "role privatelink"} <= set(names)


def test_every_bad_input_is_refused_with_a_clear_message_and_no_write(catalogue):
    estate, refused, result, writes = catalogue
    assert result.rc == 0, result
    problems = []
    for number, (case_id, _build, words) in enumerate(CASES):
        message = refused.get(number)
        if message is None:
            problems.append(f"{case_id}: was not refused")
            continue
        missing = [w for w in words(estate) if w.lower() not in message.lower()]
        if missing:
            problems.append(f"{case_id}: message lacks {missing}: {message}")
    assert not problems, "\n".join(problems)
    assert writes == [], f"bad input led to writes: {[str(c) for c in writes]}"
