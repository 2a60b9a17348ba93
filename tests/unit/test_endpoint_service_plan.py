"""Pure endpoint service decisions: which service is reused, which input is refused, which calls are planned."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service import (
    MARKER_KEY, MARKER_VALUE, NEW_ID, EndpointServiceError, check_nlb_arns, check_nlb_types, client_token,
    is_planned_nlb, normalize_principals, parse_accept_from, pick_service, plan_service, planned_nlb_arns, summarize)

NLB = "arn:aws:elasticloadbalancing:us-west-2:111111111111:loadbalancer/net/outpost/0123456789abcdef"
NLB2 = "arn:aws:elasticloadbalancing:us-west-2:111111111111:loadbalancer/net/outpost2/fedcba9876543210"
OWNED = {MARKER_KEY: MARKER_VALUE}


def config(service_id="vpce-svc-1", nlbs=(NLB,), state="Available", acceptance=False, tags=None):
    return dict(ServiceId=service_id, ServiceName=f"com.amazonaws.vpce.us-west-2.{service_id}",
                ServiceState=state, AcceptanceRequired=acceptance, NetworkLoadBalancerArns=list(nlbs),
                AvailabilityZones=["us-west-2a"], BaseEndpointDnsNames=[f"{service_id}.us-west-2.vpce.amazonaws.com"],
                Tags=[dict(Key=k, Value=v) for k, v in (OWNED if tags is None else tags).items()])


def current(principals=(), connections=(), **kwargs):
    return summarize(config(**kwargs), [dict(Principal=p) for p in principals],
                     [dict(VpcEndpointId=i, VpcEndpointOwner=o, VpcEndpointState=s) for i, o, s in connections])


def want(**over):
    base = dict(state="present", region="us-west-2", nlb_arns=[NLB], acceptance_required=None, principals=None,
                purge_principals=False, accept_connections=False, accept_from=(set(), set()), tags=None,
                purge_tags=True, reject_connections=False, client_token="vpcmesh-token")
    base.update(over)
    return base


def calls(actions):
    return [a.call for a in actions]


class TestInputChecks:
    def test_nlb_in_another_region_names_the_region_to_use(self):
        arn = NLB.replace("us-west-2", "us-east-1")
        with pytest.raises(EndpointServiceError, match="is in us-east-1, not us-west-2.*set region: us-east-1"):
            check_nlb_arns([arn], "us-west-2")

    def test_malformed_arn_is_refused(self):
        with pytest.raises(EndpointServiceError, match="'outpost' is not a load balancer ARN"):
            check_nlb_arns(["outpost"], "us-west-2")

    def test_partition_comes_from_the_arns(self):
        gov = NLB.replace("arn:aws:", "arn:aws-us-gov:").replace("us-west-2", "us-gov-west-1")
        assert check_nlb_arns([gov], "us-gov-west-1") == "aws-us-gov"
        assert check_nlb_arns([], "us-west-2") == "aws"

    def test_application_load_balancer_is_refused(self):
        with pytest.raises(EndpointServiceError, match="type application; an interface endpoint service needs"):
            check_nlb_types({NLB: "application"}, [NLB])

    def test_missing_load_balancer_is_named(self):
        with pytest.raises(EndpointServiceError, match=f"load balancer {NLB2} was not found"):
            check_nlb_types({NLB: "network"}, [NLB, NLB2])

    def test_account_ids_become_root_arns_in_the_partition(self):
        assert normalize_principals(["222222222222", "arn:aws:iam::333333333333:role/x", "*"]) == [
            "*", "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:role/x"]
        assert normalize_principals(["222222222222"], "aws-cn") == ["arn:aws-cn:iam::222222222222:root"]

    def test_service_principals_are_kept_and_duplicates_dropped(self):
        assert normalize_principals(["elasticloadbalancing.amazonaws.com", "222222222222",
                                     "arn:aws:iam::222222222222:root"]) == [
            "arn:aws:iam::222222222222:root", "elasticloadbalancing.amazonaws.com"]

    @pytest.mark.parametrize("bad", ["consumer", "2222", "iam::222222222222:root"])
    def test_bad_principal_is_refused_with_an_example(self, bad):
        with pytest.raises(EndpointServiceError, match=f"allowed principal '{bad}' is not an ARN.*arn:aws:iam::"):
            normalize_principals([bad])

    def test_accept_from_splits_endpoints_and_accounts(self):
        assert parse_accept_from(["vpce-0abc", "222222222222", "arn:aws:iam::333333333333:role/x"]) == (
            {"vpce-0abc"}, {"222222222222", "333333333333"})

    def test_accept_from_refuses_anything_else(self):
        with pytest.raises(EndpointServiceError, match="accept_from entry 'consumer'"):
            parse_accept_from(["consumer"])

    def test_client_token_is_deterministic_and_short_enough(self):
        token = client_token("us-west-2", "111111111111", [NLB2, NLB])
        assert token == client_token("us-west-2", "111111111111", [NLB, NLB2])
        assert token != client_token("us-west-2", "222222222222", [NLB, NLB2])
        assert len(token) <= 64


class TestPickService:
    def test_finds_the_service_by_any_of_its_load_balancers(self):
        assert pick_service([config("vpce-svc-1", nlbs=(NLB2,)), config("vpce-svc-2", nlbs=(NLB, NLB2))],
                            [NLB])["ServiceId"] == "vpce-svc-2"

    @pytest.mark.parametrize("state", ["Deleting", "Deleted", "Failed"])
    def test_gone_services_are_not_reused(self, state):
        assert pick_service([config(state=state)], [NLB]) is None

    def test_load_balancers_spread_over_two_services_is_an_error(self):
        with pytest.raises(EndpointServiceError, match=r"\(vpce-svc-1, vpce-svc-2\); give service_id"):
            pick_service([config("vpce-svc-1", nlbs=(NLB,)), config("vpce-svc-2", nlbs=(NLB2,))], [NLB, NLB2])

    def test_no_service_for_other_load_balancers(self):
        assert pick_service([config(nlbs=(NLB2,))], [NLB]) is None


class TestPlanCreate:
    def test_creates_with_token_marker_tag_and_acceptance_required_by_default(self):
        actions, after = plan_service(want(tags={"Name": "api"}), None)
        assert calls(actions) == ["ec2:CreateVpcEndpointServiceConfiguration"]
        params = actions[0].params
        assert params["ClientToken"] == "vpcmesh-token"
        assert params["AcceptanceRequired"] is True
        assert params["NetworkLoadBalancerArns"] == [NLB]
        assert params["TagSpecifications"] == [dict(ResourceType="vpc-endpoint-service", Tags=[
            dict(Key="Name", Value="api"), dict(Key=MARKER_KEY, Value=MARKER_VALUE)])]
        assert actions[0].region == "us-west-2" and actions[0].side == "owner"
        assert after["tags"] == {"Name": "api", MARKER_KEY: MARKER_VALUE}

    def test_principals_are_added_to_the_new_service(self):
        actions, after = plan_service(want(acceptance_required=False,
                                           principals=["arn:aws:iam::222222222222:root"]), None)
        assert calls(actions) == ["ec2:CreateVpcEndpointServiceConfiguration",
                                  "ec2:ModifyVpcEndpointServicePermissions"]
        assert actions[0].params["AcceptanceRequired"] is False
        assert actions[1].params == dict(ServiceId=NEW_ID, AddAllowedPrincipals=["arn:aws:iam::222222222222:root"])
        assert after["allowed_principals"] == ["arn:aws:iam::222222222222:root"]

    def test_create_needs_load_balancers(self):
        with pytest.raises(EndpointServiceError, match="network_load_balancer_arns is required"):
            plan_service(want(nlb_arns=None), None)


class TestPlanUpdate:
    def test_unchanged_service_plans_nothing(self):
        have = current(principals=["arn:aws:iam::222222222222:root"], tags=dict(OWNED, Name="api"))
        actions, after = plan_service(want(acceptance_required=False, principals=["arn:aws:iam::222222222222:root"],
                                           purge_principals=True, tags={"Name": "api"}), have)
        assert actions == []
        assert after == have

    def test_service_without_the_marker_is_left_alone(self):
        with pytest.raises(EndpointServiceError, match="vpce-svc-1 .* was not created by vpcmesh.aws"):
            plan_service(want(), current(tags={"Name": "by-hand"}))

    def test_acceptance_and_load_balancers_change_in_one_call(self):
        actions, after = plan_service(want(acceptance_required=True, nlb_arns=[NLB2]), current())
        assert calls(actions) == ["ec2:ModifyVpcEndpointServiceConfiguration"]
        assert actions[0].params == dict(ServiceId="vpce-svc-1", AcceptanceRequired=True,
                                         AddNetworkLoadBalancerArns=[NLB2], RemoveNetworkLoadBalancerArns=[NLB])
        assert after["acceptance_required"] is True and after["network_load_balancer_arns"] == [NLB2]

    def test_principals_are_added_without_purge(self):
        actions, after = plan_service(want(principals=["arn:aws:iam::333333333333:root"]),
                                      current(principals=["arn:aws:iam::222222222222:root"]))
        assert actions[0].params == dict(ServiceId="vpce-svc-1", AddAllowedPrincipals=["arn:aws:iam::333333333333:root"])
        assert after["allowed_principals"] == ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]

    def test_purge_removes_unlisted_principals_in_the_same_call(self):
        actions, after = plan_service(want(principals=["arn:aws:iam::333333333333:root"], purge_principals=True),
                                      current(principals=["arn:aws:iam::222222222222:root"]))
        assert actions[0].params == dict(ServiceId="vpce-svc-1",
                                         AddAllowedPrincipals=["arn:aws:iam::333333333333:root"],
                                         RemoveAllowedPrincipals=["arn:aws:iam::222222222222:root"])
        assert after["allowed_principals"] == ["arn:aws:iam::333333333333:root"]

    def test_empty_list_with_purge_removes_every_principal(self):
        actions, _after = plan_service(want(principals=[], purge_principals=True),
                                       current(principals=["*"]))
        assert actions[0].params == dict(ServiceId="vpce-svc-1", RemoveAllowedPrincipals=["*"])

    def test_null_principals_leave_them_alone(self):
        actions, _after = plan_service(want(principals=None, purge_principals=True), current(principals=["*"]))
        assert actions == []

    def test_accepts_every_pending_connection(self):
        have = current(connections=[("vpce-b", "222222222222", "pendingAcceptance"),
                                    ("vpce-a", "333333333333", "PendingAcceptance"),
                                    ("vpce-c", "222222222222", "available")])
        actions, after = plan_service(want(accept_connections=True), have)
        assert calls(actions) == ["ec2:AcceptVpcEndpointConnections"]
        assert actions[0].params == dict(ServiceId="vpce-svc-1", VpcEndpointIds=["vpce-a", "vpce-b"])
        assert [c["state"] for c in after["connections"]] == ["available"] * 3

    def test_accepts_only_listed_endpoints_and_accounts(self):
        have = current(connections=[("vpce-a", "222222222222", "pendingAcceptance"),
                                    ("vpce-b", "333333333333", "pendingAcceptance"),
                                    ("vpce-c", "444444444444", "pendingAcceptance")])
        actions, _after = plan_service(want(accept_connections=True, accept_from=({"vpce-c"}, {"222222222222"})), have)
        assert actions[0].params["VpcEndpointIds"] == ["vpce-a", "vpce-c"]

    def test_nothing_pending_means_no_accept_call(self):
        have = current(connections=[("vpce-a", "222222222222", "available"), ("vpce-b", "2", "rejected")])
        assert plan_service(want(accept_connections=True), have)[0] == []

    def test_accept_from_without_accept_connections_is_an_error(self):
        with pytest.raises(EndpointServiceError, match="needs accept_connections=true"):
            plan_service(want(accept_from=({"vpce-a"}, set())), current())

    def test_tags_are_purged_but_never_the_marker(self):
        actions, after = plan_service(want(tags={"Name": "new"}), current(tags=dict(OWNED, Name="old", team="x")))
        assert calls(actions) == ["ec2:CreateTags", "ec2:DeleteTags"]
        assert actions[0].params == dict(Resources=["vpce-svc-1"], Tags=[dict(Key="Name", Value="new")])
        assert actions[1].params == dict(Resources=["vpce-svc-1"], Tags=[dict(Key="team")])
        assert after["tags"] == {"Name": "new", MARKER_KEY: MARKER_VALUE}

    def test_tags_without_purge_keep_the_others(self):
        actions, after = plan_service(want(tags={"Name": "new"}, purge_tags=False),
                                      current(tags=dict(OWNED, team="x")))
        assert calls(actions) == ["ec2:CreateTags"]
        assert after["tags"] == {"Name": "new", "team": "x", MARKER_KEY: MARKER_VALUE}


class TestPlanAbsent:
    def test_no_service_plans_nothing(self):
        assert plan_service(want(state="absent"), None) == ([], None)

    def test_deletes_an_owned_service_without_live_connections(self):
        have = current(connections=[("vpce-a", "222222222222", "rejected"), ("vpce-b", "2", "deleted")])
        actions, after = plan_service(want(state="absent"), have)
        assert calls(actions) == ["ec2:DeleteVpcEndpointServiceConfigurations"]
        assert actions[0].params == dict(ServiceIds=["vpce-svc-1"])
        assert after is None

    def test_live_connections_are_listed_instead_of_deleting(self):
        have = current(connections=[("vpce-a", "222222222222", "available")])
        with pytest.raises(EndpointServiceError, match=r"vpce-a \(account 222222222222, available\).*reject_connections"):
            plan_service(want(state="absent"), have)

    def test_reject_connections_rejects_live_ones_first(self):
        have = current(connections=[("vpce-b", "2", "pendingAcceptance"), ("vpce-a", "2", "available"),
                                    ("vpce-c", "2", "rejected")])
        actions, _after = plan_service(want(state="absent", reject_connections=True), have)
        assert calls(actions) == ["ec2:RejectVpcEndpointConnections", "ec2:DeleteVpcEndpointServiceConfigurations"]
        assert actions[0].params == dict(ServiceId="vpce-svc-1", VpcEndpointIds=["vpce-a", "vpce-b"])

    def test_service_without_the_marker_is_not_deleted(self):
        with pytest.raises(EndpointServiceError, match="was not created by vpcmesh.aws"):
            plan_service(want(state="absent"), current(tags={}))


def test_summary_sorts_and_keeps_what_consumers_need():
    summary = current(principals=["b", "a"], connections=[("vpce-2", "2", "available"), ("vpce-1", "3", "x")],
                      nlbs=(NLB2, NLB))
    assert summary["allowed_principals"] == ["a", "b"]
    assert [c["vpc_endpoint_id"] for c in summary["connections"]] == ["vpce-1", "vpce-2"]
    assert summary["network_load_balancer_arns"] == [NLB, NLB2]
    assert summary["service_name"] == "com.amazonaws.vpce.us-west-2.vpce-svc-1"
    assert summarize(None) is None


class TestPlannedLoadBalancers:
    """Check mode's stand-ins for load balancers an earlier task only plans (option planned_load_balancers)."""

    def test_each_name_gets_one_stand_in_arn_in_order(self):
        arns = planned_nlb_arns(["outpost", "outpost", "other"])
        assert arns == ["(new load balancer outpost)", "(new load balancer other)"]
        assert all(is_planned_nlb(arn) for arn in arns) and not is_planned_nlb(NLB)

    def test_an_empty_name_is_refused(self):
        with pytest.raises(EndpointServiceError, match="planned_load_balancers has an empty name"):
            planned_nlb_arns([" "])

    def test_a_service_over_a_planned_load_balancer_is_created_with_its_principals(self):
        planned = "(new load balancer outpost)"
        actions, after = plan_service(want(nlb_arns=[planned], principals=["arn:aws:iam::222222222222:root"]), None)
        assert calls(actions) == ["ec2:CreateVpcEndpointServiceConfiguration", "ec2:ModifyVpcEndpointServicePermissions"]
        assert actions[0].params["NetworkLoadBalancerArns"] == [planned]
        assert actions[1].params["ServiceId"] == NEW_ID
        assert after["network_load_balancer_arns"] == [planned]

    def test_a_planned_load_balancer_joins_an_existing_service(self):
        planned = "(new load balancer outpost2)"
        actions, _after = plan_service(want(nlb_arns=[NLB, planned]), current())
        assert [(a.call, a.params.get("AddNetworkLoadBalancerArns")) for a in actions] == [
            ("ec2:ModifyVpcEndpointServiceConfiguration", [planned])]
