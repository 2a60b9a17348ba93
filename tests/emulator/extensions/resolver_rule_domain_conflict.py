"""Route 53 Resolver AssociateResolverRule: one rule per domain name in a VPC.

AWS behaviour reproduced: associating a rule with a VPC that already uses another rule for the same
domain name is refused with InvalidRequestException, "[RSLVR-00802] Cannot associate rules with same
domain name with same VPC. Conflict with resolver rule \\"<rule id>\\"" (AWS's answer quoted in
crossplane-contrib/provider-upjet-aws issue #1010). Domain names compare without case and trailing dot.
Associations being deleted no longer count. Not reproduced: the short delay during which AWS still
counts an association it is deleting.

moto 5.2.5 refuses only the same rule twice in a VPC; a second rule for the same domain is accepted.
"""

from __future__ import annotations

_APPLIED = False


def conflicting_rule(backend, rule_id: str, vpc_id: str):
    """The ID of a rule other than `rule_id`, for the same domain, already associated with `vpc_id`."""
    rule = backend.resolver_rules.get(rule_id)
    if rule is None:
        return None
    domain = rule.domain_name.rstrip(".").lower()
    for association in backend.resolver_rule_associations.values():
        other = backend.resolver_rules.get(association.resolver_rule_id)
        if (association.vpc_id == vpc_id and other is not None and other.id != rule_id
                and other.domain_name.rstrip(".").lower() == domain):
            return other.id
    return None


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.exceptions import InvalidRequestException
    from moto.route53resolver.models import Route53ResolverBackend

    original = Route53ResolverBackend.associate_resolver_rule

    def associate_resolver_rule(self, resolver_rule_id, name, vpc_id):
        other = conflicting_rule(self, resolver_rule_id, vpc_id)
        if other:
            raise InvalidRequestException(
                "[RSLVR-00802] Cannot associate rules with same domain name with same VPC. "
                f'Conflict with resolver rule "{other}"')
        return original(self, resolver_rule_id, name, vpc_id)

    Route53ResolverBackend.associate_resolver_rule = associate_resolver_rule
    _APPLIED = True
