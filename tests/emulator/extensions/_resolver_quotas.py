"""Helper of the Resolver quota extensions (quota_resolver_endpoints, quota_resolver_rules,
quota_resolver_rule_associations): refuse a create past a per account and region quota, as AWS does."""

from __future__ import annotations

from ._quotas import applied


def refuse_past(method, code, default, what, existing, region_first=True):
    """Wrap the Route53ResolverBackend ``method`` (a function ``(self, ...)``): before it runs, count ``existing(self,
    region)`` against the quota ``code`` (the value the emulator's Service Quotas answers, else ``default``) and answer
    AWS's `LimitExceededException` when the account has reached it. ``region`` is the call's first argument ``region``
    (by keyword from moto's responses, by position from other extensions) when ``region_first``, else the backend's."""
    from moto.route53resolver.exceptions import LimitExceededException

    def wrapper(self, *args, **kwargs):
        region = (kwargs.get("region") or (args[0] if args else None)) if region_first else None
        region = region or self.region_name
        limit = applied(self.account_id, region, "route53resolver", code, default)
        have = existing(self, region)
        if have >= limit:
            raise LimitExceededException(
                f"The request caused one or more limits to be exceeded. Account '{self.account_id}' has {have} "
                f"{what} in {region}, the quota {code} of {limit}.")
        return method(self, *args, **kwargs)

    return wrapper


def install(model, limit, method, code, default, what, collection, region_first=True):
    """Lift moto's own (off-by-one) ``limit`` of ``model`` (a class of moto.route53resolver.models) and wrap the
    backend's ``method`` with ``refuse_past``, counting the backend's ``collection`` (a dict of objects with a
    ``region``) in the call's region."""
    from moto.route53resolver import models

    setattr(getattr(models, model), limit, 10 ** 9)
    backend = models.Route53ResolverBackend
    setattr(backend, method, refuse_past(
        getattr(backend, method), code, default, what,
        lambda self, region: sum(1 for item in getattr(self, collection).values() if item.region == region),
        region_first))
