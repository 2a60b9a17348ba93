"""Resolver rules per Region: AWS refuses the rule past the quota (the 1001st by default).

AWS behaviour reproduced:
- Quota "Resolver rules per AWS Region" (Service Quotas `route53resolver`/`L-51D8A1FB`), default 1,000 per account
  and Region, adjustable (Route 53 Developer Guide, "Quotas on Route 53 VPC Resolver"); the rules the account owns
  count (moto has none of AWS's own rules, and shares none).
- CreateResolverRule past it answers `LimitExceededException` ("The request caused one or more limits to be
  exceeded."; the rest of the message is ours).
- The quota's value is the one the emulator's Service Quotas answers for the account and region (moto answers none
  for `route53resolver`: AWS's default).

moto 5.2.5 refuses only the 1002nd rule (`len(rules) > 1000`); its own check is lifted so that this one decides.
"""

from __future__ import annotations

from ._resolver_quotas import install

CODE, DEFAULT = "L-51D8A1FB", 1000
_APPLIED = False


def apply() -> None:
    global _APPLIED
    if not _APPLIED:  # moto's own off-by-one limit is lifted: this extension decides
        install("ResolverRule", "MAX_RULES_PER_REGION", "create_resolver_rule", CODE, DEFAULT, "Resolver rules",
                "resolver_rules")
    _APPLIED = True
