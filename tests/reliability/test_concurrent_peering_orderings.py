"""Two runs of the same cross_region_peering task, in every ordering that matters (issue 17): each ends with one
active connection for the pair, both runs succeed and report it.

The orderings are forced, not left to luck: each run tags its requests (``AWS_SDK_UA_APP_ID`` puts ``app/<run>``
in the User-Agent) and an interceptor of the recording proxy holds a chosen call of one run until a chosen call
of the other has arrived or been answered. The runs are module runs (``aws.run_module``) in two threads.
"""

from __future__ import annotations

import re
import threading

import pytest


RUNS = ("run-a", "run-b")
HOLD = 60  # seconds an ordering may wait for the other run; reaching it is a failure, not a pass


class Ordering:
    """Interceptor: ``holds`` maps (run, action) to the events (``"<run>:<action>:arrived|answered"``, for the
    first call of that run and action) the call waits for; ``accepts`` orders the two runs' accepts of the kept
    connection: ``"keeper"`` (the run that created it accepts first) or ``"other"`` (the other run first)."""

    def __init__(self, holds=None, accepts=None):
        self.holds, self.accepts = holds or {}, accepts
        self.events, self.seen, self.created, self.timeouts = {}, set(), {}, []
        self.lock = threading.Lock()

    def event(self, name):
        with self.lock:
            return self.events.setdefault(name, threading.Event())

    @staticmethod
    def run_of(request):
        agent = next((v for k, v in request.headers.items() if k.lower() == "user-agent"), "")
        return next((run for run in RUNS if f"app/{run}" in agent), None)

    def wait(self, name):
        if not self.event(name).wait(HOLD):
            self.timeouts.append(name)

    def __call__(self, call, request):
        run = self.run_of(request)
        if run is None:
            return None
        key = (run, call.action)
        with self.lock:
            first = key not in self.seen
            self.seen.add(key)
        if not first:
            return None
        self.event(f"{run}:{call.action}:arrived").set()
        for name in self.holds.get(key, ()):
            self.wait(name)
        if call.action == "AcceptVpcPeeringConnection" and self.accepts:
            keeper = self.created.get(call.params.get("VpcPeeringConnectionId"))
            other = next(r for r in RUNS if r != keeper) if keeper else None
            first_run = keeper if self.accepts == "keeper" else other
            if first_run and run != first_run:
                self.wait(f"{first_run}:AcceptVpcPeeringConnection:answered")
        return None

    def answered(self, call, request, response):
        run = self.run_of(request)
        if run is None:
            return None
        if call.action == "CreateVpcPeeringConnection":
            found = re.search(rb"<vpcPeeringConnectionId>(pcx-[0-9a-f]+)<", response[2])
            if found:
                self.created[found.group(1).decode()] = run
        self.event(f"{run}:{call.action}:answered").set()
        return None

    def release_all(self):
        for event in list(self.events.values()):
            event.set()


# name -> (holds, accepts, start order): what each ordering forces
ORDERINGS = {
    # run-b reads before run-a requests, and its request reaches AWS only after run-a has finished
    "late request": (dict(), None, "b waits for a"),
    # both read nothing and both request; the run that made the kept connection accepts it first
    "both request, keeper accepts first": (
        {("run-a", "CreateVpcPeeringConnection"): ["run-b:CreateVpcPeeringConnection:arrived"],
         ("run-b", "CreateVpcPeeringConnection"): ["run-a:CreateVpcPeeringConnection:arrived"]}, "keeper", None),
    # the same, but the other run (which deleted its own request) accepts the kept one first
    "both request, other run accepts first": (
        {("run-a", "CreateVpcPeeringConnection"): ["run-b:CreateVpcPeeringConnection:arrived"],
         ("run-b", "CreateVpcPeeringConnection"): ["run-a:CreateVpcPeeringConnection:arrived"]}, "other", None),
    # run-b reads after run-a's request and reuses it; run-a accepts first
    "reuse, requester accepts first": (
        {("run-b", "DescribeVpcPeeringConnections"): ["run-a:CreateVpcPeeringConnection:answered"],
         ("run-a", "AcceptVpcPeeringConnection"): ["run-b:AcceptVpcPeeringConnection:arrived"],
         ("run-b", "AcceptVpcPeeringConnection"): ["run-a:AcceptVpcPeeringConnection:answered"]}, None, None),
    # run-b reuses run-a's pending request and accepts it before run-a does
    "reuse, reusing run accepts first": (
        {("run-b", "DescribeVpcPeeringConnections"): ["run-a:CreateVpcPeeringConnection:answered"],
         ("run-a", "AcceptVpcPeeringConnection"): ["run-b:AcceptVpcPeeringConnection:answered"]}, None, None),
    # run-b's request lands after run-a settled on its own request but before run-a accepts it
    "request between the other's settle and accept": (
        {("run-a", "CreateVpcPeeringConnection"): ["run-b:DescribeVpcPeeringConnections:answered"],
         ("run-b", "CreateVpcPeeringConnection"): ["run-a:AcceptVpcPeeringConnection:arrived"],
         ("run-a", "AcceptVpcPeeringConnection"): ["run-b:CreateVpcPeeringConnection:answered"]}, None, None),
}


def pair_connections(aws, a, b):
    ec2 = aws.client("ec2", "us-east-1")
    found = ec2.describe_vpc_peering_connections(Filters=[
        dict(Name="requester-vpc-info.vpc-id", Values=[a["vpc_id"]]),
        dict(Name="accepter-vpc-info.vpc-id", Values=[b["vpc_id"]])])["VpcPeeringConnections"]
    return {c["VpcPeeringConnectionId"]: c["Status"]["Code"] for c in found}


@pytest.mark.parametrize("name", list(ORDERINGS))
def test_two_runs_of_one_peering_task_end_with_one_active_connection_whatever_the_ordering(aws, name):
    holds, accepts, start = ORDERINGS[name]
    a = aws.make_vpc("us-east-1", "10.0.0.0/16")
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16")
    args = dict(region="us-east-1", vpc_id=a["vpc_id"], peer_vpc_id=b["vpc_id"], peer_region="eu-west-1",
                tags={"Name": "race"}, wait_timeout=60)
    ordering = Ordering(holds, accepts)
    if start == "b waits for a":
        ordering.holds[("run-b", "CreateVpcPeeringConnection")] = ["run-a:done"]
        ordering.holds[("run-a", "GetCallerIdentity")] = ["run-b:CreateVpcPeeringConnection:arrived"]
    aws.interceptors.append(ordering)
    results = {}

    def run(which):
        results[which] = aws.run_module("cross_region_peering", args, env={"AWS_SDK_UA_APP_ID": which})
        ordering.event(f"{which}:done").set()

    threads = [threading.Thread(target=run, args=(which,)) for which in RUNS]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(3 * HOLD)
    finally:
        ordering.release_all()
        aws.interceptors.clear()

    assert not ordering.timeouts, f"{name}: the ordering could not be forced, waited for {ordering.timeouts}"
    for which in RUNS:
        assert results[which].rc == 0, f"{name}: {which} failed: {results[which].task('cross_region_peering')}"
    live = {pcx: status for pcx, status in pair_connections(aws, a, b).items() if status not in ("deleted",)}
    assert list(live.values()) == ["active"], f"{name}: the pair ends with {live}"
    reported = {results[which].task("cross_region_peering")["peering_id"] for which in RUNS}
    assert reported == set(live), f"{name}: the runs report {reported}, the pair has {live}"
    if name.startswith("both request"):
        assert len(ordering.created) == 2, f"{name}: both runs were to request; created {ordering.created}"
