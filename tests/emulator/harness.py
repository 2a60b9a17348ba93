"""`AwsHarness`: what the `aws` pytest fixture hands a test.

One emulator (moto + extensions) and one recording proxy per pytest process (per xdist
worker); each test starts from empty moto state and an empty call record.

    def test_second_run_makes_no_write_calls(aws):
        vpc = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2, route_tables=1)
        aws.run(PLAYBOOK, extravars={"vpc_id": vpc["vpc_id"]}).assert_ok()
        aws.reset_calls()
        assert aws.run(PLAYBOOK, extravars={"vpc_id": vpc["vpc_id"]}).rc == 0
        assert aws.writes() == []
"""

from __future__ import annotations

from .accounts import DEFAULT_ACCOUNT, DUMMY_KEYS, assume, boto3_client
from .proxy import RecordingProxy
from .inprocess import run_module
from .runner import PlaybookResult, run_playbook
from .seeding import make_vpc
from .server import Emulator


class AwsHarness:
    def __init__(self, emulator: Emulator, proxy: RecordingProxy):
        self.emulator = emulator
        self.proxy = proxy
        self._clients: dict = {}
        self._creds: dict = {}

    @property
    def url(self) -> str:
        """The recording proxy's URL: point modules and clients here."""
        return self.proxy.url

    @property
    def moto_url(self) -> str:
        """moto itself, bypassing the recorder (for calls that must not be counted)."""
        return self.emulator.url

    @property
    def interceptors(self) -> list:
        return self.proxy.interceptors

    def reset(self) -> None:
        """Empty moto state, the call record, learned keys, interceptors and cached clients."""
        self.emulator.reset()
        self.proxy.reset_calls()
        self.proxy.accounts.forget_all()
        self.proxy.interceptors.clear()
        self._clients.clear()
        self._creds.clear()

    # calls
    @property
    def calls(self) -> list:
        return self.proxy.calls

    def writes(self) -> list:
        return self.proxy.writes()

    def reads(self) -> list:
        return self.proxy.reads()

    def reset_calls(self) -> None:
        self.proxy.reset_calls()

    def summary(self) -> dict:
        return self.proxy.summary()

    # acting as accounts
    def assume(self, account: str, region: str = "us-east-1") -> dict:
        """dict(access_key, secret_key, session_token) acting as `account` (cached per test)."""
        if account == DEFAULT_ACCOUNT:
            return {"access_key": DUMMY_KEYS["aws_access_key_id"],
                    "secret_key": DUMMY_KEYS["aws_secret_access_key"], "session_token": None}
        if account not in self._creds:
            self._creds[account] = assume(self.url, account, region)
        return self._creds[account]

    def client(self, service: str, region: str = "us-east-1", account: str | None = None):
        """A boto3 client through the proxy, acting as `account` (default 123456789012)."""
        key = (service, region, account or DEFAULT_ACCOUNT)
        if key not in self._clients:
            creds = None if account in (None, DEFAULT_ACCOUNT) else self.assume(account)
            self._clients[key] = boto3_client(self.url, service, region, creds=creds)
        return self._clients[key]

    # seeding and playbooks
    def make_vpc(self, region: str, cidr: str, account: str | None = None, *, subnets: int = 0,
                 route_tables: int = 0, tags: dict | None = None,
                 secondary_cidrs: tuple = ()) -> dict:
        """Create a VPC (+ subnets, route tables), then forget the setup calls.

        Returns dict(vpc_id, cidr, region, owner_id, subnet_ids, route_table_ids,
        main_route_table_id).
        """
        vpc = make_vpc(self.client("ec2", region, account), cidr, subnets=subnets,
                       route_tables=route_tables, tags=tags, secondary_cidrs=secondary_cidrs)
        self.reset_calls()
        return vpc

    def run(self, playbook, **kwargs) -> PlaybookResult:
        """run_playbook(playbook, endpoint_url=self.url, **kwargs)."""
        return run_playbook(playbook, endpoint_url=self.url, **kwargs)

    def run_module(self, module: str, args: dict, **kwargs) -> PlaybookResult:
        """inprocess.run_module(module, args, endpoint_url=self.url, **kwargs): one module run without
        ansible-playbook (module-level cases; playbooks keep their own tests)."""
        return run_module(module, args, endpoint_url=self.url, **kwargs)
