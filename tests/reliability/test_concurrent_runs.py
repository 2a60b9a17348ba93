"""Suite 3 (issue 9): two runs of the same playbook at once end with one peering, one set of routes and one
of each Resolver rule, exactly as one run alone would. Both runs describe, see nothing and both create; the
modules settle it (peering: smallest ID kept, the other deleted by its run; routes: RouteAlreadyExists to the
same target is success; rules: a deterministic CreatorRequestId)."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.emulator import snapshot
from tests.integration.test_resolver_forward_mesh import make_node, node_arg
from tests.reliability.test_interruption_peering import REGIONS, fresh_pair, play


def hold_until_both(action, key=lambda request: None):
    """An interceptor holding each `action` call until the other run makes the same call (same `key`): both
    runs have read the state and seen nothing, the race the suite is about, whatever the machine's timing."""
    barriers, lock = {}, threading.Lock()

    def interceptor(call, request):
        if call.action == action:
            with lock:
                barrier = barriers.setdefault(key(request), threading.Barrier(2, timeout=120))
            barrier.wait()
        return None

    return interceptor


def creator_request_id(request):
    return json.loads(request.body)["CreatorRequestId"]


def run_twice_at_once(aws, playbook):
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda _run: aws.run(playbook), range(2)))


def test_two_vpc_peering_runs_at_once_end_with_one_peering_and_one_set_of_routes(aws, capsys):
    pair = fresh_pair(aws)
    aws.run(play(*pair)).assert_ok()
    alone = snapshot.normalise(snapshot.take(aws, REGIONS))

    pair = fresh_pair(aws)
    aws.interceptors.append(hold_until_both("CreateVpcPeeringConnection"))
    runs = run_twice_at_once(aws, play(*pair))
    aws.interceptors.clear()

    for result in runs:
        result.assert_ok()
    assert snapshot.normalise(snapshot.take(aws, REGIONS)) == alone
    creates = [c for c in aws.writes() if c.action == "CreateVpcPeeringConnection"]
    deletes = [c for c in aws.writes() if c.action == "DeleteVpcPeeringConnection"]
    assert len(creates) == 2 and len(deletes) >= 1
    refused = [c for c in aws.writes() if c.action == "CreateRoute" and c.status == 400]
    with capsys.disabled():
        print(f"\n[concurrency] two vpc_peering runs at once: {len(creates)} peering requests, {len(deletes)} "
              f"deletes of the duplicate, {len(refused)} routes refused as already there; end state equals one run's")


def test_two_resolver_mesh_runs_at_once_end_with_one_of_each_rule_and_association(aws, capsys):
    regions = ("us-east-1", "us-west-2")
    nodes = [make_node(aws, region) for region in regions]
    mesh = [dict(hosts="localhost", gather_facts=False, tasks=[dict(name="mesh", **{
        "vpcmesh.aws.resolver_forward_mesh": dict(name="race", nodes=[node_arg(n) for n in nodes])})])]
    aws.interceptors.append(hold_until_both("CreateResolverRule", creator_request_id))

    for result in run_twice_at_once(aws, mesh):
        result.assert_ok()

    aws.interceptors.clear()
    end = snapshot.take(aws, regions)["123456789012"]
    for region in regions:
        rules = sorted(r["DomainName"] for r in end[region]["resolver_rules"])
        other = next(r for r in regions if r != region)
        assert rules == [f"{other}.amazonaws.com.", f"{other}.vpce.amazonaws.com."]
        assert len(end[region]["resolver_rule_associations"]) == 2
    creates = [c for c in aws.calls if c.action == "CreateResolverRule"]
    refused = [c for c in aws.calls if c.action == "AssociateResolverRule" and c.status == 400]
    assert len(creates) == 8 and len(refused) == 4  # each rule created and associated by both runs
    with capsys.disabled():
        print(f"\n[concurrency] two resolver_forward_mesh runs at once: {len(creates)} rule creates for 4 rules, "
              f"{len(refused)} duplicate associations refused and taken as done; one of each rule and association")
