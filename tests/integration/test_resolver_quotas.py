"""Route 53 Resolver quotas before writes (issue 18): resolver_endpoint counts every endpoint of the region and the
addresses of an endpoint, resolver_forward_mesh the rules and rule associations of each region and account; a plan
over a quota is refused with one message before any write, in check mode too, and a plan that fits runs. The
emulator enforces AWS's defaults (tests/emulator/extensions/quota_resolver_*.py); its Service Quotas answers
NoSuchResourceException for the route53resolver codes, so most tests give the values in the option quotas. That
the emulator refuses past the quotas as AWS does is proven by tests/emulator/test_extensions_quota_resolver_*.py
(botocore retries its LimitExceededException as throttling, eleven attempts, so a module run into it here would
spend a minute retrying: the reason the modules check first)."""

from __future__ import annotations

import pytest

from tests.integration.test_resolver_forward_mesh import make_node, node_arg

ENDPOINTS, IPS, RULES, LINKS = "L-4A669CC0", "L-D2FE9758", "L-51D8A1FB", "L-94E19253"
REGION = "us-east-2"


def module(aws, module_name, check=False, **args):
    result = aws.run_module(module_name, args, check=check, name=module_name)
    return result, result.task(module_name)


def writes(aws):
    return [(c.service, c.action, c.region) for c in aws.writes()]


def quota_reads(aws):
    return [c for c in aws.calls if c.service == "servicequotas"]


@pytest.fixture
def vpc(aws):
    return aws.make_vpc(REGION, "10.31.0.0/16", subnets=2)


def fill_endpoints(aws, vpc, count):
    """`count` endpoints of someone else in the VPC's region (boto3), setup calls forgotten."""
    ec2, r53 = aws.client("ec2", REGION), aws.client("route53resolver", REGION)
    group = ec2.create_security_group(GroupName="other", Description="other", VpcId=vpc["vpc_id"])["GroupId"]
    for n in range(count):
        r53.create_resolver_endpoint(CreatorRequestId=f"other-{n}", Name=f"other-{n}", SecurityGroupIds=[group],
                                     Direction="OUTBOUND" if n % 2 else "INBOUND",
                                     IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]])
    aws.reset_calls()


def endpoint_args(vpc, name="mesh-in", **over):
    return dict(dict(region=REGION, name=name, direction="inbound", subnet_ids=vpc["subnet_ids"],
                     dns_security_group=dict(allowed_cidrs=["10.30.0.0/16"])), **over)


# -- resolver_endpoint ------------------------------------------------------------------------------------
def test_a_fifth_endpoint_in_the_region_is_refused_before_any_write_in_check_mode_too(aws, vpc):
    fill_endpoints(aws, vpc, 4)  # not ours: every endpoint of the account counts
    for check in (True, False):
        result, out = module(aws, "resolver_endpoint", check=check, **endpoint_args(vpc))
        assert result.rc != 0
        assert writes(aws) == []  # not even the DNS security group
        message = out["msg"]
        assert message.count("would reach") == 1, message
        for part in (f"in {REGION}, its Resolver endpoints would reach 5 (4 now + 1 planned)",
                     "'Resolver endpoints per AWS Region'", f"route53resolver {ENDPOINTS}", "of 4 (AWS's default)"):
            assert part in message, message
        assert out["quotas"][0]["quota_code"] == ENDPOINTS
        warned = [w for w in out.get("warnings", []) if ENDPOINTS in w]
        assert len(warned) == 1 and "NoSuchResourceException" in warned[0], warned  # moto has no such code
    assert quota_reads(aws)


def test_a_fourth_endpoint_that_fits_is_created(aws, vpc):
    fill_endpoints(aws, vpc, 3)
    result, out = module(aws, "resolver_endpoint", quotas={ENDPOINTS: 4}, **endpoint_args(vpc))
    assert result.rc == 0, result.explain()
    assert out["changed"] is True and out["endpoint_id"]
    assert ("route53resolver", "CreateResolverEndpoint", REGION) in writes(aws)
    aws.reset_calls()
    result, out = module(aws, "resolver_endpoint", quotas={ENDPOINTS: 4}, **endpoint_args(vpc))
    assert result.rc == 0 and out["changed"] is False and writes(aws) == []  # nothing planned: nothing counted


