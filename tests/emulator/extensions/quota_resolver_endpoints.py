"""Resolver endpoints per Region: AWS refuses the endpoint past the quota (the 5th by default).

AWS behaviour reproduced:
- Quota "Resolver endpoints per AWS Region" (Service Quotas `route53resolver`/`L-4A669CC0`), default 4 per account
  and Region, adjustable (Route 53 Developer Guide, "Quotas on Route 53 VPC Resolver"); every endpoint counts,
  inbound and outbound, in any VPC.
- CreateResolverEndpoint past it answers `LimitExceededException` (Route 53 API Reference, CreateResolverEndpoint
  errors: "The request caused one or more limits to be exceeded."); the wording after that sentence is ours.
- The quota's value is the one the emulator's Service Quotas answers for the account and region (moto answers none
  for `route53resolver`: AWS's default).

moto 5.2.5 refuses only the 6th endpoint (`len(endpoints) > 4`); its own check is lifted so that this one decides.
"""

from __future__ import annotations

from ._resolver_quotas import install

CODE, DEFAULT = "L-4A669CC0", 4
_APPLIED = False


def apply() -> None:
    global _APPLIED
    if not _APPLIED:  # moto's own off-by-one limit is lifted: this extension decides
        install("ResolverEndpoint", "MAX_ENDPOINTS_PER_REGION", "create_resolver_endpoint", CODE, DEFAULT,
                "Resolver endpoints", "resolver_endpoints")
    _APPLIED = True
