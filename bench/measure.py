"""Run one playbook against the emulator through the recording proxy and measure it.

Wall time of the ansible-playbook process and the CPU time of its process tree (user + system,
from getrusage of the waited-for children: what the controller itself spends, less sensitive to
other load on the machine than wall time), the AWS calls the proxy recorded (by service and
action, reads and writes, failed attempts), each task's own time (from the ansible.posix.json
callback), and the peak resident memory of the ansible-playbook process tree (the sum over the
controller and its forks and module processes, sampled from /proc every 200 ms).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tests.emulator.runner import (REPO, VENV_BIN, environment, inventory_path, playbook_path,
                                   parse_json_callback)

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measurement:
    rc: int
    wall: float
    cpu: float             # user + system seconds of the ansible-playbook process tree
    calls: int
    reads: int
    writes: int            # write calls that succeeded (2xx)
    failed_attempts: int   # answers >= 400 or no answer at all (retried by the clients)
    by_action: dict        # "service:Action" -> calls
    peak_rss_mb: float
    changed_tasks: int
    invocations: int       # module runs (each loop item is one)
    task_seconds: dict = field(default_factory=dict)  # task name -> seconds over its loop
    task_table: list = field(default_factory=list)    # [play, task, module runs, seconds] per task, in order
    error: str = ""


def run(playbook, proxy, check: bool = False, interceptors=(), timeout: float = 3600, inventory=None,
        flags=()) -> Measurement:
    """`playbook` on `inventory` (a path; default localhost) with `--check` and further `flags`."""
    proxy.reset_calls()
    proxy.interceptors[:] = list(interceptors)
    try:
        rc, wall, cpu, stdout, stderr, peak = _run_playbook(
            playbook, proxy.url, (["--check"] if check else []) + list(flags), timeout, inventory)
    finally:
        proxy.interceptors.clear()
    calls = proxy.calls
    tasks = parse_json_callback(stdout)[0]
    failed = [t for t in tasks if t["result"].get("failed")]
    error = ""
    if rc:
        error = "; ".join(f"{t['name']}: {t['result'].get('msg')}" for t in failed)[:500] or stderr[-500:]
    return Measurement(
        rc=rc, wall=wall, cpu=cpu, calls=len(calls), reads=sum(not c.write for c in calls),
        writes=sum(c.write and 200 <= c.status < 300 for c in calls),
        failed_attempts=sum(c.status >= 400 or c.status == 0 for c in calls),
        by_action=dict(Counter(f"{c.service}:{c.action}" for c in calls)),
        peak_rss_mb=peak / 2**20, changed_tasks=sum(bool(t["result"].get("changed")) for t in tasks),
        invocations=sum(module_runs(t["result"]) for t in tasks),
        task_seconds=task_seconds(stdout), task_table=task_table(stdout), error=error)


def module_runs(result: dict) -> int:
    """Module executions behind one task result: one per loop item, none for set_fact & co. (A module's own
    ``results``, as with ``peerings``, is one run: its result has ``invocation``, a loop's has not.)"""
    if "invocation" in result:
        return 1
    items = result.get("results")
    if isinstance(items, list):
        return sum("invocation" in item for item in items)
    return int("invocation" in result)


def successful_writes(proxy) -> list:
    return [c for c in proxy.calls if c.write and 200 <= c.status < 300]


def _run_playbook(playbook, url: str, flags: list, timeout: float, inventory=None):
    with tempfile.TemporaryDirectory(prefix="vpcmesh-bench-") as tmp:
        tmpdir = Path(tmp)
        cmd = [str(VENV_BIN / "ansible-playbook"), str(playbook_path(playbook, tmpdir)),
               "-i", inventory_path(inventory, tmpdir)] + flags
        sampler = PeakRss()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=environment(url, tmpdir, None), cwd=str(REPO),
                                stdin=subprocess.DEVNULL)
        sampler.start(proc.pid)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        finally:
            wall = time.monotonic() - started
            sampler.stop()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.returncode, wall, cpu, stdout, stderr, sampler.peak


class PeakRss:
    """Peak of the summed RSS of a process and all its descendants, sampled from /proc."""

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = None

    def start(self, pid: int) -> None:
        self._thread = threading.Thread(target=self._poll, args=(pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _poll(self, root: int) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(root))
            self._stop.wait(self.interval)


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and its descendants now (0 once it is gone)."""
    children: dict = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(children.get(pid, []))
    return total


def task_seconds(stdout: str) -> dict:
    """{task name: seconds} summed over each task's runs, from ansible.posix.json output."""
    out: Counter = Counter()
    for _play, task, _runs, seconds in task_table(stdout):
        out[task] += seconds
    return dict(out)


def task_table(stdout: str) -> list:
    """[play name, task name, module runs over its hosts, seconds] per task, from ansible.posix.json output."""
    start = stdout.find("{")
    try:
        data = json.loads(stdout[start:]) if start >= 0 else {}
    except json.JSONDecodeError:
        return []
    rows = []
    for play in data.get("plays", []):
        play_name = play.get("play", {}).get("name", "")
        for task in play.get("tasks", []):
            info = task.get("task", {})
            span = info.get("duration") or {}
            seconds = 0.0
            if span.get("start") and span.get("end"):
                seconds = (_time(span["end"]) - _time(span["start"])).total_seconds()
            runs = sum(module_runs(result) for result in task.get("hosts", {}).values())
            rows.append([play_name, info.get("name", ""), runs, seconds])
    return rows


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
