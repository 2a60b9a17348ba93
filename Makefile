# Entry points: the test suites, the demo against a local emulator, and the estate-scale benchmark.
SHELL := /bin/bash
N ?= 2 4 8

.PHONY: test demo bench

test:
	scripts/test

demo:
	scripts/demo

# Not part of scripts/test: minutes per size. N="2 4 8 16" make bench for every size.
bench:
	. scripts/bootstrap && python -m bench --n $(N)
