"""The recording proxy names every call: service, region, action, account, write."""

from tests.emulator.accounts import DEFAULT_ACCOUNT, OTHER_ACCOUNT


def only(calls, action):
    found = [c for c in calls if c.action == action]
    assert len(found) == 1, [str(c) for c in calls]
    return found[0]


def test_ec2_query_calls_are_named_by_their_action_field(aws):
    ec2 = aws.client("ec2", "eu-west-1")
    ec2.create_vpc(CidrBlock="10.0.0.0/16")
    ec2.describe_vpcs()

    create, describe = only(aws.calls, "CreateVpc"), only(aws.calls, "DescribeVpcs")
    assert (create.service, create.region, create.account) == ("ec2", "eu-west-1", DEFAULT_ACCOUNT)
    assert create.write and create.status == 200 and create.elapsed > 0
    assert not describe.write
    assert [c.action for c in aws.writes()] == ["CreateVpc"]
    assert aws.summary() == {"ec2": {"CreateVpc": 1, "DescribeVpcs": 1}}


def test_route53_rest_calls_are_named_as_operations(aws):
    vpc = aws.make_vpc("us-east-1", "10.1.0.0/16")
    other = aws.make_vpc("us-east-1", "10.2.0.0/16")
    r53 = aws.client("route53")
    zone = r53.create_hosted_zone(
        Name="corp.internal", CallerReference="zone-1", HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCRegion": "us-east-1", "VPCId": vpc["vpc_id"]})["HostedZone"]["Id"]
    r53.associate_vpc_with_hosted_zone(
        HostedZoneId=zone, VPC={"VPCRegion": "us-east-1", "VPCId": other["vpc_id"]})
    r53.list_hosted_zones()
    r53.get_hosted_zone(Id=zone)

    assert [(c.service, c.action, c.write) for c in aws.calls] == [
        ("route53", "CreateHostedZone", True),
        ("route53", "AssociateVPCWithHostedZone", True),
        ("route53", "ListHostedZones", False),
        ("route53", "GetHostedZone", False),
    ]
    assert aws.calls[1].path.endswith("/associatevpc")


def test_route53_resolver_json_calls_are_named_by_target_header(aws):
    resolver = aws.client("route53resolver", "us-west-2")
    resolver.list_resolver_rules()

    call = only(aws.calls, "ListResolverRules")
    assert (call.service, call.region, call.write) == ("route53resolver", "us-west-2", False)


def test_sts_calls_are_reads_and_assumed_keys_act_as_the_other_account(aws):
    theirs = aws.client("ec2", "us-west-2", account=OTHER_ACCOUNT)
    theirs.create_vpc(CidrBlock="10.3.0.0/16")

    assume = only(aws.calls, "AssumeRole")
    assert (assume.service, assume.write, assume.account) == ("sts", False, DEFAULT_ACCOUNT)
    create = only(aws.calls, "CreateVpc")
    assert (create.account, create.region) == (OTHER_ACCOUNT, "us-west-2")
    assert theirs.describe_vpcs()["Vpcs"][-1]["OwnerId"] == OTHER_ACCOUNT
    mine = aws.client("ec2", "us-west-2").describe_vpcs()["Vpcs"]
    assert [v for v in mine if not v["IsDefault"]] == []


def test_moto_account_header_sets_the_account(aws):
    ec2 = aws.client("ec2")
    ec2.meta.events.register(
        "before-sign.ec2.*", lambda request, **_: request.headers.add_header(
            "x-moto-account-id", "333333333333"))
    ec2.describe_vpcs()

    assert only(aws.calls, "DescribeVpcs").account == "333333333333"


def test_reset_empties_state_and_record(aws):
    aws.client("ec2").create_vpc(CidrBlock="10.4.0.0/16")
    aws.reset()

    assert aws.calls == []
    vpcs = aws.client("ec2").describe_vpcs()["Vpcs"]
    assert all(v["IsDefault"] for v in vpcs)
    aws.reset_calls()
    assert aws.calls == []


def test_make_vpc_seeds_subnets_and_route_tables_without_recording(aws):
    vpc = aws.make_vpc("us-east-2", "10.5.0.0/16", subnets=2, route_tables=2,
                       tags={"Name": "seed"})

    assert aws.calls == []
    assert len(vpc["subnet_ids"]) == 2 and len(vpc["route_table_ids"]) == 2
    assert vpc["main_route_table_id"] not in vpc["route_table_ids"]
    tables = aws.client("ec2", "us-east-2").describe_route_tables(
        RouteTableIds=vpc["route_table_ids"])["RouteTables"]
    assert {t["VpcId"] for t in tables} == {vpc["vpc_id"]}
