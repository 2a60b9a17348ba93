"""The main job's sections of docs/performance.md: module runs per phase, the targets of issue 15, and where
its time goes, every figure from the results of bench/main_job.py (and the list forms' beside them)."""

from __future__ import annotations

from .main_job import PEERING_PHASES

KINDS = (("first", "first converge"), ("second", "second run"), ("check", "--check --diff"))


def _ratio(a, b):
    return a / b if b else float("inf")


def _runs(count: int) -> str:
    return f"{count} run" if count == 1 else f"{count} runs"


def phase_names(main: dict) -> list:
    """Every phase of the main job's runs, in the order they ran."""
    names: list = []
    for _n, r in sorted(main.items()):
        for key, _label in KINDS:
            for phase in r.get(key, {}).get("phases", {}):
                if phase not in names:
                    names.append(phase)
    return names


def main_phases(main: dict) -> list:
    names = phase_names(main)
    lines = ["Module runs (and task seconds) of each phase of site.yml, per N and run; a phase is a play of "
             "site.yml, or in the peering play one of its four tasks. The estate is one unit.", "",
             "| N | run | " + " | ".join(names) + " | all |", "| --- | --- |" + " --- |" * (len(names) + 1)]
    for n, r in sorted(main.items()):
        for key, label in KINDS:
            if key not in r:
                continue
            got = r[key]["phases"]
            cells = [f"{got[p]['runs']} ({got[p]['seconds']:.1f} s)" if p in got else "-" for p in names]
            lines.append(f"| {n} | {label} | " + " | ".join(cells) + f" | {r[key]['invocations']} |")
    return lines


def peering_runs(run: dict) -> dict:
    return {p: run["phases"].get(p, {}).get("runs", 0) for p in PEERING_PHASES}


def main_targets(main: dict, ours: dict) -> list:
    """(target, measured, met?) rows of issue 15's targets for the main job."""
    if not main:
        return []
    rows = []
    if 8 in main and 8 in ours:
        mine, lists = main[8]["second"], ours[8]["second"]
        ratio = _ratio(mine["wall"], lists["wall"])
        rows.append(("main job: N=8 second run within 1.5x of the list forms' second run",
                     f"{mine['wall']:.1f} s against {lists['wall']:.1f} s (x{ratio:.2f} wall, load {mine['load']:.1f} "
                     f"and {lists['load']:.1f}); CPU {mine['cpu']:.1f} s against {lists['cpu']:.1f} s "
                     f"(x{_ratio(mine['cpu'], lists['cpu']):.2f})",
                     "yes" if ratio <= 1.5 else f"**no** (x{ratio / 1.5:.1f} over)"))
    else:
        rows.append(("main job: N=8 second run within 1.5x of the list forms' second run", "N=8 not measured",
                     "not measured"))
    for n, r in sorted(main.items()):
        units = r["units"]
        runs = {label: peering_runs(r[key]) for key, label in KINDS if key in r}
        ok = all(v in (0, units) for phase in runs.values() for v in phase.values()) and all(
            any(v == units for v in phase.values()) for phase in runs.values())
        text = "; ".join(f"{label}: " + ", ".join(f"{p} {v}" for p, v in phase.items())
                         for label, phase in runs.items())
        if all(phase["accept"] == 0 for phase in runs.values()):
            text += " (no accept task ran: within one account the request accepts at once)"
        rows.append((f"main job: module runs per peering phase = units (N={n}, {units} unit"
                     f"{'s' if units != 1 else ''})", text, "yes" if ok else "**no**"))
    per_unit = {n: r["second"]["reads"] / r["units"] for n, r in sorted(main.items())}
    measured = "second-run reads per unit: " + ", ".join(f"N={n}: {x:.0f}" for n, x in per_unit.items())
    # the unit spans every region of the estate; per (account, region) for comparison
    measured += " (per account and region: " + ", ".join(
        f"N={n}: {r['second']['reads'] / (r['units'] * n):.1f}" for n, r in sorted(main.items())) + ")"
    if 2 in per_unit and 16 in per_unit:
        growth = _ratio(per_unit[16], per_unit[2])
        rows.append(("main job: second-run reads per unit at N=16 <= 1.5x those at N=2",
                     f"{measured} (x{growth:.2f})", "yes" if growth <= 1.5 else f"**no** (x{growth / 1.5:.1f} over)"))
    else:
        largest = max(per_unit)
        growth = f" (x{_ratio(per_unit[largest], per_unit[min(per_unit)]):.2f} from N={min(per_unit)} to N={largest})"
        rows.append(("main job: second-run reads per unit at N=16 <= 1.5x those at N=2",
                     measured + (growth if len(per_unit) > 1 else "") + "; N=16 not run", "not measured"))
    for n, r in sorted(main.items()):
        w = r["second"]["writes"]
        check = f"; --check --diff: {r['check']['writes']} writes" if "check" in r else ""
        rows.append((f"main job: second run makes no write (N={n})", f"{w} writes{check}",
                     "yes" if w == 0 else "**no**"))
        got, need = r["first"]["writes"], r["needed_writes"]
        rows.append((f"main job: first converge writes = things created (N={n})", f"{got} writes, {need} needed",
                     "yes" if got == need else f"**no** ({got - need:+d})"))
    return rows


