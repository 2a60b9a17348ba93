"""The private_zone role and the guide 1 playbook through real ansible-playbook against the emulator."""

from collections import Counter
from pathlib import Path

import pytest

from tests.integration.planned import difference, planned_writes, written
from tests.reliability import guides

ME, OTHER = "123456789012", "222222222222"
TARGET = "ip-172-30-0-224.eu-west-1.compute.internal"
PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"


def role_play(**role_vars):
    return [dict(hosts="localhost", gather_facts=False, tasks=[
        dict(name="zone", **{"ansible.builtin.include_role": dict(name="vpcmesh.aws.private_zone")}, vars=role_vars),
        dict(name="result", **{"ansible.builtin.debug": dict(var="private_zone_result")}),
    ])]


def run_role(aws, check=False, diff=False, **role_vars):
    result = aws.run(role_play(**role_vars), check=check, diff=diff)
    assert result.rc == 0, result
    return result, result.task("result")["private_zone_result"]


def role_task(result, name):
    return result.task(f"vpcmesh.aws.private_zone : {name}")


def entry(vpc, **extra):
    return dict(vpc_id=vpc["vpc_id"], region=vpc["region"], **extra)


def private_zones(aws):
    return [z for z in aws.client("route53").list_hosted_zones()["HostedZones"] if z["Config"]["PrivateZone"]]


def zone_vpcs(aws, zone):
    return sorted((v["VPCId"], v["VPCRegion"]) for v in aws.client("route53").get_hosted_zone(Id=zone)["VPCs"])


def records(aws, zone):
    sets = aws.client("route53").list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
    return {(r["Name"], r["Type"]): [v["Value"] for v in r.get("ResourceRecords", [])] for r in sets
            if r["Type"] not in ("NS", "SOA")}


def dns_attributes(aws, vpc):
    ec2 = aws.client("ec2", vpc["region"], vpc["owner_id"])
    return tuple(ec2.describe_vpc_attribute(VpcId=vpc["vpc_id"], Attribute=a)[a[0].upper() + a[1:]]["Value"]
                 for a in ("enableDnsSupport", "enableDnsHostnames"))


@pytest.fixture
def guide1(aws):
    """us-east-1 VPC (DNS hostnames off, as in guide 1) and eu-west-1 VPC, same account."""
    return aws.make_vpc("us-east-1", "10.0.0.0/16"), aws.make_vpc("eu-west-1", "172.30.0.0/16")


def guide1_vars(use1, euw1, **extra):
    return dict(private_zone_name="internal", private_zone_vpcs=[entry(euw1), entry(use1)],
                private_zone_records=[dict(name="api", type="CNAME", value=TARGET, ttl=60)], **extra)


def test_zone_is_created_on_the_first_vpc_with_its_record_and_the_other_vpc_associated_then_a_rerun_writes_nothing(
        aws, guide1):
    use1, euw1 = guide1

    _result, out = run_role(aws, **guide1_vars(use1, euw1))

    [zone] = private_zones(aws)
    zone_id = zone["Id"].split("/")[-1]
    assert zone["Name"] == "internal." and out["hosted_zone_id"] == zone_id and out["created"] is True
    assert zone_vpcs(aws, zone_id) == sorted([(euw1["vpc_id"], "eu-west-1"), (use1["vpc_id"], "us-east-1")])
    assert records(aws, zone_id) == {("api.internal.", "CNAME"): [TARGET]}
    assert out["records"] == ["api.internal"]
    assert dns_attributes(aws, use1) == (True, True) and dns_attributes(aws, euw1) == (True, True)
    assert [c.action for c in aws.writes() if c.service == "route53"] == [
        "CreateHostedZone", "ChangeResourceRecordSets", "AssociateVPCWithHostedZone"]

    # a second run finds the zone and makes no write call
    aws.reset_calls()
    result, out = run_role(aws, **guide1_vars(use1, euw1))
    assert aws.writes() == []
    assert result.changed_tasks() == []
    assert len(private_zones(aws)) == 1 and out["created"] is False


