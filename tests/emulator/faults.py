"""Interceptors for `RecordingProxy.interceptors`: answers AWS would give that moto never does.

An interceptor is `(call, request) -> (status, headers, body) | RESET | None`; see proxy.py.

- `FaultPlan(seed, throttle=0.2, server_error=0.05, reset=0.02, slow=(p, seconds), ...)`:
  seeded random throttling, 5xx answers, connection resets and slow answers, per service/action.
- `consistency.EventualConsistency(reads=2)` (its own file): a newly created resource stays
  invisible to the next N describe/list answers that would show it, in every region.
- `throttle_once(service, action)`: the simplest example; `error_response`, `throttle_error`,
  `server_error`: answers in each service's own wire shape (also used by throttling.py).

How a client sees each fault, and what retries it (our clients, clients.AwsContext: botocore's "adaptive"
retry mode with 10 retries (11 attempts), pacing after a throttle, and nothing else, so a fault that lasts fails the call after 11
requests; their `retry_decorator` retries only the eventual-consistency codes a caller names, never these;
stock amazon.aws modules keep botocore's default "legacy" mode, 5 attempts, under `AWSRetry`):
- throttling: EC2 `RequestLimitExceeded`/503, Route 53 `Throttling`/400, Resolver
  `ThrottlingException`/400, ELBv2 and STS `Throttling`/400. botocore retries all of them.
- server errors: 500 and 503 (EC2 `InternalError`/`Unavailable`, others `InternalFailure`/
  `ServiceUnavailable`); botocore retries by status.
- reset: the proxy closes the connection without an answer; botocore raises
  `ConnectionClosedError` and retries it (GENERAL_CONNECTION_ERROR). The request never reached
  moto, so a retried create cannot make a duplicate.
- slow: the answer is delayed by `seconds` and then forwarded; past the client's read timeout
  botocore raises `ReadTimeoutError` (retried) while moto still processes the request; a
  retried peering request can thus arrive twice, which cross_region_peering settles
  (peering.settle_duplicates).
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .proxy import RESET

QUERY_XML_SERVICES = {"ec2"}  # EC2's own <Response><Errors> shape
JSON_SERVICES = {"route53resolver"}

# (code, HTTP status) of each service's throttling error.
THROTTLING = {
    # EC2 API reference, error codes: "RequestLimitExceeded: The maximum request rate permitted by
    # the Amazon EC2 APIs has been exceeded for your account"; botocore's EC2 retry policy matches
    # it with HTTP 503.
    "ec2": ("RequestLimitExceeded", 503),
    # Route 53 developer guide, "Throttling for Amazon Route 53 API requests": "Route 53 returns an
    # HTTP 400 error (Bad request) ... a Code element with a value of Throttling and a Message
    # element with a value of Rate exceeded".
    "route53": ("Throttling", 400),
    # Route 53 Resolver API reference: ThrottlingException, HTTP 400 (awsJson1_1).
    "route53resolver": ("ThrottlingException", 400),
    # ELB (its throttling page names ThrottlingException; clients see the query-protocol code
    # "Throttling", which is what botocore matches) and STS.
    "elasticloadbalancing": ("Throttling", 400),
    "sts": ("Throttling", 400),
}
SERVER_ERRORS = {  # status -> (EC2 code, code of the other services)
    500: ("InternalError", "InternalFailure"),
    503: ("Unavailable", "ServiceUnavailable"),
}


def error_response(service: str, code: str, message: str, status: int) -> tuple:
    """An error answer in the wire shape `service` uses.

    EC2 (AWSEC2/latest/APIReference/errors-overview.html, "Example error response"):
        <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
    Other query services (STS, IAM, ELBv2) and Route 53 use
        <ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>
    JSON services: {"__type": code, "message": message} with X-Amzn-ErrorType.
    """
    request_id = str(uuid.uuid4())
    if service in QUERY_XML_SERVICES:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>"
        )
        return status, {"Content-Type": "text/xml;charset=UTF-8"}, body.encode()
    if service in JSON_SERVICES:
        body = json.dumps({"__type": code, "message": message})
        headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amzn-ErrorType": code,
                   "x-amzn-RequestId": request_id}
        return status, headers, body.encode()
    kind = "Receiver" if status >= 500 else "Sender"
    body = (
        f"<ErrorResponse><Error><Type>{kind}</Type><Code>{escape(code)}</Code>"
        f"<Message>{escape(message)}</Message></Error>"
        f"<RequestId>{request_id}</RequestId></ErrorResponse>"
    )
    return status, {"Content-Type": "text/xml"}, body.encode()


def throttle_error(service: str) -> tuple:
    """The throttling answer of `service` (see THROTTLING)."""
    code, status = THROTTLING.get(service, ("Throttling", 400))
    return error_response(service, code, "Rate exceeded", status)


def server_error(service: str, status: int) -> tuple:
    """A 500 or 503 answer with the code `service` uses for it."""
    ec2_code, other_code = SERVER_ERRORS[status]
    code = ec2_code if service in QUERY_XML_SERVICES else other_code
    return error_response(service, code, "We encountered an internal error. Please try again.",
                          status)


def throttle_once(service: str, action: str):
    """Answer the first matching call with the service's throttling error, then step aside.

    boto3 retries it, so a throttled call is recorded twice: once with the error status, once
    with moto's answer. `interceptor.fired` counts how often it answered.
    """
    lock = threading.Lock()

    def interceptor(call, request):
        if call.service != service or call.action != action:
            return None
        with lock:
            if interceptor.fired:
                return None
            interceptor.fired += 1
        return throttle_error(service)

    interceptor.fired = 0
    return interceptor


@dataclass(frozen=True)
class Injection:
    """One fault a FaultPlan injected: the matching call's index, what it was, and the kind."""
    index: int
    service: str
    action: str
    kind: str  # throttle | server_error | reset | slow


