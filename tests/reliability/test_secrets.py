"""Secrets (issue 9, suite 7): a -vvv run that acts for another account prints no secret.

The playbook goes every way credentials travel in the collection: the guides' role assumption
(playbooks/tasks/account_credentials.yml), the vpc_peering role with the other side's keys as `credentials`
(so cross_region_peering, peering_dns_options and peer_routes get `peer_credentials`), a module assuming a
role itself (`peer_credentials.role_arn`), keys in `module_defaults` (acting as the other account) and
connectivity_check's per-flow `credentials`. It runs with the default (human) callback at verbosity 3 and
task arguments displayed. Every secret access key and session token STS handed out during the run, and the
caller's own secret key, must appear nowhere in stdout or stderr.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from tests.emulator.accounts import OTHER_ACCOUNT

CALLER_SECRET = "vpcmeshCallerSecretKey0000000000000000000"  # distinctive, so a leak cannot hide in other text
ROLE_ARN = f"arn:aws:iam::{OTHER_ACCOUNT}:role/vpcmesh-demo"
ACCOUNT_CREDENTIALS = str(Path(__file__).resolve().parents[2] / "playbooks" / "tasks" / "account_credentials.yml")


class StsSecrets:
    """A proxy interceptor that answers nothing itself and keeps every secret STS answers with."""

    FIELDS = re.compile(rb"<(SecretAccessKey|SessionToken)>([^<]+)</\1>")

    def __init__(self):
        self.found: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, call, request):
        return None

    def answered(self, call, request, response):
        if call.service == "sts":
            with self._lock:
                self.found.update(value.decode() for _field, value in self.FIELDS.findall(response[2]))
        return None


def playbook(mine: dict, theirs: dict) -> list:
    team = "{{ account_credentials['%s'] }}" % OTHER_ACCOUNT
    keys = {k: "{{ account_credentials['%s'].%s }}" % (OTHER_ACCOUNT, k) for k in ("access_key", "secret_key", "session_token")}
    requester = dict(vpc_id=mine["vpc_id"], region=mine["region"])
    accepter = dict(vpc_id=theirs["vpc_id"], region=theirs["region"], account_id=OTHER_ACCOUNT, credentials=team)
    return [dict(hosts="localhost", gather_facts=False, vars=dict(demo_accounts={OTHER_ACCOUNT: dict(role_arn=ROLE_ARN)}),
                 tasks=[
        dict(name="assume the other account's role", **{"ansible.builtin.include_tasks": ACCOUNT_CREDENTIALS}),
        dict(name="peer with the other account's keys", **{"ansible.builtin.include_role": dict(
            name="vpcmesh.aws.vpc_peering")}, vars=dict(vpc_peering_requester=requester, vpc_peering_accepter=accepter)),
        dict(name="the module assumes the role itself", **{"vpcmesh.aws.cross_region_peering": dict(
            region=mine["region"], vpc_id=mine["vpc_id"], peer_vpc_id=theirs["vpc_id"], peer_region=theirs["region"],
            peer_owner_id=OTHER_ACCOUNT, peer_credentials=dict(role_arn=ROLE_ARN))}),
        dict(name="act as the other account through module_defaults",
             module_defaults={"group/vpcmesh.aws.aws": keys},
             block=[dict(name="the other owner's DNS option", **{"vpcmesh.aws.peering_dns_options": dict(
                 region=theirs["region"], peering_id="{{ vpc_peering_result.peering_id }}",
                 accepter_dns_resolution=False)})]),
        dict(name="check with per-flow credentials", **{"vpcmesh.aws.connectivity_check": dict(flows=[dict(
            source=dict(vpc_id=theirs["vpc_id"], region=theirs["region"], credentials=team),
            destination=dict(ip="10.0.0.10", vpc_id=mine["vpc_id"], region=mine["region"]), port=443)])}),
    ])]


def test_verbose_run_acting_for_another_account_prints_no_secret(aws):
    mine = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=1)
    theirs = aws.make_vpc("us-west-2", "10.1.0.0/16", OTHER_ACCOUNT, subnets=1)
    aws.proxy.accounts.forget_all()  # the run must learn the other account's keys from its own STS calls
    secrets = StsSecrets()
    aws.interceptors.append(secrets)
    result = aws.run(playbook(mine, theirs), env={
        "AWS_SECRET_ACCESS_KEY": CALLER_SECRET,
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_VERBOSITY": "3",
        "ANSIBLE_DISPLAY_ARGS_TO_STDOUT": "True",
    })
    output = result.stdout + result.stderr
    assert result.rc == 0, output[-4000:]
    assert len(secrets.found) >= 4, "the run assumed fewer than two roles: the test lost its point"
    assert {c.account for c in aws.writes()} == {"123456789012", OTHER_ACCOUNT}, "nothing was done as the other owner"
    leaked = sorted(s for s in secrets.found | {CALLER_SECRET} if s in output)
    lines = [line[:200] for line in output.splitlines() if any(s in line for s in leaked)]
    assert not leaked, f"{len(leaked)} secrets printed, e.g. in:\n" + "\n".join(lines[:10])
