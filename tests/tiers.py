"""The test tiers of docs/development.md ("Test tiers"), and the time each one took, printed at the end of every
pytest run: the tier, its number of tests and the sum of their durations (setup, call and teardown). With several
workers the sums add up to more than the run's wall time; they say where the time goes.

A test file's tier follows from its place: tests/unit, tests/emulator and tests/reliability are tiers of their own
(the bad-input catalogue of tests/reliability belongs to the module tier), and in tests/integration the role, main
job and controller smoke files are named below; every other integration file tests one module.
"""

from __future__ import annotations

from collections import defaultdict

TIERS = ("unit", "emulator", "module", "controller smoke", "roles", "main job", "reliability")
MAIN_JOB = ("test_main_job.py", "test_inventory_site.py", "test_molecule_guides.py", "test_awx_runner.py",
            "test_awx_slicing.py", "test_packaging.py", "test_site_accounts.py", "test_site_limit.py",
            "test_site_quotas.py", "test_discovery.py", "test_site_native_privatelink.py",
            "test_site_resolver_sharing.py")
CONTROLLER_SMOKE = ("test_module_smoke.py", "test_peerings_batch.py")


def tier_of(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    folder, _sep, name = path.rpartition("/")
    if folder.endswith("tests/unit"):
        return "unit"
    if folder.endswith("tests/emulator"):
        return "emulator"
    if folder.endswith("tests/reliability"):
        return "module" if "bad_input" in name else "reliability"
    if name.startswith("test_role_"):
        return "roles"
    if name in MAIN_JOB:
        return "main job"
    if name in CONTROLLER_SMOKE:
        return "controller smoke"
    return "module"


class TierTimes:
    """A pytest plugin: sums each test's durations by tier and prints the table when the run ends."""

    def __init__(self) -> None:
        self.seconds: dict = defaultdict(float)
        self.tests: dict = defaultdict(set)

    def pytest_runtest_logreport(self, report) -> None:
        tier = tier_of(report.nodeid)
        self.seconds[tier] += report.duration
        self.tests[tier].add(report.nodeid)

    def table(self) -> list:
        rows = [f"{'tier':<17}{'tests':>6}{'seconds':>9}"]
        rows += [f"{tier:<17}{len(self.tests[tier]):>6}{self.seconds[tier]:>9.0f}" for tier in TIERS
                 if tier in self.tests]
        return rows

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.tests:
            terminalreporter.write_sep("=", "time by test tier (sum of test durations; docs/development.md)")
            for row in self.table():
                terminalreporter.write_line(row)
