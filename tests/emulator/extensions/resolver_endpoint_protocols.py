"""Route 53 Resolver endpoint protocols: CreateResolverEndpoint and UpdateResolverEndpoint take `Protocols`, and
endpoints are described with them.

AWS behaviour reproduced (Route 53 API Reference, CreateResolverEndpoint and UpdateResolverEndpoint `Protocols`,
ResolverEndpoint `Protocols`):
- Values `Do53`, `DoH`, `DoH-FIPS`; none given is Do53. An inbound endpoint takes Do53, DoH or DoH-FIPS alone, or
  Do53 with DoH or with DoH-FIPS; an outbound one Do53 or DoH alone, or both ("DoH-FIPS is applicable for default
  inbound endpoints only"). Another set answers `InvalidParameterException` (the code AWS answers is not documented;
  ours follows moto's other parameter refusals).
- UpdateResolverEndpoint with `Protocols` replaces them; an inbound endpoint with Do53 alone cannot go straight to
  DoH or DoH-FIPS alone ("you must first enable both Do53 and DoH ... and then remove the Do53"):
  `InvalidRequestException`.
- Get/List/Create/Update describe `Protocols`.
Not reproduced: the UPDATING status AWS shows while the change is made (moto has no clock).

moto 5.2.5 ignores `Protocols` (and its UpdateResolverEndpoint changes the name only, to null when none is given;
the shared wrapper in _resolver_endpoints.py changes it only when given).
"""

from __future__ import annotations

from ._resolver_endpoints import on_create, on_describe, on_update

SETS = {
    "INBOUND": ({"Do53"}, {"DoH"}, {"DoH-FIPS"}, {"Do53", "DoH"}, {"Do53", "DoH-FIPS"}),
    "OUTBOUND": ({"Do53"}, {"DoH"}, {"Do53", "DoH"}),
}
_APPLIED = False


def checked(direction, protocols):
    from moto.route53resolver.exceptions import InvalidParameterException

    wanted = set(protocols or ["Do53"])
    if wanted not in SETS.get(direction, SETS["INBOUND"]):
        raise InvalidParameterException(f"Protocols {sorted(wanted)} are not supported for a {direction} endpoint")
    return sorted(wanted)


def protocols_of(endpoint):
    return list(getattr(endpoint, "vpcmesh_protocols", None) or ["Do53"])


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.exceptions import InvalidRequestException

    def create(response):
        wanted = checked(response._get_param("Direction"), response._get_param("Protocols"))
        return lambda endpoint: setattr(endpoint, "vpcmesh_protocols", wanted)

    def update(response, endpoint):
        given = response._get_param("Protocols")
        if given is None:
            return None
        wanted = checked(endpoint.direction, given)
        if endpoint.direction == "INBOUND" and protocols_of(endpoint) == ["Do53"] and "Do53" not in wanted:
            raise InvalidRequestException(
                "You can't change the protocol of an inbound endpoint directly from only Do53 to only DoH or DoH-FIPS; "
                "enable both first, then remove Do53")
        return lambda: setattr(endpoint, "vpcmesh_protocols", wanted)

    on_create(create)
    on_update(update)
    on_describe(lambda endpoint: {"Protocols": protocols_of(endpoint)})
    _APPLIED = True
