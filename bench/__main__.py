"""`python -m bench [--n 2 4 8] [--ours-only | --stock-up-to 8] [--no-main-job] [--out docs/performance.md]
[--json results.json]`: run and write the doc (or `--from-json results.json`: write it from kept results)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[2, 4, 8], help="numbers of regions")
    parser.add_argument("--ours-only", action="store_true", help="skip the stock baseline")
    parser.add_argument("--stock-up-to", type=int, default=0,
                        help="run the stock baseline only for N up to this (it takes minutes per module run)")
    parser.add_argument("--throttle-scale", type=float, default=0.1,
                        help="scale of AWS's bucket sizes and rates for the throttled run (0: skip)")
    parser.add_argument("--no-main-job", action="store_true", help="skip the main job (site.yml) runs")
    parser.add_argument("--out", default=str(REPO / "docs" / "performance.md"))
    parser.add_argument("--json", help="also write the raw results here (after every size and tool)")
    parser.add_argument("--from-json", help="run nothing: write the doc from the results --json kept")
    args = parser.parse_args(argv)

    sys.path[:0] = [str(REPO), str(REPO / ".build" / "collections")]
    from bench.report import write_report
    from bench.suite import bench

    tools = ("ours",) if args.ours_only else ("ours", "stock")

    def keep(results):
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1))

    if args.from_json:
        results = json.loads(Path(args.from_json).read_text())
        write_report(results, Path(args.out), args.throttle_scale)
        print(f"wrote {args.out} from {args.from_json}")
        return 0
    results = bench(args.n, tools, args.throttle_scale, stock_up_to=args.stock_up_to, each=keep,
                    main_job=not args.no_main_job)
    write_report(results, Path(args.out), args.throttle_scale)
    failed = [r for r in results for k in ("first", "second", "check", "throttled")
              if k in r and r[k]["rc"]]
    print(f"wrote {args.out}" + (f"; {len(failed)} runs failed" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
