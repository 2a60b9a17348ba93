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
