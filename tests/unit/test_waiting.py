"""Bounded polling."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.waiting import wait_for


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now


def test_returns_at_once_when_already_done():
    clock = FakeClock()
    assert wait_for(lambda: "active", lambda v: v == "active", 10, sleep=clock.sleep, clock=clock.clock) == ("active", True)
    assert clock.sleeps == []


def test_backs_off_until_done():
    clock = FakeClock()
    states = iter(["initiating-request", "initiating-request", "pending-acceptance"])
    value, ok = wait_for(lambda: next(states), lambda v: v == "pending-acceptance", 60,
                         sleep=clock.sleep, clock=clock.clock)
    assert ok and value == "pending-acceptance" and clock.sleeps == [1.0, 2.0]


def test_gives_up_after_timeout_with_last_value():
    clock = FakeClock()
    value, ok = wait_for(lambda: "provisioning", lambda v: False, 5, sleep=clock.sleep, clock=clock.clock)
    assert not ok and value == "provisioning" and clock.now == 5
