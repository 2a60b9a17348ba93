"""Route 53: a VPC carries at most one private hosted zone of a given name.

AWS behaviour reproduced (Route 53 API Reference, error ConflictingDomainExists: "Create a private
hosted zone: A hosted zone with the specified name already exists and is already associated with the
Amazon VPC that you specified. Associate VPCs with a private hosted zone: The VPC that you specified is
already associated with another hosted zone that has the same name."):
- AssociateVPCWithHostedZone of a VPC that is already associated with that zone, or with another
  private zone (of any account) of the same name, answers `ConflictingDomainExists`, "The VPC that you
  chose, vpc-… in region …, is already associated with another private hosted zone that has an
  overlapping name space, <name>." (the answer to a repeated association quoted in
  infrablocks/terraform-aws-base-networking issue #4).
- CreateHostedZone of a private zone on a VPC that already has a private zone of that name answers
  `ConflictingDomainExists`, "A conflicting domain is already associated with the given VPC or
  Delegation Set." (the answer quoted in ansible/ansible-modules-extras issue #915).
Zones of overlapping but different names (example.com, a.example.com) may share a VPC, as on AWS.
The VPC's region counts when the request names one.

moto 5.2.5 accepts both and lists the VPC twice on the zone.
"""

from __future__ import annotations

from ._route53_zones import private_zones_of_vpc, zone_owner_backend

_APPLIED = False


def dotted(name: str) -> str:
    return name if name.endswith(".") else f"{name}."


def same_name_zone(vpc_id: str, region: str | None, name: str):
    """A private zone named `name` that the VPC is already associated with, or None."""
    return next((zone for _backend, zone in private_zones_of_vpc(vpc_id, region)
                 if dotted(zone.name) == dotted(name)), None)


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53.exceptions import ConflictingDomainExists, Route53ClientError
    from moto.route53.models import Route53Backend

    class AlreadyAssociated(Route53ClientError):
        def __init__(self, vpc_id, region, name):
            super().__init__("ConflictingDomainExists",
                             f"The VPC that you chose, {vpc_id} in region {region}, is already associated with "
                             f"another private hosted zone that has an overlapping name space, {name}.")

    class ConflictOnCreate(ConflictingDomainExists):
        def __init__(self):
            Route53ClientError.__init__(self, "ConflictingDomainExists",
                                        "A conflicting domain is already associated with the given VPC or "
                                        "Delegation Set.")

    associate = Route53Backend.associate_vpc_with_hosted_zone
    create = Route53Backend.create_hosted_zone

    def associate_vpc_with_hosted_zone(self, zone_id, vpcid, vpcregion):
        owner = zone_owner_backend(zone_id)
        if owner is not None and vpcid:
            zone = owner.get_hosted_zone(zone_id)
            if zone.private_zone and same_name_zone(vpcid, vpcregion, zone.name) is not None:
                raise AlreadyAssociated(vpcid, vpcregion, zone.name)
        return associate(self, zone_id, vpcid, vpcregion)

    def create_hosted_zone(self, name, private_zone, caller_reference=None, vpcid=None, vpcregion=None,
                           *args, **kwargs):
        if private_zone and vpcid and same_name_zone(vpcid, vpcregion, name) is not None:
            raise ConflictOnCreate()
        return create(self, name, private_zone, caller_reference, vpcid, vpcregion, *args, **kwargs)

    Route53Backend.associate_vpc_with_hosted_zone = associate_vpc_with_hosted_zone
    Route53Backend.create_hosted_zone = create_hosted_zone
    _APPLIED = True
