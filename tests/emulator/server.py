"""`Emulator`: moto plus our extensions, as a subprocess on a free 127.0.0.1 port.

    with Emulator() as emu:          # start() ... stop()
        emu.url                      # http://127.0.0.1:PORT
        emu.reset()                  # wipe all moto state (every account and region)

The subprocess is launch.py in its own process group; `stop()` ends that group by its PID.
Its output goes to a log file (`emu.log_path`, a temp file removed by `stop()` unless you
passed one), quoted in the error if it fails to start.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

LAUNCH = Path(__file__).resolve().with_name("launch.py")
REPO = LAUNCH.parents[2]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def answers(url: str, timeout: float = 2.0) -> bool:
    """True if GET {url}/moto-api/ gets any HTTP answer."""
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


class Emulator:
    def __init__(self, port: int | None = None, host: str = "127.0.0.1",
                 extensions: str | None = None, log_path: str | None = None,
                 start_timeout: float = 30.0):
        self.host = host
        self.port = port
        self.extensions = extensions  # None: inherit VPCMESH_EMULATOR_EXTENSIONS (default all)
        self.log_path = log_path
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None
        self._owns_log = False

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("Emulator not started")
        return f"http://{self.host}:{self.port}"

    def start(self) -> "Emulator":
        if self.process and self.process.poll() is None:
            return self
        self.port = self.port or free_port(self.host)
        if self.log_path is None:
            fd, self.log_path = tempfile.mkstemp(prefix="vpcmesh-emulator-", suffix=".log")
            os.close(fd)
            self._owns_log = True
        env = dict(os.environ)
        if self.extensions is not None:
            env["VPCMESH_EMULATOR_EXTENSIONS"] = self.extensions
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(LAUNCH), "--host", self.host, "--port", str(self.port)],
                cwd=str(REPO), env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code, log = self.process.returncode, self.log()
                self.stop()
                raise RuntimeError(f"emulator exited with {code}:\n{log}")
            if answers(self.url, timeout=1.0):
                return self
            time.sleep(0.1)
        log = self.log()
        self.stop()
        raise RuntimeError(f"emulator did not answer on {self.url} within "
                           f"{self.start_timeout:.0f}s:\n{log}")

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.url}/moto-api/reset", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=30):
            pass

    def stop(self) -> None:
        """End the emulator's process group; a log file we created goes too."""
        process, self.process = self.process, None
        if self._owns_log:
            Path(self.log_path).unlink(missing_ok=True)
            self._owns_log, self.log_path = False, None
        if process is None or process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)  # start_new_session: the group id is our PID
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log(self) -> str:
        try:
            return Path(self.log_path).read_text(errors="replace")[-4000:]
        except (OSError, TypeError):
            return ""

    def __enter__(self) -> "Emulator":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
