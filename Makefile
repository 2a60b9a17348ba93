# Entry points: the test suites, the demo against a local emulator, and the estate-scale benchmark.
SHELL := /bin/bash
N ?= 2 4 8

.PHONY: test demo bench

test:
	scripts/test

demo:
	scripts/demo

# Not part of scripts/test: minutes per size. N="2 4 8 16" make bench for every size; STOCK_UP_TO=8 runs
# the stock baseline (one module run per pair and table) only up to N=8; BENCH_FLAGS passes more options
# of python -m bench (e.g. --json results.json to keep the raw results, --no-main-job).
STOCK_UP_TO ?= 0
BENCH_FLAGS ?=
bench:
	. scripts/bootstrap && python -m bench --n $(N) --stock-up-to $(STOCK_UP_TO) $(BENCH_FLAGS)
