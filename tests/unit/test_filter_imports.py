"""Filter plugins load in every task's worker process of a play (ansible forks a worker per host and task, and the
main process never loads them), so each filter file, with everything it imports, must stay free of boto3, botocore
and amazon.aws's module class: importing them cost about 0.5 s of CPU per worker (docs/development.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.emulator.runner import COLLECTIONS_PATH

FILTERS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "plugins" / "filter").glob("*.py"))
HEAVY = ("boto3", "botocore", "ansible_collections.amazon.aws.plugins.module_utils.modules")
PROBE = """
import importlib, json, sys
sys.path[:0] = sys.argv[1].split(":")
out = {}
for name in sys.argv[2:]:
    importlib.import_module("ansible_collections.vpcmesh.aws.plugins.filter." + name)
    out[name] = sorted(m for m in %r if m in sys.modules)
print(json.dumps(out))
""" % (HEAVY,)


def test_no_filter_file_imports_boto3_or_the_aws_module_class():
    assert FILTERS, "no filter plugins found"
    proc = subprocess.run([sys.executable, "-c", PROBE, COLLECTIONS_PATH, *FILTERS], capture_output=True, text=True,
                          check=True)
    loaded = json.loads(proc.stdout)
    assert loaded == dict.fromkeys(FILTERS, []), loaded
