"""A bytecode cache for the modules' AnsiballZ payloads, in the test harness's module processes only.

ansible-playbook runs a module as a zip (AnsiballZ) that Python imports with zipimport, which compiles every
`.py` in it from source on every run: ansible's module_utils, amazon.aws's and ours, about 0.3 s of CPU per
module run, a fifth of the suite's module runs. Where VPCMESH_BYTECODE_CACHE names a directory (the harness
sets it, with this folder on PYTHONPATH: tests/emulator/runner.py `environment`), the compiled code of each
file is kept there, keyed by the Python magic number, the file's path inside the zip and its source, and
reused by the next module run. The code is the compile of the same source, so the module runs the same;
only the compile is skipped. Without the variable nothing changes. Users' runs never load this file.
"""

import hashlib
import importlib.util
import marshal
import os
import zipimport

import _imp

_CACHE = os.environ.get("VPCMESH_BYTECODE_CACHE")
_compile = zipimport._compile_source  # pylint: disable=protected-access


def _key(pathname, source):
    inner = pathname.rsplit(".zip" + os.sep, 1)[-1]  # the zip itself is in a new temporary folder each run
    return hashlib.sha256(importlib.util.MAGIC_NUMBER + inner.encode() + b"\0" + source).hexdigest()


def _compile_cached(pathname, source):
    path = os.path.join(_CACHE, _key(pathname, source))
    try:
        with open(path, "rb") as cached:
            code = marshal.loads(cached.read())
    except (OSError, EOFError, ValueError, TypeError):
        code = _compile(pathname, source)
        try:
            os.makedirs(_CACHE, exist_ok=True)
            partial = f"{path}.{os.getpid()}"
            with open(partial, "wb") as out:
                out.write(marshal.dumps(code))
            os.replace(partial, path)  # whole files only: another worker may read it at once
        except OSError:
            pass
        return code
    _imp._fix_co_filename(code, pathname)  # pylint: disable=protected-access  # tracebacks name this run's zip
    return code


if _CACHE:
    zipimport._compile_source = _compile_cached  # pylint: disable=protected-access
