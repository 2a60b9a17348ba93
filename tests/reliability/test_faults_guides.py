"""Suite 1 (issue 9): every guide converges under 20% throttling, 5% server errors and 2% connection resets
(seeded FaultPlan on every call of the run), ending in exactly the state of a fault-free run on a fresh
emulator: same resources, no duplicates, nothing else changed. Prints the faults injected and retried."""

import pytest

from tests.emulator import snapshot
from tests.emulator.faults import FaultPlan
from tests.reliability import guides

SEED = 909


@pytest.mark.parametrize("guide", sorted(guides.GUIDES))
def test_guide_converges_under_faults_to_the_clean_runs_state(aws, guide, capsys):
    clean = guides.clean_state(aws, guide)
    guides.seed(aws, guide)
    plan = FaultPlan(SEED, throttle=0.2, server_error=0.05, reset=0.02)
    aws.interceptors.append(plan)

    guides.run(aws, guide).assert_ok()

    state = guides.end_state(aws, guide)
    assert state == clean, snapshot.differences(clean, state)
    assert plan.stats.by_kind["throttle"] > 0 and plan.stats.failed_attempts > 0
    with capsys.disabled():
        print(f"\n[faults] {guide}: {len(aws.calls)} calls, {plan.stats.failed_attempts} failed and were retried "
              f"({dict(plan.stats.by_kind)}); end state equals the clean run's, 0 duplicates")
