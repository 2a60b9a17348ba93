"""Estate-scale benchmark of vpcmesh.aws against the stock amazon.aws modules (issue 10).

    make bench                      # N = 2 4 8
    N="2 4 8 16" make bench         # every size
    python -m bench --n 2 --ours-only --out /tmp/perf.md   # what the smoke test runs

- estate.py     creates N regions of VPCs, route tables (and the private zone) with boto3: setup,
                not measured
- parts.py      the topology's parts and the tasks that build each, ours and stock
- measure.py    runs one playbook through the recording proxy: wall time, calls, peak memory
- suite.py      the runs for each N: first converge, second run, check mode, throttled converge
- report.py     docs/performance.md with its tables; svg.py draws the plot
"""
