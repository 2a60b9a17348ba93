"""Run a real `ansible-playbook` against the emulator and read its results.

    result = run_playbook(PLAYBOOK_YAML, endpoint_url=aws.url, extravars={"cidr": "10.0.0.0/16"})
    assert result.rc == 0            # on failure pytest shows repr(result): stderr + failed tasks
    vpc = result.task("create the VPC")["vpc"]

The run uses the venv's ansible-playbook with the repo's collections first on
ANSIBLE_COLLECTIONS_PATH (as scripts/bootstrap sets it), dummy AWS keys, AWS_URL pointing at the
emulator, AWS_DEFAULT_REGION=us-east-1, the ansible.posix.json stdout callback, and a localhost
inventory using the venv's python, and the module processes' bytecode cache (bytecode/sitecustomize.py).
`env` entries override any of these.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
# as scripts/bootstrap: this checkout (linked as vpcmesh.aws) first, then the venv's collections
COLLECTIONS_PATH = f"{REPO / '.build' / 'collections'}:{sysconfig.get_paths()['purelib']}"
# Module processes keep their payload's compiled code here (bytecode/sitecustomize.py says why).
BYTECODE_HOOK = Path(__file__).resolve().parent / "bytecode"
BYTECODE_CACHE = REPO / ".build" / "bytecode"
ACCESS_KEY, SECRET_KEY = "AKIAVPCMESHTESTING00", "testing"


@dataclass
class PlaybookResult:
    rc: int
    stdout: str
    stderr: str
    tasks: list = field(default_factory=list)  # [{"name", "host", "action", "result"}]
    stats: dict = field(default_factory=dict)
    command: list = field(default_factory=list)

    def task(self, name: str, host: str | None = None) -> dict:
        """The result of the last task called `name` (on `host`, if given)."""
        for entry in reversed(self.tasks):
            if entry["name"] == name and (host is None or entry["host"] == host):
                return entry["result"]
        names = sorted({t["name"] for t in self.tasks})
        raise KeyError(f"no task named {name!r} in this run; tasks: {names}\n{self.explain()}")

    def failed_tasks(self) -> list[dict]:
        return [t for t in self.tasks if t["result"].get("failed")]

    def changed_tasks(self) -> list[dict]:
        return [t for t in self.tasks if t["result"].get("changed")]

    def explain(self) -> str:
        """rc, failed task messages and the end of stderr, for assertion messages."""
        lines = [f"ansible-playbook rc={self.rc}"]
        for t in self.failed_tasks():
            result = t["result"]
            msg = result.get("msg") or result.get("exception") or result
            lines.append(f"  FAILED [{t['host']}] {t['name']}: {msg}")
            if result.get("error"):
                lines.append(f"    error: {result['error']}")
        if self.stderr.strip():
            lines.append("stderr (tail):")
            lines.extend("  " + l for l in self.stderr.strip().splitlines()[-25:])
        if not self.tasks and self.stdout.strip():
            lines.append("stdout (tail):")
            lines.extend("  " + l for l in self.stdout.strip().splitlines()[-25:])
        return "\n".join(lines)

    def assert_ok(self) -> "PlaybookResult":
        assert self.rc == 0, self.explain()
        return self

    def __repr__(self) -> str:
        return f"PlaybookResult(\n{self.explain()}\n)"


def run_playbook(playbook, *, endpoint_url: str, extravars: dict | None = None,
                 check: bool = False, diff: bool = False, inventory: str | None = None,
                 env: dict | None = None, timeout: float = 600, limit: str | None = None) -> PlaybookResult:
    """Run `playbook` (a path, a YAML string, or a list of plays) with ansible-playbook (``--limit limit``)."""
    with tempfile.TemporaryDirectory(prefix="vpcmesh-play-") as tmp:
        tmpdir = Path(tmp)
        path = playbook_path(playbook, tmpdir)
        cmd = [str(VENV_BIN / "ansible-playbook"), str(path), "-i",
               inventory_path(inventory, tmpdir)]
        if extravars:
            (tmpdir / "extravars.json").write_text(json.dumps(extravars))
            cmd += ["-e", f"@{tmpdir / 'extravars.json'}"]
        if limit:
            cmd += ["--limit", limit]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        proc_env = environment(endpoint_url, tmpdir, env)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, env=proc_env, check=False,
                                  cwd=str(REPO), timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"ansible-playbook did not finish in {timeout}s\n"
                                 f"stdout:\n{exc.stdout}\nstderr:\n{exc.stderr}") from exc
    tasks, stats = parse_json_callback(proc.stdout)
    return PlaybookResult(proc.returncode, proc.stdout, proc.stderr, tasks, stats, cmd)


def playbook_path(playbook, tmpdir: Path) -> Path:
    if isinstance(playbook, (list, dict)):
        playbook = yaml.safe_dump(playbook if isinstance(playbook, list) else [playbook],
                                  sort_keys=False)
    if isinstance(playbook, Path) or ("\n" not in playbook and Path(playbook).is_file()):
        return Path(playbook).resolve()
    path = tmpdir / "playbook.yml"
    path.write_text(playbook)
    return path


def inventory_path(inventory: str | None, tmpdir: Path) -> str:
    if inventory and "\n" not in inventory and Path(inventory).exists():
        return str(Path(inventory).resolve())
    text = inventory or (
        f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n"
    )
    path = tmpdir / "inventory.ini"
    path.write_text(text)
    return str(path)


def environment(endpoint_url: str, tmpdir: Path, extra: dict | None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "ANSIBLE_", "BOTO_", "EC2_"))}
    env.update({
        "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
        "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH,
        "ANSIBLE_ROLES_PATH": str(REPO / "roles"),
        "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json",
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_LOCAL_TEMP": str(tmpdir / "ansible-local"),
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_URL": endpoint_url,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(BYTECODE_HOOK), os.environ.get("PYTHONPATH")])),
        "VPCMESH_BYTECODE_CACHE": str(BYTECODE_CACHE),
    })
    env.update(extra or {})
    return env


def parse_json_callback(stdout: str) -> tuple[list, dict]:
    """Tasks and stats out of ansible.posix.json output ([], {} if there is none)."""
    start = stdout.find("{")
    if start < 0:
        return [], {}
    try:
        data = json.loads(stdout[start:])
    except json.JSONDecodeError:
        return [], {}
    tasks = []
    for play in data.get("plays", []):
        for task in play.get("tasks", []):
            info = task.get("task", {})
            for host, result in task.get("hosts", {}).items():
                result.setdefault("changed", False)
                result.setdefault("failed", False)
                tasks.append({"name": info.get("name", ""), "host": host,
                              "action": result.get("action", ""), "result": result})
    return tasks, data.get("stats", {})
