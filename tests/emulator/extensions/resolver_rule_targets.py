"""Route 53 Resolver rule targets: IPv6 addresses and a protocol per target, in CreateResolverRule and
UpdateResolverRule.

AWS behaviour reproduced (Route 53 API Reference, TargetAddress):
- A target is `Ip` (IPv4; an IPv6 address there is refused, `InvalidParameterException`) or `Ipv6`, with `Port` and
  `Protocol` (Do53 or DoH; none given is Do53, and the target is described as given). "The protocol you choose needs
  to be supported by the outbound endpoint of the Resolver rule": a target whose protocol the rule's outbound
  endpoint does not have (its `Protocols`, extension resolver_endpoint_protocols; Do53 when none) answers
  `InvalidRequestException`.
- UpdateResolverRule `Config.TargetIps` takes the same targets, checked against the rule's outbound endpoint (the new
  one when `ResolverEndpointId` changes too).
Not reproduced: whether AWS refuses an IPv6 target on an outbound endpoint without IPv6 addresses (not documented; not
refused here); the exact wording of AWS's errors.

moto 5.2.5 answers HTTP 500 for a target without `Ip` and refuses IPv6 addresses; it ignores `Protocol`. This
extension applies resolver_update_rule first (it wraps that extension's UpdateResolverRule).
"""

from __future__ import annotations

from ipaddress import IPv6Address, ip_address

_APPLIED = False


def checked(backend, targets, endpoint_id):
    """The targets with `Port` defaulted to 53, each checked; raises as AWS would."""
    from moto.route53resolver.exceptions import InvalidParameterException, InvalidRequestException

    endpoint = backend.resolver_endpoints.get(endpoint_id) if endpoint_id else None
    supported = list(getattr(endpoint, "vpcmesh_protocols", None) or ["Do53"])
    out = []
    for target in targets or []:
        target = dict(target, Port=target.get("Port", 53))
        if target.get("Ipv6"):
            try:
                if not isinstance(ip_address(target["Ipv6"]), IPv6Address):
                    raise ValueError(target["Ipv6"])
            except ValueError:
                raise InvalidParameterException(f"Invalid IPv6 address: '{target['Ipv6']}'") from None
        elif not target.get("Ip"):
            raise InvalidParameterException("A target needs Ip or Ipv6")
        if target.get("Ip"):
            try:
                if isinstance(ip_address(target["Ip"]), IPv6Address):
                    raise InvalidParameterException(f"Only IPv4 addresses may be used in Ip: '{target['Ip']}'")
            except ValueError:
                raise InvalidParameterException(f"Invalid IP address: '{target['Ip']}'") from None
        protocol = target.get("Protocol") or "Do53"
        if protocol not in ("Do53", "DoH"):
            raise InvalidParameterException(f"Protocol '{protocol}' is not a target protocol (Do53, DoH)")
        if endpoint is not None and protocol not in supported:
            raise InvalidRequestException(f"The outbound endpoint {endpoint_id} does not support {protocol} (it has "
                                          f"{', '.join(supported)})")
        out.append(target)
    return out


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.models import Route53ResolverBackend

    from . import resolver_update_rule

    resolver_update_rule.apply()
    original_create = Route53ResolverBackend.create_resolver_rule
    original_update = Route53ResolverBackend.update_resolver_rule

    def create_resolver_rule(self, region, creator_request_id, name, rule_type, domain_name, target_ips,
                             resolver_endpoint_id, tags):
        targets = checked(self, target_ips, resolver_endpoint_id)
        rule = original_create(self, region, creator_request_id, name, rule_type, domain_name,
                               [t for t in targets if t.get("Ip")], resolver_endpoint_id, tags)
        if targets:
            rule.target_ips = targets
        return rule

    def update_resolver_rule(self, resolver_rule_id, config):
        config = dict(config or {})
        if config.get("TargetIps") is None:
            return original_update(self, resolver_rule_id, config)
        self._validate_resolver_rule_id(resolver_rule_id)
        endpoint_id = config.get("ResolverEndpointId") or self.resolver_rules[resolver_rule_id].resolver_endpoint_id
        targets = checked(self, config.pop("TargetIps"), endpoint_id)
        if not targets:
            config["TargetIps"] = []  # the wrapped extension refuses an empty list, as AWS does
        rule = original_update(self, resolver_rule_id, config)
        if targets:
            rule.target_ips = targets
        return rule

    Route53ResolverBackend.create_resolver_rule = create_resolver_rule
    Route53ResolverBackend.update_resolver_rule = update_resolver_rule
    _APPLIED = True
