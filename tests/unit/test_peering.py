"""Pure peering decisions: which connection is reused, which pairs are refused, which calls are planned."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import (
    NEW_ID, PeeringError, check_pair, pick_live, plan_peering, planned_request, planned_summary, role_of, summarize)


def conn(pcx_id, status, req=("vpc-a", "us-east-1", "111111111111"), acc=("vpc-b", "eu-west-1", "111111111111"),
         tags=None):
    return dict(
        VpcPeeringConnectionId=pcx_id,
        Status=dict(Code=status, Message=status),
        RequesterVpcInfo=dict(VpcId=req[0], Region=req[1], OwnerId=req[2], CidrBlock="10.0.0.0/16"),
        AccepterVpcInfo=dict(VpcId=acc[0], Region=acc[1], OwnerId=acc[2], CidrBlock="172.30.0.0/16"),
        Tags=[dict(Key=k, Value=v) for k, v in (tags or {}).items()],
    )


def want(**over):
    base = dict(state="present", vpc_id="vpc-a", region="us-east-1", owner_id="111111111111",
                peer_vpc_id="vpc-b", peer_region="eu-west-1", peer_owner_id="111111111111",
                accept=True, can_act_as_peer=True, tags=None, purge_tags=True)
    base.update(over)
    return base


def calls(actions):
    return [(a.call, a.region, a.side) for a in actions]


class TestPickLive:
    def test_prefers_active_over_pending(self):
        chosen = pick_live([conn("pcx-1", "pending-acceptance"), conn("pcx-2", "active")])
        assert chosen["VpcPeeringConnectionId"] == "pcx-2"

    @pytest.mark.parametrize("status", ["failed", "rejected", "expired", "deleted", "deleting"])
    def test_dead_connections_are_not_reused(self, status):
        assert pick_live([conn("pcx-1", status)]) is None

    def test_empty_list_has_no_live_connection(self):
        assert pick_live([]) is None


class TestCheckPair:
    def side(self, vpc, region, v4, v6=()):
        return dict(vpc_id=vpc, region=region, cidr_blocks=list(v4), ipv6_cidr_blocks=list(v6))

    def test_self_peering_is_refused(self):
        with pytest.raises(PeeringError, match="cannot be peered with itself"):
            check_pair(self.side("vpc-a", "us-east-1", ["10.0.0.0/16"]), self.side("vpc-a", "us-east-1", ["10.0.0.0/16"]))

    def test_overlap_error_names_both_blocks_and_vpcs(self):
        with pytest.raises(PeeringError) as err:
            check_pair(self.side("vpc-a", "us-east-1", ["10.0.0.0/16"]),
                       self.side("vpc-b", "eu-west-1", ["10.0.128.0/17"]))
        assert "10.0.0.0/16 (vpc-a) and 10.0.128.0/17 (vpc-b)" in str(err.value)

    def test_secondary_block_overlap_is_found(self):
        with pytest.raises(PeeringError, match="10.1.0.0/16"):
            check_pair(self.side("vpc-a", "us-east-1", ["10.0.0.0/16", "10.1.0.0/16"]),
                       self.side("vpc-b", "eu-west-1", ["172.30.0.0/16", "10.1.5.0/24"]))

    def test_ipv6_overlap_is_found(self):
        with pytest.raises(PeeringError, match="2600:1f18::/56"):
            check_pair(self.side("vpc-a", "us-east-1", ["10.0.0.0/16"], ["2600:1f18::/56"]),
                       self.side("vpc-b", "eu-west-1", ["172.30.0.0/16"], ["2600:1f18::/64"]))

    def test_adjacent_blocks_do_not_overlap(self):
        check_pair(self.side("vpc-a", "us-east-1", ["10.0.0.0/17"]), self.side("vpc-b", "eu-west-1", ["10.0.128.0/17"]))

    def test_unreadable_peer_skips_overlap_check(self):
        check_pair(self.side("vpc-a", "us-east-1", ["10.0.0.0/16"]),
                   dict(vpc_id="vpc-b", region="eu-west-1", cidr_blocks=None, ipv6_cidr_blocks=None))


class TestPlanPresent:
    def test_new_pair_is_requested_then_accepted_in_the_accepter_region(self):
        actions, after, _notes = plan_peering(want(), None)
        assert calls(actions) == [("ec2:CreateVpcPeeringConnection", "us-east-1", "requester"),
                                  ("ec2:AcceptVpcPeeringConnection", "eu-west-1", "accepter")]
        assert actions[0].params == dict(VpcId="vpc-a", PeerVpcId="vpc-b", PeerRegion="eu-west-1",
                                         PeerOwnerId="111111111111")
        assert actions[1].params == dict(VpcPeeringConnectionId=NEW_ID)
        assert after["status"] == "active"

    def test_cross_account_without_accept_stays_pending_with_a_note(self):
        actions, after, notes = plan_peering(
            want(peer_owner_id="222222222222", accept=False, can_act_as_peer=False), None)
        assert calls(actions) == [("ec2:CreateVpcPeeringConnection", "us-east-1", "requester")]
        assert after["status"] == "pending-acceptance"
        assert notes == ["the new connection is pending acceptance: the owner of vpc-b (account 222222222222) "
                         "must accept it in eu-west-1 (state=accepted)"]

    def test_accept_without_a_way_to_act_as_the_accepter_is_refused_before_any_write(self):
        with pytest.raises(PeeringError, match="peer_credentials"):
            plan_peering(want(peer_owner_id="222222222222", accept=True, can_act_as_peer=False), None)

    def test_active_connection_needs_nothing(self):
        actions, after, _notes = plan_peering(want(), summarize(conn("pcx-1", "active")))
        assert actions == [] and after["status"] == "active"

    def test_reverse_direction_request_is_accepted_by_this_side(self):
        reverse = summarize(conn("pcx-9", "pending-acceptance", req=("vpc-b", "eu-west-1", "111111111111"),
                                 acc=("vpc-a", "us-east-1", "111111111111")))
        actions, after, _notes = plan_peering(want(), reverse)
        assert calls(actions) == [("ec2:AcceptVpcPeeringConnection", "us-east-1", "accepter")]
        assert actions[0].params == dict(VpcPeeringConnectionId="pcx-9")

    def test_pending_cross_account_request_warns_who_must_accept(self):
        pending = summarize(conn("pcx-1", "pending-acceptance", acc=("vpc-b", "eu-west-1", "222222222222")))
        cross = want(peer_owner_id="222222222222", accept=False, can_act_as_peer=False)
        actions, _after, notes = plan_peering(cross, pending)
        assert actions == []
        assert "222222222222" in notes[0] and "eu-west-1" in notes[0]

    def test_tags_are_set_on_both_sides_and_extra_tags_purged(self):
        current = summarize(conn("pcx-1", "active", tags={"Name": "old", "team": "x"}))
        actions, after, _notes = plan_peering(want(tags={"Name": "new"}), current,
                                              {"requester": {"Name": "old", "team": "x"}, "accepter": {}})
        assert calls(actions) == [("ec2:CreateTags", "us-east-1", "requester"),
                                  ("ec2:DeleteTags", "us-east-1", "requester"),
                                  ("ec2:CreateTags", "eu-west-1", "accepter")]
        assert after["tags"] == {"Name": "new"}

    def test_same_region_same_account_has_one_tag_set(self):
        same = summarize(conn("pcx-1", "active", acc=("vpc-b", "us-east-1", "111111111111"), tags={"Name": "x"}))
        actions, _after, _notes = plan_peering(want(peer_region="us-east-1", tags={"Name": "x"}), same,
                                               {"requester": {"Name": "x"}, "accepter": {"Name": "x"}})
        assert actions == []

    def test_aws_reserved_tags_are_never_purged(self):
        current = summarize(conn("pcx-1", "active", tags={"aws:cloudformation:stack-name": "s"}))
        actions, _after, _notes = plan_peering(want(tags={}), current, {"requester": {"aws:cloudformation:stack-name": "s"}})
        assert actions == []


class TestPlanAcceptedAndAbsent:
    def test_accepted_without_a_request_is_an_error(self):
        with pytest.raises(PeeringError, match="requester must create it first"):
            plan_peering(want(state="accepted"), None)

    def test_accepted_by_the_requester_is_refused(self):
        pending = summarize(conn("pcx-1", "pending-acceptance"))
        with pytest.raises(PeeringError, match="only the accepter"):
            plan_peering(want(state="accepted"), pending)

    def test_accepted_by_the_accepter_accepts_in_its_region(self):
        pending = summarize(conn("pcx-1", "pending-acceptance", req=("vpc-b", "eu-west-1", "222222222222"),
                                 acc=("vpc-a", "us-east-1", "111111111111")))
        actions, after, _notes = plan_peering(want(state="accepted", can_act_as_peer=False), pending)
        assert calls(actions) == [("ec2:AcceptVpcPeeringConnection", "us-east-1", "accepter")]
        assert after["status"] == "active"

    def test_absent_deletes_from_this_side(self):
        actions, after, _notes = plan_peering(want(state="absent"), summarize(conn("pcx-1", "active")))
        assert calls(actions) == [("ec2:DeleteVpcPeeringConnection", "us-east-1", "requester")]
        assert after["status"] == "deleted"

    def test_absent_on_a_pending_request_received_rejects_it(self):
        pending = summarize(conn("pcx-1", "pending-acceptance", req=("vpc-b", "eu-west-1", "222222222222"),
                                 acc=("vpc-a", "us-east-1", "111111111111")))
        actions, _after, _notes = plan_peering(want(state="absent"), pending)
        assert calls(actions) == [("ec2:RejectVpcPeeringConnection", "us-east-1", "accepter")]

    def test_absent_without_connection_does_nothing(self):
        assert plan_peering(want(state="absent"), None)[0] == []


def test_role_of_names_each_side():
    s = summarize(conn("pcx-1", "active"))
    assert (role_of(s, "vpc-a"), role_of(s, "vpc-b"), role_of(s, "vpc-z")) == ("requester", "accepter", None)


PLANNED = {"requester": {"vpc_id": "vpc-a", "region": "us-east-1", "owner_id": "111111111111", "cidr_blocks": ["10.0.0.0/16"]},
           "accepter": {"vpc_id": "vpc-b", "region": "eu-west-1", "owner_id": 222222222222}}


def test_check_mode_plans_over_the_connection_a_planned_request_makes_as_active_with_no_dns_option():
    planned = planned_summary(PLANNED, None, ("vpc-b", "vpc-a"))
    assert planned["id"] == NEW_ID and planned["status"] == "active" and planned["planned"] is True
    assert planned["requester"] == {"vpc_id": "vpc-a", "region": "us-east-1", "owner_id": "111111111111",
                                    "cidr_blocks": ["10.0.0.0/16"], "ipv6_cidr_blocks": [],
                                    "allow_dns_resolution_from_remote_vpc": False}
    assert planned["accepter"]["owner_id"] == "222222222222" and planned["accepter"]["cidr_blocks"] == []


def test_a_pending_connection_is_taken_as_active_with_its_own_id_and_sides():
    pending = summarize(conn("pcx-1", "pending-acceptance"))
    planned = planned_summary(PLANNED, pending, ("vpc-a", "vpc-b"))
    assert planned == dict(pending, status="active", planned=True)


def test_a_planned_connection_of_other_vpcs_or_without_an_owner_is_refused():
    with pytest.raises(PeeringError, match="joins vpc-a and vpc-b, not the task's vpc-a and vpc-c"):
        planned_summary(PLANNED, None, ("vpc-a", "vpc-c"))
    with pytest.raises(PeeringError, match="planned_connection.accepter needs owner_id"):
        planned_summary(dict(PLANNED, accepter={"vpc_id": "vpc-b", "region": "eu-west-1"}), None, ("vpc-a", "vpc-b"))


def test_check_mode_plans_the_accept_of_a_request_the_run_only_plans_and_the_accepters_tags():
    want = dict(state="accepted", vpc_id="vpc-b", region="eu-west-1", owner_id="222222222222", peer_vpc_id="vpc-a",
                peer_region="us-east-1", peer_owner_id="111111111111", accept=None, can_act_as_peer=False,
                tags={"Name": "ab"}, purge_tags=True)
    current, side_tags = planned_request(want)
    assert current["requester"]["vpc_id"] == "vpc-a" and current["accepter"]["vpc_id"] == "vpc-b"
    actions, after, _notes = plan_peering(want, current, side_tags)
    assert [(a.call, a.region, a.side) for a in actions] == [
        ("ec2:AcceptVpcPeeringConnection", "eu-west-1", "accepter"), ("ec2:CreateTags", "eu-west-1", "accepter")]
    assert actions[0].params == {"VpcPeeringConnectionId": NEW_ID} and after["status"] == "active"


def test_an_accepter_without_the_requesters_credentials_tags_only_its_own_copy():
    want = dict(state="accepted", vpc_id="vpc-b", region="eu-west-1", owner_id="222222222222", peer_vpc_id="vpc-a",
                peer_region="us-east-1", peer_owner_id="111111111111", accept=None, can_act_as_peer=False,
                tags={"Name": "ab"}, purge_tags=True)
    pending = summarize(conn("pcx-1", "pending-acceptance", acc=("vpc-b", "eu-west-1", "222222222222")))
    actions, _after, _notes = plan_peering(want, pending, {"accepter": {}})  # the requester's copy is not readable
    assert [(a.call, a.region, a.side) for a in actions] == [
        ("ec2:AcceptVpcPeeringConnection", "eu-west-1", "accepter"), ("ec2:CreateTags", "eu-west-1", "accepter")]


def test_what_an_item_left_to_another_owner_waits_for_names_the_request_or_the_accept():
    from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import awaited
    missing = awaited(None, "vpc-a", "vpc-b", "us-east-1", 0)
    assert missing == dict(vpc_id="vpc-a", peer_vpc_id="vpc-b", peering_id=None, status=None, message=(
        "no peering connection between vpc-a and vpc-b is visible in us-east-1: the requester's run must request "
        "it first"))
    pending = dict(id="pcx-1", status="pending-acceptance",
                   accepter=dict(vpc_id="vpc-b", owner_id="222222222222", region="eu-west-1"))
    owed = awaited(pending, "vpc-a", "vpc-b", "us-east-1", 30)
    assert owed["peering_id"] == "pcx-1" and owed["status"] == "pending-acceptance"
    assert owed["message"] == ("pcx-1 is pending-acceptance after waiting 30s: the owner of vpc-b (account "
                               "222222222222) must accept it in eu-west-1 first")


def test_what_an_item_waited_for_says_the_request_or_the_accept_and_how_long():
    from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import waited_for
    assert waited_for(None, "vpc-a", "vpc-b", "eu-west-1", 12) == dict(seconds=12, message=(
        "waited 12s for the request of a peering connection between vpc-a and vpc-b, seen in eu-west-1"))
    pending = dict(id="pcx-1", status="pending-acceptance",
                   accepter=dict(vpc_id="vpc-b", owner_id="222222222222", region="eu-west-1"))
    assert waited_for(pending, "vpc-a", "vpc-b", "us-east-1", 3)["message"] == (
        "waited 3s for the owner of vpc-b (account 222222222222) to accept pcx-1 in eu-west-1")
