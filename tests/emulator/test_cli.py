"""`python -m tests.emulator start|status|stop` is idempotent and leaves nothing running."""

import subprocess
import sys

from tests.emulator.server import REPO, answers, free_port


def cli(*args, state):
    return subprocess.run(
        [sys.executable, "-m", "tests.emulator", *args, "--state-dir", str(state)],
        cwd=str(REPO), capture_output=True, text=True, timeout=60, check=False)


def test_start_status_stop(tmp_path):
    port = str(free_port())
    url = f"http://127.0.0.1:{port}"
    try:
        first = cli("start", "--port", port, state=tmp_path)
        pid = (tmp_path / "pid").read_text()
        again = cli("start", "--port", port, state=tmp_path)
        status = cli("status", state=tmp_path)

        assert first.returncode == 0, first.stderr
        assert first.stdout.strip() == again.stdout.strip() == status.stdout.strip() == url
        assert (tmp_path / "pid").read_text() == pid  # the second start reused the first
        assert answers(url)
    finally:
        stopped = cli("stop", state=tmp_path)

    assert stopped.returncode == 0
    assert not answers(url, timeout=0.5)
    assert cli("stop", state=tmp_path).returncode == 0
    assert cli("status", state=tmp_path).returncode == 1
    assert not (tmp_path / "pid").exists()
