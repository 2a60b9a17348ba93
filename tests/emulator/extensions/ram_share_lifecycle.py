"""AWS RAM resource share lifecycle: tags, client tokens, filters, associating and disassociating principals and
resources, the principal's view of shares shared with it.

AWS behaviour reproduced (AWS RAM API Reference: CreateResourceShare, GetResourceShares, AssociateResourceShare,
DisassociateResourceShare, GetResourceShareAssociations, ListResources, TagResource, DeleteResourceShare):
- CreateResourceShare keeps ``tags`` (returned by GetResourceShares as ``[{key, value}]``) and honours
  ``clientToken``: the same token again answers the share it made (no second share).
- GetResourceShares filters on ``name``, ``resourceShareArns``, ``resourceShareStatus`` and ``tagFilters``;
  ``resourceOwner=OTHER-ACCOUNTS`` lists the ACTIVE shares of other accounts that this account may use (an
  account principal, or the owner's organization or an OU of it that holds the account, ASSOCIATED).
- AssociateResourceShare / DisassociateResourceShare add or remove ``principals`` and ``resourceArns``
  (answering ``resourceShareAssociations``), bump ``lastUpdatedTime``, and honour ``clientToken``.
- GetResourceShareAssociations answers each entity's own status (ASSOCIATED, ASSOCIATING while an invitation is
  pending, DISASSOCIATED after removal or after the share is deleted), filtered by ``associationStatus``.
- ListResources answers the resources of the caller's shares (``SELF``) or of shares it may use
  (``OTHER-ACCOUNTS``), filtered by ``resourceShareArns``, ``resourceArns`` and ``resourceType``
  (``route53resolver:ResolverRule`` for resolver rules).
- TagResource adds tags to a share. DeleteResourceShare marks the share DELETED (still listed with that status) and
  its associations DISASSOCIATED.
Not reproduced: pagination (every answer is one page), permissions (every share uses the default one), the short
PENDING status of a new share, and RAM's exact error texts (ours name the share).

moto 5.2.5 has no tags, tokens or filters on shares, no Associate/DisassociateResourceShare, no ListResources or
TagResource, and answers OTHER-ACCOUNTS with NotImplementedError (HTTP 500).
"""

from __future__ import annotations

import json
import re

from moto.core.utils import unix_time

from tests.emulator.extensions import _ram

_APPLIED = False
ROUTES = ("associateresourceshare", "disassociateresourceshare", "listresources", "tagresource")
RESOURCE_TYPES = {"resolver-rule": "route53resolver:ResolverRule", "subnet": "ec2:Subnet",
                  "transit-gateway": "ec2:TransitGateway", "prefix-list": "ec2:PrefixList"}


def resource_type(arn: str) -> str:
    found = re.match(r"^arn:[^:]+:([a-z0-9-]+):[^:]*:\d{12}:([a-z-]+)[/:]", arn)
    if not found:
        return ""
    return RESOURCE_TYPES.get(found.group(2), f"{found.group(1)}:{found.group(2)}")


def find_share(backend, arn):
    from moto.ram.exceptions import UnknownResourceException

    share = next((s for s in backend.resource_shares if s.arn == arn), None)
    if share is None:
        raise UnknownResourceException(f"ResourceShare {arn} could not be found.")
    return share


def describe(share) -> dict:
    out = share.describe()
    tags = _ram.state(share)["tags"]
    if tags:
        out["tags"] = [dict(key=k, value=v) for k, v in sorted(tags.items())]
    return out


