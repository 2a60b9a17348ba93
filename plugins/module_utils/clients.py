# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clients per (account, region) for modules that act on both sides of a connection.

A module acts as its own caller (the usual amazon.aws credentials and ``endpoint_url``) and, when the
other side belongs to another account, as that account through ``credentials`` / ``peer_credentials``
(a profile, a role to assume, or keys). The same ``endpoint_url`` serves every region (the emulator),
while without one boto3 picks the regional AWS endpoint.

Retries, one layer per kind of failure. botocore's "adaptive" mode (``BOTOCORE_RETRIES``) retries every
throttling code (EC2 ``RequestLimitExceeded``, Route 53 ``Throttling`` and ``PriorRequestNotComplete``, Resolver
``ThrottlingException``), 500/502/503/504 answers and dropped or timed-out connections: up to 10 retries (botocore
counts 11 attempts) with jittered exponential backoff (at most 20 s between attempts), which is what AWS
recommends; a client also stops retrying while its retry quota is spent (botocore's token bucket, refilled by
successes). Adaptive is standard mode plus a client-side rate limiter: off until the first throttling answer,
then it sends at the rate the service admitted (CUBIC: cut on a throttle, climbing back as calls succeed), so a
client paces itself to its account's and region's bucket instead of retrying at random; a run that is never
throttled sends exactly as in standard mode. Around that, ``retry_decorator`` (amazon.aws's ``CloudRetry`` machinery, ``EventualRetry``) retries
only the caller's ``extra_codes``: answers that mean "not visible yet" or "another change still in progress"
(a peering right after its create, Route 53 ``ConcurrentModification``, ...), which botocore does not retry. It
does not retry throttling or 5xx a second time, so a persistent throttle fails the call after botocore's 11
attempts (with two nested layers it took up to 10 x 11 = 110). A read timeout on a create without an
idempotency token (CreateVpcPeeringConnection) can still reach AWS twice (botocore retries it); peering_runner
re-lists the pair after a create and keeps one connection.
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.botocore import paginated_query_with_retries
from ansible_collections.amazon.aws.plugins.module_utils.cloud import CloudRetry
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

from ansible_collections.vpcmesh.aws.plugins.module_utils.sessions import make_client
from ansible_collections.vpcmesh.aws.plugins.module_utils.validation import arn_partition, sts_region

try:
    import botocore
    from botocore.config import Config
    from botocore.parsers import ResponseParserError

    # What a boto3 call can raise: AWS's refusal, botocore's own errors, and an answer botocore cannot parse
    # (ResponseParserError is not a BotoCoreError: an HTML error page from a proxy, or an endpoint that does
    # not serve the region).
    AWS_ERRORS = (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError, ResponseParserError)
except ImportError:  # handled by AnsibleAWSModule
    Config = ResponseParserError = None
    AWS_ERRORS = ()


def unparsable(error):
    """What to say about an answer botocore could not parse (its first line, without the retry advice)."""
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    first = first.split(" Further retries may succeed")[0].rstrip(":. ")
    return (f"the answer could not be read as AWS's ({first[:200]}); the endpoint does not speak this API for that "
            "region: check the region names and endpoint_url")


def fail_call(module, error, msg):
    """Fail the module for ``error`` raised by the call ``msg`` names; an unparsable answer gets one clear
    message instead of botocore's parser dump."""
    if isinstance(error, ResponseParserError):
        module.fail_json(msg=f"{msg}: {unparsable(error)}")
    module.fail_json_aws(error, msg=msg)


# Error codes that mean "not visible yet" right after a create in another region/account.
EVENTUAL_CODES = [
    "InvalidVpcPeeringConnectionID.NotFound",
    "InvalidVpcPeeringConnectionId.NotFound",
]

# Sub-options of every ``credentials``-like option; documented in doc_fragments/peer_credentials.py.
CREDENTIALS_OPTIONS = dict(
    profile=dict(type="str"),
    role_arn=dict(type="str"),
    role_session_name=dict(type="str", default="vpcmesh-aws"),
    external_id=dict(type="str", no_log=True),
    access_key=dict(type="str", no_log=False),
    secret_key=dict(type="str", no_log=True),
    session_token=dict(type="str", no_log=True),
)


def credentials_spec(**extra):
    """Argument spec entry for a credentials option (``peer_credentials``, ``credentials``)."""
    spec = dict(
        type="dict",
        options=dict(CREDENTIALS_OPTIONS),
        mutually_exclusive=[["profile", "role_arn", "access_key"]],
        required_together=[["access_key", "secret_key"]],
    )
    spec.update(extra)
    return spec


# botocore's retries: throttling, 5xx and connection errors, and pacing after a throttle (see the module
# docstring). A user's aws_config wins.
BOTOCORE_RETRIES = {"mode": "adaptive", "max_attempts": 10}


class EventualRetry(AWSRetry):
    """amazon.aws's AWSRetry (ClientError codes, jittered backoff) retrying only the codes it is given.

    ``AWSRetry.found`` always adds its own list (RequestLimitExceeded, Throttling, TooManyRequestsException,
    Unavailable, ServiceUnavailable, InternalFailure, InternalError): throttling and 5xx answers botocore's
    standard mode has already retried 10 times. Retrying them again multiplied the attempts (up to 110 for
    one call under a persistent throttle) and the waits; ``CloudRetry.found`` matches the given codes only.
    """

    @staticmethod
    def found(response_code, catch_extra_error_codes=None):
        return CloudRetry.found(response_code, catch_extra_error_codes)


def retry_decorator(extra_codes=None):
    """The ``aws_retry=True`` layer: retries ``extra_codes`` (eventual consistency), 10 tries in all, each wait
    random up to 1, 2, 4 ... 20 s; without codes it retries nothing, and botocore's retries are the only ones."""
    return EventualRetry.jittered_backoff(retries=10, delay=1, max_delay=20,
                                          catch_extra_error_codes=list(extra_codes or []))


def creds_key(creds):
    if not creds:
        return "self"
    return tuple(sorted((k, v) for k, v in creds.items() if v is not None))


def has_credentials(creds):
    return bool(creds) and any(creds.get(k) for k in ("profile", "role_arn", "access_key"))


class AwsContext:
    """Client factory for the caller and for other accounts; caches clients and identities."""

    def __init__(self, module):
        self.module = module
        self._clients = {}
        self._assumed = {}
        self._accounts = {}

    def _connect_params(self, creds):
        if not has_credentials(creds):
            return {}
        if creds.get("profile"):
            return dict(profile_name=creds["profile"], aws_access_key_id=None,
                        aws_secret_access_key=None, aws_session_token=None)
        if creds.get("access_key"):
            return dict(profile_name=None, aws_access_key_id=creds["access_key"],
                        aws_secret_access_key=creds.get("secret_key"),
                        aws_session_token=creds.get("session_token"))
        return self._assume(creds)

    def _assume(self, creds):
        key = creds_key(creds)
        if key not in self._assumed:
            sts = self.client("sts", self._sts_region(creds))
            params = dict(RoleArn=creds["role_arn"], RoleSessionName=creds.get("role_session_name") or "vpcmesh-aws")
            if creds.get("external_id"):
                params["ExternalId"] = creds["external_id"]
            try:
                answer = sts.assume_role(aws_retry=True, **params)["Credentials"]
            except AWS_ERRORS as e:
                fail_call(self.module, e, f"sts:AssumeRole into {creds['role_arn']} failed; "
                          "check the role's trust policy and the caller's sts:AssumeRole permission")
            self._assumed[key] = dict(profile_name=None, aws_access_key_id=answer["AccessKeyId"],
                                      aws_secret_access_key=answer["SecretAccessKey"],
                                      aws_session_token=answer["SessionToken"])
        return self._assumed[key]

    def _sts_region(self, creds):
        """The module's region, else the default region of the role's partition (us-east-1 for ``aws``, or
        without a role): the credentials of aws-cn or aws-us-gov are not valid in us-east-1."""
        role_arn = (creds or {}).get("role_arn")
        region = sts_region(self.module.region, role_arn)
        if region is None:
            self.module.fail_json(msg=f"No region to call STS in for {role_arn}: botocore knows no partition "
                                  f"{arn_partition(role_arn)!r}; set the module's region (or AWS_REGION)")
        return region

    def client(self, service, region, creds=None, extra_codes=None):
        """A retrying client for ``service`` in ``region`` acting with ``creds`` (None: the caller)."""
        key = (service, region, creds_key(creds), tuple(extra_codes or ()))
        if key not in self._clients:
            params = self._connect_params(creds)
            self._clients[key] = make_client(
                self.module, service, retry_decorator=retry_decorator(extra_codes), region=region,
                config=Config(retries=dict(BOTOCORE_RETRIES)), **params)
        return self._clients[key]

    def account_id(self, creds=None):
        """The account the given credentials act as (sts:GetCallerIdentity, once per identity)."""
        key = creds_key(creds)
        if key not in self._accounts:
            sts = self.client("sts", self._sts_region(creds), creds)
            try:
                self._accounts[key] = sts.get_caller_identity(aws_retry=True)["Account"]
            except AWS_ERRORS as e:
                fail_call(self.module, e, "sts:GetCallerIdentity failed; the credentials in use are not valid")
        return self._accounts[key]

    def call(self, service, region, creds, operation, error_hint="", extra_codes=None, **params):
        """Run one API call; a failure fails the module naming the call, the region and the resource."""
        client = self.client(service, region, creds, extra_codes)
        try:
            return getattr(client, operation)(aws_retry=True, **params)
        except AWS_ERRORS as e:
            fail_call(self.module, e, f"{api_name(client, operation)} in {region} failed{error_hint}")

    def call_allowing(self, service, region, creds, operation, codes, error_hint="", extra_codes=None, **params):
        """Like ``call``, but an error whose code is in ``codes`` is returned (its code) instead of failing:
        for writes another run may have made first (a concurrent run of the same task)."""
        client = self.client(service, region, creds, extra_codes)
        try:
            return getattr(client, operation)(aws_retry=True, **params)
        except botocore.exceptions.ClientError as e:
            if e.response["Error"]["Code"] in codes:
                return e.response["Error"]["Code"]
            self.module.fail_json_aws(e, msg=f"{api_name(client, operation)} in {region} failed{error_hint}")
        except AWS_ERRORS as e:
            fail_call(self.module, e, f"{api_name(client, operation)} in {region} failed{error_hint}")

    def paginate(self, service, region, creds, operation, result_key, **params):
        """All pages of a describe/list call, as one list of ``result_key`` items."""
        client = self.client(service, region, creds)
        try:
            pages = paginated_query_with_retries(client, operation, retry_decorator=retry_decorator(), **params)
        except AWS_ERRORS as e:
            fail_call(self.module, e, f"{api_name(client, operation)} in {region} failed")
        return pages.get(result_key, [])


def api_name(client, operation):
    """``ec2:DescribeVpcs`` for ``describe_vpcs`` on an EC2 client."""
    meta = client.meta
    return f"{meta.service_model.endpoint_prefix}:{meta.method_to_api_mapping.get(operation, operation)}"
