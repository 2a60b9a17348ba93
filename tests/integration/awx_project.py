"""An AWX project as a job template runs it: a clean copy of the repository's tracked files (AWX clones the
project), and the job's sliced inventory as AWX hands it to each slice of a sliced job template."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.emulator.runner import REPO


def clean_copy(destination: Path) -> Path:
    """The repository's files as a git clone has them (symbolic links kept as links), without .venv or .build."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    destination.mkdir()
    for name in filter(None, listed):
        source, target = REPO / name, destination / name
        if not source.is_symlink() and not source.is_file():
            continue  # deleted in the working tree
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
    return destination


def awx_slices(inventory: Path, count: int, group_vars: dict | None = None) -> list[dict]:
    """The inventory script data AWX gives each of `count` slices (awx/main/models/inventory.py,
    Inventory.get_script_data with slice_number, slice_count): the hosts sorted by name, slice n holding every
    count-th from the (n-1)-th; every group with its variables and children, its hosts only those of the slice;
    host variables only for the slice's hosts. `group_vars` adds variables to groups (as AWX imports a project's
    group_vars files)."""
    listed = json.loads(subprocess.run(
        [str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(inventory), "--list", "--export"],
        capture_output=True, text=True, check=True).stdout)
    hostvars = listed.get("_meta", {}).get("hostvars", {})
    groups = {name: value for name, value in listed.items() if name not in ("_meta", "all")}
    every_host = sorted({h for value in groups.values() for h in value.get("hosts", [])} | set(hostvars))
    slices = []
    for number in range(1, count + 1):
        mine = set(every_host[number - 1::count])
        data = {"all": {"children": sorted(groups)}, "_meta": {"hostvars": {h: hostvars.get(h, {}) for h in sorted(mine)}}}
        for name, value in groups.items():
            info = {}
            hosts = [h for h in value.get("hosts", []) if h in mine]
            if hosts:
                info["hosts"] = hosts
            if value.get("children"):
                info["children"] = value["children"]
            variables = dict(value.get("vars", {}), **(group_vars or {}).get(name, {}))
            if variables:
                info["vars"] = variables
            data[name] = info
        slices.append(data)
    return slices


def write_inventory_script(directory: Path, data: dict) -> Path:
    """An executable inventory script `directory`/hosts answering --list with `data` (kept beside `directory`), as
    AWX writes a job's inventory."""
    directory.mkdir(parents=True, exist_ok=True)
    answer = directory.parent / f"{directory.name}.json"
    answer.write_text(json.dumps(data))
    script = directory / "hosts"
    script.write_text(f"#!{sys.executable}\nimport pathlib, sys\n"
                      f"print(pathlib.Path({str(answer)!r}).read_text() if '--list' in sys.argv else '{{}}')\n")
    script.chmod(0o755)
    return script