def add_entities(share, principals, resources):
    """Validate with moto's checks, then add each entity with its starting status; returns the associations."""
    from moto.ram.exceptions import InvalidParameterException

    probe = type(share).__new__(type(share))
    probe.__dict__.update(share.__dict__, principals=[], resource_arns=[])
    probe.add_principals(principals)
    probe.add_resources(resources)
    if share.status != "ACTIVE":
        raise InvalidParameterException(f"ResourceShare {share.arn} is {share.status}.")
    state = _ram.state(share)
    for principal in principals:
        if state["principals"].get(principal) not in _ram.LIVE:
            state["principals"][principal] = _ram.HOOKS["principal_status"](share, principal)
        if principal not in share.principals:
            share.principals.append(principal)
    for arn in resources:
        state["resources"][arn] = "ASSOCIATED"
        if arn not in share.resource_arns:
            share.resource_arns.append(arn)
    _ram.touch(share)
    return ([association(share, p, "PRINCIPAL", state["principals"][p]) for p in principals]
            + [association(share, r, "RESOURCE", "ASSOCIATED") for r in resources])


def remove_entities(share, principals, resources):
    state = _ram.state(share)
    for principal in principals:
        state["principals"][principal] = "DISASSOCIATED"
        if principal in share.principals:
            share.principals.remove(principal)
    for arn in resources:
        state["resources"][arn] = "DISASSOCIATED"
        if arn in share.resource_arns:
            share.resource_arns.remove(arn)
    _ram.touch(share)
    return ([association(share, p, "PRINCIPAL", "DISASSOCIATED") for p in principals]
            + [association(share, r, "RESOURCE", "DISASSOCIATED") for r in resources])


def association(share, entity, kind, status) -> dict:
    return dict(resourceShareArn=share.arn, resourceShareName=share.name, associatedEntity=entity,
                associationType=kind, status=status, creationTime=unix_time(share.creation_time),
                lastUpdatedTime=unix_time(share.last_updated_time),
                external=kind == "PRINCIPAL" and _ram.ACCOUNT.match(entity) is not None
                and entity not in ((_ram.organization_of(share.account_id) or (None, set()))[1]))


def with_token(backend, token, key, make):
    """``make()``'s answer, or the answer an earlier call with the same client token got."""
    tokens = backend.__dict__.setdefault("vpcmesh_tokens", {})
    if token and (token, key) in tokens:
        return tokens[(token, key)]
    answer = make()
    if token:
        tokens[(token, key)] = answer
    return answer


