"""The harness's bytecode cache for AnsiballZ payloads (tests/emulator/bytecode/sitecustomize.py): a module run
from a new zip reuses the code compiled by an earlier run of the same source, never code of another source, and
its tracebacks name the zip it runs from; without VPCMESH_BYTECODE_CACHE nothing is cached."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.emulator.runner import BYTECODE_CACHE, BYTECODE_HOOK, environment

PROBE = """
import json, sys, traceback
sys.path.insert(0, sys.argv[1])
import payload.mod as mod
try:
    mod.fail()
except RuntimeError:
    where = traceback.extract_tb(sys.exc_info()[2])[-1].filename
print(json.dumps({"value": mod.VALUE, "file": mod.fail.__code__.co_filename, "traceback": where}))
"""


def payload(folder: Path, value: int) -> Path:
    """A zip like an AnsiballZ payload, in its own folder (ansible makes a new temporary folder per run)."""
    folder.mkdir(parents=True)
    path = folder / "ansible_mod_payload.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("payload/__init__.py", "")
        zf.writestr("payload/mod.py", f"VALUE = {value}\n\ndef fail():\n    raise RuntimeError('from the zip')\n")
    return path


def run(zip_path: Path, cache: Path | None) -> dict:
    env = {"PYTHONPATH": str(BYTECODE_HOOK), "PYTHONDONTWRITEBYTECODE": "1"}
    if cache:
        env["VPCMESH_BYTECODE_CACHE"] = str(cache)
    out = subprocess.run([sys.executable, "-c", PROBE, str(zip_path)], env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def test_a_new_zip_of_the_same_source_reuses_the_cached_code_and_names_its_own_zip(tmp_path):
    cache = tmp_path / "cache"
    first = run(payload(tmp_path / "run1", 1), cache)
    cached = sorted(cache.iterdir())
    assert len(cached) == 2  # payload/__init__.py and payload/mod.py
    second_zip = payload(tmp_path / "run2", 1)
    second = run(second_zip, cache)
    assert sorted(cache.iterdir()) == cached  # served from the cache: nothing new compiled
    assert first["value"] == second["value"] == 1
    assert second["file"] == second["traceback"] == str(second_zip / "payload" / "mod.py")


def test_a_changed_source_is_compiled_again_never_served_stale(tmp_path):
    cache = tmp_path / "cache"
    assert run(payload(tmp_path / "run1", 1), cache)["value"] == 1
    assert run(payload(tmp_path / "run2", 2), cache)["value"] == 2
    assert len(list(cache.iterdir())) == 3  # one __init__.py, two versions of mod.py


def test_without_the_variable_nothing_is_cached(tmp_path):
    assert run(payload(tmp_path / "run1", 1), None)["value"] == 1
    assert [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".zip"] == []


def test_the_harness_gives_module_processes_the_hook_and_the_cache(tmp_path):
    env = environment("http://127.0.0.1:1", tmp_path, None)
    assert env["PYTHONPATH"].split(":")[0] == str(BYTECODE_HOOK)
    assert env["VPCMESH_BYTECODE_CACHE"] == str(BYTECODE_CACHE)
