"""peering_dns_options through real ansible-playbook against the emulator (recording proxy)."""

import pytest

ME, OTHER = "123456789012", "222222222222"
OPTION = "AllowDnsResolutionFromRemoteVpc"


def dns_task(aws, check=False, **args):
    """The module run once (in-process; test_module_smoke.py runs each module through ansible-playbook)."""
    result = aws.run_module("peering_dns_options", args, check=check, name="dns")
    return result, result.task("dns")


def peer(aws, a, b, account=None):
    """An active connection a -> b made directly in the emulator; the setup calls are forgotten."""
    requester = aws.client("ec2", a["region"])
    pcx = requester.create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion=b["region"], PeerOwnerId=b["owner_id"],
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    if account != "pending":
        aws.client("ec2", b["region"], b["owner_id"]).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    aws.reset_calls()
    return pcx


def options(aws, pcx, region="us-east-1", account=None):
    [conn] = aws.client("ec2", region, account).describe_vpc_peering_connections(
        VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"]
    return (conn["RequesterVpcInfo"]["PeeringOptions"][OPTION], conn["AccepterVpcInfo"]["PeeringOptions"][OPTION])


def dns_attributes(aws, vpc):
    ec2 = aws.client("ec2", vpc["region"], vpc["owner_id"])
    return tuple(ec2.describe_vpc_attribute(VpcId=vpc["vpc_id"], Attribute=a)[a[0].upper() + a[1:]]["Value"]
                 for a in ("enableDnsSupport", "enableDnsHostnames"))


def turn_hostnames_on(aws, *vpcs):
    for vpc in vpcs:
        aws.client("ec2", vpc["region"], vpc["owner_id"]).modify_vpc_attribute(
            VpcId=vpc["vpc_id"], EnableDnsHostnames={"Value": True})
    aws.reset_calls()


def writes(aws):
    return [(c.action, c.region, c.account) for c in aws.writes()]


@pytest.fixture
def pair(aws):
    """us-east-1 10.0.0.0/16 -> eu-west-1 172.30.0.0/16 (guide 1), same account, DNS hostnames off (AWS default)."""
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16")
    return a, b, peer(aws, a, b)


def test_both_sides_are_set_each_in_its_own_region(aws, pair):
    a, b, pcx = pair
    turn_hostnames_on(aws, a, b)
    result, out = dns_task(aws, region="us-east-1", peering_id=pcx, requester_dns_resolution=True,
                           accepter_dns_resolution=True)
    assert result.rc == 0, result
    assert out["changed"] is True
    assert writes(aws) == [("ModifyVpcPeeringConnectionOptions", "us-east-1", ME),
                           ("ModifyVpcPeeringConnectionOptions", "eu-west-1", ME)]
    assert options(aws, pcx) == (True, True)
    assert out["options"]["requester"]["allow_dns_resolution_from_remote_vpc"] is True
    assert out["options"]["accepter"]["vpc_dns"] == dict(enable_dns_support=True, enable_dns_hostnames=True)
    assert out["left_to_other_owner"] == []


def test_connection_is_found_by_its_two_vpcs_and_unset_side_is_left_alone(aws, pair):
    a, b, pcx = pair
    turn_hostnames_on(aws, a, b)
    result, out = dns_task(aws, region="eu-west-1", vpc_id=b["vpc_id"], peer_vpc_id=a["vpc_id"],
                           accepter_dns_resolution=True)
    assert result.rc == 0, result
    assert out["peering_id"] == pcx
    assert writes(aws) == [("ModifyVpcPeeringConnectionOptions", "eu-west-1", ME)]
    assert options(aws, pcx) == (False, True)


def test_dns_attribute_off_fails_naming_the_vpc_then_enable_vpc_dns_turns_it_on(aws, pair):
    a, b, pcx = pair
    result, out = dns_task(aws, region="us-east-1", peering_id=pcx, requester_dns_resolution=True,
                           accepter_dns_resolution=True)
    assert result.rc != 0 and out["failed"]
    assert f"{a['vpc_id']} (requester, us-east-1) has enableDnsHostnames off" in out["msg"]
    assert f"{b['vpc_id']} (accepter, eu-west-1) has enableDnsHostnames off" in out["msg"]
    assert "enable_vpc_dns" in out["msg"]
    assert aws.writes() == [] and options(aws, pcx) == (False, False)

    result, out = dns_task(aws, region="us-east-1", peering_id=pcx, requester_dns_resolution=True,
                           accepter_dns_resolution=True, enable_vpc_dns=True)
    assert result.rc == 0, result
    assert writes(aws) == [("ModifyVpcAttribute", "us-east-1", ME), ("ModifyVpcAttribute", "eu-west-1", ME),
                           ("ModifyVpcPeeringConnectionOptions", "us-east-1", ME),
                           ("ModifyVpcPeeringConnectionOptions", "eu-west-1", ME)]
    assert dns_attributes(aws, a) == (True, True) and dns_attributes(aws, b) == (True, True)
    assert options(aws, pcx) == (True, True)


def test_enable_vpc_dns_turns_support_on_before_hostnames(aws, pair):
    a, b, pcx = pair
    aws.client("ec2", "eu-west-1").modify_vpc_attribute(VpcId=b["vpc_id"], EnableDnsSupport={"Value": False})
    turn_hostnames_on(aws, a)
    result, out = dns_task(aws, region="us-east-1", peering_id=pcx, accepter_dns_resolution=True,
                           enable_vpc_dns=True)
    assert result.rc == 0, result
    assert [(c.action, c.region, sorted(k for k in c.params if k.startswith("Enable"))) for c in aws.writes()][:2] == [
        ("ModifyVpcAttribute", "eu-west-1", ["EnableDnsSupport.Value"]),
        ("ModifyVpcAttribute", "eu-west-1", ["EnableDnsHostnames.Value"])]
    assert dns_attributes(aws, b) == (True, True)


def test_check_mode_predicts_the_run_exactly_and_makes_no_write_calls(aws, pair):
    a, b, pcx = pair
    args = dict(region="us-east-1", peering_id=pcx, requester_dns_resolution=True, accepter_dns_resolution=True,
                enable_vpc_dns=True)
    result, predicted = dns_task(aws, check=True, **args)
    assert result.rc == 0, result
    assert predicted["changed"] is True
    assert aws.writes() == [] and options(aws, pcx) == (False, False) and dns_attributes(aws, a) == (True, False)
    real = dns_task(aws, **args)[1]
    assert predicted["actions"] == real["actions"] and predicted["options"] == real["options"]
    assert predicted["diff"] == real["diff"]
    aws.reset_calls()
    again = dns_task(aws, check=True, **args)[1]
    assert again["changed"] is False and aws.writes() == []


def test_second_run_makes_no_write_calls(aws, pair):
    a, b, pcx = pair
    args = dict(region="us-east-1", peering_id=pcx, requester_dns_resolution=True, accepter_dns_resolution=True,
                enable_vpc_dns=True)
    dns_task(aws, **args)
    aws.reset_calls()
    result, out = dns_task(aws, **args)
    assert result.rc == 0, result
    assert out["changed"] is False and out["actions"] == []
    assert out["diff"]["before"] == out["diff"]["after"]
    assert aws.writes() == []


def test_options_are_turned_off_without_reading_vpc_attributes(aws, pair):
    a, b, pcx = pair
    turn_hostnames_on(aws, a, b)
    dns_task(aws, region="us-east-1", peering_id=pcx, requester_dns_resolution=True, accepter_dns_resolution=True)
    aws.reset_calls()
    result, out = dns_task(aws, region="us-east-1", peering_id=pcx, requester_dns_resolution=False,
                           accepter_dns_resolution=False)
    assert result.rc == 0, result
    assert options(aws, pcx) == (False, False)
    assert [c.action for c in aws.calls if c.action == "DescribeVpcAttribute"] == []


def test_pending_connection_fails_without_reporting_success(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16")
    pcx = peer(aws, a, b, account="pending")
    result, out = dns_task(aws, region="us-east-1", peering_id=pcx, accepter_dns_resolution=True, wait_timeout=2)
    assert result.rc != 0 and out["failed"]
    assert f"{pcx} is pending-acceptance after waiting 2s" in out["msg"]
    assert "must accept it in eu-west-1" in out["msg"]
    assert aws.writes() == []


def test_unknown_peering_id_names_the_region(aws, pair):
    result, out = dns_task(aws, region="us-east-1", peering_id="pcx-0123456789abcdef0", accepter_dns_resolution=True)
    assert out["failed"] and "pcx-0123456789abcdef0" in out["msg"] and "us-east-1" in out["msg"]
    assert aws.writes() == []


class TestCrossAccount:
    @pytest.fixture
    def accounts_pair(self, aws):
        """Guide 4: shared-data 10.41.0.0/16 in us-east-1 -> data team 10.0.0.0/16 in eu-west-1, other account."""
        a = aws.make_vpc("us-east-1", "10.41.0.0/16")
        b = aws.make_vpc("eu-west-1", "10.0.0.0/16", account=OTHER)
        pcx = peer(aws, a, b)
        turn_hostnames_on(aws, a, b)
        return a, b, pcx

    def test_peer_credentials_set_the_accepter_side_as_its_owner(self, aws, accounts_pair):
        a, b, pcx = accounts_pair
        keys = aws.assume(OTHER)
        aws.reset_calls()
        result, out = dns_task(aws, region="us-east-1", peering_id=pcx, requester_dns_resolution=True,
                               accepter_dns_resolution=True, peer_credentials=keys)
        assert result.rc == 0, result
        assert writes(aws) == [("ModifyVpcPeeringConnectionOptions", "us-east-1", ME),
                               ("ModifyVpcPeeringConnectionOptions", "eu-west-1", OTHER)]
        assert options(aws, pcx) == (True, True)
        assert out["left_to_other_owner"] == []

    def test_without_peer_credentials_own_side_changes_and_the_rest_is_left_to_the_other_owner(
            self, aws, accounts_pair):
        a, b, pcx = accounts_pair
        result, out = dns_task(aws, region="us-east-1", peering_id=pcx, requester_dns_resolution=True,
                               accepter_dns_resolution=True)
        assert result.rc == 0, result
        assert out["changed"] is True
        assert writes(aws) == [("ModifyVpcPeeringConnectionOptions", "us-east-1", ME)]
        assert options(aws, pcx) == (True, False)
        assert {e["side"] for e in out["left_to_other_owner"]} == {"accepter"}
        assert all(e["account_id"] == OTHER and e["region"] == "eu-west-1" for e in out["left_to_other_owner"])
        assert any(OTHER in w and "AllowDnsResolutionFromRemoteVpc=true" in w for w in out["warnings"])

    def test_other_owner_sets_its_own_side_in_its_own_run(self, aws, accounts_pair):
        a, b, pcx = accounts_pair
        keys = aws.assume(OTHER)
        aws.reset_calls()
        result, out = dns_task(aws, region="eu-west-1", peering_id=pcx, accepter_dns_resolution=True,
                               access_key=keys["access_key"], secret_key=keys["secret_key"],
                               session_token=keys["session_token"])
        assert result.rc == 0, result
        assert writes(aws) == [("ModifyVpcPeeringConnectionOptions", "eu-west-1", OTHER)]
        assert options(aws, pcx) == (False, True)
        assert "requester" in {e["side"] for e in out["left_to_other_owner"]}  # its VPC attributes cannot be read


def planned(a, b):
    """planned_connection for a request a -> b (as site.yml passes it in check mode)."""
    return {side: dict(vpc_id=v["vpc_id"], region=v["region"], owner_id=v["owner_id"])
            for side, v in (("requester", a), ("accepter", b))}


def without_ids(actions, pcx):
    """The actions with the connection's ID (a planned one's placeholder, or the real one) replaced."""
    return [{key: (str(value).replace(pcx, "PCX") if key in ("params", "description") else value)
             for key, value in action.items()} for action in actions]


def test_check_mode_plans_over_a_connection_the_run_only_plans_and_a_real_run_does_exactly_that_once_it_exists(aws):
    a, b = aws.make_vpc("us-east-1", "10.0.0.0/16"), aws.make_vpc("eu-west-1", "172.30.0.0/16")
    args = dict(region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], requester_dns_resolution=True,
                accepter_dns_resolution=True, enable_vpc_dns=True, planned_connection=planned(a, b))
    result, predicted = dns_task(aws, check=True, **args)
    result.assert_ok()
    assert predicted["peering_id"] == "(new peering connection)" and aws.writes() == []
    assert {x["call"] for x in predicted["actions"]} == {"ec2:ModifyVpcPeeringConnectionOptions",
                                                         "ec2:ModifyVpcAttribute"}
    # a real run does not plan over a connection that does not exist: it fails as without the option
    result, out = dns_task(aws, **args)
    assert result.rc != 0 and "no live peering connection" in out["msg"] and aws.writes() == []
    pcx = peer(aws, a, b)
    real = dns_task(aws, **args)[1]
    assert real["peering_id"] == pcx and real["changed"] is True
    assert without_ids(predicted["actions"], "(new peering connection)") == without_ids(real["actions"], pcx)
