"""resolver_endpoint through real ansible-playbook against the emulator (recording proxy)."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import token

REGION = "us-east-2"


def run(aws, check=False, **args):
    """The module run once (in-process; test_module_smoke.py runs each module through ansible-playbook)."""
    args = {k: v for k, v in args.items() if v is not None}
    args.setdefault("region", REGION)
    result = aws.run_module("resolver_endpoint", args, check=check, name="endpoint")
    return result, result.task("endpoint")


def writes(aws):
    return [c.action for c in aws.writes()]


def endpoints(aws):
    return aws.client("route53resolver", REGION).list_resolver_endpoints()["ResolverEndpoints"]


def endpoint_ips(aws, endpoint_id):
    found = aws.client("route53resolver", REGION).list_resolver_endpoint_ip_addresses(
        ResolverEndpointId=endpoint_id)["IpAddresses"]
    return sorted(a["Ip"] for a in found)


def group_named(aws, vpc_id, name):
    return aws.client("ec2", REGION).describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": [name]}])["SecurityGroups"]


@pytest.fixture
def vpc(aws):
    return aws.make_vpc(REGION, "10.31.0.0/16", subnets=3)


def inbound(vpc, **over):
    args = dict(name="use2-in", direction="inbound", subnet_ids=vpc["subnet_ids"][:2],
                dns_security_group=dict(allowed_cidrs=["10.30.0.0/16", "10.32.0.0/16"]), tags={"team": "net"})
    args.update(over)
    return args


def test_inbound_endpoint_is_created_with_a_dns_security_group(aws, vpc):
    result, out = run(aws, **inbound(vpc))
    assert result.rc == 0, result
    assert out["changed"] is True
    assert writes(aws) == ["CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "CreateResolverEndpoint"]
    [endpoint] = endpoints(aws)
    assert endpoint["Id"] == out["endpoint_id"] and endpoint["Direction"] == "INBOUND"
    assert endpoint["HostVPCId"] == vpc["vpc_id"] and endpoint["Status"] == "OPERATIONAL"
    assert endpoint["CreatorRequestId"] == token("endpoint", REGION, "inbound", vpc["vpc_id"], "use2-in")
    assert out["ip_addresses"] == endpoint_ips(aws, endpoint["Id"]) and len(out["ip_addresses"]) == 2
    [group] = group_named(aws, vpc["vpc_id"], "use2-in-dns")
    assert endpoint["SecurityGroupIds"] == [group["GroupId"]] == [out["security_group_id"]]
    allowed = {(p["IpProtocol"], p["FromPort"], r["CidrIp"]) for p in group["IpPermissions"] for r in p["IpRanges"]}
    assert allowed == {(proto, 53, cidr) for proto in ("tcp", "udp") for cidr in ("10.30.0.0/16", "10.32.0.0/16")}
    assert out["endpoint"]["tags"] == {"team": "net"}


def test_second_run_makes_no_write_calls(aws, vpc):
    run(aws, **inbound(vpc))
    aws.reset_calls()
    result, out = run(aws, **inbound(vpc))
    assert result.rc == 0, result
    assert out["changed"] is False and out["actions"] == []
    assert aws.writes() == []
    assert len(endpoints(aws)) == 1


def test_check_mode_predicts_the_run_and_makes_no_write_calls(aws, vpc):
    result, check = run(aws, check=True, **inbound(vpc))
    assert result.rc == 0, result
    assert aws.writes() == [] and endpoints(aws) == []
    _result, real = run(aws, **inbound(vpc))
    assert [(a["call"], a["region"]) for a in check["actions"]] == [(a["call"], a["region"]) for a in real["actions"]]
    assert check["actions"][-1]["params"]["CreatorRequestId"] == real["actions"][-1]["params"]["CreatorRequestId"]
    assert check["changed"] is real["changed"] is True


def test_a_new_fixed_ip_is_added_before_the_old_one_is_removed(aws, vpc):
    _result, first = run(aws, **inbound(vpc))
    old = first["ip_addresses"]
    subnet_b = vpc["subnet_ids"][1]
    kept = next(a for a in first["endpoint"]["ip_addresses"] if a["subnet_id"] == subnet_b)
    aws.reset_calls()
    result, out = run(aws, **inbound(vpc, subnet_ids=None, ip_addresses=[
        dict(subnet_id=vpc["subnet_ids"][2], ip="10.31.2.100"), dict(subnet_id=subnet_b)]))
    assert result.rc == 0, result
    assert writes(aws) == ["AssociateResolverEndpointIpAddress", "DisassociateResolverEndpointIpAddress"]
    assert endpoint_ips(aws, first["endpoint_id"]) == out["ip_addresses"] == sorted(["10.31.2.100", kept["ip"]])
    assert set(old) != set(out["ip_addresses"])


def test_changed_cidrs_and_tags_change_only_the_group_rules_and_tags(aws, vpc):
    run(aws, **inbound(vpc))
    aws.reset_calls()
    result, out = run(aws, **inbound(vpc, dns_security_group=dict(allowed_cidrs=["10.30.0.0/16"]), tags={"a": "b"}))
    assert result.rc == 0, result
    assert writes(aws) == ["RevokeSecurityGroupIngress", "TagResource", "UntagResource"]
    assert out["endpoint"]["tags"] == {"a": "b"}


@pytest.mark.parametrize("over, message", [
    (dict(subnet_ids=None, ip_addresses=None), "give subnet_ids or ip_addresses"),
    (dict(dns_security_group=None), "give security_group_ids, or dns_security_group"),
])
def test_missing_inputs_fail_before_any_call(aws, vpc, over, message):
    result, out = run(aws, **inbound(vpc, **over))
    assert result.rc != 0 and message in out["msg"]
    assert aws.writes() == []


def test_addresses_in_one_zone_fail_before_any_write(aws):
    vpc = aws.make_vpc(REGION, "10.31.0.0/16", subnets=4)  # zones a, b, c, a
    result, out = run(aws, **inbound(vpc, subnet_ids=[vpc["subnet_ids"][0], vpc["subnet_ids"][3]]))
    assert result.rc != 0 and "at least two Availability Zones" in out["msg"]
    assert aws.writes() == []


def test_a_group_of_that_name_we_did_not_create_fails_before_any_write(aws, vpc):
    aws.client("ec2", REGION).create_security_group(GroupName="use2-in-dns", Description="theirs",
                                                    VpcId=vpc["vpc_id"])
    aws.reset_calls()
    result, out = run(aws, **inbound(vpc))
    assert result.rc != 0 and "not created by vpcmesh.aws" in out["msg"]
    assert aws.writes() == []


def test_absent_deletes_the_endpoint_then_its_unused_group(aws, vpc):
    run(aws, **inbound(vpc))
    aws.reset_calls()
    result, out = run(aws, **inbound(vpc, state="absent"))
    assert result.rc == 0, result
    assert writes(aws) == ["DeleteResolverEndpoint", "DeleteSecurityGroup"]
    assert endpoints(aws) == [] and group_named(aws, vpc["vpc_id"], "use2-in-dns") == []
    aws.reset_calls()
    result, out = run(aws, **inbound(vpc, state="absent"))
    assert result.rc == 0 and out["changed"] is False and aws.writes() == []


def test_a_group_still_used_by_the_other_endpoint_is_kept(aws, vpc):
    shared = dict(name="mesh-dns", allowed_cidrs=["10.30.0.0/16"])
    run(aws, **inbound(vpc, dns_security_group=shared))
    run(aws, **inbound(vpc, name="use2-out", direction="outbound", dns_security_group=shared))
    aws.reset_calls()
    result, _out = run(aws, **inbound(vpc, dns_security_group=shared, state="absent"))
    assert result.rc == 0, result
    assert writes(aws) == ["DeleteResolverEndpoint"]
    assert len(group_named(aws, vpc["vpc_id"], "mesh-dns")) == 1


def test_a_create_whose_token_aws_already_knows_adopts_that_endpoint(aws, vpc):
    ec2, r53 = aws.client("ec2", REGION), aws.client("route53resolver", REGION)
    group = ec2.create_security_group(GroupName="g", Description="g", VpcId=vpc["vpc_id"])["GroupId"]
    made = r53.create_resolver_endpoint(  # a first attempt that succeeded, then was renamed by someone
        CreatorRequestId=token("endpoint", REGION, "outbound", vpc["vpc_id"], "use2-out"), Name="renamed",
        SecurityGroupIds=[group], Direction="OUTBOUND",
        IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"][:2]])["ResolverEndpoint"]
    aws.reset_calls()
    result, out = run(aws, name="use2-out", direction="outbound", subnet_ids=vpc["subnet_ids"][:2],
                      security_group_ids=[group])
    assert result.rc == 0, result
    assert out["endpoint_id"] == made["Id"]
    assert len(endpoints(aws)) == 1
