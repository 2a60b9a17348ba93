# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many items of a per-resource module in one module run (``peerings``, ``endpoints``).

Each item is converged by the module's own runner, exactly as a loop item would be (same checks, plan,
calls, check mode and return value), but in one process: clients and identities are made once, items run
in a bounded thread pool (different regions and accounts at the same time), and reads are shared through
``BatchContext``:

- ``prefetch`` snapshots take one filtered, paginated describe per region and resource kind over the IDs of
  every item; a runner's own describe is answered from a snapshot only when the snapshot provably holds
  every object AWS would return for it (its filters are narrower than the snapshot's), or when it looks
  objects up by ID and the snapshot holds them all;
- an identical read repeated by another item is answered from the first answer;
- any write anywhere ends every snapshot and remembered answer (a peering made in one region shows in
  another), and an item repeating its own read (polling) always reads AWS.

So a run that changes nothing reads once per region and kind, whatever the number of items.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext, creds_key, has_credentials
from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import Planned
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import over, refusal

READS = ("describe_", "list_", "get_")
MAX_FILTER_VALUES = 200  # values AWS takes in one filter

# How a snapshot evaluates an EC2 filter on an object it holds.
FILTER_FIELDS = {
    "vpc-id": lambda o: o.get("VpcId"),
    "vpc-peering-connection-id": lambda o: o.get("VpcPeeringConnectionId"),
    "requester-vpc-info.vpc-id": lambda o: (o.get("RequesterVpcInfo") or {}).get("VpcId"),
    "accepter-vpc-info.vpc-id": lambda o: (o.get("AccepterVpcInfo") or {}).get("VpcId"),
}
# The filter naming an object's own ID, per describe call.
IDENTITY = {"describe_vpc_peering_connections": "vpc-peering-connection-id", "describe_vpcs": "vpc-id"}


class ItemFailed(Exception):
    def __init__(self, result):
        super().__init__(result.get("msg", ""))
        self.result = result


class ItemModule:
    """The module as one item's runner sees it: the item's options (over the module's, so connection settings
    hold), its region; failures raise ``ItemFailed``."""

    def __init__(self, module, params):
        self.module = module
        self.params = dict(module.params, **params)
        self.check_mode = module.check_mode
        self.warnings = []

    @property
    def region(self):
        return self.params.get("region") or self.module.region

    def warn(self, message):
        self.warnings.append(message)

    def fail_json(self, **kwargs):
        raise ItemFailed(dict(kwargs, failed=True))

    def fail_json_aws(self, exception, msg=None, **kwargs):
        code = getattr(exception, "response", {}).get("Error", {}).get("Code", "")
        raise ItemFailed(dict(kwargs, failed=True, msg=f"{msg}: {exception}" if msg else str(exception),
                              error=dict(code=code) if code else {}))


class CurrentItem:
    """Stands for the module in the shared context: the calling thread's item, else the module itself."""

    def __init__(self, module):
        self._module = module
        self._local = threading.local()

    def use(self, item):
        self._local.item = item

    def __getattr__(self, name):
        return getattr(getattr(self._local, "item", None) or self._module, name)


class BatchContext(AwsContext):
    """An ``AwsContext`` shared by the items of one run (see the module docstring for its reads)."""

    def __init__(self, module):
        super().__init__(CurrentItem(module))
        self._lock = threading.RLock()
        self._epoch = 0
        self._answers = {}
        self._snapshots = []
        self._pending = {}
        self._asked = threading.local()

    def start_item(self, item):
        self.module.use(item)
        self._asked.keys = set()

    # creating clients (and the first identity call) is serialized; using clients is thread-safe
    def client(self, service, region, creds=None, extra_codes=None):
        with self._lock:
            return super().client(service, region, creds, extra_codes)

    def account_id(self, creds=None):
        with self._lock:
            return super().account_id(creds)

    def call(self, service, region, creds, operation, error_hint="", extra_codes=None, **params):
        live = super().call
        if not operation.startswith(READS):
            return self._write(lambda: live(service, region, creds, operation, error_hint, extra_codes, **params))
        key = ("call", service, region, creds_key(creds), operation, _frozen(params))
        return self._read(key, lambda: live(service, region, creds, operation, error_hint, extra_codes, **params))

    def paginate(self, service, region, creds, operation, result_key, **params):
        key = ("paginate", service, region, creds_key(creds), operation, _frozen(params))
        live = super().paginate
        return self._read(key, lambda: live(service, region, creds, operation, result_key, **params), params)

    def prefetch(self, region, creds, operation, result_key, filters):
        """Snapshot one describe over ``filters`` ({name: values}, names from FILTER_FIELDS) in ``region``."""
        filters = {name: frozenset(values) for name, values in filters.items() if values}
        if not filters or len(filters) != len([v for v in filters.values() if len(v) <= MAX_FILTER_VALUES]):
            return []  # nothing to read, or more values than one filter takes: the runners read for themselves
        epoch = self._epoch
        found = super().paginate("ec2", region, creds, operation, result_key,
                                 Filters=[dict(Name=n, Values=sorted(v)) for n, v in sorted(filters.items())])
        with self._lock:
            if epoch == self._epoch:
                self._snapshots.append(((region, creds_key(creds), operation), filters, found, epoch))
        return found

    def _write(self, make):
        with self._lock:
            self._epoch += 1
        try:
            return make()
        finally:
            with self._lock:
                self._epoch += 1
                self._answers.clear()
                self._snapshots.clear()

    def _read(self, key, make, params=None):
        """A read answered from a snapshot or an earlier answer, else from AWS; an item's repeated read
        (polling) always goes to AWS. Items asking the same thing at once wait for one answer."""
        asked = getattr(self._asked, "keys", set())
        owner = waiting = None
        if key not in asked:
            asked.add(key)
            with self._lock:
                known = self._from_snapshot(key, params) if params is not None else None
                known = self._answers.get(key) if known is None else known
                if known is None:
                    waiting = self._pending.get(key)
                    if waiting is None:
                        owner = self._pending[key] = Future()
            if known is not None:
                return known
            if waiting is not None:
                try:
                    return waiting.result()
                except ItemFailed:
                    pass  # the item that asked first failed: ask for this one
        epoch = self._epoch
        try:
            answer = make()
        except ItemFailed as e:
            self._settle(key, owner, error=e)
            raise
        with self._lock:
            if epoch == self._epoch:
                self._answers[key] = answer
        self._settle(key, owner, answer=answer)
        return answer

    def _settle(self, key, owner, answer=None, error=None):
        if owner is None:
            return
        with self._lock:
            self._pending.pop(key, None)
        if error is None:
            owner.set_result(answer)
        else:
            owner.set_exception(error)

    def _from_snapshot(self, key, params):
        if set(params) != {"Filters"}:
            return None
        query = {f["Name"]: frozenset(f["Values"]) for f in params["Filters"]}
        if not set(query) <= set(FILTER_FIELDS):
            return None
        _kind, service, region, creds_key, operation, _params = key
        for where, filters, objects, _epoch in self._snapshots:
            if service != "ec2" or where != (region, creds_key, operation):
                continue
            matching = [o for o in objects if all(FILTER_FIELDS[n](o) in v for n, v in query.items())]
            narrower = all(name in query and query[name] <= values for name, values in filters.items())
            identity = IDENTITY.get(operation)
            by_id = set(query) == {identity} and {FILTER_FIELDS[identity](o) for o in matching} == query[identity]
            if narrower or by_id:
                return matching
        return None


def _frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


class BatchForm:
    """A module's single form (``spec`` and ``constraints``) plus ``key`` (default ``peerings``), a list of
    items each in the single form; ``identity`` names the options that say which resource, given per item."""

    def __init__(self, spec, identity, key="peerings", **constraints):
        self.spec, self.identity, self.key, self.constraints = spec, identity, key, constraints

    def module(self):
        spec = {k: dict(v, required=False) if k in self.identity else v for k, v in self.spec.items()}
        constraints = dict(self.constraints)
        required = [[k] for k in self.identity if self.spec[k].get("required")]
        groups = constraints.get("required_one_of", []) + required
        constraints["required_one_of"] = [list(g) + [self.key] for g in groups]
        constraints["mutually_exclusive"] = constraints.get("mutually_exclusive", []) + [
            [self.key, k] for k in self.identity]
        spec[self.key] = dict(type="list", elements="dict")
        spec["max_concurrency"] = dict(type="int", default=4)
        item_spec = dict(self.spec, region=dict(type="str", aliases=["aws_region", "ec2_region"]))
        return aws_module(spec, items=(self.key, item_spec), **constraints)

    def run(self, module, runner_class, prefetch=None):
        """The single form's result, or with ``key`` given every item's (see ``run_batch``)."""
        if module.params[self.key] is None:
            return runner_class(module).run()
        return run_batch(module, self.key, runner_class, self.spec, self.constraints, prefetch)


def item_params(module, key, spec, constraints):
    """Each item of ``key`` validated against the single form's options; the module's own values of
    those options are every item's defaults. Any invalid item fails the module before any call."""
    spec = dict(spec, region=dict(type="str", aliases=["aws_region", "ec2_region"]))
    validator = ArgumentSpecValidator(spec, **constraints)
    out, errors = [], []
    for index, item in enumerate(module.params[key]):
        merged = {k: v for k, v in module.params.items() if k in spec and v is not None}
        merged.update(item)
        checked = validator.validate(merged)
        errors += [f"{key}[{index}]: {e}" for e in checked.error_messages]
        out.append(checked.validated_parameters)
    if errors:
        module.fail_json(msg="; ".join(errors))
    if not 1 <= module.params["max_concurrency"] <= 16:
        module.fail_json(msg=f"max_concurrency is {module.params['max_concurrency']}; give 1 to 16")
    return out


def spread_by_region(items, default_region):
    """Indexes of ``items`` in the order to start them: each region in turn, so the workers spend different
    regions' request budgets (AWS throttles per account and region) instead of queueing on the first one's.
    A full mesh lists every pair of the first VPC first; started in list order, all workers would wait on
    that one region's bucket while the others stay full. Within a region, list order is kept."""
    queues = {}
    for index, params in enumerate(items):
        queues.setdefault(params.get("region") or default_region, []).append(index)
    order, queues = [], list(queues.values())
    while queues:
        order += [queue.pop(0) for queue in queues]
        queues = [queue for queue in queues if queue]
    return order


def run_batch(module, key, runner_class, spec, constraints, prefetch=None):
    """Converge every item of ``key``; the module's result holds each item's result in ``results``.

    A runner with ``quota_gated`` passes ``quota_reads.gate`` before its first write. Then every item first runs up
    to its gate only (``plan_only``: reads and plan, no write, no waiting for other owners), the quotas are checked
    over what all items add together (one message, before any write of the list), and only then the items run."""
    items = item_params(module, key, spec, constraints)
    ctx = BatchContext(module)
    ctx.account_id()
    if prefetch and items:
        prefetch(ctx, [p for p in items if not has_credentials(p.get("peer_credentials"))], module.region)
    order = spread_by_region(items, module.region)
    workers = max(1, min(module.params["max_concurrency"], len(items)))
    gated = getattr(runner_class, "quota_gated", False) and items
    planned = _plan_all(module, key, runner_class, ctx, items, order, workers) if gated else {}

    def work(params):
        item = ItemModule(module, params)
        item.quotas_checked = bool(gated)
        ctx.start_item(item)
        try:
            return runner_class(item, ctx).run(), item.warnings
        except ItemFailed as e:
            return e.result, item.warnings
        finally:
            ctx.start_item(None)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        started = dict(zip(order, pool.map(work, [items[i] for i in order])))
    outcomes = [started[i] for i in range(len(items))]
    for index, (_result, warnings) in enumerate(outcomes):
        for message in warnings:
            if message not in planned.get(index, ()):
                module.warn(f"{key}[{index}]: {message}")
    results = [r for r, _warnings in outcomes]
    out = dict(changed=any(r.get("changed") for r in results), results=results,
               actions=[a for r in results for a in r.get("actions", [])],
               diff=dict(before=[r.get("diff", {}).get("before") for r in results],
                         after=[r.get("diff", {}).get("after") for r in results]))
    failed = [f"{key}[{i}]: {r.get('msg')}" for i, r in enumerate(results) if r.get("failed")]
    if failed:
        module.fail_json(msg=f"{len(failed)} of {len(results)} items failed: " + "; ".join(failed), **out)
    return out


def _plan_all(module, key, runner_class, ctx, items, order, workers):
    """Run every item up to its quota gate (no write), then refuse the whole list if together they pass a quota.
    Returns {index: warnings said while planning} (said now, once, not again by the real pass)."""
    def plan(params):
        if params.get("wait_for_other_owner") is not None:
            params = dict(params, wait_for_other_owner=0)  # planning never waits for another owner's run
        item = ItemModule(module, params)
        item.plan_only = True
        ctx.start_item(item)
        try:
            runner_class(item, ctx).run()
            return [], item.warnings
        except Planned as e:
            return e.usages, item.warnings
        except ItemFailed:
            return [], []  # the real pass fails it again, with its message
        finally:
            ctx.start_item(None)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = dict(zip(order, pool.map(plan, [items[i] for i in order])))
    said = {}
    for index in range(len(items)):
        said[index] = done[index][1]
        for message in done[index][1]:
            module.warn(f"{key}[{index}]: {message}")
    exceeded = over([u for index in range(len(items)) for u in done[index][0]])
    if exceeded:
        module.fail_json(msg=refusal(exceeded), quotas=[u.as_dict() for u in exceeded], changed=False, results=[])
    return said


# -- prefetches: the describes each module's items make, one per region and kind --------------------------
def _regions_of(ctx, items, default_region):
    """Snapshots of the items' connections in every region they show in, one describe per region and way of
    naming them (items named by their two VPCs, as site.yml names them: over all those VPCs at once; items named by
    ID: over their IDs): the items' own regions first, then the other sides' regions. Returns
    {region: {VPC IDs there}}."""
    sides = {}

    def note(connections):
        for conn in connections:
            for info in (conn.get("RequesterVpcInfo") or {}, conn.get("AccepterVpcInfo") or {}):
                if info.get("Region") and info.get("VpcId"):
                    sides.setdefault(info["Region"], set()).add(info["VpcId"])

    paired = [p for p in items if not p.get("peering_id") and p.get("vpc_id") and p.get("peer_vpc_id")]
    named = [p for p in items if p.get("peering_id")]
    for chosen, filters in (
            (paired, {"requester-vpc-info.vpc-id": {v for p in paired for v in (p["vpc_id"], p["peer_vpc_id"])},
                      "accepter-vpc-info.vpc-id": {v for p in paired for v in (p["vpc_id"], p["peer_vpc_id"])}}),
            (named, {"vpc-peering-connection-id": {p["peering_id"] for p in named}})):
        regions, read = sorted({p.get("region") or default_region for p in chosen}), set()
        while regions:
            for region in regions:
                read.add(region)
                note(ctx.prefetch(region, None, "describe_vpc_peering_connections", "VpcPeeringConnections", filters))
            regions = sorted(set(sides) - read)
    return sides


def prefetch_pairs(ctx, items, default_region):
    """For ``cross_region_peering``: the connections among all items' VPCs, and the VPCs, per region."""
    vpcs, regions = {}, set()
    for p in items:
        region = p.get("region") or default_region
        peer_region = p.get("peer_region") or region
        regions.update((region, peer_region))
        for vpc_id, where in ((p.get("vpc_id"), region), (p.get("peer_vpc_id"), peer_region)):
            if vpc_id:
                vpcs.setdefault(where, set()).add(vpc_id)
    every = set().union(*vpcs.values()) if vpcs else set()
    for region in sorted(regions):
        ctx.prefetch(region, None, "describe_vpc_peering_connections", "VpcPeeringConnections",
                     {"requester-vpc-info.vpc-id": every, "accepter-vpc-info.vpc-id": every})
        ctx.prefetch(region, None, "describe_vpcs", "Vpcs", {"vpc-id": vpcs.get(region, set())})
    _regions_of(ctx, [p for p in items if p.get("peering_id")], default_region)  # the pairs are read above


def prefetch_connections(ctx, items, default_region):
    """For ``peering_dns_options``: the items' connections as seen from each of their regions."""
    _regions_of(ctx, items, default_region)


def prefetch_routes(ctx, items, default_region):
    """For ``peer_routes``: the connections, and the VPCs and route tables of their sides, per region."""
    for region, vpc_ids in sorted(_regions_of(ctx, items, default_region).items()):
        ctx.prefetch(region, None, "describe_vpcs", "Vpcs", {"vpc-id": vpc_ids})
        ctx.prefetch(region, None, "describe_route_tables", "RouteTables", {"vpc-id": vpc_ids})
