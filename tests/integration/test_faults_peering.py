"""cross_region_peering under injected faults converges to exactly the clean run's state."""

from tests.emulator.consistency import EventualConsistency
from tests.emulator.faults import FaultPlan

SEED = 20240921  # its first 12 draws hold a throttle, a server error and a reset


def peer(aws, a, b, name):
    """The module run once, in-process (the proxy's interceptors act the same as for ansible-playbook)."""
    return aws.run_module("cross_region_peering", dict(
        region="us-east-1", vpc_id=a["vpc_id"], peer_region="eu-west-1",
        peer_vpc_id=b["vpc_id"], tags={"Name": name, "team": "net"}), name="peer")


def state(aws, a, b):
    """The pair's connections as each region sees them, with VPC IDs replaced by a/b."""
    names = {a["vpc_id"]: "a", b["vpc_id"]: "b"}
    out = {}
    for region in ("us-east-1", "eu-west-1"):
        conns = aws.client("ec2", region).describe_vpc_peering_connections(Filters=[
            {"Name": "requester-vpc-info.vpc-id", "Values": list(names)}])["VpcPeeringConnections"]
        out[region] = sorted(
            (names[c["RequesterVpcInfo"]["VpcId"]], names[c["AccepterVpcInfo"]["VpcId"]],
             c["Status"]["Code"], tuple(sorted((t["Key"], t["Value"]) for t in c.get("Tags", []))))
            for c in conns)
    return out


def peer_pairs(aws):
    clean = aws.make_vpc("us-east-1", "10.0.0.0/16"), aws.make_vpc("eu-west-1", "10.1.0.0/16")
    faulty = aws.make_vpc("us-east-1", "10.2.0.0/16"), aws.make_vpc("eu-west-1", "10.3.0.0/16")
    peer(aws, *clean, "mesh").assert_ok()
    aws.reset_calls()
    return clean, faulty


def test_peering_converges_under_throttling_errors_and_resets(aws, capsys):
    clean, faulty = peer_pairs(aws)
    plan = FaultPlan(SEED, throttle=0.2, server_error=0.05, reset=0.02)
    aws.interceptors.append(plan)

    first = peer(aws, *faulty, "mesh").assert_ok().task("peer")
    first_calls = len(aws.calls)
    aws.reset_calls()
    second = peer(aws, *faulty, "mesh").assert_ok().task("peer")

    assert first["changed"] is True and second["changed"] is False
    assert state(aws, *faulty) == state(aws, *clean)
    assert state(aws, *faulty)["us-east-1"] == [("a", "b", "active", (("Name", "mesh"),
                                                                      ("team", "net")))]
    assert [c for c in aws.writes() if c.status == 200] == []
    assert plan.stats.failed_attempts > 0
    with capsys.disabled():
        print(f"\n[faults] cross_region_peering, seed {SEED}: {plan.stats.failed_attempts} of "
              f"{first_calls + len(aws.calls)} calls failed and were retried "
              f"({dict(plan.stats.by_kind)}); converged to the clean run's state")


def test_peering_converges_when_the_new_connection_is_seen_late(aws, capsys):
    clean, faulty = peer_pairs(aws)
    consistency = EventualConsistency(reads=2, writes=True)
    aws.interceptors.append(consistency)

    out = peer(aws, *faulty, "mesh").assert_ok().task("peer")

    assert out["changed"] is True and out["peering_connection"]["status"] == "active"
    assert state(aws, *faulty) == state(aws, *clean)
    assert consistency.stats["peering"] == 2
    with capsys.disabled():
        print(f"\n[faults] cross_region_peering with the new connection hidden from the next 2 "
              f"answers: {consistency.stats['peering']} answers hid it "
              f"({sum(c.status >= 400 for c in aws.calls)} as not-found errors); converged")
