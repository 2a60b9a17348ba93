"""quotas.py, Route 53 Resolver part: the catalogue's Resolver codes, what counts against each, and the usages a
resolver_endpoint or resolver_forward_mesh plan reaches."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import (
    QUOTAS, RESOLVER_ENDPOINTS, RESOLVER_IPS_PER_ENDPOINT, RESOLVER_RULE_ASSOCIATIONS, RESOLVER_RULES, Usage,
    counted_associations, counted_rules, endpoint_usages, mesh_usages, over, parse_overrides, refusal)

ACCOUNT = "111111111111"


def act(call, **params):
    return Action(f"route53resolver:{call}", "us-east-1", params)


def test_the_resolver_quotas_have_their_service_quotas_codes_and_aws_defaults():
    assert {code: (QUOTAS[code].service, QUOTAS[code].default, QUOTAS[code].api) for code in (
        RESOLVER_ENDPOINTS, RESOLVER_IPS_PER_ENDPOINT, RESOLVER_RULES, RESOLVER_RULE_ASSOCIATIONS)} == {
        "L-4A669CC0": ("route53resolver", 4, "servicequotas"), "L-D2FE9758": ("route53resolver", 6, "servicequotas"),
        "L-51D8A1FB": ("route53resolver", 1000, "servicequotas"),
        "L-94E19253": ("route53resolver", 2000, "servicequotas")}
    assert parse_overrides({"L-4A669CC0": "8"}, set(QUOTAS)) == {"L-4A669CC0": 8}


def test_only_the_accounts_own_rules_count_not_awss_nor_shared_ones():
    rules = [dict(id="rslvr-rr-1", owner_id=ACCOUNT), dict(Id="rslvr-rr-2", OwnerId=ACCOUNT),
             dict(id="rslvr-autodefined-rr-1", owner_id="Route 53 Resolver"),
             dict(id="rslvr-rr-9", owner_id="222222222222")]
    assert counted_rules(rules, ACCOUNT) == {"rslvr-rr-1", "rslvr-rr-2"}
    assert counted_rules([], ACCOUNT) == set()


def test_every_association_counts_but_failed_ones():
    links = [dict(Id="a1", Status="COMPLETE"), dict(Id="a2", Status="CREATING"), dict(Id="a3", Status="DELETING"),
             dict(Id="a4", Status="FAILED"), dict(id="a5", status="OVERRIDDEN")]
    assert counted_associations(links) == {"a1", "a2", "a3", "a5"}


def test_a_mesh_plan_counts_net_new_rules_and_associations_per_region_and_account():
    actions = [act("CreateResolverRule"), act("CreateResolverRule"), act("DeleteResolverRule"),
               act("AssociateResolverRule"), act("AssociateResolverRule"), act("AssociateResolverRule"),
               act("DisassociateResolverRule"), act("UpdateResolverRule")]
    rules = [dict(id=f"r{n}", owner_id=ACCOUNT) for n in range(998)] + [dict(id="x", owner_id="222222222222")]
    links = [dict(Id=f"a{n}", Status="COMPLETE") for n in range(5)]
    usages = {u.code: u for u in mesh_usages(actions, "us-east-1", ACCOUNT, rules, links)}
    assert (usages[RESOLVER_RULES].current, usages[RESOLVER_RULES].added) == (998, 1)
    assert (usages[RESOLVER_RULE_ASSOCIATIONS].current, usages[RESOLVER_RULE_ASSOCIATIONS].added) == (5, 2)
    assert usages[RESOLVER_RULES].key == (ACCOUNT, "us-east-1")


def test_a_mesh_plan_that_only_updates_or_removes_counts_nothing():
    actions = [act("UpdateResolverRule"), act("DisassociateResolverRule"), act("DeleteResolverRule")]
    assert mesh_usages(actions, "us-east-1", ACCOUNT, [], []) == []
    swap = [act("CreateResolverRule"), act("DeleteResolverRule")]
    assert mesh_usages(swap, "us-east-1", ACCOUNT, [], []) == []


def test_associations_not_read_are_not_counted():
    usages = mesh_usages([act("AssociateResolverRule"), act("CreateResolverRule")], "us-east-1", ACCOUNT, [], None)
    assert [u.code for u in usages] == [RESOLVER_RULES]


def test_a_new_endpoint_counts_against_the_regions_endpoints_and_its_addresses_against_the_per_endpoint_quota():
    create = act("CreateResolverEndpoint", IpAddresses=[dict(SubnetId=f"subnet-{n}") for n in range(7)])
    usages = {u.code: u for u in endpoint_usages([create], "us-east-1", ACCOUNT, [{}] * 4, "dns (inbound)")}
    assert (usages[RESOLVER_ENDPOINTS].current, usages[RESOLVER_ENDPOINTS].added) == (4, 1)
    assert (usages[RESOLVER_IPS_PER_ENDPOINT].current, usages[RESOLVER_IPS_PER_ENDPOINT].added) == (0, 7)
    for usage in usages.values():
        usage.value, usage.source = QUOTAS[usage.code].default, "default"
    assert sorted(u.code for u in over(usages.values())) == [RESOLVER_ENDPOINTS, RESOLVER_IPS_PER_ENDPOINT]


def test_added_addresses_count_from_what_the_endpoint_has_before_any_removal():
    actions = [act("AssociateResolverEndpointIpAddress"), act("AssociateResolverEndpointIpAddress"),
               act("DisassociateResolverEndpointIpAddress")]
    (usage,) = endpoint_usages(actions, "us-east-1", ACCOUNT, [], "dns (inbound)", current_ips=5)
    assert (usage.code, usage.current, usage.added, usage.reached) == (RESOLVER_IPS_PER_ENDPOINT, 5, 2, 7)
    assert endpoint_usages([act("TagResource")], "us-east-1", ACCOUNT, [], "dns (inbound)") == []


def test_the_refusal_names_the_region_the_count_and_the_resolver_quota():
    usage = Usage(RESOLVER_ENDPOINTS, (ACCOUNT, "us-east-1"), f"account {ACCOUNT} in us-east-1, its Resolver endpoints",
                  4, 1, "us-east-1", ACCOUNT, 4, "default")
    message = refusal(over([usage]))
    for part in ("its Resolver endpoints would reach 5 (4 now + 1 planned)", "'Resolver endpoints per AWS Region'",
                 "route53resolver L-4A669CC0", "of 4 (AWS's default)", "through Service Quotas",
                 "quotas: {L-4A669CC0: <value>}"):
        assert part in message, message
