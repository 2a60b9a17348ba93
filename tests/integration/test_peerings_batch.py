"""The `peerings` form of cross_region_peering, peering_dns_options and peer_routes: a full mesh of three
VPCs in three regions converged by one module run per module, through real ansible-playbook."""

from collections import Counter
from itertools import combinations

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1")
PEERING, DNS, ROUTES = "vpcmesh.aws.cross_region_peering", "vpcmesh.aws.peering_dns_options", "vpcmesh.aws.peer_routes"
# keys Ansible adds to a loop item's result, and the module's echo of its options
LOOP_KEYS = {"item", "ansible_loop_var", "invocation", "failed", "_ansible_no_log", "_ansible_item_label",
             "ansible_index_var", "ansible_facts", "warnings"}


def items(pairs, ids):
    return [dict(region=p["region"], peering_id=i) for p, i in zip(pairs, ids)]


def converge(aws, pairs, check=False, conns=None):
    """The three modules, one list-form run each; DNS options and routes name each connection by the ID the
    peering task returned (CONNS), or as `conns` gives them (by their two VPCs, as site.yml does)."""
    conns = conns or CONNS
    play = [dict(hosts="localhost", gather_facts=False, vars=dict(pairs=pairs), tasks=[
        {"name": "peering", PEERING: dict(peerings="{{ pairs }}", tags={"Name": "mesh"}), "register": "peers"},
        {"name": "dns", DNS: dict(peerings="{{ conns }}", requester_dns_resolution=True,
                                  accepter_dns_resolution=True), "vars": dict(conns=conns)},
        {"name": "routes", ROUTES: dict(peerings="{{ conns }}"), "vars": dict(conns=conns)},
    ])]
    aws.reset_calls()
    return aws.run(play, check=check).assert_ok()


# each pair's region with the connection ID the peering task returned for it
CONNS = ("{% set ns = namespace(out=[]) %}{% for r in peers.results %}"
         "{% set ns.out = ns.out + [{'region': pairs[loop.index0].region, 'peering_id': r.peering_id}] %}"
         "{% endfor %}{{ ns.out }}")


def looped(aws, pairs, ids):
    """The same three modules in loops, one module run per connection (the single form)."""
    play = [dict(hosts="localhost", gather_facts=False, tasks=[
        {"name": "peering", PEERING: dict(region="{{ item.region }}", vpc_id="{{ item.vpc_id }}",
                                          peer_region="{{ item.peer_region }}", peer_vpc_id="{{ item.peer_vpc_id }}",
                                          tags={"Name": "mesh"}), "loop": pairs},
        {"name": "dns", DNS: dict(region="{{ item.region }}", peering_id="{{ item.peering_id }}",
                                  requester_dns_resolution=True, accepter_dns_resolution=True),
         "loop": items(pairs, ids)},
        {"name": "routes", ROUTES: dict(region="{{ item.region }}", peering_id="{{ item.peering_id }}"),
         "loop": items(pairs, ids)},
    ])]
    aws.reset_calls()
    return aws.run(play).assert_ok()


def per_item(result):
    return [{k: v for k, v in r.items() if k not in LOOP_KEYS} for r in result["results"]]


