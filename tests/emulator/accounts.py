"""Acting as several AWS accounts in the emulator.

moto keeps separate state per account. Plain dummy keys act as the default account,
123456789012. STS AssumeRole into `arn:aws:iam::<ACCOUNT>:role/<any>` returns keys that act as
<ACCOUNT> (the role need not exist). So a test that needs two accounts does:

    from tests.emulator.accounts import OTHER_ACCOUNT, assume, boto3_client

    mine = boto3_client(url, "ec2", "us-east-1")                          # 123456789012
    theirs = boto3_client(url, "ec2", "us-west-2", account=OTHER_ACCOUNT)  # 222222222222
    peer_vpc = theirs.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    mine.create_vpc_peering_connection(VpcId=..., PeerVpcId=peer_vpc,
                                       PeerOwnerId=OTHER_ACCOUNT, PeerRegion="us-west-2")

and a playbook acts as the other account by passing the keys from `assume()` as the module's
`access_key` / `secret_key` / `session_token` (or a peer_credentials block), e.g. through
`extravars={"peer": assume(url, OTHER_ACCOUNT)}`. In pytest, `aws.client(service, region,
account=OTHER_ACCOUNT)` and `aws.assume(OTHER_ACCOUNT)` do the same through the recording proxy,
which attributes those calls to 222222222222.

Assumed keys live in moto's state: after a reset, assume again.
"""

from __future__ import annotations

import threading

import boto3
from botocore.config import Config

DEFAULT_ACCOUNT = "123456789012"
OTHER_ACCOUNT = "222222222222"
ROLE_NAME = "vpcmesh-test"
DUMMY_KEYS = {"aws_access_key_id": "AKIAVPCMESHTESTING00", "aws_secret_access_key": "testing"}
CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3},
                       connect_timeout=5, read_timeout=120)
# boto3's default session is not safe to make clients from in two threads at once (a test may seed a second
# emulator in a thread, tests/reliability/guides.py FaultedRun); the clients themselves are.
_CLIENTS_LOCK = threading.Lock()


def _client(service: str, **kwargs):
    with _CLIENTS_LOCK:
        return boto3.client(service, **kwargs)


def assume(endpoint_url: str, account_id: str, region: str = "us-east-1") -> dict:
    """Keys acting as `account_id`: dict(access_key, secret_key, session_token)."""
    sts = _client("sts", endpoint_url=endpoint_url, region_name=region, config=CLIENT_CONFIG, **DUMMY_KEYS)
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/{ROLE_NAME}", RoleSessionName="vpcmesh-test"
    )["Credentials"]
    return {
        "access_key": creds["AccessKeyId"],
        "secret_key": creds["SecretAccessKey"],
        "session_token": creds["SessionToken"],
    }


def boto3_client(endpoint_url: str, service: str, region: str = "us-east-1",
                 account: str | None = None, creds: dict | None = None):
    """A boto3 client on the emulator acting as `account` (default account when None).

    `creds` (from `assume()`) skips the AssumeRole call when the keys are already known.
    """
    if creds is None and account not in (None, DEFAULT_ACCOUNT):
        creds = assume(endpoint_url, account, region)
    if creds is None or not creds.get("session_token"):
        keys = dict(DUMMY_KEYS)
    else:
        keys = {
            "aws_access_key_id": creds["access_key"],
            "aws_secret_access_key": creds["secret_key"],
            "aws_session_token": creds["session_token"],
        }
    return _client(service, endpoint_url=endpoint_url, region_name=region, config=CLIENT_CONFIG, **keys)
