# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planned AWS calls and the result every vpcmesh.aws module returns.

A plan is a list of ``Action``: one AWS write call each, with the region and side (account) it must be
made in. Check mode returns the plan; a real run executes it in order and returns the same list, so the
two cannot drift apart.
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


def run_action(ctx, action, creds, extra_codes=None):
    """Execute ``action`` through an AwsContext with the credentials of its side."""
    hint = f" ({action.description})" if action.description else ""
    return ctx.call(action.service, action.region, creds, action.operation, error_hint=hint,
                    extra_codes=extra_codes, **action.params)


def result(actions, before, after, **resource):
    """The common return shape: changed, actions, diff, and the resource keys."""
    out = dict(changed=bool(actions), actions=[a.as_dict() for a in actions],
               diff=dict(before=before, after=after))
    out.update(resource)
    return out