def assert_check_mode_is_exact(aws, **role_vars):
    """Check mode (with --diff) writes nothing and plans exactly the writes of the real run that follows, per API
    action and region; then a second real run plans and writes nothing. Returns (planned, check-mode result)."""
    aws.reset_calls()
    checked, planned_out = run_role(aws, check=True, diff=True, **role_vars)
    assert aws.writes() == [], [str(c) for c in aws.writes()]
    planned = planned_writes(checked)

    _result, _out = run_role(aws, **role_vars)
    assert difference(planned, written(aws)) == {}, (planned, written(aws))

    aws.reset_calls()
    again, _out = run_role(aws, **role_vars)
    assert aws.writes() == [] and planned_writes(again) == Counter() and again.changed_tasks() == []
    return planned, planned_out


def test_check_mode_on_a_new_zone_plans_exactly_the_zone_record_dns_attribute_and_association_the_real_run_writes(
        aws, guide1):
    use1, euw1 = guide1

    planned, out = assert_check_mode_is_exact(aws, **guide1_vars(use1, euw1))

    # both VPCs have DNS hostnames off: one ModifyVpcAttribute in each region
    assert planned == Counter({("CreateHostedZone", "us-east-1"): 1, ("ChangeResourceRecordSets", "us-east-1"): 1,
                               ("AssociateVPCWithHostedZone", "us-east-1"): 1, ("ModifyVpcAttribute", "us-east-1"): 1,
                               ("ModifyVpcAttribute", "eu-west-1"): 1})
    assert out["created"] is True and out["hosted_zone_id"] is None
    assert [a["call"] for a in out["actions"]] == [
        "route53:CreateHostedZone", "route53:ChangeResourceRecordSets", "ec2:ModifyVpcAttribute",
        "ec2:ModifyVpcAttribute", "route53:AssociateVPCWithHostedZone"]
    assert sorted((v["vpc_id"], v["region"]) for v in out["vpcs"]) == sorted(
        [(euw1["vpc_id"], "eu-west-1"), (use1["vpc_id"], "us-east-1")])


def test_check_mode_on_an_existing_zone_plans_exactly_a_missing_record(aws, guide1):
    use1, euw1 = guide1
    run_role(aws, **{**guide1_vars(use1, euw1), "private_zone_records": []})

    planned, _out = assert_check_mode_is_exact(aws, **guide1_vars(use1, euw1))

    assert planned == Counter({("ChangeResourceRecordSets", "us-east-1"): 1})


def test_check_mode_on_an_existing_zone_plans_exactly_a_changed_record_value(aws, guide1):
    use1, euw1 = guide1
    run_role(aws, **guide1_vars(use1, euw1))
    changed = guide1_vars(use1, euw1)
    changed["private_zone_records"][0]["value"] = "ip-172-30-0-225.eu-west-1.compute.internal"

    planned, _out = assert_check_mode_is_exact(aws, **changed)

    assert planned == Counter({("ChangeResourceRecordSets", "us-east-1"): 1})


def test_check_mode_on_an_existing_zone_plans_exactly_the_new_association(aws, guide1):
    use1, euw1 = guide1
    run_role(aws, **{**guide1_vars(use1, euw1), "private_zone_vpcs": [entry(euw1)]})

    planned, out = assert_check_mode_is_exact(aws, **guide1_vars(use1, euw1))

    assert planned == Counter({("ModifyVpcAttribute", "us-east-1"): 1, ("AssociateVPCWithHostedZone", "us-east-1"): 1})
    assert out["created"] is False


