"""What a check-mode run planned against what the real run then wrote, per API action and region: check mode is
exact when the two are equal (issue 15). Every task's ``actions`` count (list forms' item results too); the writes
are the recording proxy's."""

from __future__ import annotations

from collections import Counter


def planned_writes(run, tasks=None) -> Counter:
    """(action, region) of every action the tasks of `run` (those whose name starts with one of `tasks`, if given)
    took or, in check mode, planned, counted; ``ec2:CreateRoute`` counts as ``CreateRoute``."""
    out = Counter()
    for task in run.tasks:
        if tasks and not task["name"].startswith(tuple(tasks)):
            continue
        result = task["result"]
        items = result["results"] if isinstance(result.get("results"), list) else [result]
        for item in items:
            for action in (item.get("actions") or []) if isinstance(item, dict) else []:
                if isinstance(action, dict) and "call" in action:
                    out[(action["call"].split(":", 1)[-1], action["region"])] += 1
    return out


def written(aws) -> Counter:
    """(action, region) of every write the emulator's proxy recorded since the last reset, counted."""
    return Counter((call.action, call.region) for call in aws.writes())


def difference(planned: Counter, wrote: Counter) -> dict:
    """{(action, region): written - planned} where they differ: positive, written but not planned; negative,
    planned but not written."""
    keys = set(planned) | set(wrote)
    return {key: wrote[key] - planned[key] for key in sorted(keys) if wrote[key] != planned[key]}
