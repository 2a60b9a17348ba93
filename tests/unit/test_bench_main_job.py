"""The benchmark's main job (bench/main_job.py, bench/report_main_job.py): the inventory it writes for the bench
estate, the writes it needs, its phases from the JSON callback's tasks, and the targets computed from them."""

from bench.estate import Estate, Vpc
from bench.main_job import inventory, needed_writes, phase_of, phases, units
from bench.measure import task_table
from bench.report_main_job import main_targets

PEERING_PLAY = "Peerings, by unit (the VPC hosts acting with the same account's credentials), one module run per unit"


def estate(n):
    vpcs = [Vpc(f"v{i}", f"region-{i}", f"vpc-{i}", f"10.{i}.0.0/16", [f"rtb-{i}a", f"rtb-{i}b", f"rtb-{i}c"],
                [f"subnet-{i}a", f"subnet-{i}b"]) for i in range(n)]
    return Estate([v.region for v in vpcs], vpcs, "Z1", [(a, b) for i, a in enumerate(vpcs) for b in vpcs[i + 1:]])


def test_the_inventory_has_every_vpc_as_a_host_of_vpcmesh_vpcs_and_the_topology_in_its_vars():
    made = inventory(estate(3))["vpcmesh_vpcs"]
    assert made["hosts"]["bench-v1"] == {"vpcmesh_region": "region-1", "vpcmesh_vpc_id": "vpc-1"}
    names = ["bench-v0", "bench-v1", "bench-v2"]
    assert made["vars"]["vpcmesh_peerings"] == [{"full_mesh": names, "dns_resolution": True}]
    assert made["vars"]["vpcmesh_zones"] == [{"name": "mesh.internal", "vpcs": names}]
    assert made["vars"]["vpcmesh_resolver_meshes"][0]["nodes"] == names
    assert made["vars"]["vpcmesh_resolver_meshes"][0]["s3_endpoints"] is False


def test_hosts_with_the_callers_credentials_are_one_unit_and_each_role_another():
    made = inventory(estate(3))
    assert units(made) == 1
    made["vpcmesh_vpcs"]["hosts"]["bench-v2"]["vpcmesh_role_arn"] = "arn:aws:iam::222222222222:role/x"
    assert units(made) == 2


def test_needed_writes_at_two_regions_count_peering_dns_routes_zone_and_resolver_mesh():
    # 1 pair across regions: request, accept, tags copy (3) + DNS options both sides (2) + 6 tables x 1 peer (6)
    # + 1 zone association + per VPC a security group, its ingress, two endpoints (8) + 2 x 2 x 2 x 1 rules (8)
    assert needed_writes(estate(2)) == 3 + 2 + 6 + 1 + 8 + 8


def test_tasks_map_to_their_play_or_in_the_peering_play_to_their_own_phase():
    assert phase_of(PEERING_PLAY, "Request, each by its requester") == "request"
    assert phase_of(PEERING_PLAY, "Allow DNS resolution from the remote VPC") == "DNS options"
    assert phase_of(PEERING_PLAY, "Route each side's route tables") == "routes"
    assert phase_of("Know every VPC of the inventory", "Read every VPC") == "read"
    assert phase_of("Route 53 Resolver meshes, each run by its first node", "x") == "resolver mesh"
    assert phase_of("Some new play", "x") == "Some new play"


def test_phases_sum_runs_and_seconds_and_leave_out_the_peering_plays_message():
    table = [["Know every VPC of the inventory", "Read", 1, 1.0],
             [PEERING_PLAY, "Request, each", 1, 2.0],
             [PEERING_PLAY, "Say which peerings check mode could not plan", 0, 0.1],
             ["Private hosted zones, each run by the VPC that owns it", "List", 1, 0.5],
             ["Private hosted zones, each run by the VPC that owns it", "Associate", 2, 1.5]]
    assert phases(table) == {"read": {"runs": 1, "seconds": 1.0}, "request": {"runs": 1, "seconds": 2.0},
                             "zones": {"runs": 3, "seconds": 2.0}}


def test_task_table_counts_module_runs_per_task_over_hosts_and_loop_items():
    stdout = ('{"plays": [{"play": {"name": "P"}, "tasks": [{"task": {"name": "T", "duration": '
              '{"start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:00:02.5Z"}}, "hosts": {'
              '"a": {"results": [{"invocation": {}}, {"invocation": {}}]}, "b": {"invocation": {}}, '
              '"c": {"skipped": true}}}]}]}')
    assert task_table(stdout) == [["P", "T", 3, 2.5]]


def run(wall, reads, writes, peering_runs=1, accept_runs=0):
    return {"wall": wall, "cpu": wall, "load": 1.0, "reads": reads, "writes": writes, "calls": reads + writes,
            "invocations": 10, "phases": {"request": {"runs": peering_runs, "seconds": 1.0},
                                          "accept": {"runs": accept_runs, "seconds": 0.0},
                                          "DNS options": {"runs": peering_runs, "seconds": 1.0},
                                          "routes": {"runs": peering_runs, "seconds": 1.0}}}


def main_result(n, second_wall, second_reads, first_writes=10, needed=10, peering_runs=1):
    return {"n": n, "units": 1, "needed_writes": needed,
            "first": run(20, 50, first_writes, peering_runs), "second": run(second_wall, second_reads, 0, peering_runs),
            "check": run(second_wall, second_reads, 0, peering_runs)}


def verdicts(main, ours):
    return {target: met for target, _measured, met in main_targets(main, ours)}


def test_targets_are_met_when_the_main_job_is_within_the_bounds():
    main = {2: main_result(2, 10, 80), 8: main_result(8, 14, 100), 16: main_result(16, 20, 110)}
    ours = {8: {"second": {"wall": 10.0, "cpu": 10.0, "load": 1.0}}}
    got = verdicts(main, ours)
    assert got["main job: N=8 second run within 1.5x of the list forms' second run"] == "yes"
    assert got["main job: second-run reads per unit at N=16 <= 1.5x those at N=2"] == "yes"
    assert got["main job: module runs per peering phase = units (N=8, 1 unit)"] == "yes"
    assert got["main job: first converge writes = things created (N=16)"] == "yes"


def test_targets_say_no_with_how_far_and_not_measured_without_n16():
    main = {2: main_result(2, 10, 80, first_writes=12), 8: main_result(8, 30, 200, peering_runs=3)}
    ours = {8: {"second": {"wall": 10.0, "cpu": 10.0, "load": 1.0}}}
    got = verdicts(main, ours)
    assert got["main job: N=8 second run within 1.5x of the list forms' second run"] == "**no** (x2.0 over)"
    assert got["main job: second-run reads per unit at N=16 <= 1.5x those at N=2"] == "not measured"
    assert got["main job: module runs per peering phase = units (N=8, 1 unit)"] == "**no**"
    assert got["main job: first converge writes = things created (N=2)"] == "**no** (+2)"


def test_a_report_without_main_job_runs_has_no_main_job_rows(tmp_path):
    from bench.report_main_job import main_reasons
    assert main_targets({}, {}) == [] and main_reasons({}, {}) == []