@dataclass
class FaultStats:
    by_kind: Counter = field(default_factory=Counter)  # {"throttle": 3, ...}
    by_action: dict = field(default_factory=dict)      # {"ec2:DescribeVpcs": Counter(kind: n)}

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def failed_attempts(self) -> int:
        """Injected faults the client had to retry (all but slow answers)."""
        return self.total - self.by_kind["slow"]


class FaultPlan:
    """Seeded faults for the calls that match `only_services` / `only_actions` (None: all).

    The k-th matching call (k = 0, 1, ...) gets the fault `decide(k)`, drawn from a random
    generator seeded with (seed, k): the same seed and the same call sequence (a single-threaded
    client) inject the same faults. A retry is a new call with its own draw. Probabilities:
    `throttle`, `server_error` (500 or 503, half each), `reset` are exclusive; `slow = (p,
    seconds)` delays, with probability p, a call that got none of them.
    `stats` counts what was injected, `log` lists every `Injection` in order.
    """

    def __init__(self, seed: int, throttle: float = 0.2, server_error: float = 0.05,
                 reset: float = 0.02, slow: tuple = (0.0, 0.0), only_services=None,
                 only_actions=None, sleep=time.sleep):
        if throttle + server_error + reset > 1:
            raise ValueError("throttle + server_error + reset must not exceed 1")
        self.seed = seed
        self.throttle, self.server_error, self.reset = throttle, server_error, reset
        self.slow_p, self.slow_seconds = slow
        self.only_services = set(only_services) if only_services else None
        self.only_actions = set(only_actions) if only_actions else None
        self.sleep = sleep
        self.stats = FaultStats()
        self.log: list[Injection] = []
        self._next = 0
        self._lock = threading.Lock()

    def matches(self, call) -> bool:
        return ((self.only_services is None or call.service in self.only_services)
                and (self.only_actions is None or call.action in self.only_actions))

    def decide(self, index: int) -> tuple:
        """(kind or None, detail) for the index-th matching call; pure and deterministic."""
        rng = random.Random(f"{self.seed}:{index}")
        u = rng.random()
        if u < self.throttle:
            return "throttle", None
        if u < self.throttle + self.server_error:
            return "server_error", 500 if rng.random() < 0.5 else 503
        if u < self.throttle + self.server_error + self.reset:
            return "reset", None
        if rng.random() < self.slow_p:
            return "slow", self.slow_seconds
        return None, None

    def __call__(self, call, request):
        if not self.matches(call):
            return None
        with self._lock:
            index, self._next = self._next, self._next + 1
            kind, detail = self.decide(index)
            if kind:
                self.log.append(Injection(index, call.service, call.action, kind))
                self.stats.by_kind[kind] += 1
                self.stats.by_action.setdefault(f"{call.service}:{call.action}",
                                                Counter())[kind] += 1
        if kind == "throttle":
            return throttle_error(call.service)
        if kind == "server_error":
            return server_error(call.service, detail)
        if kind == "reset":
            return RESET
        if kind == "slow":
            self.sleep(detail)
        return None
