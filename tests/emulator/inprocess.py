"""Run one of the collection's modules in a forked copy of the test process, as ansible-playbook would run it.

    result = run_module("cross_region_peering", {"vpc_id": ...}, endpoint_url=aws.url, check=True)
    assert result.rc == 0, result
    out = result.task("cross_region_peering")      # what `register:` would hold

A real `ansible-playbook` costs 3-4 s per single-task play, almost all of it starting the controller and
the module's interpreter and parsing botocore's service models. Module-level cases (hundreds of them) need
none of that: the module's `main()` runs in a child forked from the test process, with its arguments given
the way ansible-core's own module test helper gives them (`ansible.module_utils.testing.patch_module_args`),
the same environment `runner.environment` gives a playbook (dummy keys, `AWS_URL` = the recording proxy),
and botocore's models already parsed by the parent. The child is a separate process, so nothing a module
caches survives into the next run, exactly as with ansible-playbook.

What this does not exercise (each has its real-playbook tests): the controller (templating, FQCN and
`module_defaults` group resolution, loops, the callback, `no_log` in the controller's output). Arguments
are literal values, as in a play without Jinja.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

from .runner import PlaybookResult, environment

MODULES = "ansible_collections.vpcmesh.aws.plugins.modules"
# The services our modules call, parsed once in the parent so every forked child finds them in the loader.
SERVICES = ("ec2", "sts", "route53", "route53resolver", "elbv2")
_WARM = {}


def warm() -> None:
    """Import the modules and parse the service models once per test process."""
    if _WARM:
        return
    from ansible_collections.vpcmesh.aws.plugins.module_utils import sessions

    loader = sessions.shared_loader()
    for service in SERVICES:
        loader.load_service_model(service, "service-2")
        loader.load_service_model(service, "paginators-1")
        try:
            loader.load_service_model(service, "waiters-2")
        except Exception:  # noqa: BLE001 - a service without waiters
            pass
    loader.load_data("endpoints")
    loader.load_data("partitions")
    loader.load_data("_retry")
    for path in sorted((Path(__file__).resolve().parents[2] / "plugins" / "modules").glob("*.py")):
        importlib.import_module(f"{MODULES}.{path.stem}")
    _WARM["done"] = True


def run_module(module: str, args: dict, *, endpoint_url: str, check: bool = False, diff: bool = False,
               env: dict | None = None, name: str | None = None, ignore_errors: bool = False) -> PlaybookResult:
    """Run `vpcmesh.aws.<module>` with `args`; a PlaybookResult with one task named `name` (default: the module).

    rc is 2 when the module failed (as ansible-playbook's), 0 otherwise or with `ignore_errors`."""
    warm()
    with tempfile.TemporaryDirectory(prefix="vpcmesh-module-") as tmp:
        out_path = Path(tmp) / "result.json"
        err_path = Path(tmp) / "stderr.txt"
        module_args = dict(args, _ansible_check_mode=check, _ansible_diff=diff,
                           _ansible_module_name=f"vpcmesh.aws.{module}", _ansible_tmpdir=tmp,
                           _ansible_remote_tmp=tmp, _ansible_keep_remote_files=False)
        child_env = environment(endpoint_url, Path(tmp), env)
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            _child(module, module_args, child_env, out_path, err_path)
        status = os.waitpid(pid, 0)[1]
        text = out_path.read_text() if out_path.exists() else ""
        stderr = err_path.read_text() if err_path.exists() else ""
    result = _parse(text, stderr, status)
    failed = bool(result.get("failed"))
    rc = 2 if failed and not ignore_errors else 0
    task = {"name": name or module, "host": "localhost", "action": f"vpcmesh.aws.{module}", "result": result}
    return PlaybookResult(rc, text, stderr, [task], {}, [f"in-process vpcmesh.aws.{module}"])


def _child(module: str, module_args: dict, env: dict, out_path: Path, err_path: Path) -> None:
    code = 1
    try:
        os.environ.clear()
        os.environ.update(env)
        from ansible.module_utils import _internal

        _internal.is_controller = False  # a module process, whatever the test process imported
        out = open(out_path, "w")  # noqa: SIM115 - closed by os._exit's flush below
        err = open(err_path, "w")  # noqa: SIM115
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sys.stdout, sys.stderr = out, err
        from ansible.module_utils.testing import patch_module_args

        main = importlib.import_module(f"{MODULES}.{module}").main
        try:
            with patch_module_args(module_args):
                main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - reported to the parent as a module crash
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _message(item):
    if isinstance(item, dict) and isinstance(item.get("event"), dict):
        return item["event"].get("msg", "")
    return item


def _parse(text: str, stderr: str, status: int) -> dict:
    """The module's JSON answer, post-processed as ansible's task executor does for `register`."""
    start = text.find("{")
    try:
        result = json.loads(text[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        result = None
    if not isinstance(result, dict):
        return {"failed": True, "changed": False, "msg": "MODULE FAILURE: no JSON answer",
                "module_stdout": text, "module_stderr": stderr, "rc": os.waitstatus_to_exitcode(status)}
    for key in [k for k in result if k.startswith("_ansible_")]:
        result.pop(key)
    # the controller shows warnings and deprecations as their messages
    for key in ("warnings", "deprecations"):
        if key in result:
            result[key] = [_message(item) for item in result[key]]
    result.setdefault("changed", False)
    result.setdefault("failed", False)
    return result
