"""IP addresses per Resolver endpoint: AWS refuses an endpoint, or an added address, past the quota (6 by default).

AWS behaviour reproduced:
- Quota "IP addresses per Resolver endpoint" (Service Quotas `route53resolver`/`L-D2FE9758`), default 6, adjustable
  (Route 53 Developer Guide, "Quotas on Route 53 VPC Resolver").
- CreateResolverEndpoint with more addresses, and AssociateResolverEndpointIpAddress on an endpoint that has that
  many, answer `LimitExceededException` ("The request caused one or more limits to be exceeded."; the rest of the
  message is ours).
- The quota's value is the one the emulator's Service Quotas answers for the account and region (moto answers none
  for `route53resolver`: AWS's default).

moto 5.2.5 has no limit on an endpoint's addresses.
"""

from __future__ import annotations

from ._quotas import applied

CODE, DEFAULT = "L-D2FE9758", 6
_APPLIED = False


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.exceptions import LimitExceededException
    from moto.route53resolver.models import Route53ResolverBackend

    original_create = Route53ResolverBackend.create_resolver_endpoint
    original_add = Route53ResolverBackend.associate_resolver_endpoint_ip_address

    def refuse(backend, region, count, what):
        raise LimitExceededException(
            f"The request caused one or more limits to be exceeded. {what} would have {count} IP addresses, over the "
            f"quota {CODE} of {applied(backend.account_id, region, 'route53resolver', CODE, DEFAULT)}.")

    def create_resolver_endpoint(self, region, creator_request_id, name, security_group_ids, direction,
                                 ip_addresses, *args, **kwargs):
        if len(ip_addresses or []) > applied(self.account_id, region, "route53resolver", CODE, DEFAULT):
            refuse(self, region, len(ip_addresses), f"Resolver endpoint {name!r}")
        return original_create(self, region, creator_request_id, name, security_group_ids, direction,
                               ip_addresses, *args, **kwargs)

    def associate_resolver_endpoint_ip_address(self, resolver_endpoint_id, value):
        endpoint = self.resolver_endpoints.get(resolver_endpoint_id)
        if endpoint is not None and len(endpoint.ip_addresses) >= applied(
                self.account_id, self.region_name, "route53resolver", CODE, DEFAULT):
            refuse(self, self.region_name, len(endpoint.ip_addresses) + 1, f"Resolver endpoint {resolver_endpoint_id}")
        return original_add(self, resolver_endpoint_id, value)

    Route53ResolverBackend.create_resolver_endpoint = create_resolver_endpoint
    Route53ResolverBackend.associate_resolver_endpoint_ip_address = associate_resolver_endpoint_ip_address
    _APPLIED = True
