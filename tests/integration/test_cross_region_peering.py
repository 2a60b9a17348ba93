"""cross_region_peering through real ansible-playbook against the emulator (recording proxy)."""

import pytest

OTHER = "222222222222"


def peer_task(aws, check=False, **args):
    """The module run once with ``args`` (in-process; test_module_smoke.py runs it through ansible-playbook)."""
    result = aws.run_module("cross_region_peering", args, check=check, name="peer")
    return result, result.task("peer")


def peer_out(aws, check=False, **args):
    return peer_task(aws, check=check, **args)[1]


def connections(aws, region="us-east-1", account=None):
    return aws.client("ec2", region, account).describe_vpc_peering_connections()["VpcPeeringConnections"]


def live(aws, region="us-east-1", account=None):
    return [c for c in connections(aws, region, account)
            if c["Status"]["Code"] in ("active", "pending-acceptance")]


def write_actions(aws):
    return [c.action for c in aws.writes()]


@pytest.fixture
def pair(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16")
    return a, b


def test_cross_region_pair_is_requested_and_accepted_in_one_run(aws, pair):
    a, b = pair
    result, out = peer_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                            peer_region="eu-west-1", tags={"Name": "use1-euw1"})
    assert result.rc == 0, result
    assert out["changed"] is True
    assert out["peering_connection"]["status"] == "active"
    assert [(c.action, c.region) for c in aws.writes()] == [
        ("CreateVpcPeeringConnection", "us-east-1"), ("AcceptVpcPeeringConnection", "eu-west-1"),
        ("CreateTags", "eu-west-1")]
    [conn] = live(aws)
    assert conn["Status"]["Code"] == "active"
    assert {"Key": "Name", "Value": "use1-euw1"} in conn["Tags"]


def test_same_region_pair_is_peered(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("us-east-1", "10.1.0.0/16")
    result, out = peer_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"])
    assert result.rc == 0, result
    assert out["peering_connection"]["status"] == "active"
    assert write_actions(aws) == ["CreateVpcPeeringConnection", "AcceptVpcPeeringConnection"]


def test_second_run_makes_no_write_calls(aws, pair):
    a, b = pair
    args = dict(region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="eu-west-1",
                tags={"Name": "x"})
    peer_task(aws, **args)
    aws.reset_calls()
    result, out = peer_task(aws, **args)
    assert result.rc == 0, result
    assert out["changed"] is False and out["actions"] == []
    assert aws.writes() == []
    assert len(live(aws)) == 1


def test_check_mode_predicts_the_run_and_makes_no_write_calls(aws, pair):
    a, b = pair
    args = dict(region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="eu-west-1")
    result, predicted = peer_task(aws, check=True, **args)
    assert result.rc == 0, result
    assert predicted["changed"] is True
    assert aws.writes() == [] and connections(aws) == []
    real = peer_out(aws, **args)
    assert [a["call"] for a in predicted["actions"]] == [a["call"] for a in real["actions"]]
    aws.reset_calls()
    again = peer_out(aws, check=True, **args)
    assert again["changed"] is False and aws.writes() == []


def test_overlapping_cidrs_are_refused_before_any_write(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "10.0.128.0/17")
    result, out = peer_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                            peer_region="eu-west-1")
    assert out["failed"]
    assert "10.0.0.0/16" in out["msg"] and "10.0.128.0/17" in out["msg"] and "overlap" in out["msg"]
    assert aws.writes() == []


def test_overlapping_secondary_cidr_is_refused(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", secondary_cidrs=["10.5.0.0/16"])
    b = aws.make_vpc("eu-west-1", "10.5.8.0/24")
    out = peer_out(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="eu-west-1")
    assert out["failed"] and "10.5.0.0/16" in out["msg"]
    assert aws.writes() == []


def test_unknown_vpc_names_the_vpc_and_region(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    out = peer_out(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id="vpc-0123456789abcdef0",
                   peer_region="eu-west-1")
    assert out["failed"]
    assert "vpc-0123456789abcdef0" in out["msg"] and "eu-west-1" in out["msg"]
    assert aws.writes() == []


def test_vpc_given_with_the_wrong_region_is_refused(aws, pair):
    a, b = pair
    out = peer_out(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="us-west-2")
    assert out["failed"] and b["vpc_id"] in out["msg"] and "us-west-2" in out["msg"]
    assert aws.writes() == []


def test_self_peering_is_refused(aws):
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    out = peer_out(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=a["vpc_id"])
    assert out["failed"] and "itself" in out["msg"]
    assert aws.writes() == []


def test_request_from_the_other_side_is_reused_not_duplicated(aws, pair):
    a, b = pair
    reverse = aws.client("ec2", "eu-west-1").create_vpc_peering_connection(
        VpcId=b["vpc_id"], PeerVpcId=a["vpc_id"], PeerRegion="us-east-1")["VpcPeeringConnection"]
    aws.reset_calls()
    result, out = peer_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                            peer_region="eu-west-1")
    assert result.rc == 0, result
    assert out["peering_id"] == reverse["VpcPeeringConnectionId"]
    assert [(c.action, c.region) for c in aws.writes()] == [("AcceptVpcPeeringConnection", "us-east-1")]
    assert len(live(aws)) == 1


def test_rejected_connection_is_replaced(aws, pair):
    a, b = pair
    old = aws.client("ec2", "us-east-1").create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion="eu-west-1")["VpcPeeringConnection"]
    aws.client("ec2", "eu-west-1").reject_vpc_peering_connection(VpcPeeringConnectionId=old["VpcPeeringConnectionId"])
    aws.reset_calls()
    result, out = peer_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                            peer_region="eu-west-1")
    assert result.rc == 0, result
    assert out["peering_id"] != old["VpcPeeringConnectionId"]
    assert out["peering_connection"]["status"] == "active"
    assert write_actions(aws) == ["CreateVpcPeeringConnection", "AcceptVpcPeeringConnection"]


