"""Suite 2 (issue 9): a vpc_peering role run killed at each of its write calls; a second run must converge to
exactly the state of an uninterrupted run (one connection, accepted, tagged on both sides, DNS options and
attributes on, routes in every table, no duplicates). Peering has no client token: the second run finds and
reuses what the first one made.

A run killed just after AWS acted on write k (`after`) leaves AWS exactly as a run killed just before write k+1
(`before`), and a run keeps nothing outside AWS, so `after` for every k plus `before` the first write covers every
state an interruption can leave, at half the cost of both kinds at every k.
"""

from tests.emulator import snapshot
from tests.emulator.interrupt import KillOnWrite

REGIONS = ("us-east-1", "eu-west-1")
TAGS = {"Name": "interrupted", "team": "net"}


def play(a, b):
    return [dict(hosts="localhost", gather_facts=False, tasks=[dict(
        name="peer", **{"ansible.builtin.include_role": dict(name="vpcmesh.aws.vpc_peering")},
        vars=dict(vpc_peering_requester=dict(vpc_id=a["vpc_id"], region=a["region"]),
                  vpc_peering_accepter=dict(vpc_id=b["vpc_id"], region=b["region"]),
                  vpc_peering_enable_vpc_dns=True, vpc_peering_tags=TAGS))])]


def fresh_pair(aws):
    """An emptied emulator with guide 1's pair (DNS hostnames off on both sides, the main route table each)."""
    aws.reset()
    return aws.make_vpc("us-east-1", "10.0.0.0/16"), aws.make_vpc("eu-west-1", "172.30.0.0/16")


def state(aws):
    return snapshot.normalise(snapshot.take(aws, REGIONS))


def test_a_run_killed_at_any_write_is_finished_by_the_next_run(aws, capsys):
    pair = fresh_pair(aws)
    aws.run(play(*pair)).assert_ok()
    writes = [f"{c.action}@{c.region}" for c in aws.writes()]
    clean = state(aws)
    assert [w for w in writes if w.startswith("CreateRoute")] == ["CreateRoute@us-east-1", "CreateRoute@eu-west-1"]

    diverged = []
    for k, when in [(0, "before")] + [(k, "after") for k in range(len(writes))]:
        pair = fresh_pair(aws)
        kill = KillOnWrite(k, when)
        aws.interceptors.append(kill)
        first = aws.run(play(*pair), env=kill.env)
        aws.interceptors.clear()
        assert kill.fired and first.rc != 0, f"write {k} ({writes[k]}) was not interrupted: {first}"
        aws.run(play(*pair)).assert_ok()
        now = state(aws)
        if now != clean:
            diverged.append(f"killed {when} write {k} ({writes[k]}):\n{snapshot.differences(clean, now, limit=30)}")

    assert not diverged, "\n".join(diverged)
    with capsys.disabled():
        print(f"\n[interruption] vpc_peering role killed before its first write and after each of its {len(writes)} "
              f"writes ({', '.join(writes)}): {len(writes) + 1} interruptions survived, 0 duplicates")
