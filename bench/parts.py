"""The topology's parts, and the playbook tasks that build each with our modules and with stock ones.

Topology: full-mesh peering between every two VPCs, DNS resolution on both sides of each
peering, routes to the peer in every route table on both sides, one private zone associated
with every VPC, and a Resolver forwarding mesh (an inbound and an outbound endpoint per VPC).

A part of ours runs when its modules exist in plugins/modules and document every option the
builder uses (read from DOCUMENTATION), so a module that lands later is benchmarked without
editing this file. The stock baseline (amazon.aws) covers the parts it can do: peering
(`ec2_vpc_peering` request, then accept in the accepter's region), routes (`ec2_vpc_route_table`
once per table, `purge_routes: false` since it otherwise owns the whole table; it sleeps 5 s
after every change) and the zone (`route53_zone` with every VPC: it can only create a zone with
its VPCs, not add VPCs to an existing one, so the baseline's estate has no zone yet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .estate import ZONE_NAME, Estate

REPO = Path(__file__).resolve().parents[1]
MODULES = REPO / "plugins" / "modules"


@dataclass(frozen=True)
class Part:
    name: str
    modules: dict        # our module -> options the builder passes
    ours: object         # Estate -> [task]
    stock: object = None  # Estate -> [task], or None when no stock module does it


@lru_cache(maxsize=None)
def documented_options(module: str) -> frozenset | None:
    """Options a module of ours documents, or None if its file is not there (yet)."""
    path = MODULES / f"{module}.py"
    if not path.is_file():
        return None
    found = re.search(r'DOCUMENTATION = r?"""(.*?)"""', path.read_text(), re.S)
    doc = yaml.safe_load(found.group(1)) if found else {}
    return frozenset((doc or {}).get("options", {}))


def unavailable(part: Part) -> str:
    """'' if every module of the part exists with the options used, else why not."""
    for module, options in part.modules.items():
        documented = documented_options(module)
        if documented is None:
            return f"module {module} does not exist yet"
        missing = sorted(set(options) - documented)
        if missing:
            return f"module {module} does not document {', '.join(missing)}"
    return ""


# -- loop data put in the play's vars -------------------------------------------------------------
def play_vars(estate: Estate) -> dict:
    cidr = {v.key: v.cidr for v in estate.vpcs}
    return {
        "pairs": [dict(key=f"{a.key}-{b.key}", region=a.region, vpc_id=a.vpc_id,
                       peer_region=b.region, peer_vpc_id=b.vpc_id) for a, b in estate.pairs],
        "tables": [dict(region=v.region, vpc_id=v.vpc_id, route_table_id=table, routes=[
            dict(dest=cidr[other], pair="-".join(sorted((v.key, other), key=_index)))
            for other in cidr if other != v.key]) for v in estate.vpcs for table in v.route_table_ids],
        "vpcs": [dict(vpc_id=v.vpc_id, region=v.region, subnet_ids=v.subnet_ids, key=v.key)
                 for v in estate.vpcs],
    }


def _index(key: str) -> int:
    return int(key[1:])


def _task(name, module, args, **extra):
    return dict(name=name, **{module: args}, **extra)


# -- ours -----------------------------------------------------------------------------------------
def ours_peering(estate):
    return [_task("peering", "vpcmesh.aws.cross_region_peering", dict(
        region="{{ item.region }}", vpc_id="{{ item.vpc_id }}", peer_region="{{ item.peer_region }}",
        peer_vpc_id="{{ item.peer_vpc_id }}", tags={"Name": "bench-{{ item.key }}"}),
        loop="{{ pairs }}", register="peers")]


def ours_dns(estate):
    return [_task("dns_options", "vpcmesh.aws.peering_dns_options", dict(
        region="{{ item.item.region }}", peering_id="{{ item.peering_id }}",
        requester_dns_resolution=True, accepter_dns_resolution=True),
        loop="{{ peers.results }}")]


def ours_routes(estate):
    return [_task("routes", "vpcmesh.aws.peer_routes", dict(
        region="{{ item.item.region }}", peering_id="{{ item.peering_id }}",
        requester_route_tables="all", accepter_route_tables="all"),
        loop="{{ peers.results }}")]


def ours_zone(estate):
    return [_task("zone_association", "vpcmesh.aws.phz_association", dict(
        hosted_zone_id=estate.zone_id,
        vpcs=[dict(vpc_id=v.vpc_id, region=v.region) for v in estate.vpcs]))]


def ours_resolver(estate):
    endpoint = dict(name="bench-{{ item.0.key }}-{{ item.1 }}", direction="{{ item.1 }}",
                    subnet_ids="{{ item.0.subnet_ids }}", region="{{ item.0.region }}",
                    dns_security_group=dict(name="bench-dns-{{ item.0.key }}-{{ item.1 }}",
                                            allowed_cidrs=["10.0.0.0/8"]))
    nodes = ("{% set ns = namespace(out=[]) %}{% for v in vpcs %}"
             "{% set ns.out = ns.out + [{'name': v.key, 'region': v.region, 'vpc_ids': [v.vpc_id],"
             " 'inbound_endpoint_id': endpoints[v.key ~ '-inbound'],"
             " 'outbound_endpoint_id': endpoints[v.key ~ '-outbound']}] %}{% endfor %}{{ ns.out }}")
    return [
        _task("resolver_endpoints", "vpcmesh.aws.resolver_endpoint", endpoint,
              loop="{{ vpcs | product(['inbound', 'outbound']) | list }}", register="resolver"),
        dict(name="resolver_endpoint_ids", **{"ansible.builtin.set_fact": dict(
            endpoints="{% set ns = namespace(d={}) %}{% for r in resolver.results %}"
                      "{% set ns.d = ns.d | combine({r.item.0.key ~ '-' ~ r.item.1: r.endpoint_id}) %}"
                      "{% endfor %}{{ ns.d }}")}),
        _task("resolver_mesh", "vpcmesh.aws.resolver_forward_mesh", dict(
            name="bench", region=estate.regions[0], topology="full_mesh", nodes=nodes)),
    ]


# -- stock (amazon.aws) ---------------------------------------------------------------------------
def stock_peering(estate):
    return [
        _task("peering", "amazon.aws.ec2_vpc_peering", dict(
            region="{{ item.region }}", vpc_id="{{ item.vpc_id }}",
            peer_vpc_id="{{ item.peer_vpc_id }}", peer_region="{{ item.peer_region }}",
            tags={"Name": "bench-{{ item.key }}"}), loop="{{ pairs }}", register="peers"),
        _task("peering_accept", "amazon.aws.ec2_vpc_peering", dict(
            region="{{ item.item.peer_region }}", peering_id="{{ item.peering_id }}",
            state="accept"), loop="{{ peers.results }}"),
        dict(name="peering_ids", **{"ansible.builtin.set_fact": dict(
            pcx="{{ dict(peers.results | map(attribute='item.key')"
                " | zip(peers.results | map(attribute='peering_id'))) }}")}),
    ]


def stock_routes(estate):
    routes = ("{% set ns = namespace(out=[]) %}{% for r in item.routes %}"
              "{% set ns.out = ns.out + [{'dest': r.dest, 'vpc_peering_connection_id': pcx[r.pair]}] %}"
              "{% endfor %}{{ ns.out }}")
    return [_task("routes", "amazon.aws.ec2_vpc_route_table", dict(
        region="{{ item.region }}", vpc_id="{{ item.vpc_id }}", lookup="id",
        route_table_id="{{ item.route_table_id }}", routes=routes, purge_routes=False,
        purge_subnets=False, purge_tags=False), loop="{{ tables }}")]


def stock_zone(estate):
    return [_task("zone_association", "amazon.aws.route53_zone", dict(
        zone=ZONE_NAME, region="us-east-1",
        vpcs=[dict(id=v.vpc_id, region=v.region) for v in estate.vpcs]))]


PARTS = (
    Part("peering", {"cross_region_peering": ("vpc_id", "peer_vpc_id", "peer_region", "tags")},
         ours_peering, stock_peering),
    Part("dns_options", {"peering_dns_options": ("peering_id", "requester_dns_resolution",
                                                 "accepter_dns_resolution")}, ours_dns),
    Part("routes", {"peer_routes": ("peering_id", "requester_route_tables",
                                    "accepter_route_tables")}, ours_routes, stock_routes),
    Part("zone_association", {"phz_association": ("hosted_zone_id", "vpcs")}, ours_zone,
         stock_zone),
    Part("resolver_mesh", {"resolver_endpoint": ("name", "direction", "subnet_ids",
                                                 "dns_security_group"),
                           "resolver_forward_mesh": ("name", "topology", "nodes")},
         ours_resolver),
)


def select(tool: str) -> tuple:
    """(parts to run, {part: why not}) for "ours" or "stock".

    The stock baseline runs only the parts ours runs too, so both build the same thing there.
    """
    chosen, skipped = [], {}
    for part in PARTS:
        reason = unavailable(part)
        if tool == "stock" and not reason and part.stock is None:
            reason = "no stock module does it"
        if reason:
            skipped[part.name] = reason
        else:
            chosen.append(part)
    return chosen, skipped


def playbook(estate: Estate, tool: str, parts) -> list:
    tasks = [task for part in parts for task in (part.ours if tool == "ours" else part.stock)(estate)]
    return [dict(name=f"bench {tool} N={len(estate.regions)}", hosts="localhost",
                 gather_facts=False, vars=play_vars(estate), tasks=tasks)]
