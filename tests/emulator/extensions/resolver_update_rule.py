"""Route 53 Resolver UpdateResolverRule: change a rule's name, target IPs or outbound endpoint in place.

AWS behaviour reproduced (Route 53 API Reference, UpdateResolverRule and ResolverRuleConfig):
- Request `{"ResolverRuleId": ..., "Config": {"Name", "TargetIps", "ResolverEndpointId"}}`; every field
  of Config is optional and "If you don't specify a parameter, it retains its current value".
- Answer `{"ResolverRule": {...}}`, the rule after the change.
- Name: at most 64 characters matching `(?!^[0-9]+$)([a-zA-Z0-9\\-_' ']+)` (ValidationException, as
  moto's CreateResolverRule answers it). TargetIps: at least one; IPv4 only here, as moto's
  CreateResolverRule; `Port` defaults to 53 (TargetAddress: "Port ... Required: No").
- Unknown rule or endpoint: ResourceNotFoundException. ResolverEndpointId must be an outbound endpoint
  ("The ID of the new outbound Resolver endpoint"); an inbound one answers InvalidRequestException.
  Target IPs or an endpoint on a SYSTEM rule: InvalidRequestException (moto's create says the same).
Not reproduced: the short UPDATING status AWS shows before COMPLETE (moto has no clock), and the
exact text of AWS's error messages (ours follow moto's create messages).

moto 5.2.5 does not implement UpdateResolverRule (HTTP 500).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from ipaddress import IPv4Address, ip_address

_APPLIED = False


def update_resolver_rule(backend, rule_id: str, config: dict):
    """Apply `config` to the rule `rule_id` of `backend` (a Route53ResolverBackend); returns the rule."""
    from moto.route53resolver.exceptions import (InvalidParameterException, InvalidRequestException,
                                                 ResourceNotFoundException)
    from moto.route53resolver.validations import validate_args

    backend._validate_resolver_rule_id(rule_id)
    rule = backend.resolver_rules[rule_id]
    name, targets, endpoint_id = config.get("Name"), config.get("TargetIps"), config.get("ResolverEndpointId")
    validate_args([("name", name)] + ([("resolverEndpointId", endpoint_id)] if endpoint_id else []))
    if rule.rule_type == "SYSTEM" and (targets or endpoint_id):
        raise InvalidRequestException("Cannot specify resolver endpoint ID and target IP for SYSTEM type resolver rule")
    if targets is not None:
        if not targets:
            raise InvalidParameterException("TargetIps must contain at least one address")
        targets = [dict(t, Port=t.get("Port", 53)) for t in targets]
        for target in targets:
            try:
                if not isinstance(ip_address(target.get("Ip", "")), IPv4Address):
                    raise InvalidParameterException(f"Only IPv4 addresses may be used: '{target['Ip']}'")
            except ValueError:
                raise InvalidParameterException(f"Invalid IP address: '{target.get('Ip')}'") from None
    if endpoint_id:
        endpoint = backend.resolver_endpoints.get(endpoint_id)
        if endpoint is None:
            raise ResourceNotFoundException(f"Resolver endpoint with ID '{endpoint_id}' does not exist.")
        if endpoint.direction != "OUTBOUND":
            raise InvalidRequestException(f"Resolver endpoint '{endpoint_id}' is not an outbound endpoint")
        rule.resolver_endpoint_id = endpoint_id
    if name is not None:
        rule.name = name
    if targets is not None:
        rule.target_ips = targets
    rule.modification_time = datetime.now(timezone.utc).isoformat()
    return rule


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.models import Route53ResolverBackend
    from moto.route53resolver.responses import Route53ResolverResponse

    def backend_update(self, resolver_rule_id, config):
        return update_resolver_rule(self, resolver_rule_id, config or {})

    def response_update(self):
        rule = self.route53resolver_backend.update_resolver_rule(
            resolver_rule_id=self._get_param("ResolverRuleId"), config=self._get_param("Config"))
        return json.dumps({"ResolverRule": rule.description()})

    Route53ResolverBackend.update_resolver_rule = backend_update
    Route53ResolverResponse.update_resolver_rule = response_update
    _APPLIED = True
