"""VPCs associated with a private hosted zone: AWS refuses an association past the limit, and tells the limit.

AWS behaviour reproduced:
- Limit `MAX_VPCS_ASSOCIATED_BY_ZONE`, "the maximum number of Amazon VPCs that you can associate with the specified
  private hosted zone" (Route 53 API Reference, HostedZoneLimit), default 300 (Route 53 Developer Guide, quotas on
  hosted zones); Route 53 has no Service Quotas code for it (an increase is a support case). The VPCs of every
  account and region count.
- AssociateVPCWithHostedZone past it answers `LimitsExceeded`, HTTP 400 (Route 53 API Reference,
  AssociateVPCWithHostedZone errors: "... because you've reached the limit on the number of Amazon VPCs that you
  can associate with a private hosted zone"); the wording of the message here is ours.
- GetHostedZoneLimit (`GET /2013-04-01/hostedzonelimit/{Id}/{Type}`) answers `Limit` (Type, Value) and `Count` (the
  VPCs associated now, or the records for `MAX_RRSETS_BY_ZONE`, default 10,000); an unknown zone `NoSuchHostedZone`,
  a public zone asked for `MAX_VPCS_ASSOCIATED_BY_ZONE` `HostedZoneNotPrivate`.

moto 5.2.5 has no limit and does not implement GetHostedZoneLimit. `LIMITS` below may be changed by an in-process
test to stand for a raised limit.
"""

from __future__ import annotations

from ._route53_zones import zone_owner_backend

LIMITS = {"MAX_VPCS_ASSOCIATED_BY_ZONE": 300, "MAX_RRSETS_BY_ZONE": 10000}
_APPLIED = False


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53 import urls
    from moto.route53.exceptions import NoSuchHostedZone, Route53ClientError
    from moto.route53.models import Route53Backend
    from moto.route53.responses import Route53

    class LimitsExceeded(Route53ClientError):
        def __init__(self, zone_id, limit):
            super().__init__("LimitsExceeded",
                             f"The hosted zone {zone_id} already has the maximum number of Amazon VPCs that you can "
                             f"associate with a private hosted zone ({limit}).")

    class HostedZoneNotPrivate(Route53ClientError):
        def __init__(self, zone_id):
            super().__init__("HostedZoneNotPrivate", f"The hosted zone {zone_id} is not a private hosted zone.")

    associate = Route53Backend.associate_vpc_with_hosted_zone

    def associate_vpc_with_hosted_zone(self, zone_id, vpcid, vpcregion):
        zone = self.get_hosted_zone(zone_id)
        limit = LIMITS["MAX_VPCS_ASSOCIATED_BY_ZONE"]
        known = any(v.get("vpc_id") == vpcid for v in zone.vpcs)
        if zone.private_zone and not known and len(zone.vpcs) >= limit:
            raise LimitsExceeded(zone_id, limit)
        return associate(self, zone_id, vpcid, vpcregion)

    def get_hosted_zone_limit(self):
        zone_id = self._get_param("HostedZoneId") or self._get_param("Id")
        limit_type = self._get_param("Type")
        backend = zone_owner_backend(zone_id) or self.backend
        bare = zone_id.replace("/hostedzone/", "")
        if bare not in backend.zones:
            raise NoSuchHostedZone(bare)
        zone = backend.zones[bare]
        if limit_type == "MAX_VPCS_ASSOCIATED_BY_ZONE":
            if not zone.private_zone:
                raise HostedZoneNotPrivate(bare)
            count = len(zone.vpcs)
        else:
            count = len(getattr(zone, "rrsets", []))
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<GetHostedZoneLimitResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
                f"<Count>{count}</Count><Limit><Type>{limit_type}</Type><Value>{LIMITS[limit_type]}</Value></Limit>"
                f"</GetHostedZoneLimitResponse>")
        return 200, {"Content-Type": "text/xml"}, body

    Route53Backend.associate_vpc_with_hosted_zone = associate_vpc_with_hosted_zone
    Route53.get_hosted_zone_limit = get_hosted_zone_limit
    urls.url_paths[r"{0}/(?P<api_version>[\d_-]+)/hostedzonelimit/(?P<zone_id>[^/]+)/(?P<limit_type>[^/]+)$"] = (
        Route53.dispatch)
    _APPLIED = True
