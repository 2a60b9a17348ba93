"""Peering connection states in one place (peering_states.py), and waits that stop on a connection being deleted."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import pick_live
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_runner import PeeringRunner
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_states import (
    ACCEPTED_PEERING_STATES, DEAD_PEERING_STATES, LIVE_PEERING_STATES, SETTLING_PEERING_STATES, preference, reached,
    wait_over)

# EC2 VpcPeeringConnectionStateReason codes.
AWS_CODES = {"initiating-request", "pending-acceptance", "active", "deleted", "rejected", "failed", "expired",
             "provisioning", "deleting"}


def test_every_aws_state_is_either_live_or_dead():
    assert set(LIVE_PEERING_STATES) | set(DEAD_PEERING_STATES) == AWS_CODES
    assert not set(LIVE_PEERING_STATES) & set(DEAD_PEERING_STATES)
    assert set(SETTLING_PEERING_STATES) | {"active"} == set(LIVE_PEERING_STATES)
    assert set(ACCEPTED_PEERING_STATES) <= set(LIVE_PEERING_STATES)


def test_a_wait_for_active_stops_on_deleting_without_reaching_it():
    assert wait_over("deleting", ("active",))
    assert not reached("deleting", ("active",))


def test_deleting_counts_as_deleted_when_deleted_is_wanted():
    assert reached("deleting", ("active", "deleted"))
    assert not reached("rejected", ("active", "deleted"))
    assert not wait_over("pending-acceptance", ("active",))


def test_the_live_connection_of_a_pair_is_the_active_one_and_never_one_being_deleted():
    found = [dict(VpcPeeringConnectionId=i, Status=dict(Code=code))
             for i, code in (("pcx-1", "deleting"), ("pcx-2", "pending-acceptance"), ("pcx-3", "active"))]
    assert pick_live(found)["VpcPeeringConnectionId"] == "pcx-3"
    assert pick_live(found[:1]) is None
    assert sorted(LIVE_PEERING_STATES, key=preference)[0] == "active"


class Failed(Exception):
    pass


class FakeModule:
    def fail_json(self, **kwargs):
        raise Failed(kwargs["msg"])


class FakeContext:
    """Answers every DescribeVpcPeeringConnections with one connection in ``status``, counting the reads."""

    def __init__(self, status):
        self.status, self.reads = status, 0

    def paginate(self, service, region, creds, operation, key, **params):
        self.reads += 1
        return [dict(VpcPeeringConnectionId="pcx-1", Status=dict(Code=self.status))]


def runner(status):
    found = PeeringRunner.__new__(PeeringRunner)
    found.module, found.ctx, found.p = FakeModule(), FakeContext(status), dict(wait=True, wait_timeout=30)
    return found


def test_the_accept_wait_stops_at_once_on_a_connection_being_deleted():
    run = runner("deleting")
    run._wait("pcx-1", "eu-west-1", ("active", "deleted"), "accepted")
    assert run.ctx.reads == 1


def test_a_wait_that_does_not_want_deleted_fails_at_once_on_deleting():
    run = runner("deleting")
    with pytest.raises(Failed, match="went to deleting after it was accepted"):
        run._wait("pcx-1", "eu-west-1", ("active",), "accepted")
    assert run.ctx.reads == 1