def matches(share, params, tags) -> bool:
    if params.get("name") and share.name != params["name"]:
        return False
    if params.get("resourceShareArns") and share.arn not in params["resourceShareArns"]:
        return False
    if params.get("resourceShareStatus") and share.status != params["resourceShareStatus"]:
        return False
    for wanted in params.get("tagFilters") or []:
        if tags.get(wanted.get("tagKey")) not in (wanted.get("tagValues") or [tags.get(wanted.get("tagKey"))]):
            return False
    return True


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ram import urls
    from moto.ram.models import ResourceAccessManagerBackend
    from moto.ram.responses import ResourceAccessManagerResponse as Response

    original_create = ResourceAccessManagerBackend.create_resource_share
    original_delete = ResourceAccessManagerBackend.delete_resource_share

    def create_resource_share(self, **kwargs):
        def make():
            answer = original_create(self, **{k: v for k, v in kwargs.items() if k not in ("tags", "clientToken")})
            share = self.resource_shares[-1]
            state = _ram.state(share)
            state["tags"] = {t["key"]: t["value"] for t in kwargs.get("tags") or []}
            for principal in share.principals:
                state["principals"][principal] = _ram.HOOKS["principal_status"](share, principal)
            answer["resourceShare"] = describe(share)
            answer["resourceShare"].pop("featureSet", None)
            return answer

        return with_token(self, kwargs.get("clientToken"), "create", make)

    def delete_resource_share(self, resource_share_arn):
        answer = original_delete(self, resource_share_arn)
        share = find_share(self, resource_share_arn)
        state = _ram.state(share)
        for table in (state["principals"], state["resources"]):
            for entity in table:
                table[entity] = "DISASSOCIATED"
        return answer

    def get_resource_shares(self):
        params = self.request_params
        owner = params.get("resourceOwner")
        if owner == "OTHER-ACCOUNTS":
            shares = [s for s in _ram.shares_in(self.region) if _ram.has_access(s, self.current_account)]
        else:
            self.ram_backend.get_resource_shares(owner)  # moto's check of the owner value
            shares = list(self.ram_backend.resource_shares)
        found = [describe(s) for s in shares if matches(s, params, _ram.state(s)["tags"])]
        return json.dumps({"resourceShares": found})

    def get_resource_share_associations(self):
        from moto.ram.exceptions import InvalidParameterException

        params = self.request_params
        kind, status = params.get("associationType"), params.get("associationStatus")
        if kind not in ("PRINCIPAL", "RESOURCE"):
            raise InvalidParameterException(f"{kind} is not a valid association type.")
        found = []
        for share in self.ram_backend.resource_shares:
            if params.get("resourceShareArns") and share.arn not in params["resourceShareArns"]:
                continue
            table = _ram.state(share)["principals" if kind == "PRINCIPAL" else "resources"]
            for entity, entity_status in table.items():
                if params.get("principal") and entity != params["principal"]:
                    continue
                if params.get("resourceArn") and entity != params["resourceArn"]:
                    continue
                if status and entity_status != status:
                    continue
                found.append(association(share, entity, kind, entity_status))
        return json.dumps({"resourceShareAssociations": found})

    def associate_resource_share(self):
        params = self.request_params
        share = find_share(self.ram_backend, params.get("resourceShareArn"))
        answer = with_token(self.ram_backend, params.get("clientToken"), "associate", lambda: add_entities(
            share, params.get("principals") or [], params.get("resourceArns") or []))
        return json.dumps({"resourceShareAssociations": answer, "clientToken": params.get("clientToken")})

    def disassociate_resource_share(self):
        params = self.request_params
        share = find_share(self.ram_backend, params.get("resourceShareArn"))
        answer = with_token(self.ram_backend, params.get("clientToken"), "disassociate", lambda: remove_entities(
            share, params.get("principals") or [], params.get("resourceArns") or []))
        return json.dumps({"resourceShareAssociations": answer, "clientToken": params.get("clientToken")})

    def list_resources(self):
        params = self.request_params
        if params.get("resourceOwner") == "OTHER-ACCOUNTS":
            pairs = list(_ram.shared_resources(self.region, self.current_account))
        else:
            pairs = [(s, arn) for s in self.ram_backend.resource_shares if s.status == "ACTIVE"
                     for arn, st in _ram.state(s)["resources"].items() if st == "ASSOCIATED"]
        found = []
        for share, arn in pairs:
            if params.get("resourceShareArns") and share.arn not in params["resourceShareArns"]:
                continue
            if params.get("resourceArns") and arn not in params["resourceArns"]:
                continue
            if params.get("resourceType") and resource_type(arn).lower() != params["resourceType"].lower():
                continue
            found.append(dict(arn=arn, type=resource_type(arn), resourceShareArn=share.arn, status="AVAILABLE",
                              creationTime=unix_time(share.creation_time),
                              lastUpdatedTime=unix_time(share.last_updated_time), resourceRegionScope="REGIONAL"))
        return json.dumps({"resources": found})

    def tag_resource(self):
        params = self.request_params
        share = find_share(self.ram_backend, params.get("resourceShareArn"))
        _ram.state(share)["tags"].update({t["key"]: t["value"] for t in params.get("tags") or []})
        return json.dumps({})

    ResourceAccessManagerBackend.create_resource_share = create_resource_share
    ResourceAccessManagerBackend.delete_resource_share = delete_resource_share
    Response.get_resource_shares = get_resource_shares
    Response.get_resource_share_associations = get_resource_share_associations
    Response.associate_resource_share = associate_resource_share
    Response.disassociate_resource_share = disassociate_resource_share
    Response.list_resources = list_resources
    Response.tag_resource = tag_resource
    for route in ROUTES:
        urls.url_paths["{0}/" + route + "$"] = Response.dispatch
    _APPLIED = True
