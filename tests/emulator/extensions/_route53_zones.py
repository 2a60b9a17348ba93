"""Helpers for the Route 53 extensions: moto keeps each account's hosted zones in that account's
backend; AWS lets a zone of one account carry VPCs of other accounts."""

from __future__ import annotations


def route53_backends_in_use():
    """Every account's Route 53 backend that exists already (none is created)."""
    from moto.route53.models import route53_backends

    for per_account in list(dict.values(route53_backends)):
        yield from list(dict.values(per_account))


def zone_owner_backend(zone_id: str):
    """The backend (account) holding hosted zone `zone_id`, or None."""
    bare = zone_id.replace("/hostedzone/", "")
    for backend in route53_backends_in_use():
        if bare in backend.zones:
            return backend
    return None


def vpc_matches(entry: dict, vpc_id: str, region: str | None) -> bool:
    """Whether one of moto's zone VPC entries ({vpc_id, vpc_region}) is `vpc_id` (in `region`, if given)."""
    return entry.get("vpc_id") == vpc_id and (region is None or entry.get("vpc_region") == region)


def private_zones_of_vpc(vpc_id: str, region: str | None):
    """(backend, zone) for every private zone of any account associated with the VPC."""
    for backend in route53_backends_in_use():
        for zone in list(backend.zones.values()):
            if zone.private_zone and any(vpc_matches(v, vpc_id, region) for v in zone.vpcs):
                yield backend, zone
