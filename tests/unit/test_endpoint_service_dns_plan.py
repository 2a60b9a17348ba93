"""Pure decisions about an endpoint service's private DNS name, its domain verification and its IP address types."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service import (
    MARKER_KEY, MARKER_VALUE, NEW_ID, EndpointServiceError, plan_service, summarize, token_details)
from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service_dns import (
    NEW_DIGEST, VERIFICATION_TAG, DnsError, check_ipv6_load_balancers, check_zone, normalize_dns_name,
    normalize_ip_types, plan_ip_types, plan_name, record_name, verification_digest, verification_record)

NLB = "arn:aws:elasticloadbalancing:us-west-2:111111111111:loadbalancer/net/outpost/0123456789abcdef"
ZONE = dict(id="Z1PUBLIC", name="example.com.", private=False)
CONFIGURATION = dict(State="pendingVerification", Type="TXT", Name="_abc123", Value="vpce:xyz")


def config(name=None, state="pendingVerification", types=None, started=False):
    """A service configuration; ``started``: it carries the tag of a verification the module started."""
    tags = [dict(Key=MARKER_KEY, Value=MARKER_VALUE)]
    if started:
        tags.append(dict(Key=VERIFICATION_TAG, Value=verification_digest(name, CONFIGURATION["Value"])))
    out = dict(ServiceId="vpce-svc-1", ServiceName="com.amazonaws.vpce.us-west-2.vpce-svc-1", ServiceState="Available",
               AcceptanceRequired=False, NetworkLoadBalancerArns=[NLB], Tags=tags)
    if name:
        out.update(PrivateDnsName=name, PrivateDnsNameConfiguration=dict(CONFIGURATION, State=state))
    if types:
        out["SupportedIpAddressTypes"] = types
    return out


def want(**over):
    base = dict(state="present", region="us-west-2", nlb_arns=[NLB], acceptance_required=None, principals=None,
                purge_principals=False, accept_connections=False, accept_from=(set(), set()), tags=None,
                purge_tags=True, reject_connections=False, client_token="vpcmesh-token", private_dns_name=None,
                ip_address_types=None, verification=None)
    base.update(over)
    return base


def verification(record_values=None, zone=None, **over):
    zone = zone or dict(ZONE)
    return dict(dict(hosted_zone_id=zone["id"], ttl=1800, zone=zone, r53_region="us-east-1",
                     record_values=record_values), **over)


def calls(actions):
    return [a.call for a in actions]


class TestInput:
    @pytest.mark.parametrize("given, expected", [(None, None), ("", ""), ("API.Example.com.", "api.example.com"),
                                                 ("*.example.com", "*.example.com")])
    def test_names_are_stored_as_aws_does(self, given, expected):
        assert normalize_dns_name(given) == expected

    @pytest.mark.parametrize("bad", ["localhost", "bad_label.example.com", "-a.example.com", "a..example.com",
                                     "x" * 64 + ".example.com"])
    def test_malformed_names_are_refused_naming_the_option(self, bad):
        with pytest.raises(DnsError, match="private_dns_name"):
            normalize_dns_name(bad)

    def test_ip_types_are_sorted_once_and_never_empty(self):
        assert normalize_ip_types(["ipv6", "IPv4", "ipv6"]) == ["ipv4", "ipv6"]
        assert normalize_ip_types(None) is None
        with pytest.raises(DnsError, match="at least one"):
            normalize_ip_types([])

    def test_ipv6_needs_every_load_balancer_dualstack(self):
        check_ipv6_load_balancers(["ipv4"], {NLB: "ipv4"})
        check_ipv6_load_balancers(["ipv6"], {NLB: "dualstack"})
        with pytest.raises(DnsError, match=f"{NLB} have IP address type ipv4.*dualstack"):
            check_ipv6_load_balancers(["ipv4", "ipv6"], {NLB: "ipv4"})

    def test_zone_must_be_public_and_hold_the_name(self):
        check_zone(ZONE, "api.example.com")
        check_zone(ZONE, "example.com")
        with pytest.raises(DnsError, match="is private"):
            check_zone(dict(ZONE, private=True), "api.example.com")
        with pytest.raises(DnsError, match="api.example.org is not in hosted zone Z1PUBLIC"):
            check_zone(ZONE, "api.example.org")
        with pytest.raises(DnsError, match="not in hosted zone"):
            check_zone(ZONE, "badexample.com")

    def test_record_goes_under_the_zone_domain(self):
        assert record_name("_abc123", ZONE) == "_abc123.example.com."
        assert record_name("_abc123.example.com", ZONE) == "_abc123.example.com."
        record = verification_record(dict(name="_abc123", value="vpce:xyz", type="TXT"), None, "*.api.example.com")
        assert record == dict(hosted_zone_id=None, name="_abc123.api.example.com.", type="TXT", value='"vpce:xyz"')

    def test_create_token_changes_only_with_the_new_parameters(self):
        assert token_details(True, {}) == token_details(True, {}, None, None, None)
        assert token_details(True, {}, private_dns_name="a.example.com") != token_details(True, {})


class TestNameAndTypes:
    def test_name_set_changed_removed_or_kept(self):
        assert plan_name("a.example.com", None) == dict(PrivateDnsName="a.example.com")
        assert plan_name("a.example.com", "a.example.com") == {}
        assert plan_name("", "a.example.com") == dict(RemovePrivateDnsName=True)
        assert plan_name("", None) == {}
        assert plan_name(None, "a.example.com") == {}

    def test_types_change_by_difference(self):
        assert plan_ip_types(["ipv6"], ["ipv4"]) == (["ipv6"], ["ipv4"])
        assert plan_ip_types(["ipv4", "ipv6"], ["ipv4"]) == (["ipv6"], [])
        assert plan_ip_types(["ipv4"], ["ipv4"]) == ([], [])
        assert plan_ip_types(None, ["ipv4"]) == ([], [])

    def test_create_carries_name_and_types(self):
        actions, after = plan_service(want(private_dns_name="api.example.com", ip_address_types=["ipv4", "ipv6"]),
                                      None)

        assert actions[0].params["PrivateDnsName"] == "api.example.com"
        assert actions[0].params["SupportedIpAddressTypes"] == ["ipv4", "ipv6"]
        assert after["private_dns_name_configuration"]["state"] == "pendingVerification"
        assert after["supported_ip_address_types"] == ["ipv4", "ipv6"]

    def test_update_modifies_name_and_types_in_one_call(self):
        current = summarize(config(types=["ipv4"]), [], [])

        actions, after = plan_service(want(private_dns_name="api.example.com", ip_address_types=["ipv6"]), current)

        assert calls(actions) == ["ec2:ModifyVpcEndpointServiceConfiguration"]
        assert actions[0].params == dict(ServiceId="vpce-svc-1", PrivateDnsName="api.example.com",
                                         AddSupportedIpAddressTypes=["ipv6"], RemoveSupportedIpAddressTypes=["ipv4"])
        assert after["supported_ip_address_types"] == ["ipv6"]

    def test_unchanged_name_and_types_plan_nothing(self):
        current = summarize(config("api.example.com", types=["ipv4"]), [], [])

        assert plan_service(want(private_dns_name="api.example.com", ip_address_types=["ipv4"]), current)[0] == []

    def test_a_service_listing_no_types_supports_ipv4(self):
        current = summarize(config(), [], [])

        assert current["supported_ip_address_types"] == ["ipv4"]
        assert plan_service(want(ip_address_types=["ipv4"]), current)[0] == []


class TestVerification:
    def test_new_name_upserts_a_stand_in_record_then_starts(self):
        current = summarize(config(), [], [])

        actions, after = plan_service(want(private_dns_name="api.example.com", verification=verification()), current)

        assert calls(actions) == ["ec2:ModifyVpcEndpointServiceConfiguration", "route53:ChangeResourceRecordSets",
                                  "ec2:StartVpcEndpointServicePrivateDnsVerification", "ec2:CreateTags"]
        change = actions[1].params["ChangeBatch"]["Changes"][0]
        assert change["Action"] == "UPSERT" and change["ResourceRecordSet"]["Type"] == "TXT"
        assert actions[1].region == "us-east-1" and actions[1].params["HostedZoneId"] == "Z1PUBLIC"
        assert actions[2].params == dict(ServiceId="vpce-svc-1")
        assert actions[3].params == dict(Resources=["vpce-svc-1"], Tags=[dict(Key=VERIFICATION_TAG, Value=NEW_DIGEST)])
        assert after["private_dns_name_configuration"]["state"] == "pendingVerification"

    def test_on_create_the_start_names_the_new_service(self):
        actions, _after = plan_service(want(private_dns_name="api.example.com", verification=verification()), None)

        assert calls(actions)[-2:] == ["ec2:StartVpcEndpointServicePrivateDnsVerification", "ec2:CreateTags"]
        assert actions[-2].params == dict(ServiceId=NEW_ID) and actions[-1].params["Resources"] == [NEW_ID]

    def test_known_record_missing_is_upserted_with_other_values_kept(self):
        current = summarize(config("api.example.com"), [], [])

        actions, _after = plan_service(want(verification=verification(record_values=['"other"'])), current)

        assert calls(actions) == ["route53:ChangeResourceRecordSets",
                                  "ec2:StartVpcEndpointServicePrivateDnsVerification", "ec2:CreateTags"]
        record = actions[0].params["ChangeBatch"]["Changes"][0]["ResourceRecordSet"]
        assert record["Name"] == "_abc123.example.com." and record["TTL"] == 1800
        assert record["ResourceRecords"] == [dict(Value='"other"'), dict(Value='"vpce:xyz"')]

    def test_record_holding_the_value_and_pending_after_our_start_writes_nothing(self):
        current = summarize(config("api.example.com", started=True), [], [])

        assert plan_service(want(verification=verification(record_values=['"vpce:xyz"'])), current)[0] == []

    def test_pending_name_the_module_never_started_is_started_once_and_tagged(self):
        current = summarize(config("api.example.com"), [], [])

        actions, after = plan_service(want(verification=verification(record_values=['"vpce:xyz"'])), current)

        assert calls(actions) == ["ec2:StartVpcEndpointServicePrivateDnsVerification", "ec2:CreateTags"]
        digest = verification_digest("api.example.com", "vpce:xyz")
        assert actions[1].params["Tags"] == [dict(Key=VERIFICATION_TAG, Value=digest)]
        assert after["tags"][VERIFICATION_TAG] == digest

    def test_purged_tags_keep_the_verification_tag(self):
        current = summarize(config("api.example.com", started=True), [], [])

        actions, after = plan_service(want(tags={"Name": "api"}, purge_tags=True,
                                           verification=verification(record_values=['"vpce:xyz"'])), current)

        assert calls(actions) == ["ec2:CreateTags"] and VERIFICATION_TAG in after["tags"]

    def test_verified_name_writes_nothing_even_without_the_record(self):
        current = summarize(config("api.example.com", state="verified"), [], [])

        assert plan_service(want(verification=verification(record_values=[])), current)[0] == []

    def test_failed_verification_is_started_again(self):
        current = summarize(config("api.example.com", state="failed", started=True), [], [])

        actions, _after = plan_service(want(verification=verification(record_values=['"vpce:xyz"'])), current)

        assert calls(actions) == ["ec2:StartVpcEndpointServicePrivateDnsVerification"]

    def test_zone_in_another_account_is_written_by_its_owner(self):
        current = summarize(config("api.example.com"), [], [])

        actions, _after = plan_service(want(verification=verification(record_values=[], zone_account="333333333333")),
                                       current)

        assert (actions[0].side, actions[0].account) == ("zone_owner", "333333333333")
        assert (actions[1].side, actions[1].account) == ("owner", None)

    def test_verification_without_any_name_is_refused(self):
        current = summarize(config(), [], [])

        with pytest.raises(EndpointServiceError, match="needs a private DNS name"):
            plan_service(want(verification=verification()), current)

    def test_name_outside_the_zone_is_refused_before_any_write(self):
        with pytest.raises(EndpointServiceError, match="not in hosted zone"):
            plan_service(want(private_dns_name="api.example.org", verification=verification()), None)