def test_a_mesh_in_one_run_per_module_matches_the_loop_and_reads_per_region(aws):
    vpcs = [aws.make_vpc(region, f"10.{i}.0.0/16", route_tables=1) for i, region in enumerate(REGIONS)]
    for vpc in vpcs:  # DNS resolution over a peering needs both attributes on
        for attribute in ("EnableDnsSupport", "EnableDnsHostnames"):
            aws.client("ec2", vpc["region"]).modify_vpc_attribute(VpcId=vpc["vpc_id"], **{attribute: {"Value": True}})
    pairs = [dict(region=a["region"], vpc_id=a["vpc_id"], peer_region=b["region"], peer_vpc_id=b["vpc_id"])
             for a, b in combinations(vpcs, 2)]

    first = converge(aws, pairs)
    writes = Counter(c.action for c in aws.writes())
    # request (tagged) + accept + the accepter region's tag copy per pair; both DNS sides; main + 1 table per side
    assert writes == Counter(CreateVpcPeeringConnection=3, AcceptVpcPeeringConnection=3, CreateTags=3,
                             ModifyVpcPeeringConnectionOptions=6, CreateRoute=12)
    ids = [r["peering_id"] for r in first.task("peering")["results"]]
    assert len(set(ids)) == 3 and all(r["peering_connection"]["status"] == "active"
                                      for r in first.task("peering")["results"])
    assert [r["peering_id"] for r in first.task("routes")["results"]] == ids

    second = converge(aws, pairs)
    assert aws.writes() == []
    assert not any(second.task(name)["changed"] for name in ("peering", "dns", "routes"))
    reads = Counter(f"{c.action}@{c.region}" for c in aws.reads())
    # one read per region and kind per task (DNS attributes are per VPC and attribute), one identity per task
    assert reads == Counter({**{f"DescribeVpcPeeringConnections@{r}": 3 for r in REGIONS},
                             **{f"DescribeVpcs@{r}": 2 for r in REGIONS},
                             **{f"DescribeRouteTables@{r}": 1 for r in REGIONS},
                             **{f"DescribeVpcAttribute@{r}": 2 for r in REGIONS},
                             "GetCallerIdentity@us-east-1": 3})

    aws.reset_calls()
    checked = converge(aws, pairs, check=True)
    assert aws.writes() == [] and not checked.task("routes")["changed"]

    loop = looped(aws, pairs, ids)
    for name in ("peering", "dns", "routes"):
        assert per_item(loop.task(name)) == per_item(second.task(name)), name


def test_connections_named_by_their_two_vpcs_are_read_once_per_region_and_kind_too(aws):
    """site.yml names each connection of the DNS options and routes phases by its two VPCs, not by an ID: the
    batch still reads the connections once per region for all items, not once per pair."""
    vpcs = [aws.make_vpc(region, f"10.{i}.0.0/16", route_tables=1) for i, region in enumerate(REGIONS)]
    for vpc in vpcs:
        for attribute in ("EnableDnsSupport", "EnableDnsHostnames"):
            aws.client("ec2", vpc["region"]).modify_vpc_attribute(VpcId=vpc["vpc_id"], **{attribute: {"Value": True}})
    pairs = [dict(region=a["region"], vpc_id=a["vpc_id"], peer_region=b["region"], peer_vpc_id=b["vpc_id"])
             for a, b in combinations(vpcs, 2)]
    by_vpcs = [dict(region=p["region"], vpc_id=p["vpc_id"], peer_vpc_id=p["peer_vpc_id"]) for p in pairs]
    converge(aws, pairs, conns=by_vpcs)
    second = converge(aws, pairs, conns=by_vpcs)
    assert aws.writes() == []
    assert not any(second.task(name)["changed"] for name in ("peering", "dns", "routes"))
    reads = Counter(f"{c.action}@{c.region}" for c in aws.reads())
    assert {r: reads[f"DescribeVpcPeeringConnections@{r}"] for r in REGIONS} == dict.fromkeys(REGIONS, 3), reads


def test_a_failing_item_fails_the_task_naming_it_and_the_others_still_converge(aws):
    a, b = aws.make_vpc("us-east-1", "10.0.0.0/16"), aws.make_vpc("eu-west-1", "10.1.0.0/16")
    pairs = [dict(region="us-east-1", vpc_id=a["vpc_id"], peer_region="eu-west-1", peer_vpc_id=b["vpc_id"]),
             dict(region="us-east-1", vpc_id=a["vpc_id"], peer_region="eu-west-1", peer_vpc_id="vpc-0000000000000dead")]
    result = aws.run([dict(hosts="localhost", gather_facts=False, tasks=[
        {"name": "peering", PEERING: dict(peerings=pairs)}])])
    out = result.task("peering")
    assert result.rc != 0 and out["failed"]
    assert out["msg"].startswith("1 of 2 items failed: peerings[1]: VPC vpc-0000000000000dead was not found")
    assert out["results"][0]["peering_connection"]["status"] == "active"
    assert [w.action for w in aws.writes()] == ["CreateVpcPeeringConnection", "AcceptVpcPeeringConnection"]

    aws.reset_calls()
    bad = aws.run([dict(hosts="localhost", gather_facts=False, tasks=[
        {"name": "peering", PEERING: dict(peerings=[dict(pairs[0], colour="blue")])}])])
    assert bad.rc != 0 and "peerings[0]: " in bad.task("peering")["msg"] and "colour" in bad.task("peering")["msg"]
    assert aws.calls == []
