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
FRAGMENTS = REPO / "plugins" / "doc_fragments"


@dataclass(frozen=True)
class Part:
    name: str
    modules: dict        # our module -> options the builder passes
    ours: object         # Estate -> [task]
    stock: object = None  # Estate -> [task], or None when no stock module does it
    writes: tuple = ()    # "service:Action" (or "service:*") of the writes that build it

    def made(self, call) -> bool:
        return f"{call.service}:{call.action}" in self.writes or f"{call.service}:*" in self.writes


@lru_cache(maxsize=None)
def documented_options(module: str) -> frozenset | None:
    """Options a module of ours documents, or None if its file is not there (yet)."""
    path = MODULES / f"{module}.py"
    if not path.is_file():
        return None
    doc = _documentation(path)
    options = set(doc.get("options", {}))
    for fragment in doc.get("extends_documentation_fragment", []):
        if fragment.startswith("vpcmesh.aws."):  # this collection's fragments add options too
            options.update(_documentation(FRAGMENTS / f"{fragment.split('.')[-1]}.py").get("options", {}))
    return frozenset(options)


def _documentation(path: Path) -> dict:
    found = re.search(r'DOCUMENTATION = r?"""(.*?)"""', path.read_text(), re.S)
    if not found:
        return {}
    try:
        return yaml.safe_load(found.group(1)) or {}
    except yaml.YAMLError:  # ansible-doc refuses it too; the option names are still the keys under `options:`
        block = re.search(r"^options:\n((?:(?:  .*)?\n)*)", found.group(1), re.M)
        names = re.findall(r"^  ([A-Za-z_][\w-]*):", block.group(1), re.M) if block else []
        return {"options": dict.fromkeys(names, {})}


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
        "peerings": [dict(region=a.region, vpc_id=a.vpc_id, peer_region=b.region, peer_vpc_id=b.vpc_id,
                          tags={"Name": f"bench-{a.key}-{b.key}"}) for a, b in estate.pairs],
        "tables": [dict(region=v.region, vpc_id=v.vpc_id, route_table_id=table, routes=[
            dict(dest=cidr[other], pair="-".join(sorted((v.key, other), key=_index)))
            for other in cidr if other != v.key]) for v in estate.vpcs for table in v.route_table_ids],
        "vpcs": [dict(vpc_id=v.vpc_id, region=v.region, subnet_ids=v.subnet_ids, key=v.key)
                 for v in estate.vpcs],
        "endpoints_wanted": [dict(name=f"bench-{v.key}-{d}", direction=d, subnet_ids=v.subnet_ids, region=v.region,
                                  dns_security_group=dict(name=f"bench-dns-{v.key}-{d}", allowed_cidrs=["10.0.0.0/8"]))
                             for v in estate.vpcs for d in ("inbound", "outbound")],
    }


def _index(key: str) -> int:
    return int(key[1:])


def _task(name, module, args, **extra):
    return dict(name=name, **{module: args}, **extra)


# -- ours -----------------------------------------------------------------------------------------
def ours_peering(estate):
    return [_task("peering", "vpcmesh.aws.cross_region_peering", dict(peerings="{{ peerings }}"),
                  register="peers")]


# each pair's region with the connection the peering task returned for it, for the DNS and routes tasks
CONNECTIONS = ("{% set ns = namespace(out=[]) %}{% for r in peers.results %}"
               "{% set ns.out = ns.out + [{'region': pairs[loop.index0].region, 'peering_id': r.peering_id}] %}"
               "{% endfor %}{{ ns.out }}")


def ours_dns(estate):
    return [_task("dns_options", "vpcmesh.aws.peering_dns_options", dict(
        peerings=CONNECTIONS, requester_dns_resolution=True, accepter_dns_resolution=True))]


def ours_routes(estate):
    return [_task("routes", "vpcmesh.aws.peer_routes", dict(
        peerings=CONNECTIONS, requester_route_tables="all", accepter_route_tables="all"))]


def ours_zone(estate):
    return [_task("zone_association", "vpcmesh.aws.phz_association", dict(
        hosted_zone_id=estate.zone_id,
        vpcs=[dict(vpc_id=v.vpc_id, region=v.region) for v in estate.vpcs]))]


def ours_resolver(estate):
    nodes = ("{% set ns = namespace(out=[]) %}{% for v in vpcs %}"
             "{% set ns.out = ns.out + [{'name': v.key, 'region': v.region, 'vpc_ids': [v.vpc_id],"
             " 'inbound_endpoint_id': endpoints[v.key ~ '-inbound'],"
             " 'outbound_endpoint_id': endpoints[v.key ~ '-outbound']}] %}{% endfor %}{{ ns.out }}")
    return [
        _task("resolver_endpoints", "vpcmesh.aws.resolver_endpoint", dict(endpoints="{{ endpoints_wanted }}"),
              register="resolver"),
        dict(name="resolver_endpoint_ids", **{"ansible.builtin.set_fact": dict(
            endpoints="{{ dict(endpoints_wanted | map(attribute='name') | map('regex_replace', '^bench-', '')"
                      " | zip(resolver.results | map(attribute='endpoint_id'))) }}")}),
        # every region's rules and associations at once (bounded by the module's 1..16)
        _task("resolver_mesh", "vpcmesh.aws.resolver_forward_mesh", dict(
            name="bench", region=estate.regions[0], topology="full_mesh", nodes=nodes,
            max_concurrency=min(16, len(estate.regions)))),
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
    Part("peering", {"cross_region_peering": ("peerings", "vpc_id", "peer_vpc_id", "peer_region", "tags")},
         ours_peering, stock_peering,
         writes=("ec2:CreateVpcPeeringConnection", "ec2:AcceptVpcPeeringConnection", "ec2:CreateTags")),
    Part("dns_options", {"peering_dns_options": ("peerings", "peering_id", "requester_dns_resolution",
                                                 "accepter_dns_resolution")}, ours_dns,
         writes=("ec2:ModifyVpcPeeringConnectionOptions", "ec2:ModifyVpcAttribute")),
    Part("routes", {"peer_routes": ("peerings", "peering_id", "requester_route_tables",
                                    "accepter_route_tables")}, ours_routes, stock_routes,
         writes=("ec2:CreateRoute", "ec2:ReplaceRoute")),
    Part("zone_association", {"phz_association": ("hosted_zone_id", "vpcs")}, ours_zone,
         stock_zone, writes=("route53:AssociateVPCWithHostedZone", "route53:CreateHostedZone")),
    Part("resolver_mesh", {"resolver_endpoint": ("endpoints", "name", "direction", "subnet_ids",
                                                 "dns_security_group"),
                           "resolver_forward_mesh": ("name", "topology", "nodes", "max_concurrency")},
         ours_resolver, writes=("route53resolver:*", "ec2:CreateSecurityGroup",
                                "ec2:AuthorizeSecurityGroupIngress")),
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
