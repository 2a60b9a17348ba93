"""The main job's units (plugins/filter/units.py): which host leads which VPC hosts, and the list-form items of
each peering phase that a unit owns, each naming its two VPCs."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.filter.units import (
    check_mode_split, flows_within, left_undone, not_active_yet, peering_work, unit_hosts, work_groups)

ROLE = "arn:aws:iam::222222222222:role/network"
HOSTVARS = {"a": {}, "b": {}, "c": {"vpcmesh_role_arn": ROLE}, "d": {"vpcmesh_profile": "p"}, "e": {}}
VPCS = {
    "a": {"vpc_id": "vpc-a", "region": "us-east-1", "account_id": "111111111111"},
    "b": {"vpc_id": "vpc-b", "region": "eu-west-1", "account_id": "111111111111"},
    "c": {"vpc_id": "vpc-c", "region": "eu-west-1", "account_id": "222222222222"},
}


def peering(name, requester, accepter, same_account, dns=True):
    return {"name": name, "requester": requester, "accepter": accepter, "same_account": same_account,
            "dns_resolution": dns, "route_tables": {"requester": "all", "accepter": {"tier": "private"}},
            "tags": {"Name": name}}


ESTATE = {"vpcs": VPCS, "peerings": [peering("ab", "a", "b", True), peering("bc", "b", "c", False, dns=False)]}


def test_the_first_play_host_of_each_credentials_leads_its_unit_and_limited_out_hosts_are_not_members():
    play = ["a", "b", "c", "d", "e"]
    assert unit_hosts("a", HOSTVARS, play) == ["a", "b", "e"]
    assert unit_hosts("b", HOSTVARS, play) == [] and unit_hosts("e", HOSTVARS, play) == []
    assert unit_hosts("c", HOSTVARS, play) == ["c"] and unit_hosts("d", HOSTVARS, play) == ["d"]
    assert unit_hosts("b", HOSTVARS, ["b", "c"]) == ["b"]  # --limit b,c: b leads what is left of its unit


def test_only_hosts_with_work_are_grouped_each_play_of_the_main_job_targets_its_kind_of_work():
    estate = dict(ESTATE, zones=[{"owner": "b"}], privatelinks=[{"runner": "c"}, {"runner": "x"}],
                  resolver_meshes=[{"runner": "d", "hosts": ["d", "e"]}])
    assert work_groups(estate, HOSTVARS, ["a", "b", "c", "d", "e"]) == [
        {"name": "a", "groups": ["vpcmesh_unit_leaders"], "vpcmesh_unit": ["a", "b", "e"]},
        {"name": "b", "groups": ["vpcmesh_zone_owners"], "vpcmesh_unit": []},
        {"name": "c", "groups": ["vpcmesh_unit_leaders", "vpcmesh_link_runners"], "vpcmesh_unit": ["c"]},
        {"name": "d", "groups": ["vpcmesh_unit_leaders", "vpcmesh_mesh_runners", "vpcmesh_mesh_nodes"],
         "vpcmesh_unit": ["d"]},
        {"name": "e", "groups": ["vpcmesh_mesh_nodes"], "vpcmesh_unit": []}]
    # --limit b,e: b leads what is left of its unit and owns its zone; e is still a mesh node; the rest is left out
    assert work_groups(estate, HOSTVARS, ["b", "e"]) == [
        {"name": "b", "groups": ["vpcmesh_unit_leaders", "vpcmesh_zone_owners"], "vpcmesh_unit": ["b", "e"]},
        {"name": "e", "groups": ["vpcmesh_mesh_nodes"], "vpcmesh_unit": []}]


def test_requests_are_the_requesters_and_accept_at_once_within_an_account():
    assert peering_work(ESTATE, "request", ["a", "b"]) == [
        {"region": "us-east-1", "vpc_id": "vpc-a", "peer_vpc_id": "vpc-b", "peer_region": "eu-west-1",
         "peer_owner_id": "111111111111", "accept": True, "tags": {"Name": "ab"}},
        {"region": "eu-west-1", "vpc_id": "vpc-b", "peer_vpc_id": "vpc-c", "peer_region": "eu-west-1",
         "peer_owner_id": "222222222222", "accept": False, "tags": {"Name": "bc"}}]
    assert peering_work(ESTATE, "request", ["c"]) == []


def test_accepts_are_the_other_accounts_only():
    assert peering_work(ESTATE, "accept", ["a", "b"]) == []
    assert peering_work(ESTATE, "accept", ["c"]) == [
        {"state": "accepted", "region": "eu-west-1", "vpc_id": "vpc-c", "peer_vpc_id": "vpc-b",
         "peer_region": "eu-west-1", "peer_owner_id": "111111111111", "tags": {"Name": "bc"}}]


def test_dns_and_routes_cover_every_side_a_unit_owns_in_one_item_per_connection():
    assert peering_work(ESTATE, "dns", ["a", "b"]) == [
        {"region": "us-east-1", "vpc_id": "vpc-a", "peer_vpc_id": "vpc-b", "requester_dns_resolution": True,
         "accepter_dns_resolution": True, "enable_vpc_dns": True},
        {"region": "eu-west-1", "vpc_id": "vpc-b", "peer_vpc_id": "vpc-c", "requester_dns_resolution": False,
         "enable_vpc_dns": True}]
    assert peering_work(ESTATE, "routes", ["c"]) == [
        {"region": "eu-west-1", "vpc_id": "vpc-c", "peer_vpc_id": "vpc-b", "requester_route_tables": "none",
         "accepter_route_tables": {"tier": "private"}}]
    assert peering_work(ESTATE, "routes", ["a"], skip=["ab"]) == []


def test_deletes_are_the_requesters():
    assert peering_work(ESTATE, "delete", ["b"]) == [
        {"state": "absent", "region": "eu-west-1", "vpc_id": "vpc-b", "peer_vpc_id": "vpc-c", "peer_region": "eu-west-1",
         "peer_owner_id": "222222222222"}]
    assert peering_work(ESTATE, "delete", ["c"]) == []


def test_an_unknown_phase_is_refused():
    with pytest.raises(AnsibleFilterError, match="phase 'remove' is not one of"):
        peering_work(ESTATE, "remove", ["a"])


def result(name, peering_id, before):
    return {"peering_id": peering_id, "peering_connection": {"tags": {"Name": name}},
            "diff": {"before": {"status": before} if before else {}}}


def test_check_mode_skips_what_is_only_planned():
    hostvars = {
        "a": {"requested": {"results": [result("new", None, None), result("pending", "pcx-1", "pending-acceptance"),
                                        result("up", "pcx-2", "active")]}},
        "c": {"requested": {"skipped": True}, "accepted": {"results": [result("pending", "pcx-1", "pending-acceptance")]}},
        "e": {},
    }
    assert not_active_yet(hostvars, ["a", "c", "e"], "requested", "accepted") == ["new", "pending"]


def test_check_mode_plans_dns_and_routes_over_the_peerings_this_run_makes_active():
    """ab (one account) is only planned: its request accepts it at once. bc (to another account, requested) and ac
    (to another account, only planned) are accepted by their accepter c, whose unit is in the run. A request to an
    account whose unit is not in the run (cd; bc and ac under --limit to a's unit) is left unsettled: no task of the
    run accepts it."""
    vpcs = dict(VPCS, d={"vpc_id": "vpc-d", "region": "us-west-2", "account_id": "333333333333"})
    estate = {"vpcs": vpcs, "peerings": [peering("ab", "a", "b", True), peering("bc", "b", "c", False),
                                         peering("cd", "c", "d", False), peering("up", "a", "c", False),
                                         peering("ac", "a", "c", False)]}
    hostvars = {
        "a": {"vpcmesh_unit": ["a", "b"], "vpcmesh_requested": {"results": [
            result("ab", None, None), result("bc", "pcx-1", "pending-acceptance"), result("up", "pcx-2", "active"),
            result("ac", None, None)]}},
        "c": {"vpcmesh_unit": ["c"], "vpcmesh_requested": {"results": [result("cd", None, None)]},
              "vpcmesh_accepted": {"results": [result("bc", "pcx-1", "pending-acceptance")]}},
    }
    assert check_mode_split(estate, hostvars, ["a", "c"]) == {"planned": ["ab", "bc", "ac"], "unsettled": ["cd"]}
    assert check_mode_split(estate, hostvars, ["a"]) == {"planned": ["ab"], "unsettled": ["bc", "ac"]}


def test_planned_peerings_carry_the_connection_to_be_in_their_dns_and_routes_items_only():
    vpcs = {host: dict(vpc, cidrs=[f"10.{index}.0.0/16"]) for index, (host, vpc) in enumerate(sorted(VPCS.items()))}
    estate = dict(ESTATE, vpcs=vpcs)
    planned = {"requester": {"vpc_id": "vpc-a", "region": "us-east-1", "owner_id": "111111111111",
                             "cidr_blocks": ["10.0.0.0/16"]},
               "accepter": {"vpc_id": "vpc-b", "region": "eu-west-1", "owner_id": "111111111111",
                            "cidr_blocks": ["10.1.0.0/16"]}}
    for phase in ("dns", "routes"):
        items = peering_work(estate, phase, ["a", "b"], planned=["ab"])
        assert items[0]["planned_connection"] == planned and "planned_connection" not in items[1]
    assert all("planned_connection" not in item for item in peering_work(estate, "request", ["a", "b"], planned=["ab"]))
    [accept] = peering_work(estate, "accept", ["c"], planned=["bc"])
    assert accept["planned_request"] is True and "planned_connection" not in accept
    assert "planned_request" not in peering_work(estate, "accept", ["c"])[0]


def test_flows_within_the_play_are_those_whose_ends_the_run_converged():
    flows = [{"name": "a-b", "source": {"host": "a"}, "destination": {"host": "b"}},
             {"name": "a-ip", "source": {"host": "a"}, "destination": {"ip": "10.9.0.1"}},
             {"name": "c-a", "source": {"host": "c"}, "destination": {"host": "a"}}]
    assert [f["name"] for f in flows_within(flows, ["a", "b", "c"])] == ["a-b", "a-ip", "c-a"]
    assert [f["name"] for f in flows_within(flows, ["a"])] == ["a-ip"]  # --limit a


def test_what_a_unit_left_to_another_accounts_run_names_the_host_that_must_act():
    """bc's accept found no request yet (b, the requester, must request it); ab's DNS options wait for the accept
    of ab's accepter b. A result without waiting_for, or a skipped task, counts as nothing left."""
    estate = {"vpcs": VPCS, "peerings": [peering("ab", "a", "b", False), peering("bc", "b", "c", False),
                                         peering("ac", "a", "c", False)]}
    accepted = {"results": [{"waiting_for": {"vpc_id": "vpc-c", "peer_vpc_id": "vpc-b", "peering_id": None,
                                             "status": None, "message": "no request yet"}}]}
    dns = {"results": [{"changed": True},
                       {"waiting_for": {"vpc_id": "vpc-a", "peer_vpc_id": "vpc-b", "peering_id": "pcx-1",
                                        "status": "pending-acceptance", "message": "b must accept"}}]}
    assert left_undone(estate, accepted, dns, {"skipped": True}, {}) == [
        {"name": "ab", "host": "b", "message": "b must accept"},
        {"name": "bc", "host": "b", "message": "no request yet"}]


def test_an_accept_waits_a_little_for_a_request_made_earlier_in_the_run_and_as_long_as_asked_for_others():
    """bc's requester b is in the run: AWS shows its new request in c's region a little later, so the accept waits
    at least a minute for it (longer when the run's patience is longer); a request made by no host of the run is
    waited for only as long as the run's patience (the module's own option, not the item's)."""
    estate = {"vpcs": VPCS, "peerings": [peering("bc", "b", "c", False), peering("ac", "a", "c", False)]}
    items = peering_work(estate, "accept", ["c"], requested_in_run=["b", "c"])
    assert [item.get("wait_for_other_owner") for item in items] == [60, None]
    items = peering_work(estate, "accept", ["c"], requested_in_run=["b", "c"], patience="600")
    assert [item.get("wait_for_other_owner") for item in items] == [600, None]
    assert all("wait_for_other_owner" not in item for item in peering_work(estate, "dns", ["b"], requested_in_run=["b"]))
