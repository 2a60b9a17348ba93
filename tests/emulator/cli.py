"""`python -m tests.emulator start|stop|status`: a background emulator for humans and demos.

    python -m tests.emulator start [--port 5055] [--host 127.0.0.1]   # prints the URL
    python -m tests.emulator status                                   # prints the URL, or exit 1
    python -m tests.emulator stop

`start` runs launch.py (moto + extensions, no recording proxy) detached in its own process
group, writes `.emulator/pid`, `.emulator/url` and `.emulator/emulator.log` in the repo (or
`--state-dir`), and waits until it answers. All three commands are idempotent: `start` on a
running emulator prints its URL; `stop` on a stopped one does nothing.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time
from pathlib import Path

from .server import REPO, Emulator, answers

DEFAULT_PORT = 5055


def _running(state: Path) -> tuple[int, str] | None:
    """(pid, url) of the emulator recorded in `state`, if that process is still ours."""
    try:
        pid = int((state / "pid").read_text().strip())
        url = (state / "url").read_text().strip()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return (pid, url) if b"launch.py" in cmdline else None


def start(state: Path, host: str, port: int) -> int:
    found = _running(state)
    if found and answers(found[1]):
        print(found[1])
        return 0
    if found:
        stop(state)
    if not _port_free(host, port):
        print(f"{host}:{port} is in use by another process; pick one with --port",
              file=sys.stderr)
        return 1
    state.mkdir(parents=True, exist_ok=True)
    emulator = Emulator(port=port, host=host, log_path=str(state / "emulator.log"))
    try:
        emulator.start()
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    (state / "pid").write_text(f"{emulator.process.pid}\n")
    (state / "url").write_text(f"{emulator.url}\n")
    emulator.process = None  # detach: keep it running after we exit
    print(emulator.url)
    return 0


def stop(state: Path) -> int:
    found = _running(state)
    if found:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(found[0], sig)  # launched with start_new_session: group id == pid
            except ProcessLookupError:
                break
            if _wait_gone(found[0], 5):
                break
    for name in ("pid", "url"):
        (state / name).unlink(missing_ok=True)
    return 0


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
        except OSError:
            return True
        if fields[0] == "Z":  # exited, not yet reaped by its parent
            return True
        time.sleep(0.1)
    return False


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as werkzeug binds
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def status(state: Path) -> int:
    found = _running(state)
    if found and answers(found[1]):
        print(found[1])
        return 0
    print("emulator not running", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.emulator", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("VPCMESH_EMULATOR_PORT", DEFAULT_PORT)))
    parser.add_argument("--state-dir", type=Path, default=REPO / ".emulator")
    args = parser.parse_args(argv)
    if args.command == "start":
        return start(args.state_dir, args.host, args.port)
    if args.command == "stop":
        return stop(args.state_dir)
    return status(args.state_dir)
