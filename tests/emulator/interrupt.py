"""`KillOnWrite`: an interceptor that kills a running ansible-playbook at its k-th write call.

    kill = KillOnWrite(k=3, when="before")        # or when="after"
    aws.interceptors.append(kill)
    result = aws.run(PLAYBOOK, env=kill.env)      # the run carries kill's marker in its environment
    assert kill.fired and result.rc != 0

Write calls (`Call.write`) are counted from 0 in the order the proxy receives them. At the k-th:
- `when="before"`: every process of the run is killed (SIGKILL) and the connection reset, so AWS never
  sees the call, as when a run dies just before sending it;
- `when="after"`: the call is forwarded and answered by moto, then the run is killed before it reads
  the answer, as when a run dies right after AWS acted.
The run's processes (ansible-playbook, its workers and the modules they start) are found by the marker
`env` puts in their environment (Linux /proc), so nothing else is touched. `fired` says whether it
happened; `killed` lists the process IDs it killed.
"""

from __future__ import annotations

import os
import signal
import threading
import uuid
from pathlib import Path

from .proxy import RESET

MARKER = "VPCMESH_INTERRUPT"


class KillOnWrite:
    def __init__(self, k: int, when: str = "before"):
        if when not in ("before", "after"):
            raise ValueError("when must be 'before' or 'after'")
        self.k, self.when = k, when
        self.token = uuid.uuid4().hex
        self.env = {MARKER: self.token}
        self.fired = False
        self.killed: list[int] = []
        self._writes = 0
        self._target = None
        self._lock = threading.Lock()

    def __call__(self, call, request):
        if not call.write:
            return None
        with self._lock:
            index, self._writes = self._writes, self._writes + 1
            if index != self.k:
                return None
            self._target = id(request)
        if self.when == "before":
            self._kill()
            return RESET
        return None

    def answered(self, call, request, response):
        if self.when == "after" and self._target == id(request):
            self._kill()
        return None

    def _kill(self) -> None:
        self.fired = True  # first: the killed run's caller may look as soon as ansible-playbook is gone
        needle = f"{MARKER}={self.token}".encode()
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if needle in (proc / "environ").read_bytes().split(b"\0"):
                    os.kill(int(proc.name), signal.SIGKILL)
                    self.killed.append(int(proc.name))
            except OSError:
                continue  # gone meanwhile, or not ours to read
