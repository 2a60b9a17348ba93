"""Pytest fixtures shared by every test of the collection.

- `emulator` (session): moto with our extensions plus a recording proxy in front of it, started
  on first use and stopped at the end; each pytest-xdist worker gets its own pair.
- `spare_emulator` (session) and `aws_spare` (function): a second such pair and its harness, for a run in a
  thread beside the test's own (tests/reliability/guides.py FaultedRun).
- `aws` (function): a `tests.emulator.harness.AwsHarness` on that emulator, with moto state,
  recorded calls, learned keys and interceptors reset at the start of the test:
  `aws.url`, `aws.client(service, region, account=None)`, `aws.calls`, `aws.writes()`,
  `aws.reads()`, `aws.reset_calls()`, `aws.summary()`, `aws.assume(account)`,
  `aws.make_vpc(region, cidr, account=None, subnets=0, route_tables=0, tags=None)`,
  `aws.run(playbook, extravars=None, check=False, diff=False, env=None, ...)`,
  `aws.interceptors`.

Importing this file also makes `ansible_collections.vpcmesh.aws...` and `tests.emulator`
importable (repo/.build/collections is put on sys.path beside site-packages).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COLLECTIONS = REPO / ".build" / "collections"


def _make_collection_importable() -> None:
    link = COLLECTIONS / "ansible_collections" / "vpcmesh" / "aws"
    if not link.exists():  # what scripts/bootstrap does, for a checkout not bootstrapped yet
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(REPO, link)
    for path in (str(REPO), str(COLLECTIONS)):
        if path not in sys.path:
            sys.path.insert(0, path)


_make_collection_importable()

from tests.emulator.harness import AwsHarness  # noqa: E402
from tests.emulator.proxy import RecordingProxy  # noqa: E402
from tests.emulator.server import Emulator  # noqa: E402
from tests.reliability.guides import BACKGROUND_RUN  # noqa: E402
from tests.tiers import TierTimes  # noqa: E402


class EmulatorSession:
    """The session's moto server and the recording proxy in front of it."""

    def __init__(self) -> None:
        self.server = Emulator().start()
        try:
            self.proxy = RecordingProxy(self.server.url)
        except Exception:
            self.server.stop()
            raise

    @property
    def url(self) -> str:
        return self.proxy.url

    def stop(self) -> None:
        self.proxy.stop()
        self.server.stop()


def _started():
    session = EmulatorSession()
    try:
        yield session
    finally:
        session.stop()


def _harness_on(session):
    harness = AwsHarness(session.server, session.proxy)
    harness.reset()
    try:
        yield harness
    finally:
        # a test that failed before checking a run it started in a thread: wait for it, so that it cannot write
        # into the next test's state
        for thread in threading.enumerate():
            if thread.name.startswith(BACKGROUND_RUN):
                thread.join()
        session.proxy.interceptors.clear()


@pytest.fixture(scope="session")
def emulator():
    yield from _started()


@pytest.fixture
def aws(emulator):
    yield from _harness_on(emulator)


@pytest.fixture(scope="session")
def spare_emulator():
    """A second emulator and proxy per worker, started on first use (see `aws_spare`)."""
    yield from _started()


@pytest.fixture
def aws_spare(spare_emulator):
    """Like `aws`, on the second emulator: for a run that goes on in a thread beside the test's own runs (a faulted
    run overlapping the clean ones, tests/reliability/guides.py FaultedRun)."""
    yield from _harness_on(spare_emulator)


# The suites that run whole playbooks, longest first: started first, so that with pytest-xdist's work stealing
# the workers end together instead of waiting on one worker's last long test. Parts of a test ID: the
# guide 3 lifecycle (clean, rerun, check, faulted and four-region runs of its playbook) is the longest test; the
# guide tests that end with a faulted run (test_faults_guides and the guide 1 and 5 playbook tests) rank where
# the faults suite did.
LONG_FIRST = ("converges_under_faults_then_grows_a_region", "test_molecule_guides", "test_main_job",
              "converges_under_faults", "test_discovery", "test_interruption", "test_role_",
              "test_inventory_site", "test_awx", "test_packaging", "test_concurrent", "test_least_privilege",
              "test_foreign_state", "test_secrets", "test_peerings_batch", "test_module_smoke", "tests/integration")


def _long_first(item) -> int:
    path = item.nodeid
    return next((rank for rank, part in enumerate(LONG_FIRST) if part in path), len(LONG_FIRST))


def pytest_collection_modifyitems(items):
    """Longest first, dealt round-robin to the workers: xdist's work stealing gives each of its N workers a
    contiguous N-th of the list to start with, so each N-th starts with its share of the long suites."""
    ordered = sorted(items, key=_long_first)
    workers = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))
    items[:] = [item for start in range(workers) for item in ordered[start::workers]]


def pytest_configure(config):
    """The time by test tier at the end of the run (tests/tiers.py), printed by the process that reports: the only
    one, or xdist's controller."""
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(TierTimes(), "vpcmesh-tier-times")
