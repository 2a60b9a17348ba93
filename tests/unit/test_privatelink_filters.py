"""The privatelink_outpost role's check-mode filters: the writes its stock modules would make from what the role read,
and the planned connection of its DNS and routes tasks (plugins/filter/privatelink.py)."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.vpcmesh.aws.plugins.filter.privatelink import (
    privatelink_accept_writes, privatelink_planned_connection, privatelink_stock_writes, privatelink_targets)

REGION = "us-west-2"
TAGS = {"Name": "outpost"}


def calls(actions):
    return [(a["call"], a["region"]) for a in actions]


def tg_want(**over):
    return dict(dict(region=REGION, name="outpost", vpc_id="vpc-1", port=80, targets=["10.10.1.11", "10.10.1.10"],
                     tags=TAGS), **over)


def target_group(targets=("10.10.1.10", "10.10.1.11"), tags=None, draining=()):
    health = [dict(target=dict(id=ip, port=80), target_health=dict(state="unused")) for ip in targets]
    health += [dict(target=dict(id=ip, port=80), target_health=dict(state="draining")) for ip in draining]
    return dict(target_group_name="outpost", targets_health_description=health, tags=TAGS if tags is None else tags)


class TestTargetGroup:
    def test_a_new_group_is_created_then_given_its_targets_then_tagged(self):
        actions = privatelink_stock_writes([], "target_group", tg_want())
        assert calls(actions) == [("elbv2:CreateTargetGroup", REGION), ("elbv2:RegisterTargets", REGION),
                                  ("elbv2:AddTags", REGION)]
        assert actions[1]["params"]["Targets"] == [dict(Id="10.10.1.10", Port=80, AvailabilityZone="all"),
                                                   dict(Id="10.10.1.11", Port=80, AvailabilityZone="all")]

    def test_a_group_as_wanted_needs_nothing(self):
        assert privatelink_stock_writes([target_group()], "target_group", tg_want()) == []

    def test_a_missing_target_is_registered_and_an_extra_one_deregistered(self):
        actions = privatelink_stock_writes([target_group(["10.10.1.10", "10.10.1.99"])], "target_group", tg_want())
        assert [(a["call"], a["params"]["Targets"][0]["Id"]) for a in actions] == [
            ("elbv2:RegisterTargets", "10.10.1.11"), ("elbv2:DeregisterTargets", "10.10.1.99")]

    def test_a_draining_target_counts_as_gone(self):
        actions = privatelink_stock_writes([target_group(["10.10.1.10"], draining=["10.10.1.11"])], "target_group",
                                           tg_want())
        assert calls(actions) == [("elbv2:RegisterTargets", REGION)]

    def test_tags_are_changed_and_extra_ones_removed_but_never_aws_ones(self):
        group = target_group(tags=[dict(Key="Name", Value="old"), dict(Key="team", Value="x"),
                                   dict(Key="aws:cloudformation:stack-name", Value="s")])
        actions = privatelink_stock_writes([group], "target_group", tg_want())
        assert [(a["call"], a["params"]) for a in actions] == [
            ("elbv2:AddTags", {"Tags": {"Name": "outpost"}}), ("elbv2:RemoveTags", {"TagKeys": ["team"]})]

    def test_another_groups_name_does_not_count(self):
        other = dict(target_group(), target_group_name="other")
        assert calls(privatelink_stock_writes([other], "target_group", tg_want()))[0] == ("elbv2:CreateTargetGroup", REGION)

    def test_no_targets_means_no_register(self):
        assert calls(privatelink_stock_writes([], "target_group", tg_want(targets=[], tags={}))) == [
            ("elbv2:CreateTargetGroup", REGION)]


def lb_want(**over):
    return dict(dict(region=REGION, name="outpost", port=80, subnets=["subnet-1"], tags=TAGS), **over)


class TestLoadBalancer:
    def test_a_new_load_balancer_is_created_with_its_tags_and_its_listener(self):
        actions = privatelink_stock_writes([], "load_balancer", lb_want())
        assert calls(actions) == [("elbv2:CreateLoadBalancer", REGION), ("elbv2:CreateListener", REGION)]
        assert actions[0]["params"]["Tags"] == TAGS and actions[0]["params"]["Scheme"] == "internal"

    def test_a_load_balancer_as_wanted_needs_nothing(self):
        found = [dict(load_balancer_name="outpost", listeners=[dict(port=80, protocol="TCP")], tags=TAGS)]
        assert privatelink_stock_writes(found, "load_balancer", lb_want()) == []

    def test_a_listener_on_another_port_is_replaced(self):
        found = [dict(load_balancer_name="outpost", listeners=[dict(port=8080, listener_arn="arn:l")], tags=TAGS)]
        actions = privatelink_stock_writes(found, "load_balancer", lb_want())
        assert calls(actions) == [("elbv2:CreateListener", REGION), ("elbv2:DeleteListener", REGION)]
        assert actions[1]["params"] == {"ListenerArn": "arn:l"}


def sg_want(**over):
    return dict(dict(region=REGION, name="outpost-endpoint", vpc_id="vpc-c", port=80, cidr="10.12.0.0/16",
                     tags=TAGS), **over)


def security_group(permissions, tags=None):
    return dict(group_name="outpost-endpoint", group_id="sg-1", vpc_id="vpc-c", ip_permissions=permissions,
                tags=TAGS if tags is None else tags)


RULE = dict(ip_protocol="tcp", from_port=80, to_port=80, ip_ranges=[dict(cidr_ip="10.12.0.0/16")])


class TestSecurityGroup:
    def test_a_new_group_is_created_and_the_port_allowed(self):
        actions = privatelink_stock_writes([], "security_group", sg_want())
        assert calls(actions) == [("ec2:CreateSecurityGroup", REGION), ("ec2:AuthorizeSecurityGroupIngress", REGION)]
        assert actions[0]["side"] == "consumer"

    def test_a_group_as_wanted_needs_nothing(self):
        assert privatelink_stock_writes([security_group([RULE])], "security_group", sg_want()) == []

    def test_a_group_of_another_vpc_does_not_count(self):
        other = dict(security_group([RULE]), vpc_id="vpc-other")
        assert len(privatelink_stock_writes([other], "security_group", sg_want())) == 2

    def test_a_missing_rule_is_allowed_and_other_rules_revoked_after_the_tags_as_that_module_orders_them(self):
        other = dict(ip_protocol="tcp", from_port=22, to_port=22, ip_ranges=[], user_id_group_pairs=[dict(group_id="sg-x")])
        actions = privatelink_stock_writes([security_group([other], tags={})], "security_group", sg_want())
        assert calls(actions) == [("ec2:CreateTags", REGION), ("ec2:RevokeSecurityGroupIngress", REGION),
                                  ("ec2:AuthorizeSecurityGroupIngress", REGION)]


def ep_want(**over):
    return dict(dict(region=REGION, vpc_id="vpc-c", service_name="com.amazonaws.vpce.us-west-2.vpce-svc-1",
                     subnet_ids=["subnet-c"], security_group_ids=["sg-1"], tags=TAGS, acceptance_required=False,
                     consumer_account="222222222222", owner_account="111111111111", service_region=REGION,
                     service_id="vpce-svc-1"), **over)


def endpoint(tags=None, state="available"):
    return dict(vpc_endpoint_id="vpce-1", vpc_id="vpc-c", service_name="com.amazonaws.vpce.us-west-2.vpce-svc-1",
                state=state, tags=[dict(Key=k, Value=v) for k, v in (TAGS if tags is None else tags).items()])


class TestEndpoint:
    def test_an_endpoint_to_a_service_still_to_be_made_is_created(self):
        actions = privatelink_stock_writes([], "endpoint", ep_want(service_name=None))
        assert calls(actions) == [("ec2:CreateVpcEndpoint", REGION)]
        assert "the new endpoint service" in actions[0]["description"]

    def test_an_existing_endpoint_needs_nothing(self):
        assert privatelink_stock_writes([endpoint()], "endpoint", ep_want()) == []

    def test_an_existing_endpoint_in_any_state_counts_as_that_module_matches(self):
        assert privatelink_stock_writes([endpoint(state="rejected")], "endpoint", ep_want()) == []

    def test_an_existing_endpoint_gets_its_tags(self):
        assert calls(privatelink_stock_writes([endpoint(tags={})], "endpoint", ep_want())) == [("ec2:CreateTags", REGION)]

    def test_a_new_endpoint_of_another_account_is_accepted_when_acceptance_is_required(self):
        actions = privatelink_stock_writes([], "endpoint", ep_want(acceptance_required=True, service_region="us-west-2"))
        assert [(a["call"], a["side"]) for a in actions] == [
            ("ec2:CreateVpcEndpoint", "consumer"), ("ec2:AcceptVpcEndpointConnections", "owner")]

    def test_a_new_endpoint_of_the_owners_account_is_accepted_by_aws(self):
        actions = privatelink_stock_writes([], "endpoint", ep_want(acceptance_required=True,
                                                                   consumer_account="111111111111"))
        assert calls(actions) == [("ec2:CreateVpcEndpoint", REGION)]


class TestInput:
    def test_an_unknown_step_is_named(self):
        with pytest.raises(AnsibleFilterError, match="step 'listener' is not one of"):
            privatelink_stock_writes([], "listener", {"region": REGION})

    def test_a_missing_want_key_is_named(self):
        with pytest.raises(AnsibleFilterError, match="needs name"):
            privatelink_stock_writes(None, "target_group", {"region": REGION, "port": 80})


PEERING = dict(requester=dict(vpc_id="vpc-o", region="us-west-2", owner_id="111111111111"),
               accepter=dict(vpc_id="vpc-p", region="us-east-1", owner_id="111111111111"))


def vpc(vpc_id, cidrs, ipv6=()):
    return dict(id=vpc_id, cidr_block=cidrs[0], owner_id="111111111111",
                cidr_block_association_set=[dict(cidr_block=c, cidr_block_state=dict(state="associated"))
                                            for c in cidrs] + [dict(cidr_block="10.99.0.0/16",
                                                                    cidr_block_state=dict(state="disassociated"))],
                ipv6_cidr_block_association_set=[dict(ipv6_cidr_block=c, ipv6_cidr_block_state=dict(state="associated"))
                                                 for c in ipv6])


class TestPlannedConnection:
    def test_both_sides_with_their_associated_blocks_from_a_loops_registered_result(self):
        read = {"results": [{"vpcs": [vpc("vpc-o", ["10.11.0.0/16"])]},
                            {"vpcs": [vpc("vpc-p", ["10.10.0.0/16", "10.20.0.0/16"], ["2600:1f14::/56"])]}]}
        assert privatelink_planned_connection(PEERING, read) == dict(
            requester=dict(vpc_id="vpc-o", region="us-west-2", owner_id="111111111111", cidr_blocks=["10.11.0.0/16"]),
            accepter=dict(vpc_id="vpc-p", region="us-east-1", owner_id="111111111111",
                          cidr_blocks=["10.10.0.0/16", "10.20.0.0/16"], ipv6_cidr_blocks=["2600:1f14::/56"]))

    def test_nothing_read_means_no_planned_connection(self):
        assert privatelink_planned_connection(PEERING, {"results": [{"skipped": True}, {"skipped": True}]}) is None
        assert privatelink_planned_connection(PEERING, {"skipped": True}) is None

    def test_a_side_not_read_is_named(self):
        with pytest.raises(AnsibleFilterError, match="accepter VPC vpc-p was not among the VPCs read"):
            privatelink_planned_connection(PEERING, [vpc("vpc-o", ["10.11.0.0/16"])])


def test_targets_are_each_ip_on_the_port_in_every_zone():
    assert privatelink_targets(["10.10.1.10", "10.10.2.10"], "8443") == [
        {"Id": "10.10.1.10", "Port": 8443, "AvailabilityZone": "all"},
        {"Id": "10.10.2.10", "Port": 8443, "AvailabilityZone": "all"}]
    assert privatelink_targets([], 80) == []


def test_targets_of_the_load_balancers_own_vpc_are_registered_without_a_zone():
    """A native link's targets are in the load balancer's VPC: AWS takes their zone from their subnet, so the
    targets (and the planned RegisterTargets) carry no AvailabilityZone; the outpost's carry `all`."""
    assert privatelink_targets(["10.10.1.10"], 80, None) == [{"Id": "10.10.1.10", "Port": 80}]
    assert privatelink_targets(["10.10.1.10"], "80") == [{"Id": "10.10.1.10", "Port": 80, "AvailabilityZone": "all"}]
    actions = privatelink_stock_writes([], "target_group", dict(tg_want(), target_zone=None))
    [register] = [a for a in actions if a["call"] == "elbv2:RegisterTargets"]
    assert register["params"]["Targets"] == [{"Id": "10.10.1.10", "Port": 80}, {"Id": "10.10.1.11", "Port": 80}]


class TestAcceptWrites:
    WANT = dict(region="eu-west-1", service_region="us-east-1", service_name="svc", service_id="vpce-svc-1",
                acceptance_required=True, consumer_account="222222222222", owner_account="111111111111")

    def test_a_new_endpoint_of_another_account_is_accepted_in_the_services_region(self):
        [accept] = privatelink_accept_writes({"vpc_endpoint_id": None, "endpoint": {}}, self.WANT)
        assert (accept["call"], accept["region"], accept["params"]["ServiceId"]) == (
            "ec2:AcceptVpcEndpointConnections", "us-east-1", "vpce-svc-1")

    @pytest.mark.parametrize("endpoint, over", [
        ({"vpc_endpoint_id": "vpce-1", "endpoint": {"vpc_endpoint_id": "vpce-1"}}, {}),
        ({"vpc_endpoint_id": None}, {"acceptance_required": False}),
        ({"vpc_endpoint_id": None}, {"consumer_account": "111111111111"}),
    ])
    def test_an_existing_endpoint_no_acceptance_or_the_owners_own_needs_no_accept(self, endpoint, over):
        assert privatelink_accept_writes(endpoint, dict(self.WANT, **over)) == []
