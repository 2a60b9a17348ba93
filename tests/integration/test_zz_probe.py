import time
from tests.integration.test_connectivity_check import *  # noqa

def test_probe(aws, guide1):
    a, b, pcx, zone = guide1
    t = time.time()
    out = run_check(aws, guide1_flows(aws, a, b))
    total = time.time() - t
    calls = aws.calls
    print("\nTOTAL", total, "calls", len(calls), "elapsed sum", sum(c.elapsed for c in calls))
    for c in calls:
        print(c, round(c.elapsed, 3))
