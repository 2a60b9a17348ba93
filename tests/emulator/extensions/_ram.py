"""Helpers of the RAM extensions (not an extension): the state moto's ResourceShare lacks, and who may use a share.

moto 5.2.5 keeps a share's principals and resources as plain lists and nothing else. The extensions keep, on
each share object, ``vpcmesh`` = dict(tags, principals {entity: status}, resources {arn: status}, tokens), and
invitations on the receiving account's RAM backend (``vpcmesh_invitations``) and "sharing with AWS
Organizations enabled" on the organization's backend (``vpcmesh_ram_sharing``), so moto's reset clears them.
"""

from __future__ import annotations

import re
import uuid

from moto.core.utils import unix_time, utcnow

ACCOUNT = re.compile(r"^\d{12}$")
ORGANIZATION = re.compile(r"^arn:aws[a-z-]*:organizations::(\d{12}):organization/(o-\w+)$")
OU = re.compile(r"^arn:aws[a-z-]*:organizations::(\d{12}):ou/(o-\w+)/(ou-[\w-]+)$")
LIVE = ("ASSOCIATING", "ASSOCIATED")

# How a newly added principal starts; the ram_invitations extension replaces it.
HOOKS = {"principal_status": lambda share, principal: "ASSOCIATED"}


def state(share) -> dict:
    """The extension state of a moto ResourceShare (made on first use from moto's lists)."""
    found = getattr(share, "vpcmesh", None)
    if found is None:
        found = dict(tags={}, principals={p: "ASSOCIATED" for p in share.principals},
                     resources={r: "ASSOCIATED" for r in share.resource_arns}, tokens={})
        share.vpcmesh = found
    return found


def touch(share) -> None:
    share.last_updated_time = utcnow()


def backends():
    from moto.ram.models import ram_backends

    return ram_backends


def shares_in(region: str):
    """Every account's shares in ``region``."""
    ram_backends = backends()
    for account in list(ram_backends.keys()):
        regions = ram_backends[account]
        if region in regions:
            yield from regions[region].resource_shares


def organization_backend(account: str):
    """The moto organizations backend of the organization ``account`` is in (None: in none)."""
    from moto.organizations.models import organizations_backends

    for owner in list(organizations_backends.keys()):
        for backend in organizations_backends[owner].values():
            org = getattr(backend, "org", None)
            if org is not None and account in {a.id for a in backend.accounts} | {org.master_account_id}:
                return backend
    return None


def organization_of(account: str):
    """(organization id, set of member account IDs, {ou arn: member IDs}) of the organization ``account`` is in, or
    None. moto keeps an organization in its management account's backend."""
    from moto.organizations.models import organizations_backends

    for owner in list(organizations_backends.keys()):
        for backend in organizations_backends[owner].values():
            org = getattr(backend, "org", None)
            if org is None:
                continue
            members = {a.id for a in backend.accounts} | {org.master_account_id}
            if account not in members:
                continue
            ous = {}
            for ou in getattr(backend, "ou", []):
                ous[ou.arn] = {a.id for a in backend.accounts if a.parent_id == ou.id}
            return org.id, members, ous
    return None


def principal_accounts(share, principal: str) -> set[str]:
    """Accounts a principal stands for (an account, the owner's organization, one of its OUs)."""
    if ACCOUNT.match(principal):
        return {principal}
    org = organization_of(share.account_id)
    if org is None:
        return set()
    if ORGANIZATION.match(principal):
        return set(org[1])
    if OU.match(principal):
        return set(org[2].get(principal, set()))
    return set()


def has_access(share, account: str) -> bool:
    """Whether ``account`` (not the owner) may use the share: it is ACTIVE and a principal standing for the account
    is ASSOCIATED (an invitation pending leaves it ASSOCIATING)."""
    if share.status != "ACTIVE" or account == share.account_id:
        return False
    return any(status == "ASSOCIATED" and account in principal_accounts(share, principal)
               for principal, status in state(share)["principals"].items())


def shared_resources(region: str, account: str):
    """(share, resource arn) of every live resource of a share ``account`` may use in ``region``."""
    for share in shares_in(region):
        if has_access(share, account):
            for arn, status in state(share)["resources"].items():
                if status == "ASSOCIATED":
                    yield share, arn


def invitations(account: str, region: str) -> list:
    """The invitations ``account`` received in ``region`` (kept on its RAM backend)."""
    backend = backends()[account][region]
    if not hasattr(backend, "vpcmesh_invitations"):
        backend.vpcmesh_invitations = []
    return backend.vpcmesh_invitations


def new_invitation(share, account: str) -> dict:
    invitation = dict(
        resourceShareInvitationArn=f"arn:aws:ram:{share.region}:{share.account_id}:resource-share-invitation/"
                                   f"{uuid.uuid4()}",
        resourceShareName=share.name, resourceShareArn=share.arn, senderAccountId=share.account_id,
        receiverAccountId=account, invitationTimestamp=unix_time(utcnow()), status="PENDING")
    invitations(account, share.region).append(invitation)
    return invitation
