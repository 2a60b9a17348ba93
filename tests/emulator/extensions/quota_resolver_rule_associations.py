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

from ._quotas import applied

CODE, DEFAULT = "L-94E19253", 2000
_APPLIED = False


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.exceptions import LimitExceededException
    from moto.route53resolver.models import ResolverRuleAssociation, Route53ResolverBackend

    original = Route53ResolverBackend.associate_resolver_rule
    ResolverRuleAssociation.MAX_RULE_ASSOCIATIONS_PER_REGION = 10 ** 9  # moto's off-by-one limit: this one decides

    def associate_resolver_rule(self, resolver_rule_id, name, vpc_id):
        limit = applied(self.account_id, self.region_name, "route53resolver", CODE, DEFAULT)
        have = [a for a in self.resolver_rule_associations.values() if a.region == self.region_name]
        if len(have) >= limit:
            raise LimitExceededException(
                f"The request caused one or more limits to be exceeded. Account '{self.account_id}' has {len(have)} "
                f"Resolver rule associations in {self.region_name}, the quota {CODE} of {limit}.")
        return original(self, resolver_rule_id, name, vpc_id)

    Route53ResolverBackend.associate_resolver_rule = associate_resolver_rule
    _APPLIED = True
