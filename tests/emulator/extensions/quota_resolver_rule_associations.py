"""Resolver rule associations per Region: AWS refuses the association past the quota (the 2001st by default).

AWS behaviour reproduced:
- Quota "Associations between Resolver rules and VPCs per AWS Region" (Service Quotas `route53resolver`/
  `L-94E19253`), default 2,000 per account and Region, adjustable (Route 53 Developer Guide, "Quotas on Route 53 VPC
  Resolver").
- AssociateResolverRule past it answers `LimitExceededException` ("The request caused one or more limits to be
  exceeded."; the rest of the message is ours).
- The quota's value is the one the emulator's Service Quotas answers for the account and region (moto answers none
  for `route53resolver`: AWS's default).

moto 5.2.5 refuses only the 2002nd association (`len(associations) > 2000`); its own check is lifted so that this
one decides.
"""

from __future__ import annotations

from ._resolver_quotas import refuse_past

CODE, DEFAULT = "L-94E19253", 2000
_APPLIED = False


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.models import ResolverRuleAssociation, Route53ResolverBackend

    ResolverRuleAssociation.MAX_RULE_ASSOCIATIONS_PER_REGION = 10 ** 9  # moto's off-by-one limit: this one decides
    Route53ResolverBackend.associate_resolver_rule = refuse_past(
        Route53ResolverBackend.associate_resolver_rule, CODE, DEFAULT, "Resolver rule associations",
        lambda backend, region: sum(1 for a in backend.resolver_rule_associations.values() if a.region == region),
        region_first=False)
    _APPLIED = True
