"""wait_for_other_owner (cross_region_peering, peering_dns_options, peer_routes): a task that needs the part of a
peering another account's run makes (the request to accept; the accept that makes the connection active) waits for
it, bounded, while that run goes on at the same time (an AWX job slice), and when it does not come leaves the item
undone, naming who must act, instead of failing."""

import threading
import time

import pytest

ME, OTHER = "123456789012", "222222222222"
OPTION = "AllowDnsResolutionFromRemoteVpc"


@pytest.fixture
def accounts_pair(aws):
    """us-east-1 10.0.0.0/16 (this account) and eu-west-1 172.30.0.0/16 (account OTHER)."""
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16", account=OTHER)
    aws.reset_calls()
    return a, b


def as_other(aws):
    keys = aws.assume(OTHER)
    return dict(access_key=keys["access_key"], secret_key=keys["secret_key"], session_token=keys["session_token"])


def request(aws, a, b):
    return aws.client("ec2", "us-east-1").create_vpc_peering_connection(
        VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"], PeerRegion="eu-west-1", PeerOwnerId=OTHER,
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]


def later(seconds, work):
    """``work`` run in another thread after ``seconds``: the other owner's run, going on meanwhile."""
    thread = threading.Thread(target=lambda: (time.sleep(seconds), work()))
    thread.start()
    return thread


def accept_args(a, b, **extra):
    return dict(region="eu-west-1", state="accepted", vpc_id=b["vpc_id"], peer_vpc_id=a["vpc_id"],
                peer_region="us-east-1", peer_owner_id=ME, **extra)


def test_an_accept_whose_request_has_not_come_is_left_undone_naming_the_requester(aws, accounts_pair):
    a, b = accounts_pair
    result = aws.run_module("cross_region_peering", accept_args(a, b, wait_for_other_owner=0, **as_other(aws)),
                            name="accept")
    out = result.task("accept")
    assert result.rc == 0, result
    assert out["changed"] is False and out["actions"] == []
    assert out["waiting_for"]["peering_id"] is None
    assert out["waiting_for"]["vpc_id"] == b["vpc_id"] and out["waiting_for"]["peer_vpc_id"] == a["vpc_id"]
    assert f"no peering connection between {b['vpc_id']} and {a['vpc_id']}" in out["waiting_for"]["message"]
    assert "the requester's run must request it first" in out["waiting_for"]["message"]
    assert aws.writes() == []

    failed = aws.run_module("cross_region_peering", accept_args(a, b, **as_other(aws)), name="accept")
    assert failed.rc != 0 and "the requester must create it first" in failed.task("accept")["msg"]  # without the option


def test_an_accept_waits_for_the_request_another_run_makes_meanwhile(aws, accounts_pair):
    a, b = accounts_pair
    thread = later(2, lambda: request(aws, a, b))
    result = aws.run_module("cross_region_peering", accept_args(a, b, wait_for_other_owner=60, **as_other(aws)),
                            name="accept")
    thread.join()
    out = result.task("accept")
    assert result.rc == 0, result
    assert "waiting_for" not in out
    assert out["waited"]["seconds"] >= 1 and out["waited"]["message"].endswith(
        f"for the request of a peering connection between {b['vpc_id']} and {a['vpc_id']}, seen in eu-west-1")
    assert out["changed"] is True and out["peering_connection"]["status"] == "active"
    assert [(c.action, c.region, c.account) for c in aws.writes()] == [
        ("CreateVpcPeeringConnection", "us-east-1", ME), ("AcceptVpcPeeringConnection", "eu-west-1", OTHER)]


def test_dns_options_over_an_acceptance_owed_by_another_account_wait_then_are_left_undone(aws, accounts_pair):
    a, b = accounts_pair
    pcx = request(aws, a, b)
    aws.reset_calls()
    args = dict(region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], requester_dns_resolution=True,
                wait_for_other_owner=3)
    started = time.monotonic()
    result = aws.run_module("peering_dns_options", args, name="dns")
    out = result.task("dns")
    assert result.rc == 0, result
    assert time.monotonic() - started >= 3  # it did wait for the accept
    assert out["changed"] is False and out["peering_id"] == pcx
    assert out["waiting_for"]["status"] == "pending-acceptance"
    assert (f"{pcx} is pending-acceptance after waiting 3s: the owner of {b['vpc_id']} (account {OTHER}) must "
            "accept it in eu-west-1 first") == out["waiting_for"]["message"]
    assert aws.writes() == []

    checked = aws.run_module("peering_dns_options", args, check=True, name="dns").task("dns")
    assert "after waiting" not in checked["waiting_for"]["message"]  # check mode does not wait: nothing comes


def test_dns_options_and_routes_go_on_once_the_other_account_accepts_meanwhile(aws, accounts_pair):
    a, b = accounts_pair
    pcx = request(aws, a, b)
    aws.reset_calls()
    thread = later(2, lambda: aws.client("ec2", "eu-west-1", OTHER).accept_vpc_peering_connection(
        VpcPeeringConnectionId=pcx))
    dns = aws.run_module("peering_dns_options", dict(
        region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], requester_dns_resolution=True,
        enable_vpc_dns=True, wait_for_other_owner=60), name="dns")
    thread.join()
    assert dns.rc == 0, dns
    assert "waiting_for" not in dns.task("dns") and dns.task("dns")["changed"] is True
    assert dns.task("dns")["waited"]["message"].endswith(
        f"for the owner of {b['vpc_id']} (account {OTHER}) to accept {pcx} in eu-west-1")
    routes = aws.run_module("peer_routes", dict(
        region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], accepter_route_tables="none",
        wait_for_other_owner=0), name="routes").task("routes")
    assert "waiting_for" not in routes and "waited" not in routes and routes["changed"] is True
    assert {(c.action, c.region, c.account) for c in aws.writes()} == {
        ("AcceptVpcPeeringConnection", "eu-west-1", OTHER), ("ModifyVpcPeeringConnectionOptions", "us-east-1", ME),
        ("ModifyVpcAttribute", "us-east-1", ME), ("CreateRoute", "us-east-1", ME)}


def test_routes_with_no_request_yet_are_left_undone(aws, accounts_pair):
    a, b = accounts_pair
    result = aws.run_module("peer_routes", dict(
        region="eu-west-1", vpc_id=b["vpc_id"], peer_vpc_id=a["vpc_id"], requester_route_tables="none",
        wait_for_other_owner=0, **as_other(aws)), name="routes")
    out = result.task("routes")
    assert result.rc == 0, result
    assert out["changed"] is False and out["waiting_for"]["peering_id"] is None
    assert "the requester's run must request it first" in out["waiting_for"]["message"]
    assert aws.writes() == []
