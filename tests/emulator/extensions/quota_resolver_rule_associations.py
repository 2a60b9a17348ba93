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

from ._resolver_quotas import install

CODE, DEFAULT = "L-94E19253", 2000
_APPLIED = False


def apply() -> None:
    global _APPLIED
    if not _APPLIED:  # moto's own off-by-one limit is lifted: this extension decides
        install("ResolverRuleAssociation", "MAX_RULE_ASSOCIATIONS_PER_REGION", "associate_resolver_rule", CODE,
                DEFAULT, "Resolver rule associations", "resolver_rule_associations", region_first=False)
    _APPLIED = True
