"""AWS RAM invitations: an account outside the owner's organization (or any account when sharing with AWS
Organizations is not enabled) must accept the share before it may use it.

AWS behaviour reproduced (AWS RAM User Guide, "Sharing your AWS resources" and "Accepting and rejecting
invitations"; API Reference: GetResourceShareInvitations, AcceptResourceShareInvitation,
ListPendingInvitationResources, EnableSharingWithAwsOrganization):
- an account principal added to a share (CreateResourceShare or AssociateResourceShare) gets a PENDING invitation
  in the share's region, and its principal association is ASSOCIATING, unless the account is in the owner's
  organization and the organization's management account enabled sharing with AWS Organizations; then the
  association is ASSOCIATED at once and there is no invitation (as for the organization and OU principals);
- an account principal outside the organization on a share with ``allowExternalPrincipals`` false is refused
  (OperationNotPermittedException);
- GetResourceShareInvitations answers the invitations the caller received (filtered by
  ``resourceShareInvitationArns`` and ``resourceShareArns``); AcceptResourceShareInvitation makes it ACCEPTED and
  the principal's association ASSOCIATED, answering the invitation (honouring ``clientToken``); accepting twice is
  refused (ResourceShareInvitationAlreadyAcceptedException), so is an unknown invitation
  (UnknownResourceException); ListPendingInvitationResources lists the share's resources while it is pending;
- EnableSharingWithAwsOrganization by the management account enables it for its organization.
Not reproduced: RejectResourceShareInvitation, invitations expiring after 7 days, pagination.

moto 5.2.5 has no invitations at all: every principal is associated at once.
"""

from __future__ import annotations

import json

from tests.emulator.extensions import _ram

_APPLIED = False
ROUTES = ("getresourceshareinvitations", "acceptresourceshareinvitation", "listpendinginvitationresources")


def sharing_enabled(account: str) -> bool:
    backend = _ram.organization_backend(account)
    return bool(backend is not None and getattr(backend, "vpcmesh_ram_sharing", False))


def principal_status(share, principal: str) -> str:
    """ASSOCIATED within an organization with sharing enabled (and for organization and OU principals), else
    ASSOCIATING with a PENDING invitation to the account."""
    from moto.core.exceptions import JsonRESTError

    if not _ram.ACCOUNT.match(principal):
        return "ASSOCIATED"
    org = _ram.organization_of(share.account_id)
    inside = org is not None and principal in org[1]
    if not inside and not share.allow_external_principals:
        raise JsonRESTError("OperationNotPermittedException", f"The resource share {share.arn} does not allow "
                            f"principals outside your organization ({principal}).")
    if inside and sharing_enabled(share.account_id):
        return "ASSOCIATED"
    pending = [i for i in _ram.invitations(principal, share.region)
               if i["resourceShareArn"] == share.arn and i["status"] == "PENDING"]
    if not pending:
        _ram.new_invitation(share, principal)
    return "ASSOCIATING"


def find_invitation(account, region, arn):
    from moto.ram.exceptions import UnknownResourceException

    found = next((i for i in _ram.invitations(account, region) if i["resourceShareInvitationArn"] == arn), None)
    if found is None:
        raise UnknownResourceException(f"ResourceShareInvitation {arn} could not be found.")
    return found


def share_of(invitation):
    return next((s for s in _ram.shares_in(invitation["resourceShareArn"].split(":")[3])
                 if s.arn == invitation["resourceShareArn"]), None)


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.core.exceptions import JsonRESTError
    from moto.ram import urls
    from moto.ram.models import ResourceAccessManagerBackend
    from moto.ram.responses import ResourceAccessManagerResponse as Response

    class AlreadyAccepted(JsonRESTError):
        code = 400

        def __init__(self, message):
            super().__init__("ResourceShareInvitationAlreadyAcceptedException", message)

    original_enable = ResourceAccessManagerBackend.enable_sharing_with_aws_organization

    def enable_sharing_with_aws_organization(self):
        answer = original_enable(self)
        self.organizations_backend.vpcmesh_ram_sharing = True
        return answer

    def get_resource_share_invitations(self):
        params = self.request_params
        found = [dict(i) for i in _ram.invitations(self.current_account, self.region)
                 if (not params.get("resourceShareInvitationArns")
                     or i["resourceShareInvitationArn"] in params["resourceShareInvitationArns"])
                 and (not params.get("resourceShareArns") or i["resourceShareArn"] in params["resourceShareArns"])]
        return json.dumps({"resourceShareInvitations": found})

    def accept_resource_share_invitation(self):
        params = self.request_params
        invitation = find_invitation(self.current_account, self.region, params.get("resourceShareInvitationArn"))
        tokens = self.ram_backend.__dict__.setdefault("vpcmesh_tokens", {})
        key = (params.get("clientToken"), "accept")
        if params.get("clientToken") and key in tokens:
            return json.dumps(tokens[key])
        if invitation["status"] == "ACCEPTED":
            raise AlreadyAccepted(f"The invitation {invitation['resourceShareInvitationArn']} has already been "
                                  "accepted.")
        invitation["status"] = "ACCEPTED"
        share = share_of(invitation)
        if share is not None:
            state = _ram.state(share)
            if state["principals"].get(self.current_account) == "ASSOCIATING":
                state["principals"][self.current_account] = "ASSOCIATED"
        answer = {"resourceShareInvitation": dict(invitation), "clientToken": params.get("clientToken")}
        if params.get("clientToken"):
            tokens[key] = answer
        return json.dumps(answer)

    def list_pending_invitation_resources(self):
        from tests.emulator.extensions.ram_share_lifecycle import resource_type

        params = self.request_params
        invitation = find_invitation(self.current_account, self.region, params.get("resourceShareInvitationArn"))
        share = share_of(invitation)
        found = []
        if invitation["status"] == "PENDING" and share is not None and share.status == "ACTIVE":
            found = [dict(arn=arn, type=resource_type(arn), resourceShareArn=share.arn, status="AVAILABLE",
                          resourceRegionScope="REGIONAL")
                     for arn, status in _ram.state(share)["resources"].items() if status == "ASSOCIATED"]
        return json.dumps({"resources": found})

    _ram.HOOKS["principal_status"] = principal_status
    ResourceAccessManagerBackend.enable_sharing_with_aws_organization = enable_sharing_with_aws_organization
    Response.get_resource_share_invitations = get_resource_share_invitations
    Response.accept_resource_share_invitation = accept_resource_share_invitation
    Response.list_pending_invitation_resources = list_pending_invitation_resources
    for route in ROUTES:
        urls.url_paths["{0}/" + route + "$"] = Response.dispatch
    _APPLIED = True
