"""The writes of amazon.aws's stock EC2 modules predicted from what their info modules read (module_utils
stock_writes), which the privatelink_outpost and resolver_mesh roles' check mode list as actions."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.stock_writes import (
    ingress_rules, matching_endpoint, security_group_writes, tag_actions, tags_of, vpc_endpoint_writes)

REGION = "us-east-2"
SERVICE = "com.amazonaws.us-east-2.s3"
CIDRS = ["10.31.0.0/16", "10.30.0.0/16"]


def calls(actions):
    return [a.call for a in actions]


def sg_want(**over):
    return dict(dict(region=REGION, name="m-use2-s3", vpc_id="vpc-1", port=443, cidrs=CIDRS,
                     tags={"Name": "m-use2-s3"}, side="use2"), **over)


def group(cidrs, tags=None, **over):
    perm = dict(ip_protocol="tcp", from_port=443, to_port=443, ip_ranges=[dict(cidr_ip=c) for c in cidrs])
    return dict(dict(group_name="m-use2-s3", group_id="sg-1", vpc_id="vpc-1", ip_permissions=[perm],
                     tags={"Name": "m-use2-s3"} if tags is None else tags), **over)


class TestSecurityGroup:
    def test_a_new_group_is_created_with_its_tags_and_every_cidr_allowed_in_one_call(self):
        actions = security_group_writes([], sg_want())
        assert calls(actions) == ["ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress"]
        assert actions[0].params["Tags"] == {"Name": "m-use2-s3"} and actions[0].side == "use2"
        assert [r["CidrIp"] for r in actions[1].params["IpPermissions"][0]["IpRanges"]] == sorted(CIDRS)

    def test_a_group_as_wanted_needs_nothing(self):
        assert security_group_writes([group(CIDRS)], sg_want()) == []

    def test_only_the_cidrs_it_lacks_are_allowed(self):
        actions = security_group_writes([group(CIDRS)], sg_want(cidrs=CIDRS + ["10.32.0.0/16"]))
        assert calls(actions) == ["ec2:AuthorizeSecurityGroupIngress"]
        assert actions[0].params["IpPermissions"][0]["IpRanges"] == [dict(CidrIp="10.32.0.0/16")]

    def test_tags_then_a_revoke_of_rules_not_wanted_then_the_allow_as_that_module_orders_them(self):
        actions = security_group_writes([group(["10.99.0.0/16"], tags={"Name": "old", "x": "1"})], sg_want())
        assert calls(actions) == ["ec2:DeleteTags", "ec2:CreateTags", "ec2:RevokeSecurityGroupIngress",
                                  "ec2:AuthorizeSecurityGroupIngress"]

    def test_one_cidr_is_taken_as_a_list_of_one(self):
        actions = security_group_writes([], dict(sg_want(), cidrs=None, cidr="10.0.0.0/16"))
        assert actions[1].params["IpPermissions"][0]["IpRanges"] == [dict(CidrIp="10.0.0.0/16")]

    def test_a_group_of_that_name_in_another_vpc_does_not_count(self):
        assert calls(security_group_writes([group(CIDRS, vpc_id="vpc-2")], sg_want()))[0] == "ec2:CreateSecurityGroup"

    def test_ingress_rules_name_sources_that_are_not_cidrs_apart(self):
        perm = dict(ip_protocol="tcp", from_port=22, to_port=22, ip_ranges=[], user_id_group_pairs=[{"group_id": "x"}])
        assert ingress_rules([perm]) == {("tcp", 22, 22, None)}


def gateway(tables=("rtb-1",), **over):
    return dict(dict(vpc_endpoint_id="vpce-g", vpc_id="vpc-1", service_name=SERVICE, route_table_ids=list(tables),
                     state="available", tags=[dict(Key="Name", Value="m-use2-s3-gateway")]), **over)


def interface(**over):
    return dict(dict(vpc_endpoint_id="vpce-i", vpc_id="vpc-1", service_name=SERVICE, route_table_ids=[],
                     state="available", tags=[dict(Key="Name", Value="m-use2-s3")]), **over)


def gw_want(**over):
    return dict(dict(region=REGION, vpc_id="vpc-1", service_name=SERVICE, type="Gateway", route_table_ids=["rtb-1"],
                     tags={"Name": "m-use2-s3-gateway"}), **over)


def if_want(**over):
    return dict(dict(region=REGION, vpc_id="vpc-1", service_name=SERVICE, subnet_ids=["subnet-1"],
                     security_group_ids=["sg-1"], tags={"Name": "m-use2-s3"}), **over)


class TestEndpoint:
    def test_new_gateway_and_interface_endpoints_are_one_create_each_with_route_tables_and_tags_in_it(self):
        [gw] = vpc_endpoint_writes([], gw_want())
        [itf] = vpc_endpoint_writes([], if_want())
        assert (gw.call, gw.params["VpcEndpointType"], gw.params["RouteTableIds"]) == (
            "ec2:CreateVpcEndpoint", "Gateway", ["rtb-1"])
        assert (itf.params["VpcEndpointType"], itf.params["SubnetIds"], itf.params["Tags"]) == (
            "Interface", ["subnet-1"], {"Name": "m-use2-s3"})

    def test_the_gateway_and_the_interface_endpoint_to_the_same_service_are_told_apart_by_their_route_tables(self):
        found = [gateway(), interface()]
        assert matching_endpoint(found, gw_want())["vpc_endpoint_id"] == "vpce-g"
        assert matching_endpoint(found, if_want())["vpc_endpoint_id"] == "vpce-i"
        assert vpc_endpoint_writes(found, gw_want()) == [] and vpc_endpoint_writes(found, if_want()) == []
        assert calls(vpc_endpoint_writes([gateway()], if_want())) == ["ec2:CreateVpcEndpoint"]

    def test_a_gateway_with_other_route_tables_is_not_the_one_so_another_is_created(self):
        assert calls(vpc_endpoint_writes([gateway(["rtb-2"])], gw_want())) == ["ec2:CreateVpcEndpoint"]

    def test_an_endpoint_in_any_state_matches_and_only_gets_its_tags(self):
        assert vpc_endpoint_writes([interface(state="deleted")], if_want()) == []
        actions = vpc_endpoint_writes([interface(tags=[])], if_want(tags={"Name": "m-use2-s3", "team": "net"}))
        assert [(a.call, a.params) for a in actions] == [("ec2:CreateTags", {"Tags": {"Name": "m-use2-s3", "team": "net"}})]

    def test_an_endpoint_to_a_service_still_to_be_made_is_created(self):
        [action] = vpc_endpoint_writes([interface()], if_want(service_name=None))
        assert action.call == "ec2:CreateVpcEndpoint" and "the new endpoint service" in action.description


def test_tags_are_read_from_dicts_and_boto3_lists_and_aws_tags_are_never_removed():
    assert tags_of([dict(Key="a", Value="1"), dict(key="b", value=None), dict(Key="aws:x", Value="y")]) == {"a": "1", "b": ""}
    assert tag_actions("ec2", {"aws:x": "y", "a": "1"}, {"a": "1"}, "r", REGION) == []
    assert [a.call for a in tag_actions("ec2", {"b": "2"}, {"a": "1"}, "r", REGION)] == ["ec2:DeleteTags", "ec2:CreateTags"]
    elb = tag_actions("elbv2", {"b": "2"}, {"a": "1"}, "r", REGION)
    assert [a.call for a in elb] == ["elbv2:AddTags", "elbv2:RemoveTags"]
