"""The benchmark's generator, runner and report work end to end (N=2, ours' peering only, so it
stays fast; `make bench` runs every part)."""

from bench.report import write_report
from bench.suite import bench_tool


def test_bench_at_two_regions_writes_the_tables_from_real_runs(emulator, tmp_path):
    result = bench_tool(emulator.server, emulator.proxy, 2, "ours", throttle_scale=0,
                        log=lambda line: None, kinds=(("first", False), ("second", False)),
                        only_parts={"peering"})
    out = tmp_path / "performance.md"
    write_report([result], out, throttle_scale=0)

    assert result["first"]["rc"] == 0, result["first"]["error"]
    assert result["second"]["rc"] == 0, result["second"]["error"]
    assert result["first"]["writes"] == result["needed_writes"] == 3  # request, accept, tags
    assert result["second"]["writes"] == 0
    assert result["first"]["by_action"]["ec2:CreateVpcPeeringConnection"] == 1
    text = out.read_text()
    assert "| 2 | ours | first converge |" in text and "| 2 | ours | second run |" in text
    assert "| second run makes no write (N=2) | 0 writes | yes |" in text
    assert (tmp_path / "performance.svg").read_text().startswith("<svg")
