"""What the private_zone role's check mode plans without AWS: a zone only planned (phz_association's planned_zone),
DNS attributes an earlier task plans to turn on (planned_actions), and the writes of the stock zone and record
modules said as actions (filter zone_writes), collected across hosts (filter registered_actions)."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.filter.private_zone import registered_actions, zone_writes
from ansible_collections.vpcmesh.aws.plugins.module_utils.phz import (
    NEW_ZONE_ID, PhzError, after_planned_dns, plan, planned_zone)

ME, OTHER = "111111111111", "222222222222"
OFF = {"enableDnsSupport": True, "enableDnsHostnames": False}
EUW1 = dict(vpc_id="vpc-euw1", region="eu-west-1")
USE1 = dict(vpc_id="vpc-use1", region="us-east-1")
RECORD = dict(type="CNAME", value="ip-172-30-0-224.eu-west-1.compute.internal", ttl=300)


def vpc(base, account=ME, acting=True, dns=None):
    return dict(base, account=account, acting=acting, dns=dict(dns or OFF))


def dns_action(vpc_id, region, attribute="EnableDnsHostnames"):
    return dict(call="ec2:ModifyVpcAttribute", region=region, side="requester", description="",
                params={"VpcId": vpc_id, attribute: {"Value": True}})


def calls(actions):
    return [(a["call"] if isinstance(a, dict) else a.call, a["region"] if isinstance(a, dict) else a.region)
            for a in actions]


# -- planned_zone ------------------------------------------------------------------------------------
def test_a_planned_zone_has_no_id_yet_and_only_the_vpc_it_is_created_on():
    zone = planned_zone(dict(name="Internal", **EUW1), ME, "us-east-1")

    assert zone == dict(id=NEW_ZONE_ID, name="internal.", account=ME, endpoint_region="us-east-1", vpcs=[EUW1])


def test_a_planned_zone_needs_its_name_vpc_and_region():
    with pytest.raises(PhzError, match="planned_zone needs region"):
        planned_zone(dict(name="internal", vpc_id="vpc-euw1", region=None), ME, "us-east-1")


def test_over_a_planned_zone_the_other_vpcs_are_associated_and_the_first_is_not_again():
    zone = planned_zone(dict(name="internal", **EUW1), ME, "us-east-1")

    decided = plan(zone, [vpc(EUW1), vpc(USE1)], zone["vpcs"], None, enable_vpc_dns=True, conflicts={})

    assert calls(decided["actions"]) == [("ec2:ModifyVpcAttribute", "eu-west-1"), ("ec2:ModifyVpcAttribute", "us-east-1"),
                                         ("route53:AssociateVPCWithHostedZone", "us-east-1")]
    assert decided["actions"][-1].params["HostedZoneId"] == NEW_ZONE_ID
    assert decided["after"]["vpcs"] == sorted([EUW1, USE1], key=lambda v: v["vpc_id"])


def test_over_a_planned_zone_a_vpc_of_another_account_goes_through_the_whole_authorization_flow():
    zone = planned_zone(dict(name="internal", **EUW1), ME, "us-east-1")
    theirs = vpc(dict(vpc_id="vpc-theirs", region="eu-west-1"), account=OTHER, dns=dict(OFF, enableDnsHostnames=True))

    decided = plan(zone, [vpc(EUW1, dns=dict(OFF, enableDnsHostnames=True)), theirs], zone["vpcs"], set(), conflicts={})

    assert [(a.call, a.account) for a in decided["actions"]] == [
        ("route53:CreateVPCAssociationAuthorization", ME), ("route53:AssociateVPCWithHostedZone", OTHER),
        ("route53:DeleteVPCAssociationAuthorization", ME)]


# -- planned_actions ---------------------------------------------------------------------------------
def test_dns_attributes_an_earlier_task_turns_on_are_taken_as_on():
    wanted = after_planned_dns([vpc(EUW1), vpc(USE1)], [dns_action("vpc-use1", "us-east-1")])

    assert [v["dns"]["enableDnsHostnames"] for v in wanted] == [False, True]


def test_only_modify_vpc_attribute_actions_on_the_same_vpc_and_region_count():
    earlier = [dns_action("vpc-use1", "eu-west-1"),  # same ID, other region: not this VPC
               dict(call="ec2:CreateRoute", region="us-east-1", params={"VpcId": "vpc-use1"}),
               dict(dns_action("vpc-use1", "us-east-1"),
                    params={"VpcId": "vpc-use1", "EnableDnsHostnames": {"Value": False}}),
               "not an action"]

    assert after_planned_dns([vpc(USE1)], earlier) == [vpc(USE1)]


def test_planned_actions_leave_unread_vpcs_and_an_empty_list_alone():
    unread = dict(USE1, account=OTHER, acting=False, dns=None)

    assert after_planned_dns([unread], [dns_action("vpc-use1", "us-east-1")]) == [unread]
    assert after_planned_dns([vpc(USE1)], None) == [vpc(USE1)]


def test_both_attributes_turned_on_earlier_leave_nothing_to_plan():
    earlier = [dns_action("vpc-use1", "us-east-1", "EnableDnsSupport"), dns_action("vpc-use1", "us-east-1")]
    wanted = after_planned_dns([vpc(USE1, dns={"enableDnsSupport": False, "enableDnsHostnames": False})], earlier)

    decided = plan(dict(id="Z1", name="internal.", account=ME, endpoint_region="us-east-1"), wanted, [USE1], None,
                   enable_vpc_dns=True)

    assert decided["actions"] == []


# -- zone_writes -------------------------------------------------------------------------------------
def test_a_zone_only_planned_is_created_and_every_record_is_a_change():
    writes = zone_writes({"changed": True}, {"skipped": True}, [[RECORD, "api.internal"], [RECORD, "www.internal"]],
                         "internal", EUW1)

    assert calls(writes) == [("route53:CreateHostedZone", "us-east-1")] + [
        ("route53:ChangeResourceRecordSets", "us-east-1")] * 2
    assert writes[0]["params"] == dict(Name="internal.", VPC=dict(VPCId="vpc-euw1", VPCRegion="eu-west-1"),
                                       HostedZoneConfig=dict(Comment="", PrivateZone=True))
    change = writes[1]["params"]
    assert change["HostedZoneId"] == NEW_ZONE_ID
    assert change["ChangeBatch"]["Changes"] == [dict(Action="CREATE", ResourceRecordSet=dict(
        Name="api.internal.", Type="CNAME", TTL=300, ResourceRecords=[dict(Value=RECORD["value"])]))]


def test_a_zone_created_by_the_run_has_the_changed_record_items_as_changes():
    items = {"results": [{"changed": True, "item": [dict(RECORD, value=["10.0.0.1", "10.0.0.2"], type="A"), "db.internal"]}]}

    writes = zone_writes({"changed": True, "zone_id": "Z9"}, items, [], "internal.", EUW1, region="cn-northwest-1",
                         comment="guide 1", zone_id="Z9")

    assert calls(writes) == [("route53:CreateHostedZone", "cn-northwest-1"),
                             ("route53:ChangeResourceRecordSets", "cn-northwest-1")]
    assert writes[0]["params"]["HostedZoneConfig"]["Comment"] == "guide 1"
    [change] = writes[1]["params"]["ChangeBatch"]["Changes"]
    assert writes[1]["params"]["HostedZoneId"] == "Z9"
    assert change["ResourceRecordSet"]["ResourceRecords"] == [dict(Value="10.0.0.1"), dict(Value="10.0.0.2")]


def test_a_found_zone_makes_no_zone_write_and_only_changed_records_are_writes():
    items = {"results": [{"changed": False, "item": [RECORD, "api.internal"]},
                         {"changed": True, "item": [RECORD, "www.internal"]}]}

    writes = zone_writes({"skipped": True, "changed": False}, items, [[RECORD, "api.internal"], [RECORD, "www.internal"]],
                         "internal", EUW1, zone_id="Z1")

    assert calls(writes) == [("route53:ChangeResourceRecordSets", "us-east-1")]
    assert writes[0]["params"]["ChangeBatch"]["Changes"][0]["Action"] == "UPSERT"
    assert writes[0]["params"]["ChangeBatch"]["Changes"][0]["ResourceRecordSet"]["Name"] == "www.internal."


def test_unchanged_records_of_a_found_zone_are_no_write_and_a_zone_without_records_is_its_creation_only():
    assert zone_writes({"skipped": True}, {"results": [{"changed": False, "item": [RECORD, "api.internal"]}]},
                       [[RECORD, "api.internal"]], "internal", EUW1, zone_id="Z1") == []
    assert calls(zone_writes({"changed": True}, {"results": []}, [], "internal", EUW1)) == [
        ("route53:CreateHostedZone", "us-east-1")]


# -- registered_actions ------------------------------------------------------------------------------
def test_registered_actions_are_read_on_every_host_that_has_them_item_by_item():
    dns = dns_action("vpc-use1", "us-east-1")
    hostvars = {"a": {"vpcmesh_dns": {"results": [{"actions": [dns]}, {"skipped": True}, {"actions": []}]}},
                "b": {"other": 1},
                "c": {"vpcmesh_dns": {"skipped": True, "actions": [dns]}},
                "d": {"vpcmesh_dns": {"actions": [dns, {"no": "call"}]}}}

    assert registered_actions(hostvars, "vpcmesh_dns") == [dns, dns]
    assert registered_actions([{"actions": [dns]}, None]) == [dns]
