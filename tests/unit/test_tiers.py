"""The tier table printed at the end of a pytest run (tests/tiers.py) sorts each test file into the tier that
docs/development.md gives it, and a renamed file cannot fall into the wrong tier unnoticed."""

from pathlib import Path

from tests.tiers import CONTROLLER_SMOKE, MAIN_JOB, TIERS, TierTimes, tier_of

TESTS = Path(__file__).resolve().parents[1]
DOCS = TESTS.parent / "docs" / "development.md"


def test_each_test_file_lands_in_its_documented_tier():
    assert tier_of("tests/unit/test_routes.py::test_x") == "unit"
    assert tier_of("tests/emulator/test_snapshot.py::test_x") == "emulator"
    assert tier_of("tests/integration/test_peer_routes.py::test_x[a]") == "module"
    assert tier_of("tests/reliability/test_bad_input.py::test_x") == "module"
    assert tier_of("tests/reliability/test_generated_bad_input.py::test_x") == "module"
    assert tier_of("tests/reliability/test_interruption_peering.py::test_x") == "reliability"
    assert tier_of("tests/integration/test_role_vpc_peering.py::TestCrossAccount::test_x") == "roles"
    assert tier_of("tests/integration/test_main_job.py::test_x[guide2+guide4]") == "main job"
    assert tier_of("tests/integration/test_module_smoke.py::test_x") == "controller smoke"


def test_the_files_named_for_a_tier_exist_and_every_tier_is_in_the_docs_table():
    for name in MAIN_JOB + CONTROLLER_SMOKE:
        assert (TESTS / "integration" / name).is_file(), name
    table = DOCS.read_text().split("## Test tiers", 1)[1]
    for tier in TIERS:
        assert f"\n| {tier} |" in table, tier


def test_the_table_sums_durations_per_tier_and_counts_each_test_once():
    class Report:
        def __init__(self, nodeid, duration):
            self.nodeid, self.duration = nodeid, duration

    times = TierTimes()
    for _when, seconds in (("setup", 1.0), ("call", 10.0), ("teardown", 0.5)):
        times.pytest_runtest_logreport(Report("tests/integration/test_main_job.py::test_a", seconds))
    times.pytest_runtest_logreport(Report("tests/unit/test_routes.py::test_b", 0.25))
    assert times.table() == ["tier              tests  seconds",
                             "unit                  1        0",
                             "main job              1       12"]
