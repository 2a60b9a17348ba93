"""Route 53: a VPC of another account joins a private hosted zone through an association authorization.

AWS behaviour reproduced (Route 53 API Reference, CreateVPCAssociationAuthorization,
ListVPCAssociationAuthorizations, DeleteVPCAssociationAuthorization, AssociateVPCWithHostedZone,
DisassociateVPCFromHostedZone; Developer Guide, "Associating an Amazon VPC and a private hosted zone
that you created with different AWS accounts"):
- The zone's owner authorizes a VPC (ID + region) with CreateVPCAssociationAuthorization
  (POST /2013-04-01/hostedzone/{Id}/authorizevpcassociation; answers HostedZoneId and VPC; authorizing
  the same VPC again succeeds), lists authorizations with ListVPCAssociationAuthorizations (GET on the
  same path; HostedZoneId and VPCs) and removes one with DeleteVPCAssociationAuthorization
  (POST .../deauthorizevpcassociation; `VPCAssociationAuthorizationNotFound`, HTTP 404, when there is
  none). A zone that is not the caller's answers `NoSuchHostedZone`; no VPC ID answers `InvalidVPCId`.
- The VPC's owner then calls AssociateVPCWithHostedZone on the other account's zone. Without an
  authorization AWS answers `NotAuthorizedException` (HTTP 401), "The VPC: vpc-… has not authorized to
  associate with your hosted zone." (the answer quoted in hashicorp/terraform issue #12804). An
  authorization stays until it is deleted; deleting it does not disassociate the VPC.
- DisassociateVPCFromHostedZone may be sent by the zone's owner or by the VPC's owner.
Approximations: the VPC is not checked to belong to the caller (moto does not validate Route 53 VPC
IDs at all); ListVPCAssociationAuthorizations returns one page (no MaxResults/NextToken).

moto 5.2.5 answers 404 to the three authorization operations and keeps zones per account, so a VPC
owner's AssociateVPCWithHostedZone on another account's zone answers `NoSuchHostedZone`.
"""

from __future__ import annotations

from ._route53_zones import zone_owner_backend

_APPLIED = False
ROUTES = {
    r"{0}/(?P<api_version>[\d_-]+)/hostedzone/(?P<zone_id>[^/]+)/authorizevpcassociation/?$",
    r"{0}/(?P<api_version>[\d_-]+)/hostedzone/(?P<zone_id>[^/]+)/deauthorizevpcassociation/?$",
}


def authorizations(zone) -> list:
    """The zone's authorized VPCs, [{'VPCId', 'VPCRegion'}] (kept on moto's zone object)."""
    if not hasattr(zone, "vpcmesh_authorizations"):
        zone.vpcmesh_authorizations = []
    return zone.vpcmesh_authorizations


def is_authorized(zone, vpc_id: str, region: str | None) -> bool:
    return any(a["VPCId"] == vpc_id and (region is None or a["VPCRegion"] == region)
               for a in authorizations(zone))


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.core.responses import ActionResult, EmptyResult
    from moto.route53 import urls
    from moto.route53.exceptions import InvalidVPCId, Route53ClientError
    from moto.route53.models import Route53Backend
    from moto.route53.responses import Route53

    class NotAuthorizedException(Route53ClientError):
        def __init__(self, vpc_id: str):
            super().__init__("NotAuthorizedException",
                             f"The VPC: {vpc_id} has not authorized to associate with your hosted zone.")

    class VPCAssociationAuthorizationNotFound(Route53ClientError):
        def __init__(self, vpc_id: str, zone_id: str):
            super().__init__("VPCAssociationAuthorizationNotFound",
                             f"The VPC {vpc_id} that you specified is not authorized to be associated with "
                             f"the hosted zone {zone_id}.")

    for route in ROUTES:
        urls.url_paths[route] = Route53.dispatch

    def requested_vpc(response):
        vpc_id = response._get_param("VPC.VPCId")
        if not vpc_id:
            raise InvalidVPCId()
        return {"VPCId": vpc_id, "VPCRegion": response._get_param("VPC.VPCRegion")}

    def create_vpc_association_authorization(self):
        zone = self.backend.get_hosted_zone(self._get_param("HostedZoneId"))
        vpc = requested_vpc(self)
        if not is_authorized(zone, vpc["VPCId"], vpc["VPCRegion"]):
            authorizations(zone).append(vpc)
        return ActionResult({"HostedZoneId": zone.resource_id, "VPC": vpc})

    def list_vpc_association_authorizations(self):
        zone = self.backend.get_hosted_zone(self._get_param("HostedZoneId"))
        return ActionResult({"HostedZoneId": zone.resource_id, "VPCs": list(authorizations(zone))})

    def delete_vpc_association_authorization(self):
        zone = self.backend.get_hosted_zone(self._get_param("HostedZoneId"))
        vpc = requested_vpc(self)
        if not is_authorized(zone, vpc["VPCId"], vpc["VPCRegion"]):
            raise VPCAssociationAuthorizationNotFound(vpc["VPCId"], zone.resource_id)
        zone.vpcmesh_authorizations = [a for a in authorizations(zone) if not (
            a["VPCId"] == vpc["VPCId"] and (vpc["VPCRegion"] is None or a["VPCRegion"] == vpc["VPCRegion"]))]
        return EmptyResult()

    associate = Route53Backend.associate_vpc_with_hosted_zone
    disassociate = Route53Backend.disassociate_vpc_from_hosted_zone

    def other_owner(backend, zone_id):
        """The backend of the account owning `zone_id` when it is not `backend`'s account."""
        if zone_id.replace("/hostedzone/", "") in backend.zones:
            return None
        return zone_owner_backend(zone_id)

    def associate_vpc_with_hosted_zone(self, zone_id, vpcid, vpcregion):
        owner = other_owner(self, zone_id)
        if owner is None:
            return associate(self, zone_id, vpcid, vpcregion)
        if not is_authorized(owner.get_hosted_zone(zone_id), vpcid, vpcregion):
            raise NotAuthorizedException(vpcid)
        return owner.associate_vpc_with_hosted_zone(zone_id, vpcid, vpcregion)

    def disassociate_vpc_from_hosted_zone(self, zone_id, vpcid):
        owner = other_owner(self, zone_id)
        if owner is None:
            return disassociate(self, zone_id, vpcid)
        return owner.disassociate_vpc_from_hosted_zone(zone_id, vpcid)

    Route53.create_vpc_association_authorization = create_vpc_association_authorization
    Route53.list_vpc_association_authorizations = list_vpc_association_authorizations
    Route53.delete_vpc_association_authorization = delete_vpc_association_authorization
    Route53Backend.associate_vpc_with_hosted_zone = associate_vpc_with_hosted_zone
    Route53Backend.disassociate_vpc_from_hosted_zone = disassociate_vpc_from_hosted_zone
    _APPLIED = True
