"""phz_association through real ansible-playbook against the emulator (recording proxy)."""

import pytest

from tests.emulator.faults import throttle_once

ME, OTHER = "123456789012", "222222222222"


def phz(aws, check=False, **args):
    """The module run once (in-process; test_module_smoke.py runs each module through ansible-playbook)."""
    result = aws.run_module("phz_association", args, check=check, diff=check, name="phz")
    return result, result.task("phz")


def private_zone(aws, vpc, name="internal", reference="guide1"):
    """A private zone created on `vpc` directly in the emulator; the setup calls are forgotten."""
    zone = aws.client("route53").create_hosted_zone(
        Name=name, CallerReference=reference, HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCId": vpc["vpc_id"], "VPCRegion": vpc["region"]})["HostedZone"]["Id"].split("/")[-1]
    aws.reset_calls()
    return zone


def dns_on(aws, *vpcs):
    for vpc in vpcs:
        aws.client("ec2", vpc["region"], vpc["owner_id"]).modify_vpc_attribute(
            VpcId=vpc["vpc_id"], EnableDnsHostnames={"Value": True})
    aws.reset_calls()


def dns_attributes(aws, vpc):
    ec2 = aws.client("ec2", vpc["region"], vpc["owner_id"])
    return tuple(ec2.describe_vpc_attribute(VpcId=vpc["vpc_id"], Attribute=a)[a[0].upper() + a[1:]]["Value"]
                 for a in ("enableDnsSupport", "enableDnsHostnames"))


def zone_vpcs(aws, zone):
    return sorted((v["VPCId"], v["VPCRegion"]) for v in aws.client("route53").get_hosted_zone(Id=zone)["VPCs"])


def authorizations(aws, zone):
    return aws.client("route53").list_vpc_association_authorizations(HostedZoneId=zone)["VPCs"]


def writes(aws):
    return [(c.action, c.region, c.account) for c in aws.writes()]


def entry(vpc, **extra):
    return dict(vpc_id=vpc["vpc_id"], region=vpc["region"], **extra)


@pytest.fixture
def guide1(aws):
    """Guide 1: zone `internal` on the eu-west-1 VPC; the us-east-1 VPC still to be associated; DNS on in both."""
    use1 = aws.make_vpc("us-east-1", "10.0.0.0/16")
    euw1 = aws.make_vpc("eu-west-1", "172.30.0.0/16")
    dns_on(aws, use1, euw1)
    return use1, euw1, private_zone(aws, euw1)


@pytest.fixture
def foreign(aws):
    """A VPC of account 222222222222 in eu-west-1 with DNS on, and keys acting as that account."""
    vpc = aws.make_vpc("eu-west-1", "10.1.0.0/16", account=OTHER)
    dns_on(aws, vpc)
    return vpc, aws.assume(OTHER)


def test_same_account_vpc_of_another_region_is_associated_then_a_second_run_writes_nothing(aws, guide1):
    use1, euw1, zone = guide1

    result, out = phz(aws, zone="internal", vpcs=[entry(euw1), entry(use1)])

    assert result.rc == 0, result
    assert out["changed"] is True and out["hosted_zone_id"] == zone and out["zone"] == "internal."
    assert writes(aws) == [("AssociateVPCWithHostedZone", "us-east-1", ME)]
    assert zone_vpcs(aws, zone) == sorted([(euw1["vpc_id"], "eu-west-1"), (use1["vpc_id"], "us-east-1")])
    assert out["vpcs"] == sorted([entry(euw1), entry(use1)], key=lambda v: v["vpc_id"])
    assert out["diff"]["before"] == dict(vpcs=[entry(euw1)])

    aws.reset_calls()
    result, out = phz(aws, zone="internal", vpcs=[entry(euw1), entry(use1)])
    assert result.rc == 0, result
    assert out["changed"] is False and out["actions"] == []
    assert aws.writes() == []
    route53_reads = [c.action for c in aws.reads() if c.service == "route53"]
    assert route53_reads == ["ListHostedZonesByName", "GetHostedZone"]


def test_check_mode_predicts_the_real_run_exactly_and_writes_nothing(aws, guide1, foreign):
    use1, euw1, zone = guide1
    theirs, keys = foreign
    vpcs = [entry(use1), entry(theirs, credentials=keys)]

    result, planned = phz(aws, check=True, hosted_zone_id=zone, vpcs=vpcs)
    assert result.rc == 0, result
    assert aws.writes() == [] and zone_vpcs(aws, zone) == [(euw1["vpc_id"], "eu-west-1")]
    assert planned["changed"] is True

    result, done = phz(aws, hosted_zone_id=zone, vpcs=vpcs)
    assert result.rc == 0, result
    assert done["actions"] == planned["actions"] and done["vpcs"] == planned["vpcs"]
    assert done["diff"] == planned["diff"]
    assert [a["call"] for a in done["actions"]] == [
        "route53:AssociateVPCWithHostedZone", "route53:CreateVPCAssociationAuthorization",
        "route53:AssociateVPCWithHostedZone", "route53:DeleteVPCAssociationAuthorization"]

    aws.reset_calls()
    result, again = phz(aws, check=True, hosted_zone_id=zone, vpcs=vpcs)
    assert result.rc == 0 and again["changed"] is False and aws.writes() == []


def test_check_mode_over_a_planned_zone_plans_what_the_real_run_over_the_created_zone_makes(aws):
    use1, euw1 = aws.make_vpc("us-east-1", "10.0.0.0/16"), aws.make_vpc("eu-west-1", "172.30.0.0/16")
    dns_on(aws, use1, euw1)
    vpcs = [entry(euw1), entry(use1)]

    result, planned = phz(aws, check=True, planned_zone=dict(name="internal", **entry(euw1)), vpcs=vpcs)
    assert result.rc == 0, result
    assert aws.writes() == []
    assert planned["hosted_zone_id"] == "(new hosted zone)" and planned["zone"] == "internal."
    assert [(a["call"], a["params"]["VPC"]["VPCId"]) for a in planned["actions"]] == [
        ("route53:AssociateVPCWithHostedZone", use1["vpc_id"])]
    assert planned["diff"]["before"] == dict(vpcs=[entry(euw1)])

    zone = private_zone(aws, euw1)
    result, done = phz(aws, hosted_zone_id=zone, vpcs=vpcs, planned_zone=dict(name="internal", **entry(euw1)))
    assert result.rc == 0, result
    assert [(a["call"], a["region"]) for a in done["actions"]] == [(a["call"], a["region"]) for a in planned["actions"]]
    assert done["vpcs"] == planned["vpcs"] and writes(aws) == [("AssociateVPCWithHostedZone", "us-east-1", ME)]


def test_planned_zone_alone_is_refused_in_a_real_run(aws):
    euw1 = aws.make_vpc("eu-west-1", "172.30.0.0/16")

    result, out = phz(aws, planned_zone=dict(name="internal", **entry(euw1)), vpcs=[entry(euw1)])

    assert result.rc != 0 and "planned_zone is for check mode only" in out["msg"]
    assert aws.writes() == []


def test_check_mode_over_a_planned_zone_refuses_a_vpc_carrying_another_zone_of_that_name(aws):
    use1, euw1 = aws.make_vpc("us-east-1", "10.0.0.0/16"), aws.make_vpc("eu-west-1", "172.30.0.0/16")
    dns_on(aws, use1, euw1)
    other = private_zone(aws, use1, reference="another")

    result, out = phz(aws, check=True, planned_zone=dict(name="internal", **entry(euw1)),
                      vpcs=[entry(euw1), entry(use1)])

    assert result.rc != 0 and f"already has private zone {other}" in out["msg"]
    assert aws.writes() == []


def test_cross_account_vpc_is_authorized_associated_by_its_owner_and_the_authorization_removed(aws, guide1, foreign):
    _use1, euw1, zone = guide1
    theirs, keys = foreign

    result, out = phz(aws, hosted_zone_id=zone, vpcs=[entry(theirs, credentials=keys)])

    assert result.rc == 0, result
    assert writes(aws) == [("CreateVPCAssociationAuthorization", "us-east-1", ME),
                           ("AssociateVPCWithHostedZone", "us-east-1", OTHER),
                           ("DeleteVPCAssociationAuthorization", "us-east-1", ME)]
    assert zone_vpcs(aws, zone) == sorted([(euw1["vpc_id"], "eu-west-1"), (theirs["vpc_id"], "eu-west-1")])
    assert authorizations(aws, zone) == []
    assert out["diff"]["after"]["authorizations"] == []
    assert {(c.action, c.region, c.account) for c in aws.reads() if c.service == "ec2"} >= {
        ("DescribeVpcs", "eu-west-1", OTHER), ("DescribeVpcAttribute", "eu-west-1", OTHER)}

    aws.reset_calls()
    result, out = phz(aws, hosted_zone_id=zone, vpcs=[entry(theirs, credentials=keys)])
    assert result.rc == 0 and out["changed"] is False and aws.writes() == []


def test_without_the_owner_credentials_only_the_authorization_is_made_and_a_later_run_removes_it(aws, guide1, foreign):
    _use1, euw1, zone = guide1
    theirs, _keys = foreign
    vpcs = [entry(theirs, account_id=OTHER)]

    result, out = phz(aws, hosted_zone_id=zone, vpcs=vpcs)
    assert result.rc == 0, result
    assert writes(aws) == [("CreateVPCAssociationAuthorization", "us-east-1", ME)]
    assert authorizations(aws, zone) == [{"VPCId": theirs["vpc_id"], "VPCRegion": "eu-west-1"}]
    [left] = out["left_to_other_owner"]
    assert left["account_id"] == OTHER and "must associate it" in left["message"]

    aws.client("route53", account=OTHER).associate_vpc_with_hosted_zone(
        HostedZoneId=zone, VPC={"VPCId": theirs["vpc_id"], "VPCRegion": "eu-west-1"})
    aws.reset_calls()
    result, out = phz(aws, hosted_zone_id=zone, vpcs=vpcs)
    assert result.rc == 0, result
    assert writes(aws) == [("DeleteVPCAssociationAuthorization", "us-east-1", ME)]
    assert authorizations(aws, zone) == [] and out["left_to_other_owner"] == []


def test_ambiguous_zone_name_fails_naming_both_zones_before_any_write(aws, guide1):
    use1, _euw1, zone = guide1
    other = private_zone(aws, aws.make_vpc("us-west-2", "10.9.0.0/16"), reference="another")

    result, out = phz(aws, zone="internal", vpcs=[entry(use1)])

    assert result.rc != 0 and out["failed"]
    assert "2 private hosted zones" in out["msg"] and zone in out["msg"] and other in out["msg"]
    assert "hosted_zone_id" in out["msg"]
    assert aws.writes() == []


def test_dns_attributes_off_fail_before_any_write_then_enable_vpc_dns_turns_them_on(aws):
    use1 = aws.make_vpc("us-east-1", "10.0.0.0/16")  # DNS hostnames off, as guide 1's author found
    euw1 = aws.make_vpc("eu-west-1", "172.30.0.0/16")
    dns_on(aws, euw1)
    zone = private_zone(aws, euw1)

    result, out = phz(aws, zone="internal", vpcs=[entry(euw1), entry(use1)])
    assert result.rc != 0 and out["failed"]
    assert f"{use1['vpc_id']} (us-east-1) has enableDnsHostnames off" in out["msg"]
    assert "enable_vpc_dns=true" in out["msg"]
    assert aws.writes() == [] and zone_vpcs(aws, zone) == [(euw1["vpc_id"], "eu-west-1")]

    result, out = phz(aws, zone="internal", vpcs=[entry(euw1), entry(use1)], enable_vpc_dns=True)
    assert result.rc == 0, result
    assert writes(aws) == [("ModifyVpcAttribute", "us-east-1", ME), ("AssociateVPCWithHostedZone", "us-east-1", ME)]
    assert dns_attributes(aws, use1) == (True, True)
    assert len(zone_vpcs(aws, zone)) == 2


def test_purge_disassociates_vpcs_not_listed(aws, guide1):
    use1, euw1, zone = guide1
    aws.client("route53").associate_vpc_with_hosted_zone(
        HostedZoneId=zone, VPC={"VPCId": use1["vpc_id"], "VPCRegion": "us-east-1"})
    aws.reset_calls()

    result, out = phz(aws, hosted_zone_id=zone, vpcs=[entry(use1)], purge=True)

    assert result.rc == 0, result
    assert writes(aws) == [("DisassociateVPCFromHostedZone", "us-east-1", ME)]
    assert zone_vpcs(aws, zone) == [(use1["vpc_id"], "us-east-1")]
    assert out["diff"]["before"]["vpcs"] != out["diff"]["after"]["vpcs"]


def test_last_vpc_is_refused_before_calling_aws(aws, guide1):
    _use1, euw1, zone = guide1

    result, out = phz(aws, hosted_zone_id=zone, vpcs=[entry(euw1)], state="absent")

    assert result.rc != 0 and out["failed"]
    assert "AWS cannot disassociate the last VPC" in out["msg"] and euw1["vpc_id"] in out["msg"]
    assert aws.writes() == [] and zone_vpcs(aws, zone) == [(euw1["vpc_id"], "eu-west-1")]


def test_absent_disassociates_the_listed_vpc(aws, guide1):
    use1, euw1, zone = guide1
    assert phz(aws, hosted_zone_id=zone, vpcs=[entry(use1)])[0].rc == 0
    aws.reset_calls()

    result, out = phz(aws, hosted_zone_id=zone, vpcs=[entry(use1)], state="absent")

    assert result.rc == 0, result
    assert writes(aws) == [("DisassociateVPCFromHostedZone", "us-east-1", ME)]
    assert zone_vpcs(aws, zone) == [(euw1["vpc_id"], "eu-west-1")]
    assert [c for c in aws.calls if c.service == "ec2"] == []


def test_unknown_vpc_fails_naming_it_before_any_write(aws, guide1):
    _use1, _euw1, zone = guide1

    result, out = phz(aws, hosted_zone_id=zone, vpcs=[dict(vpc_id="vpc-0000000000000dead", region="us-east-1")])

    assert result.rc != 0 and "vpc-0000000000000dead was not found in us-east-1" in out["msg"]
    assert aws.writes() == []


def test_vpc_carrying_another_zone_of_the_same_name_is_refused_before_any_write(aws, guide1):
    use1, _euw1, zone = guide1
    other = private_zone(aws, use1, reference="another")

    result, out = phz(aws, hosted_zone_id=zone, vpcs=[entry(use1)])

    assert result.rc != 0 and out["failed"]
    assert f"already has private zone {other}" in out["msg"]
    assert aws.writes() == []


def test_throttled_association_is_retried(aws, guide1):
    use1, _euw1, zone = guide1
    aws.interceptors.append(throttle_once("route53", "AssociateVPCWithHostedZone"))

    result, out = phz(aws, hosted_zone_id=zone, vpcs=[entry(use1)])

    assert result.rc == 0, result
    assert [(c.action, c.status) for c in aws.writes()] == [("AssociateVPCWithHostedZone", 400),
                                                            ("AssociateVPCWithHostedZone", 200)]
    assert len(zone_vpcs(aws, zone)) == 2


class PendingChanges:
    """Route 53 as on AWS: an association change answers PENDING, and the first GetChange of it still does."""

    def __init__(self):
        self.polled = []

    def __call__(self, call, request):
        return None

    def answered(self, call, request, response):
        status, headers, body = response
        if call.service != "route53" or call.action not in ("AssociateVPCWithHostedZone", "GetChange"):
            return None
        if call.action == "GetChange":
            self.polled.append(call.path)
            if self.polled.count(call.path) > 1:
                return None
        return status, headers, body.replace(b"<Status>INSYNC</Status>", b"<Status>PENDING</Status>")


def test_association_is_awaited_until_route53_reports_it_insync(aws, guide1):
    use1, _euw1, zone = guide1
    pending = PendingChanges()
    aws.interceptors.append(pending)

    result, out = phz(aws, hosted_zone_id=zone, vpcs=[entry(use1)])

    assert result.rc == 0, result
    assert [c.action for c in aws.calls if c.service == "route53"][-3:] == [
        "AssociateVPCWithHostedZone", "GetChange", "GetChange"]
    assert len(pending.polled) == 2 and len(set(pending.polled)) == 1