def test_absent_deletes_the_connection_and_is_idempotent(aws, pair):
    a, b = pair
    args = dict(region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="eu-west-1")
    peer_task(aws, **args)
    aws.reset_calls()
    result, out = peer_task(aws, state="absent", **args)
    assert result.rc == 0, result
    assert out["changed"] and write_actions(aws) == ["DeleteVpcPeeringConnection"]
    assert live(aws) == []
    aws.reset_calls()
    again = peer_out(aws, state="absent", **args)
    assert again["changed"] is False and aws.writes() == []


class TestCrossAccount:
    @pytest.fixture
    def accounts_pair(self, aws):
        a = aws.make_vpc("us-east-1", "10.40.0.0/16")
        b = aws.make_vpc("eu-west-1", "10.0.0.0/16", account=OTHER)
        return a, b

    def test_two_runs_request_then_the_other_owner_accepts(self, aws, accounts_pair):
        a, b = accounts_pair
        result, first = peer_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                                  peer_region="eu-west-1", peer_owner_id=OTHER)
        assert result.rc == 0, result
        assert first["peering_connection"]["status"] == "pending-acceptance"
        assert any(OTHER in w and "accept" in w for w in result.task("peer").get("warnings", []))
        assert [(c.action, c.account) for c in aws.writes()] == [("CreateVpcPeeringConnection", "123456789012")]

        keys = aws.assume(OTHER)
        aws.reset_calls()
        result, second = peer_task(aws, region="eu-west-1", peering_id=first["peering_id"], state="accepted",
                                   access_key=keys["access_key"], secret_key=keys["secret_key"],
                                   session_token=keys["session_token"])
        assert result.rc == 0, result
        assert second["peering_connection"]["status"] == "active"
        assert [(c.action, c.region, c.account) for c in aws.writes()] == [
            ("AcceptVpcPeeringConnection", "eu-west-1", OTHER)]

    def test_one_run_with_peer_credentials_accepts_as_the_other_account(self, aws, accounts_pair):
        a, b = accounts_pair
        keys = aws.assume(OTHER)
        result, out = peer_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                                peer_region="eu-west-1", peer_credentials=keys)
        assert result.rc == 0, result
        assert out["peering_connection"]["status"] == "active"
        assert out["peering_connection"]["accepter"]["owner_id"] == OTHER
        assert [(c.action, c.region, c.account) for c in aws.writes()] == [
            ("CreateVpcPeeringConnection", "us-east-1", "123456789012"),
            ("AcceptVpcPeeringConnection", "eu-west-1", OTHER)]

    def test_one_run_with_a_role_to_assume(self, aws, accounts_pair):
        a, b = accounts_pair
        result, out = peer_task(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                                peer_region="eu-west-1",
                                peer_credentials={"role_arn": f"arn:aws:iam::{OTHER}:role/network"})
        assert result.rc == 0, result
        assert out["peering_connection"]["status"] == "active"

    def test_accept_true_without_peer_credentials_fails_before_any_write(self, aws, accounts_pair):
        a, b = accounts_pair
        out = peer_out(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                       peer_region="eu-west-1", peer_owner_id=OTHER, accept=True)
        assert out["failed"] and "peer_credentials" in out["msg"]
        assert aws.writes() == []

    def test_peer_owner_id_contradicting_peer_credentials_is_refused(self, aws, accounts_pair):
        a, b = accounts_pair
        out = peer_out(aws, region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"],
                       peer_region="eu-west-1", peer_owner_id="333333333333", peer_credentials=aws.assume(OTHER))
        assert out["failed"] and "333333333333" in out["msg"] and OTHER in out["msg"]
        assert aws.writes() == []