def test_check_mode_on_a_new_zone_plans_the_authorization_flow_of_a_vpc_of_another_account(aws, guide1):
    _use1, euw1 = guide1
    theirs = aws.make_vpc("eu-west-1", "10.1.0.0/16", account=OTHER)
    wanted = dict(private_zone_name="internal", private_zone_vpcs=[entry(euw1), entry(theirs, credentials=aws.assume(OTHER))])

    planned, out = assert_check_mode_is_exact(aws, **wanted)

    assert planned == Counter({("CreateHostedZone", "us-east-1"): 1, ("CreateVPCAssociationAuthorization", "us-east-1"): 1,
                               ("AssociateVPCWithHostedZone", "us-east-1"): 1,
                               ("DeleteVPCAssociationAuthorization", "us-east-1"): 1,
                               ("ModifyVpcAttribute", "eu-west-1"): 2})
    assert [a.get("account") for a in out["actions"] if a["call"] == "route53:AssociateVPCWithHostedZone"] == [OTHER]


def test_check_mode_does_not_plan_dns_attributes_that_an_earlier_task_plans_to_turn_on(aws, guide1):
    use1, euw1 = guide1
    earlier = [dict(call="ec2:ModifyVpcAttribute", region="us-east-1", side="requester", description="",
                    params=dict(VpcId=use1["vpc_id"], EnableDnsHostnames=dict(Value=True)))]

    result, out = run_role(aws, check=True, private_zone_planned_actions=earlier, **guide1_vars(use1, euw1))

    assert aws.writes() == []
    # euw1's DNS hostnames are still planned; use1's, which the earlier task turns on, are not
    assert [(a["call"], a["region"]) for a in role_task(result, "Associate every VPC with the zone")["actions"]] == [
        ("ec2:ModifyVpcAttribute", "eu-west-1"), ("route53:AssociateVPCWithHostedZone", "us-east-1")]
    assert out["vpc_dns"] == [dict(vpc_id=v["vpc_id"], region=v["region"], enable_dns_support=True,
                                   enable_dns_hostnames=True) for v in (euw1, use1)]


def test_record_names_relative_or_complete_both_land_in_the_zone(aws, guide1):
    _use1, euw1 = guide1

    _result, out = run_role(aws, private_zone_name="Internal.", private_zone_vpcs=[entry(euw1)],
                            private_zone_records=[dict(name="api.internal", type="A", value="172.30.0.224"),
                                                  dict(name="db", type="A", value=["172.30.1.5", "172.30.1.6"])])

    assert records(aws, out["hosted_zone_id"]) == {("api.internal.", "A"): ["172.30.0.224"],
                                                   ("db.internal.", "A"): ["172.30.1.5", "172.30.1.6"]}


def test_vpc_of_another_account_is_associated_with_its_credentials(aws, guide1):
    _use1, euw1 = guide1
    theirs = aws.make_vpc("eu-west-1", "10.1.0.0/16", account=OTHER)
    keys = aws.assume(OTHER)

    _result, out = run_role(aws, private_zone_name="internal",
                            private_zone_vpcs=[entry(euw1), entry(theirs, credentials=keys)])

    assert zone_vpcs(aws, out["hosted_zone_id"]) == sorted([(euw1["vpc_id"], "eu-west-1"),
                                                            (theirs["vpc_id"], "eu-west-1")])
    assert ("AssociateVPCWithHostedZone", OTHER) in [(c.action, c.account) for c in aws.writes()]
    assert aws.client("route53").list_vpc_association_authorizations(HostedZoneId=out["hosted_zone_id"])["VPCs"] == []


def test_first_vpc_of_another_account_is_refused_before_any_write(aws, guide1):
    _use1, euw1 = guide1

    result = aws.run(role_play(private_zone_name="internal",
                               private_zone_vpcs=[entry(euw1, account_id=OTHER)]))

    assert result.rc != 0 and "must belong to the caller's account" in result.explain()
    assert aws.writes() == []


def test_a_zone_of_the_same_name_on_other_vpcs_is_not_taken_for_ours(aws, guide1):
    use1, euw1 = guide1
    elsewhere = aws.make_vpc("us-west-2", "10.9.0.0/16")
    run_role(aws, private_zone_name="internal", private_zone_vpcs=[entry(elsewhere)])

    _result, out = run_role(aws, **guide1_vars(use1, euw1))

    assert len(private_zones(aws)) == 2 and out["created"] is True
    assert zone_vpcs(aws, out["hosted_zone_id"]) == sorted([(euw1["vpc_id"], "eu-west-1"),
                                                            (use1["vpc_id"], "us-east-1")])


