"""The benchmark runs for each N and tool, on a fresh estate each time.

For each N: ours and the stock baseline each get a first converge, a second run (nothing to
change) and a check-mode run on one estate; then ours, on a fresh estate, a first converge under
emulated AWS throttling (`TokenBuckets(scale)`), compared with `min_time()` of its writes: the
least time any client needs for them within the same buckets. Before ours, the main job (site.yml
over the same estate as an inventory, main_job.py), on a fresh estate: first converge, second run,
`--check --diff`. The 1-minute load average of the machine is kept beside each run (other work on
it slows wall time, not calls).
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict

from tests.emulator.throttling import TokenBuckets, min_time

from .estate import Estate, build_estate
from .main_job import bench_main_job
from .measure import run, successful_writes
from .parts import playbook, select

TOOLS = ("ours", "stock")
RUN_KINDS = (("first", False), ("second", False), ("check", True))


def needed_writes(estate: Estate, parts, tool: str) -> int:
    """The write calls the topology needs at least: one per thing created or changed."""
    names = {p.name for p in parts}
    cross = sum(a.region != b.region for a, b in estate.pairs)
    total = 0
    if "peering" in names:  # request, accept, and the accepter region's copy of the tags
        total += 2 * len(estate.pairs) + cross
    if "dns_options" in names:  # each side in its own region (one call when both are in one)
        total += len(estate.pairs) + cross
    if "routes" in names:
        total += estate.tables * (len(estate.vpcs) - 1)
    if "zone_association" in names:  # the stock module creates the zone too
        total += len(estate.vpcs) - 1 + (tool == "stock")
    if "resolver_mesh" in names:
        vpcs = len(estate.vpcs)
        # per VPC an inbound and an outbound endpoint, each with its DNS security group (create +
        # one ingress rule); per node a rule and its association for each of the other nodes'
        # two default domains
        total += vpcs * 6 + 2 * 2 * vpcs * (vpcs - 1)
    return total


def bench_tool(emulator, proxy, n: int, tool: str, throttle_scale: float, log,
               kinds=RUN_KINDS, only_parts=None) -> dict:
    parts, skipped = select(tool)
    if only_parts is not None:
        skipped.update({p.name: "left out of this run" for p in parts if p.name not in only_parts})
        parts = [p for p in parts if p.name in only_parts]
    out = {"tool": tool, "n": n, "parts": [p.name for p in parts], "skipped": skipped}
    emulator.reset()
    estate = build_estate(emulator.url, n, zone=tool == "ours")
    book = playbook(estate, tool, parts)
    out["vpcs"], out["tables"], out["pairs"] = len(estate.vpcs), estate.tables, len(estate.pairs)
    out["needed_writes"] = needed_writes(estate, parts, tool)
    out["part_tasks"] = {p.name: [t["name"] for t in (p.ours if tool == "ours" else p.stock)(estate)]
                         for p in parts}
    for kind, check in kinds:
        measured = run(book, proxy, check=check)
        out[kind] = dict(asdict(measured), load=os.getloadavg()[0])
        log(f"N={n} {tool:5} {kind:9} rc={measured.rc} {measured.wall:7.1f}s cpu={measured.cpu:.1f}s "
            f"calls={measured.calls} writes={measured.writes} peak={measured.peak_rss_mb:.0f}MB"
            + (f" ERROR {measured.error}" if measured.rc else ""))
    if throttle_scale and tool == "ours":
        emulator.reset()
        book = playbook(build_estate(emulator.url, n, zone=tool == "ours"), tool, parts)
        buckets = TokenBuckets(scale=throttle_scale)
        measured = run(book, proxy, interceptors=[buckets])
        out["throttled"] = dict(asdict(measured), load=os.getloadavg()[0])
        out["throttled_answers"] = buckets.throttled
        writes = successful_writes(proxy)
        out["limit"] = min_time(writes, throttle_scale)
        # the least time when the parts run one after the other, as a playbook's tasks do
        out["sequential_limit"] = sum(min_time([c for c in writes if p.made(c)], throttle_scale) for p in parts)
        log(f"N={n} {tool:5} throttled rc={measured.rc} {measured.wall:7.1f}s "
            f"limit={out['limit']:.1f}s sequential={out['sequential_limit']:.1f}s throttled answers={buckets.throttled}"
            + (f" ERROR {measured.error}" if measured.rc else ""))
    return out


def bench(sizes, tools=TOOLS, throttle_scale: float = 0.1, log=None, stock_up_to: int = 0, each=None,
          main_job: bool = True) -> list:
    """Every run; ``each(results so far)`` after each size and tool (to keep partial results)."""
    from tests.emulator.proxy import RecordingProxy
    from tests.emulator.server import Emulator

    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    results = []
    with Emulator() as emulator, RecordingProxy(emulator.url) as proxy:
        for n in sizes:
            for tool in tools:
                if tool == "stock" and stock_up_to and n > stock_up_to:
                    continue
                if tool == "ours" and main_job:  # first: the runs issue 15 is about
                    results.append(bench_main_job(emulator, proxy, n, log))
                    if each:
                        each(results)
                results.append(bench_tool(emulator, proxy, n, tool, throttle_scale, log))
                if each:
                    each(results)
    return results
