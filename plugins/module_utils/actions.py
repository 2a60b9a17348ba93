# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planned AWS calls and the result every vpcmesh.aws module returns.

A plan is a list of ``Action``: one AWS write call each, with the region and side (account) it must be
made in. Check mode returns the plan; a real run executes it in order and returns the same list, so the
two cannot drift apart.

A run that fails after some writes says so: ``run_action`` (or ``applied``) records every write that
succeeded, and a later ``fail_json`` of the same module reports ``changed: true``, those ``actions`` and,
when the runner registered its plan with ``expect``, the ``actions_left`` not made.
"""

from __future__ import annotations

import re


def _snake(name):
    """``CreateVpcPeeringConnection`` -> ``create_vpc_peering_connection`` (botocore's rule for acronyms)."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


class Action:
    """One write call: ``call`` is ``service:ApiName`` (boto3 service name), made in ``region`` by ``side``."""

    def __init__(self, call, region, params=None, side="requester", description="", account=None):
        self.call = call
        self.region = region
        self.params = dict(params or {})
        self.side = side
        self.description = description
        self.account = account

    @property
    def service(self):
        return self.call.split(":", 1)[0]

    @property
    def operation(self):
        return _snake(self.call.split(":", 1)[1])

    def as_dict(self):
        out = dict(call=self.call, region=self.region, side=self.side, params=self.params,
                   description=self.description)
        if self.account:
            out["account"] = self.account
        return out

    def __eq__(self, other):
        return isinstance(other, Action) and self.as_dict() == other.as_dict()

    def __repr__(self):
        return f"Action({self.call} @{self.region}/{self.side}: {self.description or self.params})"


class Progress:
    """The writes one module (run) has made so far, added to any failure it reports afterwards."""

    def __init__(self, module):
        self.done, self.planned = [], None
        self._fail_json = module.fail_json
        module.fail_json = self.fail_json

    def fail_json(self, *args, **kwargs):
        if self.done or self.planned is not None:
            kwargs.setdefault("changed", bool(self.done))
            kwargs.setdefault("actions", [a.as_dict() for a in self.done])
        if self.planned is not None:
            kwargs.setdefault("actions_left", [a.as_dict() for a in self.planned
                                               if not any(a is d for d in self.done)])
        self._fail_json(*args, **kwargs)


_PROGRESS = "_vpcmesh_progress"


def progress(module):
    """The module's ``Progress`` (None for an object that only stands for a module, like a batch's
    per-thread proxy, whose items track their own)."""
    if "fail_json" not in dir(type(module)):
        return None
    found = vars(module).get(_PROGRESS)
    if found is None:
        found = Progress(module)
        setattr(module, _PROGRESS, found)
    return found


def expect(module, actions):
    """Register the plan about to be applied, so a failure names what was left undone."""
    tracker = progress(module)
    if tracker is not None:
        tracker.planned = list(actions)


def applied(module, action):
    """Record that ``action``'s write call succeeded."""
    tracker = progress(module)
    if tracker is not None:
        tracker.done.append(action)


def run_action(ctx, action, creds, extra_codes=None):
    """Execute ``action`` through an AwsContext with the credentials of its side (recorded as applied)."""
    hint = f" ({action.description})" if action.description else ""
    answer = ctx.call(action.service, action.region, creds, action.operation, error_hint=hint,
                      extra_codes=extra_codes, **action.params)
    applied(ctx.module, action)
    return answer


def result(actions, before, after, **resource):
    """The common return shape: changed, actions, diff, and the resource keys."""
    out = dict(changed=bool(actions), actions=[a.as_dict() for a in actions],
               diff=dict(before=before, after=after))
    out.update(resource)
    return out