def test_absent_dissociates_deletes_the_listed_records_and_the_zone_then_a_second_run_writes_nothing(aws, guide1):
    use1, euw1 = guide1
    theirs = aws.make_vpc("eu-west-1", "10.1.0.0/16", account=OTHER)
    wanted = guide1_vars(use1, euw1)
    wanted["private_zone_vpcs"].append(entry(theirs, credentials=aws.assume(OTHER)))
    _result, made = run_role(aws, **wanted)
    aws.reset_calls()

    _result, planned = run_role(aws, check=True, private_zone_state="absent", **wanted)
    assert aws.writes() == [] and len(private_zones(aws)) == 1 and planned["deleted"] is True

    _result, out = run_role(aws, private_zone_state="absent", **wanted)

    assert private_zones(aws) == [] and out["deleted"] is True and out["hosted_zone_id"] == made["hosted_zone_id"]
    assert [c.action for c in aws.writes() if c.service == "route53"] == [
        "DisassociateVPCFromHostedZone", "DisassociateVPCFromHostedZone", "ChangeResourceRecordSets",
        "DeleteHostedZone"]
    aws.reset_calls()

    result, again = run_role(aws, private_zone_state="absent", **wanted)
    assert aws.writes() == [] and result.changed_tasks() == [] and again["hosted_zone_id"] is None


def test_absent_keeps_a_zone_holding_records_of_others_and_says_which(aws, guide1):
    use1, euw1 = guide1
    _result, made = run_role(aws, **guide1_vars(use1, euw1))
    aws.client("route53").change_resource_record_sets(HostedZoneId=made["hosted_zone_id"], ChangeBatch=dict(Changes=[
        dict(Action="CREATE", ResourceRecordSet=dict(Name="theirs.internal.", Type="A", TTL=60,
                                                     ResourceRecords=[dict(Value="172.30.9.9")]))]))

    _result, out = run_role(aws, private_zone_state="absent", **guide1_vars(use1, euw1))

    assert out["deleted"] is False and out["kept_for_records"] == ["theirs.internal."]
    assert records(aws, made["hosted_zone_id"]) == {("theirs.internal.", "A"): ["172.30.9.9"]}
    assert zone_vpcs(aws, made["hosted_zone_id"]) == [(euw1["vpc_id"], "eu-west-1")]


def test_guide1_playbook_peers_shares_the_zone_and_verifies_a_rerun_writes_nothing_and_converges_under_faults(
        aws, aws_spare, capsys):
    faulted = guides.FaultedRun(aws_spare, "guide1")  # the faults suite, on the second emulator meanwhile
    guides.seed(aws, "guide1")  # as demo_vpcs.yml makes them, through boto3, on the fresh emulator of `aws`

    checked = aws.run(PLAYBOOKS / "guide1_peering_phz.yml", check=True)
    assert checked.rc == 0, checked
    assert aws.writes() == []

    result = aws.run(PLAYBOOKS / "guide1_peering_phz.yml")
    assert result.rc == 0, result
    [zone] = private_zones(aws)
    zone_id = zone["Id"].split("/")[-1]
    assert records(aws, zone_id) == {("api.internal.", "CNAME"): [TARGET]}
    assert len(zone_vpcs(aws, zone_id)) == 2
    assert "ip-172-30-0-224.eu-west-1.compute.internal = 172.30.0.224" in result.task(
        "Show what the guide's author would now run from us-east-1")["msg"]

    aws.reset_calls()
    again = aws.run(PLAYBOOKS / "guide1_peering_phz.yml")
    assert again.rc == 0, again
    assert aws.writes() == []

    # the faults suite (tests/reliability/test_faults_guides.py): the faulted run on a fresh emulator ended here too
    faulted.check(guides.end_state(aws, "guide1"), capsys)
