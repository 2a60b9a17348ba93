"""The AWS stand-in for vpcmesh.aws tests: moto plus our extensions, a recording proxy, and a
runner for real ansible-playbook runs.

- server.py      `Emulator`: moto (with extensions/) in a subprocess on a free port
- launch.py      the subprocess: apply extensions, then run moto's server
- proxy.py       `RecordingProxy`: forwards to moto and records every call as a `Call`
- calls.py       `Call`, how service/region/action/account/write are read off a request
- faults.py      interceptors for the proxy (`throttle_once`, error bodies)
- runner.py      `run_playbook()` -> `PlaybookResult`
- accounts.py    act as another account (STS AssumeRole), boto3 clients for tests
- seeding.py     `make_vpc()` to seed state for module tests
- harness.py     `AwsHarness`, what the `aws` fixture gives a test
- cli.py         `python -m tests.emulator start|stop|status`
- extensions/    one file per AWS behaviour moto lacks (see docs/emulator-gaps.md)

Pytest fixtures (`emulator`, `aws`) live in tests/conftest.py.
"""
