"""Token-bucket throttling as AWS documents it, and the least time a set of calls can take.

    aws.interceptors.append(TokenBuckets(scale=0.1))   # a tenth of AWS's sizes and rates
    ...
    min_time(aws.writes())                             # seconds any client needs, at least

Each request takes one token from every bucket it belongs to; a bucket refills continuously at
its rate up to its capacity and starts full. A request that finds a bucket empty gets the
service's throttling error (faults.throttle_error) and takes no token. `scale` multiplies every
capacity and refill rate (capacity at least 1 token), to make throttling bite in short tests.
A module client (plugins/module_utils/clients.py) retries a throttled call in botocore's adaptive
mode only (standard mode's retries, and a client-side rate limiter after the first throttle): each attempt is
one request here, 11 at most, and the throttling error surfaces after the
11th (tests/emulator/test_faults_module_retry.py pins it).

The sizes, per account, as documented (figures read in 2026):
- EC2, per account and region, one bucket per API action, sized by the action's category
  (EC2 API reference / developer guide, "Request throttling for the Amazon EC2 API", table
  "Request token bucket sizes and refill rates"): non-mutating (Describe*, List*, Search*, Get*)
  100 tokens, refill 20/s; unfiltered and unpaginated non-mutating (DescribeInstances,
  DescribeNetworkInterfaces, DescribeSecurityGroups, ... without a filter or pagination) 50, 10/s;
  mutating 50, 5/s; resource-intensive (AcceptVpcPeeringConnection, CreateVpcPeeringConnection,
  DeleteVpcPeeringConnection, RejectVpcPeeringConnection, Authorize/RevokeSecurityGroupIngress,
  ...) 50, 5/s; uncategorized actions with their own figures, e.g. CreateTags and DeleteTags
  100, 10/s; CreateVpcEndpoint, ModifyVpcEndpoint, DeleteVpcEndpoints 4, 0.3/s;
  Create/Modify/DeleteVpcEndpointServiceConfiguration(s) 10, 1/s; AcceptVpcEndpointConnections
  10, 1/s; Create/DeleteNetworkInterface 100, 5/s.
- Route 53, per account (global), two buckets per request (Route 53 developer guide,
  "Throttling for Amazon Route 53 API requests"): all actions combined 50 tokens, refill 10/s;
  and one per action, 50/10 by default, AssociateVPCWithHostedZone 20/5,
  DisassociateVPCFromHostedZone 10/5, CreateHostedZone 40/2, DeleteHostedZone 40/5. (Before
  that update the guide gave one hard limit: "five requests per second per AWS account"; pass
  `overrides={("route53", "*"): Bucket(5, 5)}` to model it.)
- ELBv2, per account and region (Elastic Load Balancing user guide, "Request throttling for the
  Elastic Load Balancing API"): an account-level bucket shared by all actions, 40 / 10/s; and one
  per category: non-mutating (Describe*) 40 / 10/s, mutating 20 / 3/s, registration
  (Register/DeregisterTargets) 20 / 4/s, resource-intensive (CreateLoadBalancer, SetSubnets)
  10 / 0.2/s.
- Route 53 Resolver: AWS publishes no request-rate figures. ASSUMED here: one bucket per account
  and region, 10 tokens, refill 5/s (override it with the figure your account's quota shows).
STS and any other service are not throttled.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

from .faults import throttle_error


@dataclass(frozen=True)
class Bucket:
    capacity: float
    refill: float  # tokens per second

    def scaled(self, scale: float) -> "Bucket":
        return Bucket(max(1.0, self.capacity * scale), self.refill * scale)


EC2_NON_MUTATING = Bucket(100, 20)
EC2_UNFILTERED = Bucket(50, 10)
EC2_MUTATING = Bucket(50, 5)
EC2_RESOURCE_INTENSIVE = Bucket(50, 5)
EC2_UNFILTERED_ACTIONS = {"DescribeInstances", "DescribeInstanceStatus", "DescribeNetworkInterfaces",
                          "DescribeSecurityGroups", "DescribeSnapshots",
                          "DescribeSpotInstanceRequests", "DescribeVolumes"}
EC2_RESOURCE_INTENSIVE_ACTIONS = {
    "AcceptVpcPeeringConnection", "AuthorizeSecurityGroupIngress", "CancelSpotInstanceRequests",
    "CreateKeyPair", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection",
    "RejectVpcPeeringConnection", "RevokeSecurityGroupIngress", "RequestSpotInstances"}
EC2_UNCATEGORIZED = {
    "CreateTags": Bucket(100, 10), "DeleteTags": Bucket(100, 10),
    "CreateVpcEndpoint": Bucket(4, 0.3), "ModifyVpcEndpoint": Bucket(4, 0.3),
    "DeleteVpcEndpoints": Bucket(4, 0.3),
    "CreateVpcEndpointServiceConfiguration": Bucket(10, 1),
    "ModifyVpcEndpointServiceConfiguration": Bucket(10, 1),
    "DeleteVpcEndpointServiceConfigurations": Bucket(10, 1),
    "AcceptVpcEndpointConnections": Bucket(10, 1),
    "CreateNetworkInterface": Bucket(100, 5), "DeleteNetworkInterface": Bucket(100, 5),
}
ROUTE53_ACCOUNT = Bucket(50, 10)
ROUTE53_DEFAULT = Bucket(50, 10)
ROUTE53_ACTIONS = {"AssociateVPCWithHostedZone": Bucket(20, 5),
                   "DisassociateVPCFromHostedZone": Bucket(10, 5),
                   "CreateHostedZone": Bucket(40, 2), "DeleteHostedZone": Bucket(40, 5)}
ELB_ACCOUNT = Bucket(40, 10)
ELB_CATEGORIES = {"non-mutating": Bucket(40, 10), "mutating": Bucket(20, 3),
                  "registration": Bucket(20, 4), "resource-intensive": Bucket(10, 0.2)}
RESOLVER_ASSUMED = Bucket(10, 5)
READ_PREFIXES = ("Describe", "List", "Search", "Get")


def _ec2_bucket(call) -> Bucket:
    action = call.action
    if action in EC2_UNCATEGORIZED:
        return EC2_UNCATEGORIZED[action]
    if action in EC2_RESOURCE_INTENSIVE_ACTIONS:
        return EC2_RESOURCE_INTENSIVE
    if not action.startswith(READ_PREFIXES):
        return EC2_MUTATING
    narrowed = any(k.startswith(("Filter.", "MaxResults", "NextToken")) for k in call.params)
    if action in EC2_UNFILTERED_ACTIONS and not narrowed:
        return EC2_UNFILTERED
    return EC2_NON_MUTATING


def _elb_category(action: str) -> str:
    if action in ("CreateLoadBalancer", "SetSubnets"):
        return "resource-intensive"
    if action in ("RegisterTargets", "DeregisterTargets"):
        return "registration"
    return "non-mutating" if action.startswith(READ_PREFIXES) else "mutating"


def buckets_for(call, overrides: dict | None = None) -> list:
    """[(key, Bucket)] that `call` takes a token from (unscaled); [] for unthrottled services.

    Keys: (account, region or "global", service, action or category or "*"). `overrides` maps
    (service, action-or-category-or-"*") to a Bucket.
    """
    overrides = overrides or {}
    account, region, service = call.account, call.region, call.service
    if service == "ec2":
        pairs = [((account, region, service, call.action), _ec2_bucket(call))]
    elif service == "route53":
        pairs = [((account, "global", service, "*"), ROUTE53_ACCOUNT),
                 ((account, "global", service, call.action),
                  ROUTE53_ACTIONS.get(call.action, ROUTE53_DEFAULT))]
    elif service == "elasticloadbalancing":
        category = _elb_category(call.action)
        pairs = [((account, region, service, "*"), ELB_ACCOUNT),
                 ((account, region, service, category), ELB_CATEGORIES[category])]
    elif service == "route53resolver":
        pairs = [((account, region, service, "*"), RESOLVER_ASSUMED)]
    else:
        return []
    return [(key, overrides.get((key[2], key[3]), bucket)) for key, bucket in pairs]


def min_time(calls, scale: float = 1.0, overrides: dict | None = None) -> float:
    """Seconds any client needs at least to make `calls` within the buckets (all start full).

    Buckets refill independently, so the bound is the slowest bucket's: n tokens from a bucket
    of capacity C refilled at r per second take max(0, (n - C) / r) seconds. Call latency and
    the order the calls must come in are ignored, so real runs can only be slower.
    """
    needed: Counter = Counter()
    sizes = {}
    for call in calls:
        for key, bucket in buckets_for(call, overrides):
            needed[key] += 1
            sizes[key] = bucket.scaled(scale)
    return max([max(0.0, (n - sizes[k].capacity) / sizes[k].refill) for k, n in needed.items()],
               default=0.0)


class TokenBuckets:
    """Proxy interceptor: throttle calls whose buckets are empty (see module docstring).

    `stats` counts throttled answers per "service:Action", `admitted` the calls let through.
    """

    def __init__(self, scale: float = 1.0, overrides: dict | None = None, clock=time.monotonic):
        self.scale = scale
        self.overrides = overrides
        self.clock = clock
        self.stats: Counter = Counter()
        self.admitted = 0
        self._tokens: dict = {}  # key -> (tokens, last refill time)
        self._lock = threading.Lock()

    def __call__(self, call, request):
        pairs = [(key, bucket.scaled(self.scale))
                 for key, bucket in buckets_for(call, self.overrides)]
        if not pairs:
            return None
        with self._lock:
            now = self.clock()
            levels = {key: self._level(key, bucket, now) for key, bucket in pairs}
            if any(level < 1 for level in levels.values()):
                self.stats[f"{call.service}:{call.action}"] += 1
                return throttle_error(call.service)
            for key, level in levels.items():
                self._tokens[key] = (level - 1, now)
            self.admitted += 1
        return None

    def _level(self, key, bucket: Bucket, now: float) -> float:
        tokens, last = self._tokens.get(key, (bucket.capacity, now))
        level = min(bucket.capacity, tokens + (now - last) * bucket.refill)
        self._tokens[key] = (level, now)
        return level

    @property
    def throttled(self) -> int:
        return sum(self.stats.values())
