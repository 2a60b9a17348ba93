"""endpoint_service's private DNS name (with its domain verification record) and supported IP address types, through
real ansible-playbook against the emulator (recording proxy)."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service_dns import verification_digest
from tests.emulator.accounts import OTHER_ACCOUNT

REGION = "us-west-2"
NAME = "api.example.com"


def nlb(aws, ip_type="ipv4", name="dns-nlb"):
    vpc = aws.make_vpc(REGION, "10.11.0.0/16", subnets=2)
    arn = aws.client("elbv2", REGION).create_load_balancer(
        Name=name, Subnets=vpc["subnet_ids"], Scheme="internal", Type="network",
        IpAddressType=ip_type)["LoadBalancers"][0]["LoadBalancerArn"]
    aws.reset_calls()
    return arn


def public_zone(aws, name="example.com", account=None):
    zone = aws.client("route53", account=account).create_hosted_zone(
        Name=name, CallerReference=f"public-{name}")["HostedZone"]["Id"].split("/")[-1]
    aws.reset_calls()
    return zone


def play(**args):
    return [dict(hosts="localhost", gather_facts=False, tasks=[
        {"name": "service", "register": "out", "vpcmesh.aws.endpoint_service": dict(region=REGION, **args)},
        {"name": "show", "ansible.builtin.debug": {"var": "out"}}])]


def playbook(aws, check=False, **args):
    result = aws.run(play(**args), check=check, diff=check)
    assert result.rc == 0, result.explain()
    return result.task("service")


def module(aws, check=False, **args):
    result = aws.run_module("endpoint_service", dict(region=REGION, **args), check=check, name="service")
    return result, result.task("service")


def writes(aws):
    return [(f"{c.service}:{c.action}", c.region) for c in aws.writes()]


def planned(out):
    return [(a["call"], a["region"]) for a in out["actions"]]


def config(aws):
    [found] = aws.client("ec2", REGION).describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    return found


def txt_records(aws, zone, account=None):
    sets = aws.client("route53", account=account).list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
    return {r["Name"]: [v["Value"] for v in r["ResourceRecords"]] for r in sets if r["Type"] == "TXT"}


def test_name_record_and_verification_check_mode_exact_then_second_run_writes_nothing(aws):
    arn, zone = nlb(aws), public_zone(aws)
    args = dict(network_load_balancer_arns=[arn], acceptance_required=False, private_dns_name=NAME,
                private_dns_verification=dict(hosted_zone_id=zone, wait=True, wait_timeout=60))

    predicted = playbook(aws, check=True, **args)
    assert aws.writes() == []
    real = playbook(aws, **args)
    made = writes(aws)
    aws.reset_calls()
    again = playbook(aws, **args)

    assert planned(predicted) == made == [
        ("ec2:CreateVpcEndpointServiceConfiguration", REGION), ("route53:ChangeResourceRecordSets", "us-east-1"),
        ("ec2:StartVpcEndpointServicePrivateDnsVerification", REGION), ("ec2:CreateTags", REGION)]
    found = config(aws)
    assert found["PrivateDnsName"] == NAME and found["PrivateDnsNameConfiguration"]["State"] == "verified"
    assert {t["Key"]: t["Value"] for t in found["Tags"]}["vpcmesh:private-dns-verification"] == verification_digest(
        NAME, found["PrivateDnsNameConfiguration"]["Value"])
    record = f"{found['PrivateDnsNameConfiguration']['Name']}.example.com."
    assert txt_records(aws, zone) == {record: [f'"{found["PrivateDnsNameConfiguration"]["Value"]}"']}
    assert real["service"]["private_dns_name_configuration"]["state"] == "verified"
    assert real["service"]["private_dns_verification_record"] == dict(
        hosted_zone_id=zone, name=record, type="TXT", value=f'"{found["PrivateDnsNameConfiguration"]["Value"]}"')
    assert again["changed"] is False and again["actions"] == [] and aws.writes() == []


def test_the_record_is_awaited_insync_before_the_verification_starts(aws):
    arn, zone = nlb(aws), public_zone(aws)

    _result, out = module(aws, network_load_balancer_arns=[arn], private_dns_name=NAME,
                          private_dns_verification=dict(hosted_zone_id=zone))

    order = [c.action for c in aws.calls if c.action in ("ChangeResourceRecordSets", "GetChange",
                                                         "StartVpcEndpointServicePrivateDnsVerification")]
    assert order == ["ChangeResourceRecordSets", "GetChange", "StartVpcEndpointServicePrivateDnsVerification"]
    # the service as read after the start (the emulator checks the record on the first read after it)
    assert out["service"]["private_dns_name_configuration"] == dict(
        state="verified", type="TXT", name=config(aws)["PrivateDnsNameConfiguration"]["Name"],
        value=config(aws)["PrivateDnsNameConfiguration"]["Value"])


def test_name_added_to_an_existing_service_then_record_only_when_missing(aws):
    arn, zone = nlb(aws), public_zone(aws)
    module(aws, network_load_balancer_arns=[arn])
    aws.reset_calls()

    _result, named = module(aws, network_load_balancer_arns=[arn], private_dns_name=NAME)
    assert writes(aws) == [("ec2:ModifyVpcEndpointServiceConfiguration", REGION)]
    assert aws.writes()[0].params.get("PrivateDnsName") == NAME
    record = named["service"]["private_dns_verification_record"]
    assert record["name"] == f"{config(aws)['PrivateDnsNameConfiguration']['Name']}.{NAME}."
    aws.reset_calls()

    # the record put by hand under the zone's domain, with another TXT value beside it: no UPSERT, a start
    r53 = aws.client("route53")
    value = f'"{config(aws)["PrivateDnsNameConfiguration"]["Value"]}"'
    name = f"{config(aws)['PrivateDnsNameConfiguration']['Name']}.example.com."
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
        "Name": name, "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": '"keep-me"'}]}}]})
    aws.reset_calls()
    _result, out = module(aws, network_load_balancer_arns=[arn], private_dns_name=NAME,
                          private_dns_verification=dict(hosted_zone_id=zone))
    assert writes(aws) == [("route53:ChangeResourceRecordSets", "us-east-1"),
                           ("ec2:StartVpcEndpointServicePrivateDnsVerification", REGION), ("ec2:CreateTags", REGION)]
    assert txt_records(aws, zone)[name] == ['"keep-me"', value]
    assert out["changed"] is True


def test_failed_verification_is_started_again_and_waiting_reports_it(aws):
    arn, zone = nlb(aws), public_zone(aws, "example.org")
    _result, first = module(aws, network_load_balancer_arns=[arn], private_dns_name="api.example.org")
    # a verification started before the record existed: AWS's check fails
    ec2 = aws.client("ec2", REGION)
    ec2.start_vpc_endpoint_service_private_dns_verification(ServiceId=first["service_id"])
    assert config(aws)["PrivateDnsNameConfiguration"]["State"] == "failed"
    aws.reset_calls()

    _result, out = module(aws, network_load_balancer_arns=[arn], private_dns_name="api.example.org",
                          private_dns_verification=dict(hosted_zone_id=zone, wait=True, wait_timeout=30))

    assert writes(aws) == [("route53:ChangeResourceRecordSets", "us-east-1"),
                           ("ec2:StartVpcEndpointServicePrivateDnsVerification", REGION), ("ec2:CreateTags", REGION)]
    assert out["service"]["private_dns_name_configuration"]["state"] == "verified"


def test_zone_of_another_account_is_written_with_its_credentials(aws):
    arn, zone = nlb(aws), public_zone(aws, account=OTHER_ACCOUNT)
    keys = aws.assume(OTHER_ACCOUNT)
    creds = dict(access_key=keys["access_key"], secret_key=keys["secret_key"], session_token=keys["session_token"])

    _result, out = module(aws, network_load_balancer_arns=[arn], private_dns_name=NAME,
                          private_dns_verification=dict(hosted_zone_id=zone, credentials=creds, wait=True))

    upsert = [c for c in aws.writes() if c.action == "ChangeResourceRecordSets"]
    assert [c.account for c in upsert] == [OTHER_ACCOUNT]
    assert out["service"]["private_dns_name_configuration"]["state"] == "verified"


@pytest.mark.parametrize("zone_kind, words", [("private", "is private"), ("other domain", "is not in hosted zone")])
def test_a_zone_that_cannot_prove_the_name_is_refused_before_any_write(aws, zone_kind, words):
    arn = nlb(aws)
    if zone_kind == "private":
        vpc = aws.make_vpc("us-east-1", "10.50.0.0/16")
        zone = aws.client("route53").create_hosted_zone(
            Name="example.com", CallerReference="private", HostedZoneConfig={"PrivateZone": True},
            VPC={"VPCId": vpc["vpc_id"], "VPCRegion": "us-east-1"})["HostedZone"]["Id"].split("/")[-1]
        aws.reset_calls()
    else:
        zone = public_zone(aws, "example.net")

    result, out = module(aws, network_load_balancer_arns=[arn], private_dns_name=NAME,
                         private_dns_verification=dict(hosted_zone_id=zone))

    assert out.get("failed") and words in out["msg"], out
    assert aws.writes() == []


def test_removing_the_name(aws):
    arn = nlb(aws)
    module(aws, network_load_balancer_arns=[arn], private_dns_name=NAME)
    aws.reset_calls()

    _result, out = module(aws, network_load_balancer_arns=[arn], private_dns_name="")

    assert [(c.action, c.params.get("RemovePrivateDnsName")) for c in aws.writes()] == [
        ("ModifyVpcEndpointServiceConfiguration", "true")]
    assert out["service"]["private_dns_name"] is None and not config(aws).get("PrivateDnsName")


def test_supported_ip_types_change_by_difference_and_check_mode_predicts_it(aws):
    arn = nlb(aws, "dualstack")
    module(aws, network_load_balancer_arns=[arn], supported_ip_address_types=["ipv4"])
    aws.reset_calls()
    args = dict(network_load_balancer_arns=[arn], supported_ip_address_types=["ipv6"])

    _result, predicted = module(aws, check=True, **args)
    assert aws.writes() == []
    _result, out = module(aws, **args)
    made = aws.writes()
    aws.reset_calls()
    _result, again = module(aws, **args)

    assert planned(predicted) == [(f"{c.service}:{c.action}", c.region) for c in made] == [
        ("ec2:ModifyVpcEndpointServiceConfiguration", REGION)]
    assert predicted["actions"][0]["params"] == dict(ServiceId=out["service_id"], AddSupportedIpAddressTypes=["ipv6"],
                                                     RemoveSupportedIpAddressTypes=["ipv4"])
    assert config(aws)["SupportedIpAddressTypes"] == ["ipv6"] == out["service"]["supported_ip_address_types"]
    assert again["changed"] is False and aws.writes() == []


def test_ipv6_with_an_ipv4_load_balancer_is_refused_before_any_write(aws):
    arn = nlb(aws)

    _result, out = module(aws, network_load_balancer_arns=[arn], supported_ip_address_types=["ipv4", "ipv6"])

    assert out.get("failed") and "dualstack" in out["msg"] and arn in out["msg"], out
    assert aws.writes() == []


def test_an_ipv4_load_balancer_added_to_an_ipv6_service_is_refused_before_any_write(aws):
    dual = nlb(aws, "dualstack")
    module(aws, network_load_balancer_arns=[dual], supported_ip_address_types=["ipv4", "ipv6"])
    elb = aws.client("elbv2", REGION)
    subnets = [z["SubnetId"] for z in elb.describe_load_balancers(LoadBalancerArns=[dual])["LoadBalancers"][0][
        "AvailabilityZones"]]
    plain = elb.create_load_balancer(Name="plain", Subnets=subnets, Scheme="internal",
                                     Type="network")["LoadBalancers"][0]["LoadBalancerArn"]
    aws.reset_calls()

    _result, out = module(aws, network_load_balancer_arns=[dual, plain])

    assert out.get("failed") and plain in out["msg"] and "dualstack" in out["msg"], out
    assert aws.writes() == []


def test_a_run_interrupted_before_the_start_is_started_by_the_next_run(aws):
    arn, zone = nlb(aws), public_zone(aws)
    _result, first = module(aws, network_load_balancer_arns=[arn], private_dns_name=NAME)
    # what a run interrupted after the record's write and before the start leaves: the record, a pending name
    found = config(aws)["PrivateDnsNameConfiguration"]
    aws.client("route53").change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{
        "Action": "UPSERT", "ResourceRecordSet": {"Name": f"{found['Name']}.example.com.", "Type": "TXT", "TTL": 1800,
                                                  "ResourceRecords": [{"Value": f'"{found["Value"]}"'}]}}]})
    aws.reset_calls()
    args = dict(network_load_balancer_arns=[arn], private_dns_name=NAME, private_dns_verification=dict(
        hosted_zone_id=zone))

    _result, predicted = module(aws, check=True, **args)
    _result, out = module(aws, **args)
    made = writes(aws)
    aws.reset_calls()
    _result, again = module(aws, **args)

    assert planned(predicted) == made == [("ec2:StartVpcEndpointServicePrivateDnsVerification", REGION),
                                          ("ec2:CreateTags", REGION)]
    assert predicted["actions"] == out["actions"]
    assert out["service_id"] == first["service_id"]
    assert again["changed"] is False and aws.writes() == []
