# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quota values applied to an account, and the gate a runner passes before its first write (quotas.py is the pure
catalogue and check).

``resolve(ctx, module, usages)`` fills each usage's value: the option ``quotas`` when it names the code; else, unless
``read_quotas`` is false, the applied value (Service Quotas GetServiceQuota, or Route 53 GetHostedZoneLimit for a
zone), read once per quota, region and account in a run (the context keeps them, so every item of a list form shares
them); else AWS's documented default. A value that cannot be read (AccessDenied, NoSuchResource, a service the
partition lacks, any error) is never a failure: the default is used and one warning per quota, region and account
names the code.

``gate(module, usages)``: a plan over its quotas fails with one message (quotas.refusal), before any write, in check
mode too. For a list form, ``batch.run_batch`` first runs every item up to its gate (``plan_only``), checks what all
items add together, and only then runs them (``quotas_checked``), so a list over a quota writes nothing.
"""

from __future__ import annotations

import threading

try:
    import botocore
except ImportError:
    pass  # amazon.aws's module class reports the missing botocore

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import creds_key
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import (
    QUOTAS, QuotaError, over, parse_overrides, refusal)

_LOCK = threading.Lock()
_CACHE = "_vpcmesh_quota_values"


class Planned(Exception):
    """Raised at the gate of an item run with ``plan_only``: the item's usages, nothing written."""

    def __init__(self, usages):
        super().__init__("planned")
        self.usages = usages


def quota_spec():
    """Argument spec of the options ``quotas`` and ``read_quotas`` (doc fragment ``vpcmesh.aws.quotas``)."""
    return dict(quotas=dict(type="dict"), read_quotas=dict(type="bool", default=True))


def overrides(module):
    """{code: value} of the option ``quotas``; an unknown code or a bad value fails the module (before any call
    when the runner asks first, as the runners do in their parse step)."""
    try:
        return parse_overrides(module.params.get("quotas"), set(QUOTAS))
    except QuotaError as e:
        module.fail_json(msg=str(e))


def _state(ctx):
    with _LOCK:
        state = getattr(ctx, _CACHE, None)
        if state is None:
            state = dict(values={}, warned=set(), lock=threading.Lock())
            setattr(ctx, _CACHE, state)
    return state


def _read(ctx, quota, region, creds, zone_id):
    """The applied value, or (None, why)."""
    try:
        if quota.api == "servicequotas":
            client = ctx.client("service-quotas", region, creds)
            answer = client.get_service_quota(ServiceCode=quota.service, QuotaCode=quota.code)
            return int(answer["Quota"]["Value"]), None
        if quota.api == "route53-zone" and zone_id:
            client = ctx.client("route53", region, creds)
            answer = client.get_hosted_zone_limit(Type=quota.code, HostedZoneId=zone_id)
            return int(answer["Limit"]["Value"]), None
        return None, "it has no API to read it from"
    except botocore.exceptions.ClientError as e:
        error = e.response.get("Error", {})
        return None, f"{error.get('Code') or 'an error'}: {error.get('Message') or e}"
    except Exception as e:  # pylint: disable=broad-exception-caught
        return None, f"{type(e).__name__}: {e}"  # any failure to read: the default, never a failed run


def value(ctx, module, code, region, account, creds=None, zone_id=None):
    """(value, source) of quota ``code`` for ``account`` in ``region`` (a zone's: ``zone_id``), read once per run."""
    quota = QUOTAS[code]
    given = overrides(module).get(code)
    if given is not None:
        return given, "option"
    if not module.params.get("read_quotas", True):
        return quota.default, "default"
    state = _state(ctx)
    key = (code, region, account or creds_key(creds), zone_id)
    with state["lock"]:
        known = state["values"].get(key)
    if known is None:
        found, why = _read(ctx, quota, region, creds, zone_id)
        known = (found, "applied") if found is not None else (quota.default, "default")
        with state["lock"]:
            state["values"][key] = known
            warn = found is None and (code, region, account) not in state["warned"]
            state["warned"].add((code, region, account))
        if warn:
            api = ("servicequotas:GetServiceQuota" if quota.api == "servicequotas" else "route53:GetHostedZoneLimit")
            module.warn(f"quota {code} ({quota.name}) of account {account} in {region} could not be read with {api} "
                        f"({why}); checking against AWS's default of {quota.default}. Allow {api}, or give "
                        f"quotas: {{{code}: <value>}} (or read_quotas: false to use the defaults without reading)")
    return known


def resolve(ctx, module, usages, creds_of=lambda usage: None, zone_of=lambda usage: None):
    """Fill ``value``/``source`` of every usage; ``creds_of(usage)`` the credentials of its account."""
    for usage in usages:
        usage.value, usage.source = value(ctx, module, usage.code, usage.region, usage.account, creds_of(usage),
                                          zone_of(usage))
    return usages


def checking(module):
    """Whether this run still has to count its usages (not when a list form checked them all first)."""
    return not getattr(module, "quotas_checked", False)


def gate(module, usages):
    """Refuse a plan over its quotas (one message), before the first write; see the module docstring."""
    if getattr(module, "plan_only", False):
        raise Planned(list(usages))
    if getattr(module, "quotas_checked", False):
        return
    exceeded = over(usages)
    if exceeded:
        module.fail_json(msg=refusal(exceeded), quotas=[u.as_dict() for u in exceeded])
