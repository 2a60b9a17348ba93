"""Pure private-zone association planning: which zone a name means, and which calls are made where and by whom."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.phz import (
    PhzError, bare_zone_id, pick_private_zone, plan, plan_vpc_dns, route53_region, zone_name, zone_vpcs)

ME, OTHER = "111111111111", "222222222222"
ON = {"enableDnsSupport": True, "enableDnsHostnames": True}
ZONE = dict(id="Z1", name="internal.", account=ME, endpoint_region="us-east-1")
EUW1 = dict(vpc_id="vpc-euw1", region="eu-west-1")
USE1 = dict(vpc_id="vpc-use1", region="us-east-1")


def vpc(base, account=ME, acting=True, dns="on"):
    dns = ON if dns == "on" else dns
    return dict(base, account=account, acting=acting, dns=None if dns is None else dict(dns))


def calls(actions):
    return [(a.call, a.side, a.account, a.params.get("VPC", {}).get("VPCId") or a.params.get("VpcId"))
            for a in actions]


def listed_zone(zone_id, name, private=True):
    return {"Id": f"/hostedzone/{zone_id}", "Name": name, "Config": {"PrivateZone": private}}


# -- names and zones -------------------------------------------------------------------------------
def test_zone_names_and_ids_take_route53_form():
    assert zone_name("Internal") == zone_name("internal.") == "internal."
    assert bare_zone_id("/hostedzone/Z1") == bare_zone_id("Z1") == "Z1"


def test_route53_region_follows_the_partition():
    assert route53_region("eu-west-1") == route53_region(None) == "us-east-1"
    assert route53_region("cn-north-1") == "cn-northwest-1"
    assert route53_region("us-gov-east-1") == "us-gov-west-1"


def test_zone_vpcs_are_sorted_and_listed_once():
    answer = [{"VPCId": "vpc-b", "VPCRegion": "us-east-1"}, {"VPCId": "vpc-a", "VPCRegion": "eu-west-1"},
              {"VPCId": "vpc-b", "VPCRegion": "us-east-1"}]
    assert zone_vpcs(answer) == [dict(vpc_id="vpc-a", region="eu-west-1"), dict(vpc_id="vpc-b", region="us-east-1")]


def test_name_picks_the_one_private_zone_and_ignores_public_and_other_names():
    zones = [listed_zone("ZPUB", "internal.", private=False), listed_zone("ZPRIV", "internal."),
             listed_zone("ZNEXT", "internal.example.")]
    assert pick_private_zone("internal", zones, ME)["Id"] == "/hostedzone/ZPRIV"


def test_ambiguous_name_lists_the_zones_and_asks_for_an_id():
    zones = [listed_zone("Z2", "internal."), listed_zone("Z1", "internal.")]
    with pytest.raises(PhzError, match=r"2 private hosted zones .* named internal\. \(Z1, Z2\); give hosted_zone_id"):
        pick_private_zone("internal", zones, ME)


def test_missing_private_zone_says_a_public_one_exists():
    with pytest.raises(PhzError, match="only a public zone has that name"):
        pick_private_zone("internal", [listed_zone("ZPUB", "internal.", private=False)], ME)
    with pytest.raises(PhzError, match=f"no private hosted zone named internal. exists in account {ME}"):
        pick_private_zone("internal", [], ME)


# -- same account ----------------------------------------------------------------------------------
def test_same_account_vpc_in_another_region_is_associated_by_the_zone_owner():
    decided = plan(ZONE, [vpc(EUW1), vpc(USE1)], [EUW1], None)
    assert calls(decided["actions"]) == [("route53:AssociateVPCWithHostedZone", "zone_owner", ME, "vpc-use1")]
    action = decided["actions"][0]
    assert action.region == "us-east-1"
    assert action.params == dict(HostedZoneId="Z1", VPC=dict(VPCId="vpc-use1", VPCRegion="us-east-1"))
    assert decided["before"] == dict(vpcs=[EUW1])
    assert decided["after"] == dict(vpcs=[EUW1, USE1])
    assert decided["left"] == []


def test_everything_associated_plans_nothing():
    decided = plan(ZONE, [vpc(EUW1), vpc(USE1)], [EUW1, USE1], None)
    assert decided["actions"] == []
    assert decided["before"] == decided["after"]


def test_a_vpc_listed_twice_is_refused():
    with pytest.raises(PhzError, match="vpc-use1 is listed more than once"):
        plan(ZONE, [vpc(USE1), vpc(USE1)], [EUW1], None)


def test_other_private_zone_of_the_same_name_on_a_vpc_is_refused_before_any_write():
    with pytest.raises(PhzError, match=r"one private hosted zone named internal\. per VPC: vpc-use1 \(us-east-1\) "
                                       r"already has private zone Z9"):
        plan(ZONE, [vpc(USE1)], [EUW1], None, conflicts={("vpc-use1", "us-east-1"): ["Z9"]})


# -- DNS attributes --------------------------------------------------------------------------------
def test_dns_attribute_off_is_an_error_naming_vpc_and_attribute():
    off = {"enableDnsSupport": True, "enableDnsHostnames": False}
    with pytest.raises(PhzError, match=r"vpc-use1 \(us-east-1\) has enableDnsHostnames off. Set enable_vpc_dns=true"):
        plan(ZONE, [vpc(EUW1), vpc(USE1, dns=off)], [EUW1], None)


def test_enable_vpc_dns_turns_support_on_before_hostnames_in_the_vpc_region():
    both_off = {"enableDnsSupport": False, "enableDnsHostnames": False}
    actions, after = plan_vpc_dns([vpc(USE1, dns=both_off), vpc(EUW1)], enable=True)
    assert [(a.call, a.region, a.params) for a in actions] == [
        ("ec2:ModifyVpcAttribute", "us-east-1", {"VpcId": "vpc-use1", "EnableDnsSupport": {"Value": True}}),
        ("ec2:ModifyVpcAttribute", "us-east-1", {"VpcId": "vpc-use1", "EnableDnsHostnames": {"Value": True}})]
    assert after == {"vpc-use1": ON, "vpc-euw1": ON}


def test_dns_changes_come_before_the_association_and_are_reported():
    off = {"enableDnsSupport": True, "enableDnsHostnames": False}
    decided = plan(ZONE, [vpc(USE1, dns=off)], [EUW1], None, enable_vpc_dns=True)
    assert [a.call for a in decided["actions"]] == ["ec2:ModifyVpcAttribute", "route53:AssociateVPCWithHostedZone"]
    assert decided["vpc_dns"] == [dict(vpc_id="vpc-use1", region="us-east-1", enable_dns_support=True,
                                       enable_dns_hostnames=True)]


def test_unread_vpc_is_not_checked():
    assert plan_vpc_dns([vpc(USE1, dns=None)], enable=False) == ([], {})


# -- cross account ---------------------------------------------------------------------------------
def test_cross_account_vpc_is_authorized_associated_by_its_owner_then_deauthorized():
    foreign = vpc(EUW1, account=OTHER)
    decided = plan(ZONE, [foreign], [USE1], set())
    assert calls(decided["actions"]) == [
        ("route53:CreateVPCAssociationAuthorization", "zone_owner", ME, "vpc-euw1"),
        ("route53:AssociateVPCWithHostedZone", "vpc_owner", OTHER, "vpc-euw1"),
        ("route53:DeleteVPCAssociationAuthorization", "zone_owner", ME, "vpc-euw1")]
    assert decided["before"] == dict(vpcs=[USE1], authorizations=[])
    assert decided["after"] == dict(vpcs=[EUW1, USE1], authorizations=[])


def test_existing_authorization_is_reused_not_created_again():
    decided = plan(ZONE, [vpc(EUW1, account=OTHER)], [USE1], {("vpc-euw1", "eu-west-1")})
    assert [a.call for a in decided["actions"]] == ["route53:AssociateVPCWithHostedZone",
                                                    "route53:DeleteVPCAssociationAuthorization"]


def test_leftover_authorization_of_an_associated_vpc_is_deleted():
    decided = plan(ZONE, [vpc(EUW1, account=OTHER)], [EUW1, USE1], {("vpc-euw1", "eu-west-1")})
    assert calls(decided["actions"]) == [("route53:DeleteVPCAssociationAuthorization", "zone_owner", ME, "vpc-euw1")]
    assert decided["after"]["authorizations"] == []


def test_without_the_owner_credentials_only_the_authorization_is_made_and_the_rest_is_left():
    foreign = vpc(EUW1, account=OTHER, acting=False, dns=None)
    decided = plan(ZONE, [foreign], [USE1], set())
    assert calls(decided["actions"]) == [("route53:CreateVPCAssociationAuthorization", "zone_owner", ME, "vpc-euw1")]
    [left] = decided["left"]
    assert left["account_id"] == OTHER and "must associate it with internal. (Z1)" in left["message"]
    assert decided["after"] == dict(vpcs=[USE1], authorizations=[EUW1])

    again = plan(ZONE, [foreign], [USE1], {("vpc-euw1", "eu-west-1")})
    assert again["actions"] == [] and len(again["left"]) == 1


def test_conflict_check_skips_vpcs_left_to_their_owner():
    foreign = vpc(EUW1, account=OTHER, acting=False, dns=None)
    decided = plan(ZONE, [foreign], [USE1], set(), conflicts={("vpc-euw1", "eu-west-1"): ["Z9"]})
    assert len(decided["actions"]) == 1


# -- purge, absent, last VPC ---------------------------------------------------------------------
def test_purge_disassociates_unlisted_vpcs_after_associating_the_listed_ones():
    other = dict(vpc_id="vpc-old", region="us-west-2")
    decided = plan(ZONE, [vpc(USE1)], [EUW1, other], None, purge=True)
    assert calls(decided["actions"]) == [("route53:AssociateVPCWithHostedZone", "zone_owner", ME, "vpc-use1"),
                                         ("route53:DisassociateVPCFromHostedZone", "zone_owner", ME, "vpc-euw1"),
                                         ("route53:DisassociateVPCFromHostedZone", "zone_owner", ME, "vpc-old")]
    assert decided["after"] == dict(vpcs=[USE1])


def test_without_purge_unlisted_vpcs_stay():
    decided = plan(ZONE, [vpc(USE1)], [EUW1], None)
    assert decided["after"] == dict(vpcs=[EUW1, USE1])


def test_absent_disassociates_listed_vpcs_only():
    decided = plan(ZONE, [vpc(USE1, dns=None)], [EUW1, USE1], None, state="absent")
    assert calls(decided["actions"]) == [("route53:DisassociateVPCFromHostedZone", "zone_owner", ME, "vpc-use1")]
    assert decided["after"] == dict(vpcs=[EUW1])


def test_absent_of_an_unassociated_vpc_plans_nothing():
    assert plan(ZONE, [vpc(USE1, dns=None)], [EUW1], None, state="absent")["actions"] == []


def test_absent_also_deletes_the_vpc_authorization():
    decided = plan(ZONE, [vpc(EUW1, account=OTHER, dns=None)], [EUW1, USE1], {("vpc-euw1", "eu-west-1")},
                   state="absent")
    assert [a.call for a in decided["actions"]] == ["route53:DeleteVPCAssociationAuthorization",
                                                    "route53:DisassociateVPCFromHostedZone"]


def test_last_vpc_cannot_be_disassociated():
    with pytest.raises(PhzError, match=r"disassociating vpc-euw1 \(eu-west-1\) would leave private hosted zone "
                                       r"internal\. \(Z1\) with no VPC; AWS cannot disassociate the last VPC"):
        plan(ZONE, [vpc(EUW1, dns=None)], [EUW1], None, state="absent")


def test_purge_that_would_empty_the_zone_is_refused():
    foreign = vpc(USE1, account=OTHER, acting=False, dns=None)
    with pytest.raises(PhzError, match="with no VPC"):
        plan(ZONE, [foreign], [EUW1], set(), purge=True)


def test_purge_replacing_the_only_vpc_is_allowed_because_the_new_one_comes_first():
    decided = plan(ZONE, [vpc(USE1)], [EUW1], None, purge=True)
    assert [a.call for a in decided["actions"]] == ["route53:AssociateVPCWithHostedZone",
                                                    "route53:DisassociateVPCFromHostedZone"]
