"""Estate-scale benchmark of vpcmesh.aws against the stock amazon.aws modules (issue 10), and of the main
job, site.yml over the same estate as an inventory (issue 15).

    make bench                      # N = 2 4 8
    N="2 4 8 16" make bench         # every size
    python -m bench --n 2 --ours-only --out /tmp/perf.md   # what the smoke test runs

- estate.py     creates N regions of VPCs, route tables (and the private zone) with boto3: setup,
                not measured
- parts.py      the topology's parts and the tasks that build each, ours and stock
- measure.py    runs one playbook through the recording proxy: wall time, calls, peak memory
- main_job.py   the estate as a docs/inventory.md inventory, site.yml's runs over it, its phases
- suite.py      the runs for each N: first converge, second run, check mode, throttled converge,
                then the main job's
- report.py     docs/performance.md with its tables (report_main_job.py: the main job's sections);
                svg.py draws the plot
"""