def main_time(main: dict, ours: dict) -> list:
    """Measured facts on the main job's time: its second run at the largest N against the list forms', by phase,
    and how it grows from the smallest N."""
    n = max(main)
    r = main[n]["second"]
    in_tasks = sum(p["seconds"] for p in r["phases"].values())
    by_phase = sorted(r["phases"].items(), key=lambda item: -item[1]["seconds"])
    text = (f"The main job's second run at N={n} took {r['wall']:.1f} s wall and {r['cpu']:.1f} CPU s for "
            f"{r['invocations']} module runs ({_ratio(r['cpu'], r['invocations']):.2f} CPU s each) and {r['calls']} "
            f"calls (load {r['load']:.1f}). Its phases' tasks took {in_tasks:.1f} s: "
            + ", ".join(f"{p} {v['seconds']:.1f} s ({_runs(v['runs'])})" for p, v in by_phase)
            + f"; the other {r['wall'] - in_tasks:.1f} s of wall time fall outside any task (ansible-playbook's "
            "start, loading the inventory and playbooks, starting each play).")
    if n in ours:
        lists = ours[n]["second"]
        extra = [(d, a) for d, a in sorted(((c - lists["by_action"].get(a, 0), a) for a, c in r["by_action"].items()),
                                           reverse=True)[:4] if d > 0]
        text += (f" The list forms' second run at N={n} took {lists['wall']:.1f} s wall and {lists['cpu']:.1f} CPU s for "
                 f"{lists['invocations']} module runs and {lists['calls']} calls"
                 + ("; the calls the main job makes beyond them are mostly "
                    + ", ".join(f"{a} (+{d})" for d, a in extra) if extra else "") + ".")
    low = min(main)
    if low != n:
        first, last = main[low]["second"], r
        grown = sorted(((c - first["by_action"].get(a, 0), a) for a, c in last["by_action"].items()), reverse=True)[:3]
        text += (f" From N={low} to N={n} ({n // low}x the regions, {main[n]['pairs'] // max(main[low]['pairs'], 1)}x "
                 f"the pairs) the second run went from {first['invocations']} to {last['invocations']} "
                 f"module runs, {first['reads']} to {last['reads']} reads and {first['cpu']:.1f} to {last['cpu']:.1f} "
                 f"CPU s (wall {first['wall']:.1f} to {last['wall']:.1f} s, at load {first['load']:.1f} and "
                 f"{last['load']:.1f}); the reads that grew most: "
                 + ", ".join(f"{a} {first['by_action'].get(a, 0)} -> {last['by_action'][a]}" for _d, a in grown) + ".")
    first_run = main[n]["first"]
    slow = sorted(first_run["phases"].items(), key=lambda item: -item[1]["seconds"])[:3]
    text += (f" Its first converge at N={n} took {first_run['wall']:.1f} s wall, {first_run['cpu']:.1f} CPU s, "
             f"{first_run['writes']} writes; the longest phases: "
             + ", ".join(f"{p} {v['seconds']:.1f} s" for p, v in slow) + ".")
    return [text]


def main_reasons(main: dict, ours: dict) -> list:
    """Measured lines on the main job: its N=8 second run against the list forms', and its no-change reads per
    unit from the smallest N to the largest."""
    if not main:
        return []
    lines = []
    if 8 in main and 8 in ours:
        mine, lists = main[8]["second"], ours[8]["second"]
        if mine["wall"] > 1.5 * lists["wall"]:
            lines.append(f"- Main job at N=8: its second run ran {mine['invocations']} module runs against the list "
                         f"forms' {lists['invocations']} and {mine['calls']} calls against {lists['calls']}, for "
                         f"{mine['cpu']:.1f} CPU s against {lists['cpu']:.1f}; its phases are in the table of module "
                         "runs per phase above, its time by phase in \"Where the time goes\".")
    low, high = min(main), max(main)
    if low != high:
        a, b = main[low], main[high]
        per = [r["second"]["reads"] / (r["units"] * r["n"]) for r in (a, b)]
        lines.append(f"- Main job's no-change reads per unit: the bench's one unit spans all N regions, so its reads "
                     f"grow with the regions even at one read per kind and region; per account and region they went "
                     f"from {per[0]:.1f} at N={low} to {per[1]:.1f} at N={high}, the calls that grew most named in "
                     "\"Where the time goes\".")
    return lines
