# Entry points: the test suites, the demo against a local emulator, and the estate-scale benchmark.
SHELL := /bin/bash
N ?= 2 4 8

.PHONY: test demo bench

test:
	scripts/test

demo:
	scripts/demo

# Not part of scripts/test: minutes per size. N="2 4 8 16" make bench for every size; STOCK_UP_TO=8 runs
# the stock baseline (one module run per pair and table) only up to N=8.
STOCK_UP_TO ?= 0
bench:
	. scripts/bootstrap && python -m bench --n $(N) --stock-up-to $(STOCK_UP_TO)
