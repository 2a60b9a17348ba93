"""Run moto's server with our extensions applied, in this process.

    python tests/emulator/launch.py --port 5055 [--host 127.0.0.1]

`VPCMESH_EMULATOR_EXTENSIONS` (all | none | a,b) selects the extensions; see extensions/.
The applied list is printed to stderr and served at GET /vpcmesh/extensions so a test can ask a
running emulator what it has.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)

    # Run as a script, sys.path[0] is tests/emulator; our module names must not shadow others.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import moto.server  # noqa: F401  (moto first, so extensions patch loaded classes)

    from tests.emulator import extensions

    names = extensions.load(extensions.selected(os.environ.get(extensions.ENV_VAR)))
    _serve_extension_list(names)
    print(f"vpcmesh emulator: extensions {names or 'none'} on {args.host}:{args.port}",
          file=sys.stderr, flush=True)
    moto.server.main(["-H", args.host, "-p", str(args.port)])


def _serve_extension_list(names: list[str]) -> None:
    """Answer GET /vpcmesh/extensions with the applied names, ahead of moto's dispatcher."""
    from moto.moto_server import werkzeug_app

    original = werkzeug_app.DomainDispatcherApplication.__call__
    body = json.dumps({"extensions": names}).encode()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/vpcmesh/extensions":
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return original(self, environ, start_response)

    werkzeug_app.DomainDispatcherApplication.__call__ = __call__


if __name__ == "__main__":
    main()
