"""Route 53 Resolver rules shared through AWS RAM: visible and associable in the accounts they are shared with.

AWS behaviour reproduced (Route 53 Developer Guide, "Sharing Resolver rules with other AWS accounts and using
shared rules"; API Reference: ResolverRule.ShareStatus, ListResolverRules, GetResolverRule, AssociateResolverRule):
- a forwarding rule that is a resource of an ACTIVE share, in its region, is listed by ListResolverRules and
  answered by GetResolverRule in every account that may use the share (the account was associated directly, accepted
  the invitation, or is in the organization or OU shared with), with ``ShareStatus`` SHARED_WITH_ME and ``OwnerId``
  the owner's account; the owner sees SHARED_BY_ME while the rule is in such a share, NOT_SHARED otherwise;
- that account may AssociateResolverRule the rule with its own VPCs (the association is the account's, listed by
  its ListResolverRuleAssociations) and DisassociateResolverRule it; a VPC already using another rule for the same
  domain is refused as for owned rules ([RSLVR-00802]);
- when the rule stops being shared with the account (removed from the share, principal removed, share deleted),
  the account's associations of it are removed, as AWS does.
Not reproduced: the delay before a newly shared rule is visible (moto has no clock; the collection waits for it
anyway), and the owner's own UpdateResolverRule/DeleteResolverRule restrictions while shared.

moto 5.2.5 has no notion of a rule shared with another account: the rule of another account is unknown there
(ResourceNotFoundException) and ShareStatus is always NOT_SHARED.
"""

from __future__ import annotations

import json

from tests.emulator.extensions import _ram

_APPLIED = False


def shared_rules(account: str, region: str) -> dict:
    """{rule id: rule} of the rules of other accounts that ``account`` may use in ``region``."""
    from moto.route53resolver.models import route53resolver_backends

    found = {}
    for share, arn in _ram.shared_resources(region, account):
        parts = arn.split(":")
        if len(parts) < 6 or parts[2] != "route53resolver" or parts[3] != region:
            continue
        owner, rule_id = parts[4], parts[5].split("/")[-1]
        rule = route53resolver_backends[owner][region].resolver_rules.get(rule_id)
        if rule is not None and owner == share.account_id:
            found[rule_id] = rule
    return found


def shared_by_me(rule) -> bool:
    arn = rule.arn
    return any(share.account_id == rule.account_id and share.status == "ACTIVE"
               and _ram.state(share)["resources"].get(arn) == "ASSOCIATED"
               and any(status in _ram.LIVE for status in _ram.state(share)["principals"].values())
               for share in _ram.shares_in(rule.region))


def describe(rule, viewer: str) -> dict:
    out = rule.description()
    out["ShareStatus"] = "SHARED_WITH_ME" if viewer != rule.account_id else (
        "SHARED_BY_ME" if shared_by_me(rule) else "NOT_SHARED")
    return out


def prune(backend) -> None:
    """Drop the account's associations of rules of others that it may no longer use."""
    own = backend.resolver_rules
    usable = shared_rules(backend.account_id, backend.region_name)
    for association_id, association in list(backend.resolver_rule_associations.items()):
        if association.resolver_rule_id not in own and association.resolver_rule_id not in usable:
            del backend.resolver_rule_associations[association_id]


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.exceptions import InvalidRequestException, ResourceNotFoundException
    from moto.route53resolver.models import Route53ResolverBackend
    from moto.route53resolver.responses import Route53ResolverResponse as Response

    original_associate = Route53ResolverBackend.associate_resolver_rule
    original_disassociate = Route53ResolverBackend.disassociate_resolver_rule
    original_list_associations = Route53ResolverBackend.list_resolver_rule_associations
    original_list_rules = Response.list_resolver_rules

    def with_shared(self, rule_id, call):
        """Run ``call`` with the shared rule ``rule_id`` visible among the backend's rules for its duration."""
        if rule_id in self.resolver_rules:
            return call()
        rule = shared_rules(self.account_id, self.region_name).get(rule_id)
        if rule is None:
            return call()
        self.resolver_rules[rule_id] = rule
        try:
            return call()
        finally:
            self.resolver_rules.pop(rule_id, None)

    def associate_resolver_rule(self, resolver_rule_id, name, vpc_id):
        prune(self)
        rules = dict(self.resolver_rules, **shared_rules(self.account_id, self.region_name))
        rule = rules.get(resolver_rule_id)
        if rule is not None:
            domain = rule.domain_name.rstrip(".").lower()
            for association in self.resolver_rule_associations.values():
                other = rules.get(association.resolver_rule_id)
                if (association.vpc_id == vpc_id and other is not None and other.id != resolver_rule_id
                        and other.domain_name.rstrip(".").lower() == domain):
                    raise InvalidRequestException(
                        "[RSLVR-00802] Cannot associate rules with same domain name with same VPC. "
                        f'Conflict with resolver rule "{other.id}"')
        return with_shared(self, resolver_rule_id,
                           lambda: original_associate(self, resolver_rule_id, name, vpc_id))

    def disassociate_resolver_rule(self, resolver_rule_id, vpc_id):
        return with_shared(self, resolver_rule_id,
                           lambda: original_disassociate(self, resolver_rule_id, vpc_id))

    def list_resolver_rule_associations(self, *args, **kwargs):
        prune(self)
        return original_list_associations(self, *args, **kwargs)

    def get_resolver_rule(self):
        rule_id = self._get_param("ResolverRuleId")
        backend = self.route53resolver_backend
        rule = backend.resolver_rules.get(rule_id) or shared_rules(backend.account_id, backend.region_name).get(rule_id)
        if rule is None:
            raise ResourceNotFoundException(f"Resolver rule with ID '{rule_id}' does not exist")
        return json.dumps({"ResolverRule": describe(rule, backend.account_id)})

    def list_resolver_rules(self):
        """moto's pages of the account's own rules (ShareStatus as the owner sees it), then the rules shared with it
        on the last page."""
        backend = self.route53resolver_backend
        answer = json.loads(original_list_rules(self))
        for item in answer["ResolverRules"]:
            rule = backend.resolver_rules.get(item["Id"])
            if rule is not None:
                item["ShareStatus"] = describe(rule, backend.account_id)["ShareStatus"]
        others = shared_rules(backend.account_id, backend.region_name)
        if others and not answer.get("NextToken"):
            filters = [dict(f) for f in self._get_param("Filters") or []]
            backend._add_field_name_to_filter(filters)
            answer["ResolverRules"] += [describe(r, backend.account_id)
                                        for r in sorted(others.values(), key=lambda x: x.name or "")
                                        if backend._matches_all_filters(r, filters)]
        return json.dumps(answer)

    Route53ResolverBackend.associate_resolver_rule = associate_resolver_rule
    Route53ResolverBackend.disassociate_resolver_rule = disassociate_resolver_rule
    Route53ResolverBackend.list_resolver_rule_associations = list_resolver_rule_associations
    Response.get_resolver_rule = get_resolver_rule
    Response.list_resolver_rules = list_resolver_rules
    _APPLIED = True
