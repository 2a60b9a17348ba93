"""After a create, which of a pair's connections a run keeps and which it deletes (concurrent runs, retries)."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import settle_duplicates
from tests.unit.test_peering import conn, want

TAGS = {"Name": "mesh"}


def ids(conns):
    return [c["VpcPeeringConnectionId"] for c in conns]


def test_alone_keeps_its_own_and_deletes_nothing():
    keep, drop = settle_duplicates([conn("pcx-2", "pending-acceptance", tags=TAGS)], "pcx-2", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-2" and drop == []


def test_two_runs_that_each_created_one_keep_the_same_one_and_each_deletes_only_what_looks_like_its_request():
    both = [conn("pcx-9", "pending-acceptance", tags=TAGS), conn("pcx-1", "pending-acceptance", tags=TAGS)]
    keep_a, drop_a = settle_duplicates(both, "pcx-9", want(tags=TAGS))
    keep_b, drop_b = settle_duplicates(both, "pcx-1", want(tags=TAGS))
    assert ids([keep_a, keep_b]) == ["pcx-1", "pcx-1"]
    assert ids(drop_a) == ["pcx-9"] and ids(drop_b) == ["pcx-9"]


def test_the_loser_deletes_its_own_even_when_already_accepted():
    both = [conn("pcx-9", "active", tags=TAGS), conn("pcx-1", "active", tags=TAGS)]
    keep, drop = settle_duplicates(both, "pcx-9", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-1" and ids(drop) == ["pcx-9"]


def test_the_winner_never_deletes_an_active_connection_another_run_made():
    both = [conn("pcx-9", "active", tags=TAGS), conn("pcx-1", "pending-acceptance", tags=TAGS)]
    keep, drop = settle_duplicates(both, "pcx-1", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-1" and drop == []


def test_an_orphan_of_a_retried_create_is_deleted_but_not_a_different_request():
    found = [conn("pcx-3", "pending-acceptance", tags=TAGS), conn("pcx-1", "pending-acceptance", tags=TAGS),
             conn("pcx-5", "pending-acceptance", tags={"Name": "other"}),
             conn("pcx-7", "pending-acceptance", req=("vpc-b", "eu-west-1", "111111111111"),
                  acc=("vpc-a", "us-east-1", "111111111111"), tags=TAGS),
             conn("pcx-0", "deleted", tags=TAGS)]
    keep, drop = settle_duplicates(found, "pcx-1", want(tags=TAGS))
    assert keep["VpcPeeringConnectionId"] == "pcx-1" and ids(drop) == ["pcx-3"]


def test_a_pair_with_no_live_connection_keeps_nothing():
    assert settle_duplicates([conn("pcx-1", "deleted")], "pcx-1", want()) == (None, [])