def test_a_list_of_endpoints_is_counted_together_and_refused_before_any_item_writes(aws, vpc):
    fill_endpoints(aws, vpc, 3)
    items = [dict(name="mesh-in", direction="inbound"), dict(name="mesh-out", direction="outbound")]
    for check in (True, False):
        result, out = module(aws, "resolver_endpoint", check=check, region=REGION, endpoints=items,
                             subnet_ids=vpc["subnet_ids"], dns_security_group=dict(allowed_cidrs=[]),
                             quotas={ENDPOINTS: 4})
        assert result.rc != 0
        assert writes(aws) == []
        assert "would reach 5 (3 now + 2 planned)" in out["msg"], out["msg"]
        assert "(as given in the option quotas)" in out["msg"]


def test_an_endpoint_with_more_addresses_than_the_quota_is_refused_before_any_write(aws, vpc):
    addresses = [dict(subnet_id=vpc["subnet_ids"][n % 2]) for n in range(7)]
    args = endpoint_args(vpc, ip_addresses=addresses, quotas={IPS: 6})
    del args["subnet_ids"]
    result, out = module(aws, "resolver_endpoint", **args)
    assert result.rc != 0
    assert writes(aws) == []
    for part in ("endpoint mesh-in (inbound) (us-east-2), its IP addresses would reach 7 (0 now + 7 planned)",
                 f"route53resolver {IPS}", "of 6"):
        assert part in out["msg"], out["msg"]


# -- resolver_forward_mesh --------------------------------------------------------------------------------
@pytest.fixture
def three(aws):
    return {r: make_node(aws, r) for r in ("us-east-1", "us-east-2", "us-west-2")}


def mesh(aws, three, check=False, **args):
    return module(aws, "resolver_forward_mesh", check=check, name="guide3",
                  nodes=[node_arg(n) for n in three.values()], **args)


def test_a_mesh_past_the_rules_quota_is_refused_before_any_write_in_check_mode_too(aws, three):
    for check in (True, False):
        result, out = mesh(aws, three, check=check, quotas={RULES: 3})
        assert result.rc != 0
        assert writes(aws) == []
        message = out["msg"]
        assert message.startswith("the plan would exceed 3 AWS quotas, so nothing was changed"), message
        for region in three:
            assert f"in {region}, its Resolver rules would reach 4 (0 now + 4 planned)" in message, message
        assert f"route53resolver {RULES}" in message and "'Resolver rules per AWS Region'" in message


def test_every_association_of_the_region_counts_also_of_rules_the_mesh_does_not_own(aws, three):
    other = aws.make_vpc("us-east-1", "10.90.0.0/16")
    r53 = aws.client("route53resolver", "us-east-1")
    rule = r53.create_resolver_rule(CreatorRequestId="foreign", Name="foreign", RuleType="SYSTEM",
                                    DomainName="foreign.example")["ResolverRule"]["Id"]
    r53.associate_resolver_rule(ResolverRuleId=rule, VPCId=other["vpc_id"], Name="foreign")
    aws.reset_calls()

    result, out = mesh(aws, three, quotas={LINKS: 4})
    assert result.rc != 0
    assert writes(aws) == []
    message = out["msg"]
    assert message.count("would reach") == 1, message  # the other regions' four associations fit
    assert "in us-east-1, its Resolver rule associations with VPCs would reach 5 (1 now + 4 planned)" in message
    assert f"route53resolver {LINKS}" in message


def test_a_mesh_that_fits_its_quotas_is_built_and_a_second_run_reads_no_quota(aws, three):
    result, out = mesh(aws, three, quotas={RULES: 4, LINKS: 4})
    assert result.rc == 0, result.explain()
    assert out["changed"] is True
    assert sum(1 for w in writes(aws) if w[1] == "CreateResolverRule") == 12
    aws.reset_calls()
    result, out = mesh(aws, three, quotas={RULES: 4, LINKS: 4})
    assert result.rc == 0 and out["changed"] is False
    assert writes(aws) == [] and quota_reads(aws) == []


def test_a_bad_quota_value_fails_before_any_call(aws, three):
    result, out = mesh(aws, three, quotas={RULES: 0})
    assert result.rc != 0
    assert f"quotas['{RULES}'] is 0" in out["msg"], out["msg"]
    assert aws.calls == []
