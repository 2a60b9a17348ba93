"""The main job over the bench estate: `ansible-playbook -i <inventory> playbooks/site.yml`, as a user runs it.

The inventory is the documented one (docs/inventory.md): every VPC a host of group vpcmesh_vpcs with
vpcmesh_region and vpcmesh_vpc_id, and the topology in its variables: a full mesh of peerings (DNS resolution
on, routes to every route table), the bench's private zone with every VPC (the zone exists on the first VPC),
and a Resolver forwarding mesh of every VPC without S3 endpoints (the list forms make none either). Every VPC
is acted on with the caller's credentials, so the estate is one unit.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import yaml

from .estate import ZONE_NAME, Estate, build_estate
from .measure import run

SITE = Path(__file__).resolve().parents[1] / "playbooks" / "site.yml"
MESH = "bench"
RUN_KINDS = (("first", ()), ("second", ()), ("check", ("--check", "--diff")))

# Phase of a task, by its play's name (the first words) or, in the peering play, by the task's.
PEERING_PLAY = "Peerings"
PEERING_TASKS = (("Request", "request"), ("Accept", "accept"), ("Allow DNS", "DNS options"),
                 ("Route", "routes"))
PLAYS = (("Know every VPC", "read"), ("Check the inventory", "plan"), ("Private hosted zones", "zones"),
         ("Route 53 Resolver", "resolver mesh"), ("PrivateLink", "privatelink"), ("Check the flows", "check"))
PEERING_PHASES = tuple(phase for _prefix, phase in PEERING_TASKS)


def host(vpc) -> str:
    return f"bench-{vpc.key}"


def inventory(estate: Estate) -> dict:
    """The estate as an inventory of docs/inventory.md's format (YAML-ready)."""
    names = [host(v) for v in estate.vpcs]
    return {"vpcmesh_vpcs": {
        "hosts": {host(v): {"vpcmesh_region": v.region, "vpcmesh_vpc_id": v.vpc_id} for v in estate.vpcs},
        "vars": {
            "vpcmesh_peerings": [{"full_mesh": names, "dns_resolution": True}],
            "vpcmesh_zones": [{"name": ZONE_NAME, "vpcs": names}],
            "vpcmesh_resolver_meshes": [{"name": MESH, "topology": "full_mesh", "nodes": names,
                                         "s3_endpoints": False}],
        }}}


def units(inventory_: dict) -> int:
    """Units of an inventory made by `inventory`: its hosts grouped by the credentials they act with (the same
    vpcmesh_role_arn, the same vpcmesh_profile, or neither: the caller's own)."""
    hosts = inventory_["vpcmesh_vpcs"]["hosts"].values()
    return len({(h.get("vpcmesh_role_arn"), h.get("vpcmesh_profile")) for h in hosts})


def needed_writes(estate: Estate) -> int:
    """The write calls the main job needs at least on the bench estate: one per thing created or changed."""
    pairs, vpcs = len(estate.pairs), len(estate.vpcs)
    cross = sum(a.region != b.region for a, b in estate.pairs)
    return (2 * pairs + cross          # request, accept, and the accepter region's copy of the tags
            + pairs + cross            # DNS options, each side in its own region
            + estate.tables * (vpcs - 1)  # a route to every peer in every table
            + vpcs - 1                 # the zone's other VPCs (the VPCs' DNS attributes are on already)
            # per VPC one DNS security group (create + one ingress rule) shared by its inbound and outbound
            # endpoint; per node a rule and its association for each other node's two default domains
            + vpcs * 4 + 2 * 2 * vpcs * (vpcs - 1))


def phase_of(play: str, task: str) -> str:
    """The main job's phase a task belongs to (its play's, or in the peering play its own)."""
    if play.startswith(PEERING_PLAY):
        return next((phase for prefix, phase in PEERING_TASKS if task.startswith(prefix)), "peerings, other")
    return next((phase for prefix, phase in PLAYS if play.startswith(prefix)), play)


def phases(task_table: list) -> dict:
    """{phase: {"runs": module runs, "seconds": task seconds}} from measure's [play, task, runs, seconds] rows,
    in the order the phases first ran."""
    out: dict = {}
    for play, task, runs, seconds in task_table:
        if play.startswith(PEERING_PLAY) and not task.startswith(tuple(prefix for prefix, _phase in PEERING_TASKS)):
            continue  # the check-mode message
        entry = out.setdefault(phase_of(play, task), {"runs": 0, "seconds": 0.0})
        entry["runs"] += runs
        entry["seconds"] += seconds
    return out


def bench_main_job(emulator, proxy, n: int, log, kinds=RUN_KINDS) -> dict:
    """First converge, second run and `--check --diff` of site.yml on one fresh estate of N regions."""
    emulator.reset()
    estate = build_estate(emulator.url, n, zone=True)
    hosts = inventory(estate)
    out = {"tool": "main", "n": n, "vpcs": len(estate.vpcs), "tables": estate.tables, "pairs": len(estate.pairs),
           "units": units(hosts), "needed_writes": needed_writes(estate)}
    with tempfile.TemporaryDirectory(prefix="vpcmesh-bench-inventory-") as tmp:
        path = Path(tmp) / "bench.yml"
        path.write_text(yaml.safe_dump(hosts, sort_keys=False))
        for kind, flags in kinds:
            measured = run(SITE, proxy, inventory=str(path), flags=flags)
            out[kind] = dict(asdict(measured), load=os.getloadavg()[0], phases=phases(measured.task_table))
            log(f"N={n} main  {kind:9} rc={measured.rc} {measured.wall:7.1f}s cpu={measured.cpu:.1f}s "
                f"calls={measured.calls} writes={measured.writes} runs={measured.invocations} "
                f"peak={measured.peak_rss_mb:.0f}MB" + (f" ERROR {measured.error}" if measured.rc else ""))
    return out
