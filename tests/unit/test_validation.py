"""Offline checks of option values (module_utils/validation.py): regions, IDs, CIDRs, empty lists, dict shapes."""

from ansible_collections.vpcmesh.aws.plugins.module_utils import validation as v
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec

SPEC = dict(
    vpc_id=dict(type="str"),
    peer_region=dict(type="str"),
    peer_owner_id=dict(type="str"),
    destinations=dict(type="list", elements="str"),
    accept_from=dict(type="list", elements="str"),
    requester_route_tables=dict(type="raw"),
    peer_credentials=credentials_spec(),
    vpcs=dict(type="list", elements="dict", options=dict(
        vpc_id=dict(type="str"), region=dict(type="str"), account_id=dict(type="str"))),
)


def messages(params, region="us-east-1", items=None):
    return v.check_params(SPEC, params, region, items)


def test_known_regions_pass_and_the_partition_comes_from_botocore():
    assert messages(dict(peer_region="eu-west-1")) == []
    assert v.partition_of("us-east-1") == "aws" and v.partition_of("cn-north-1") == "aws-cn"
    assert "aws-global" not in v.partitions()["aws"]


def test_an_unknown_region_is_named_with_its_option_and_a_close_match():
    [message] = messages(dict(peer_region="eu-west-9"))
    assert "peer_region is 'eu-west-9'" in message and "not an AWS region" in message and "did you mean" in message


def test_a_region_in_capitals_is_refused_with_the_lower_case_name():
    [message] = messages(dict(peer_region="EU-WEST-1"))
    assert "'EU-WEST-1'" in message and "'eu-west-1'" in message


def test_the_module_region_is_checked_and_sets_the_partition():
    assert "region is 'us-east-9'" in messages({}, region="us-east-9")[0]
    [message] = messages(dict(peer_region="cn-north-1"))
    assert "partition aws-cn" in message and "partition aws" in message


def test_regions_inside_lists_of_dicts_are_named_by_path():
    [message] = messages(dict(vpcs=[dict(vpc_id="vpc-0123456789abcdef0", region="us-east-1"),
                                    dict(vpc_id="vpc-0123456789abcdef1", region="mars-1")]))
    assert message.startswith("vpcs[1].region is 'mars-1'")


def test_account_ids_must_be_twelve_digits_and_the_message_names_the_account_option():
    [message] = messages(dict(peer_owner_id="12345"))
    assert "peer_owner_id is '12345'" in message and "account ID" in message
    [message] = messages(dict(vpcs=[dict(vpc_id="vpc-0123456789abcdef0", region="us-east-1", account_id="x")]))
    assert "vpcs[0].account_id" in message


def test_resource_ids_have_their_shape_in_both_lengths():
    assert messages(dict(vpc_id="vpc-01234567")) == [] and messages(dict(vpc_id="vpc-0123456789abcdef0")) == []
    [message] = messages(dict(vpc_id="subnet-0123456789abcdef0"))
    assert "vpc_id is 'subnet-0123456789abcdef0'" in message and "not a VPC ID" in message
    [message] = messages(dict(peer_credentials=dict(role_arn="network-automation")))
    assert "peer_credentials.role_arn" in message and "IAM role ARN" in message


def test_cidrs_must_parse_but_host_bits_are_left_to_the_module_that_explains_them():
    assert messages(dict(destinations=["10.1.2.3/16"])) == []
    [message] = messages(dict(destinations=["10.0.0.0/33"]))
    assert "destinations[0] is '10.0.0.0/33'" in message and "CIDR" in message


def test_route_table_selectors_are_checked_offline():
    [message] = messages(dict(requester_route_tables=12345))
    assert "requester_route_tables" in message and "12345" in message
    assert messages(dict(requester_route_tables=["rtb-0123456789abcdef0"])) == []


def test_empty_lists_are_refused_unless_empty_has_a_meaning():
    [message] = messages(dict(destinations=[]))
    assert "destinations is an empty list" in message
    [message] = messages(dict(vpcs=[]))
    assert "vpcs is an empty list" in message
    assert messages(dict(accept_from=[])) == []


def test_the_items_of_a_list_form_are_checked_with_their_index():
    items = ("peerings", dict(vpc_id=dict(type="str"), region=dict(type="str")))
    found = messages(dict(peerings=[dict(vpc_id="vpc-0123456789abcdef0"), dict(vpc_id="vpc-x", region="eu-west-9")]),
                     items=items)
    assert any(m.startswith("peerings[1].vpc_id is 'vpc-x'") for m in found)
    assert any(m.startswith("peerings[1].region is 'eu-west-9'") for m in found)


def test_a_dict_option_given_a_string_is_named_with_its_path_and_value():
    spec = dict(flows=dict(type="list", elements="dict", options=dict(
        source=dict(type="dict", options=dict(vpc_id=dict(type="str"))))))
    assert v.check_structure(spec, dict(flows=["web to db"])) == [
        "flows[0] must be a dictionary of source; got 'web to db'"]
    assert v.check_structure(spec, dict(flows=[dict(source="vpc_id=vpc-1")])) == []  # key=value is a dict
    [message] = v.check_structure(spec, dict(flows=[dict(source=["vpc-1"])]))
    assert message.startswith("flows[0].source must be a dictionary of vpc_id")


def test_a_string_that_names_a_secret_option_is_not_echoed():
    [message] = v.check_structure(SPEC, dict(peer_credentials="access_key AKIA secret_key hunter2"))
    assert "hunter2" not in message and "peer_credentials" in message


def test_an_unparsable_answer_is_described_in_one_line_without_botocores_retry_advice():
    from botocore.parsers import ResponseParserError

    from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import unparsable

    text = unparsable(ResponseParserError("Unable to parse response (syntax error), invalid XML received. Further "
                                          "retries may succeed:\nb'<html>'"))
    assert "invalid XML received)" in text and "retries" not in text and "<html>" not in text
    assert "region names and endpoint_url" in text
