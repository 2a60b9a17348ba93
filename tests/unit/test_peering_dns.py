"""Pure DNS-option planning: which side is changed where and by whom, VPC DNS attributes, what is left."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils import phz, vpc_dns
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import summarize
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_dns import (
    DnsOptionsError, acting_credentials, not_active_message, plan_dns, plan_options, plan_vpc_dns)

ME, OTHER = "111111111111", "222222222222"
ON = {"enableDnsSupport": True, "enableDnsHostnames": True}
PEER_KEYS = {"access_key": "AKIAOTHER", "secret_key": "s"}


def connection(status="active", req_dns=False, acc_dns=False, acc_owner=ME, message=None):
    return summarize(dict(
        VpcPeeringConnectionId="pcx-1",
        Status=dict(Code=status, Message=message or status),
        RequesterVpcInfo=dict(VpcId="vpc-a", Region="us-east-1", OwnerId=ME, CidrBlock="10.0.0.0/16",
                              PeeringOptions=dict(AllowDnsResolutionFromRemoteVpc=req_dns)),
        AccepterVpcInfo=dict(VpcId="vpc-b", Region="eu-west-1", OwnerId=acc_owner, CidrBlock="172.30.0.0/16",
                             PeeringOptions=dict(AllowDnsResolutionFromRemoteVpc=acc_dns)),
    ))


def calls(actions):
    return [(a.call, a.region, a.side, a.params) for a in actions]


def both(req=None, acc=None):
    return dict(requester=req, accepter=acc)


class TestActingCredentials:
    def test_same_account_acts_for_both_sides_with_its_own_credentials(self):
        assert acting_credentials(connection(), ME, None, None) == dict(requester=None, accepter=None)

    def test_other_account_without_credentials_is_not_acted_for(self):
        assert acting_credentials(connection(acc_owner=OTHER), ME, None, None) == dict(requester=None)

    def test_other_account_uses_peer_credentials(self):
        creds = acting_credentials(connection(acc_owner=OTHER), ME, OTHER, PEER_KEYS)
        assert creds == dict(requester=None, accepter=PEER_KEYS)

    def test_accepter_owner_running_it_acts_only_for_its_side(self):
        assert acting_credentials(connection(acc_owner=OTHER), OTHER, None, None) == dict(accepter=None)

    def test_peer_credentials_of_an_unrelated_account_are_refused(self):
        with pytest.raises(DnsOptionsError, match="333333333333, which owns neither VPC of pcx-1"):
            acting_credentials(connection(acc_owner=OTHER), ME, "333333333333", PEER_KEYS)


class TestPlanOptions:
    def test_each_side_is_one_call_in_its_own_region(self):
        actions, after, left = plan_options(connection(), both(True, True), {"requester", "accepter"})
        assert calls(actions) == [
            ("ec2:ModifyVpcPeeringConnectionOptions", "us-east-1", "requester",
             {"VpcPeeringConnectionId": "pcx-1",
              "RequesterPeeringConnectionOptions": {"AllowDnsResolutionFromRemoteVpc": True}}),
            ("ec2:ModifyVpcPeeringConnectionOptions", "eu-west-1", "accepter",
             {"VpcPeeringConnectionId": "pcx-1",
              "AccepterPeeringConnectionOptions": {"AllowDnsResolutionFromRemoteVpc": True}}),
        ]
        assert after == dict(requester=True, accepter=True) and left == []

    def test_unset_side_is_left_as_it_is(self):
        actions, after = plan_options(connection(req_dns=True), both(acc=True), {"requester", "accepter"})[:2]
        assert [a.side for a in actions] == ["accepter"]
        assert after == dict(requester=True, accepter=True)

    def test_side_already_as_wanted_plans_nothing(self):
        actions = plan_options(connection(req_dns=True, acc_dns=True), both(True, True), {"requester", "accepter"})[0]
        assert actions == []

    def test_turning_off_is_planned(self):
        actions, after = plan_options(connection(acc_dns=True), both(acc=False), {"requester", "accepter"})[:2]
        assert actions[0].params["AccepterPeeringConnectionOptions"] == {"AllowDnsResolutionFromRemoteVpc": False}
        assert after["accepter"] is False

    def test_side_of_another_owner_is_left_to_that_owner(self):
        actions, after, left = plan_options(connection(acc_owner=OTHER), both(True, True), {"requester"})
        assert [a.side for a in actions] == ["requester"]
        assert after["accepter"] is False
        [entry] = left
        assert entry["side"] == "accepter" and entry["account_id"] == OTHER and entry["region"] == "eu-west-1"
        assert "AllowDnsResolutionFromRemoteVpc=true" in entry["message"] and "pcx-1" in entry["message"]

    def test_side_of_another_owner_already_on_leaves_nothing(self):
        left = plan_options(connection(acc_owner=OTHER, acc_dns=True), both(True, True), {"requester"})[2]
        assert left == []


class TestPlanVpcDns:
    def test_not_read_when_no_option_is_to_be_on(self):
        assert plan_vpc_dns(connection(), {}, needed=False, enable=False) == ([], {}, [])

    def test_attribute_off_fails_naming_each_vpc_and_attribute(self):
        attributes = dict(requester={"enableDnsSupport": True, "enableDnsHostnames": False},
                          accepter={"enableDnsSupport": False, "enableDnsHostnames": False})
        with pytest.raises(DnsOptionsError) as caught:
            plan_vpc_dns(connection(), attributes, needed=True, enable=False)
        msg = str(caught.value)
        assert "vpc-a (requester, us-east-1) has enableDnsHostnames off" in msg
        assert "vpc-b (accepter, eu-west-1) has enableDnsSupport off" in msg
        assert "vpc-b (accepter, eu-west-1) has enableDnsHostnames off" in msg
        assert "enable_vpc_dns=true" in msg

    def test_enable_turns_support_on_before_hostnames_one_attribute_per_call(self):
        attributes = dict(requester=ON, accepter={"enableDnsSupport": False, "enableDnsHostnames": False})
        actions, after = plan_vpc_dns(connection(), attributes, needed=True, enable=True)[:2]
        assert calls(actions) == [
            ("ec2:ModifyVpcAttribute", "eu-west-1", "accepter", {"VpcId": "vpc-b", "EnableDnsSupport": {"Value": True}}),
            ("ec2:ModifyVpcAttribute", "eu-west-1", "accepter", {"VpcId": "vpc-b", "EnableDnsHostnames": {"Value": True}}),
        ]
        assert after["accepter"] == ON

    def test_enable_with_attributes_on_plans_nothing(self):
        actions, left = plan_vpc_dns(connection(), dict(requester=ON, accepter=ON), needed=True, enable=True)[::2]
        assert actions == [] and left == []

    def test_unreadable_vpc_of_another_owner_is_left_to_that_owner(self):
        actions, left = plan_vpc_dns(connection(acc_owner=OTHER), dict(requester=ON), needed=True, enable=False)[::2]
        assert actions == []
        assert [(e["side"], e["vpc_id"]) for e in left] == [("accepter", "vpc-b")]
        assert "enableDnsHostnames" in left[0]["message"]


class TestPlanDns:
    def test_attributes_come_before_options(self):
        attributes = dict(requester={"enableDnsSupport": True, "enableDnsHostnames": False}, accepter=ON)
        plan = plan_dns(connection(), both(True, True), {"requester", "accepter"}, attributes, True)
        assert [a.call for a in plan["actions"]] == [
            "ec2:ModifyVpcAttribute", "ec2:ModifyVpcPeeringConnectionOptions", "ec2:ModifyVpcPeeringConnectionOptions"]
        assert plan["before"]["requester"]["vpc_dns"] == dict(enable_dns_support=True, enable_dns_hostnames=False)
        assert plan["after"]["requester"] == dict(
            vpc_id="vpc-a", region="us-east-1", owner_id=ME, allow_dns_resolution_from_remote_vpc=True,
            vpc_dns=dict(enable_dns_support=True, enable_dns_hostnames=True))

    def test_attribute_off_fails_before_any_option_is_planned(self):
        attributes = dict(requester={"enableDnsSupport": True, "enableDnsHostnames": False}, accepter=ON)
        with pytest.raises(DnsOptionsError, match="vpc-a"):
            plan_dns(connection(), both(acc=True), {"requester", "accepter"}, attributes, False)

    def test_turning_options_off_needs_no_vpc_attributes(self):
        plan = plan_dns(connection(req_dns=True, acc_dns=True), both(False, False), {"requester", "accepter"}, {}, False)
        assert len(plan["actions"]) == 2
        assert plan["after"]["requester"]["vpc_dns"] is None

    def test_nothing_to_do_is_an_empty_plan_with_equal_before_and_after(self):
        plan = plan_dns(connection(req_dns=True, acc_dns=True), both(True, True), {"requester", "accepter"},
                        dict(requester=ON, accepter=ON), False)
        assert plan["actions"] == [] and plan["before"] == plan["after"] and plan["left"] == []

    def test_cross_account_without_credentials_changes_own_side_and_lists_the_rest(self):
        plan = plan_dns(connection(acc_owner=OTHER), both(True, True), {"requester"}, dict(requester=ON), False)
        assert [(a.call, a.side) for a in plan["actions"]] == [("ec2:ModifyVpcPeeringConnectionOptions", "requester")]
        assert [e["side"] for e in plan["left"]] == ["accepter", "accepter"]
        assert plan["after"]["accepter"]["vpc_dns"] is None


class TestNotActiveMessage:
    def test_pending_acceptance_names_who_must_accept_where(self):
        msg = not_active_message(connection("pending-acceptance", acc_owner=OTHER), 5)
        assert "pcx-1 is pending-acceptance after waiting 5s" in msg
        assert "vpc-b (account 222222222222) must accept it in eu-west-1" in msg

    def test_failed_connection_says_it_cannot_recover(self):
        msg = not_active_message(connection("failed", message="overlapping CIDR range"), 0)
        assert "pcx-1 is failed" in msg and "overlapping CIDR range" in msg and "new connection" in msg
        assert "after waiting" not in msg

    def test_provisioning_suggests_a_longer_wait(self):
        assert "wait_timeout" in not_active_message(connection("provisioning"), 120)


def test_both_plans_turn_on_a_vpcs_dns_attributes_with_the_same_calls_support_first():
    """peering_dns_options and phz_association share vpc_dns.turn_on: same calls, same order, same after."""
    off = {"enableDnsSupport": False, "enableDnsHostnames": False}
    actions, after = vpc_dns.turn_on("vpc-a", "eu-west-1", off, side="requester")
    assert [a.params for a in actions] == [{"VpcId": "vpc-a", "EnableDnsSupport": {"Value": True}},
                                           {"VpcId": "vpc-a", "EnableDnsHostnames": {"Value": True}}]
    assert after == {"enableDnsSupport": True, "enableDnsHostnames": True} and off["enableDnsSupport"] is False
    zone = [{"vpc_id": "vpc-a", "region": "eu-west-1", "account": "111111111111", "dns": off}]
    zone_actions, zone_after = phz.plan_vpc_dns(zone, enable=True)
    assert [(a.call, a.params) for a in zone_actions] == [(a.call, a.params) for a in actions]
    assert zone_after == {"vpc-a": after} and vpc_dns.turn_on("vpc-a", "eu-west-1", after) == ([], after)
