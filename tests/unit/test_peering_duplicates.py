"""After a create, which of a pair's connections a run keeps and which it deletes (concurrent runs, retries)."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import settle_duplicates
from tests.unit.test_peering import conn, want

TAGS = {"Name": "mesh"}


def ids(conns):
    return [c["VpcPeeringConnectionId"] for c in conns]


def test_alone_keeps_its_own_and_deletes_nothing():
    keep, drop = settle_duplicates([conn("pcx-2", "pending-acceptance", tags=TAGS)], "pcx-2", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-2" and drop == []


def test_two_runs_that_each_created_one_keep_the_same_one_and_only_the_loser_deletes_while_both_are_pending():
    both = [conn("pcx-9", "pending-acceptance", tags=TAGS), conn("pcx-1", "pending-acceptance", tags=TAGS)]
    keep_a, drop_a = settle_duplicates(both, "pcx-9", want(tags=TAGS))
    keep_b, drop_b = settle_duplicates(both, "pcx-1", want(tags=TAGS))
    assert ids([keep_a, keep_b]) == ["pcx-1", "pcx-1"]
    assert ids(drop_a) == ["pcx-9"] and drop_b == []  # the winner may not delete what another run may be accepting


def test_without_accepting_the_winner_also_deletes_the_other_pending_request():
    both = [conn("pcx-9", "pending-acceptance", tags=TAGS), conn("pcx-1", "pending-acceptance", tags=TAGS)]
    keep, drop = settle_duplicates(both, "pcx-1", want(tags=TAGS, accept=False))
    assert keep["VpcPeeringConnectionId"] == "pcx-1" and ids(drop) == ["pcx-9"]


def test_the_loser_deletes_its_own_even_when_already_accepted():
    both = [conn("pcx-9", "active", tags=TAGS), conn("pcx-1", "active", tags=TAGS)]
    keep, drop = settle_duplicates(both, "pcx-9", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-1" and ids(drop) == ["pcx-9"]


def test_a_late_request_yields_to_the_connection_another_run_already_accepted_even_with_a_smaller_id():
    both = [conn("pcx-9", "active", tags=TAGS), conn("pcx-1", "pending-acceptance", tags=TAGS)]
    keep, drop = settle_duplicates(both, "pcx-1", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-9" and ids(drop) == ["pcx-1"]


def test_the_kept_connection_is_the_same_for_both_runs_once_one_is_active():
    both = [conn("pcx-9", "active", tags=TAGS), conn("pcx-1", "pending-acceptance", tags=TAGS)]
    keep_a, drop_a = settle_duplicates(both, "pcx-9", want(tags=TAGS))
    keep_b, drop_b = settle_duplicates(both, "pcx-1", want(tags=TAGS))
    assert ids([keep_a, keep_b]) == ["pcx-9", "pcx-9"] and ids(drop_a) == ["pcx-1"] and ids(drop_b) == ["pcx-1"]


def test_an_active_connection_another_run_made_is_never_deleted():
    both = [conn("pcx-9", "active", tags=TAGS), conn("pcx-1", "active", tags=TAGS)]
    keep, drop = settle_duplicates(both, None, want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-1" and drop == []


def test_an_orphan_of_a_retried_create_is_deleted_but_not_a_different_request():
    found = [conn("pcx-3", "pending-acceptance", tags=TAGS), conn("pcx-1", "pending-acceptance", tags=TAGS),
             conn("pcx-5", "pending-acceptance", tags={"Name": "other"}),
             conn("pcx-7", "pending-acceptance", req=("vpc-b", "eu-west-1", "111111111111"),
                  acc=("vpc-a", "us-east-1", "111111111111"), tags=TAGS),
             conn("pcx-0", "deleted", tags=TAGS)]
    keep, drop = settle_duplicates(found, "pcx-1", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-1" and drop == []  # not while pcx-1 is still pending
    found[1] = conn("pcx-1", "active", tags=TAGS)
    keep, drop = settle_duplicates(found, "pcx-1", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-1" and ids(drop) == ["pcx-3"]


def test_a_pair_with_no_live_connection_keeps_nothing():
    assert settle_duplicates([conn("pcx-1", "deleted")], "pcx-1", want()) == (None, [])
