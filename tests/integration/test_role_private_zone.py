"""The private_zone role and the guide 1 playbook through real ansible-playbook against the emulator."""

from pathlib import Path

import pytest

from tests.reliability import guides

ME, OTHER = "123456789012", "222222222222"
TARGET = "ip-172-30-0-224.eu-west-1.compute.internal"
PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"


def role_play(**role_vars):
    return [dict(hosts="localhost", gather_facts=False, tasks=[
        dict(name="zone", **{"ansible.builtin.include_role": dict(name="vpcmesh.aws.private_zone")}, vars=role_vars),
        dict(name="result", **{"ansible.builtin.debug": dict(var="private_zone_result")}),
    ])]


def run_role(aws, check=False, **role_vars):
    result = aws.run(role_play(**role_vars), check=check)
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


def test_check_mode_on_a_new_zone_writes_nothing_and_says_what_it_cannot_plan(aws, guide1):
    use1, euw1 = guide1

    result, out = run_role(aws, check=True, **guide1_vars(use1, euw1))

    assert aws.writes() == [] and private_zones(aws) == []
    assert out["created"] is True and out["hosted_zone_id"] is None
    assert "does not exist yet" in role_task(result, "Say why records and associations were not planned")["msg"]


def test_check_mode_on_an_existing_zone_plans_the_new_association_and_writes_nothing(aws, guide1):
    use1, euw1 = guide1
    run_role(aws, private_zone_name="internal", private_zone_vpcs=[entry(euw1)])
    aws.reset_calls()

    result, _out = run_role(aws, check=True, **guide1_vars(use1, euw1))

    assert aws.writes() == []
    planned = role_task(result, "Associate every VPC with the zone")
    assert [a["call"] for a in planned["actions"]] == ["ec2:ModifyVpcAttribute", "route53:AssociateVPCWithHostedZone"]


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
