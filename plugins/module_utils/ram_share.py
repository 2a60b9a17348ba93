# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions about Route 53 Resolver rules shared through AWS Resource Access Manager (RAM). No AWS access.

Two sides, each in its own account and in the rules' region (RAM shares and Resolver rules are regional):

- the hub (``plan_share``): one resource share, named and tagged as ours (``vpcmesh:managed-by=vpcmesh.aws``),
  whose resources are the hub's forwarding rules and whose principals are accounts, an organization or OUs;
  principals and resources change by their difference, so nothing else of the share is touched;
- a spoke (``plan_invitations``, ``plan_associations``): accept the pending invitation of that share (accounts
  outside the hub's organization, or where sharing within the organization is not enabled, get one), then
  associate the shared rules with the spoke's VPCs. The associations are ours by their name
  (``association_name``): only those are ever disassociated.
"""

from __future__ import annotations

import hashlib
import json
import re

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service import MARKER_KEY, MARKER_VALUE

HUB, SPOKE = "hub", "spoke"
NEW_SHARE = "(new resource share {})"
NEW_RULE = "(new rule {})"
RULE_TYPE = "route53resolver:ResolverRule"
# Share states in which a share is gone or going; such a share is never reused (its name may be reused).
GONE_SHARE_STATES = ("DELETING", "DELETED", "FAILED")
# Association states that count as present (RAM: ASSOCIATING, ASSOCIATED; the rest are gone or failed).
LIVE_SHARE_ASSOCIATIONS = ("ASSOCIATING", "ASSOCIATED")
# Resolver rule association states that count as present.
LIVE_RULE_ASSOCIATIONS = ("CREATING", "COMPLETE", "OVERRIDDEN")

_ACCOUNT = re.compile(r"^\d{12}$")
_ORGANIZATION = re.compile(r"^arn:aws[a-z-]*:organizations::\d{12}:organization/o-[a-z0-9]{10,32}$")
_OU = re.compile(r"^arn:aws[a-z-]*:organizations::\d{12}:ou/o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")
_RULE_ID = re.compile(r"^rslvr-(rr|autodefined-rr)-[0-9a-z]+$")
_RULE_ARN = re.compile(r"^arn:aws[a-z-]*:route53resolver:([a-z0-9-]+):(\d{12}):resolver-rule/(rslvr-[0-9a-z-]+)$")
_SHARE_NAME = re.compile(r"^[A-Za-z0-9 ._:/=+@-]{1,255}$")
_ASSOCIATION_NAME_CHARS = re.compile(r"[^a-zA-Z0-9\-_ ]")


class ShareError(ValueError):
    """Bad input or a state the module must not change, found before any write."""


# -- shapes and tokens -----------------------------------------------------------------------------------
def token(*parts):
    """Idempotency token (RAM clientToken) from the inputs of one write: a retried run reuses it."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return f"vpcmesh-{digest[:40]}"


def rule_id_of(arn):
    """``rslvr-rr-...`` of a rule ARN (None for anything else)."""
    found = _RULE_ARN.match(arn or "")
    return found.group(3) if found else None


def rule_arn(partition, region, account, rule_id):
    return f"arn:{partition}:route53resolver:{region}:{account}:resolver-rule/{rule_id}"


def principal_kind(principal):
    """``account``, ``organization`` or ``ou`` (None: not a principal this module shares with)."""
    if _ACCOUNT.match(principal):
        return "account"
    if _ORGANIZATION.match(principal):
        return "organization"
    if _OU.match(principal):
        return "ou"
    return None


def association_name(share_name):
    """Name of every rule association a spoke makes for ``share_name``: the ownership marker of associations
    (AWS names: letters, digits, -, _ and spaces, up to 64)."""
    return ("vpcmesh " + _ASSOCIATION_NAME_CHARS.sub("-", share_name))[:64]


def owned_share(share):
    return (share.get("tags") or {}).get(MARKER_KEY) == MARKER_VALUE


def summarize_share(share, principals, resources):
    """The share as the module returns it. ``share``: a GetResourceShares item; ``principals`` / ``resources``:
    its live association entities."""
    tags = {t["key"]: t["value"] for t in share.get("tags") or []}
    rules = sorted(resources)
    return dict(arn=share["resourceShareArn"], name=share["name"], status=share.get("status"),
                owner=share.get("owningAccountId"), allow_external_principals=bool(share.get("allowExternalPrincipals")),
                principals=sorted(principals), rule_arns=rules, rule_ids=[rule_id_of(r) or r for r in rules],
                tags=tags, last_updated=str(share.get("lastUpdatedTime") or ""))


# -- validation ------------------------------------------------------------------------------------------
def check_share_input(want):
    """Problems of the hub's input (nothing read yet); empty when it is fine."""
    problems = []
    if not _SHARE_NAME.match(want["name"] or ""):
        problems.append(f"name {want['name']!r} is not a resource share name: 1 to 255 letters, digits, spaces "
                        "and ._:/=+@-")
    if want["state"] == "absent":
        return problems
    for principal in want.get("principals") or []:
        if principal_kind(principal) is None:
            problems.append(f"principals: {principal!r} is neither an account ID (123456789012), an organization "
                            "ARN (arn:aws:organizations::123456789012:organization/o-exampleorgid) nor an OU ARN "
                            "(arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-examplerootid-exampleouid)")
    if not want.get("principals"):
        problems.append("principals is required with state=present: the accounts, organization or OUs to share with")
    for rule in want.get("rule_ids") or []:
        if not _RULE_ID.match(rule):
            problems.append(f"rule_ids: {rule!r} is not a Resolver rule ID (rslvr-rr-0123456789abcdef0)")
    if not (want.get("rule_ids") or want.get("rule_names") or want.get("planned_rule_names")):
        problems.append("give the rules to share: rule_ids or rule_names")
    if want.get("planned_rule_names") and not want.get("check_mode"):
        problems.append("planned_rule_names is for check mode only (rules an earlier task only plans to create); "
                        "a real run names existing rules with rule_names or rule_ids")
    return problems


def check_spoke_input(want):
    problems = []
    if (want["state"] == "present" or want.get("share_owner")) and not _ACCOUNT.match(want.get("share_owner") or ""):
        problems.append(f"share_owner {want.get('share_owner')!r} is not an account ID (12 digits): give the hub's "
                        "account, which owns the share and its rules")
    if not _SHARE_NAME.match(want.get("share_name") or ""):
        problems.append(f"share_name {want.get('share_name')!r} is not a resource share name")
    for rule in want.get("rule_ids") or []:
        if not _RULE_ID.match(rule):
            problems.append(f"rule_ids: {rule!r} is not a Resolver rule ID (rslvr-rr-0123456789abcdef0)")
    if want["state"] == "present" and not want.get("vpc_ids"):
        problems.append("vpc_ids is required with state=present: the spoke's VPCs that use the shared rules")
    if want.get("planned_share") and not want.get("check_mode"):
        problems.append("planned_share is for check mode only (a share an earlier task only plans); a real run "
                        "finds the share itself")
    return problems


# -- the hub ---------------------------------------------------------------------------------------------
def pick_share(shares, name, account):
    """The live share named ``name`` that ``account`` owns, ours (None if there is none); raises on a
    foreign one or several of ours. Also returns how many shares of that name are gone (the token's
    generation, so a share made again after a delete does not reuse the first one's token)."""
    named = [s for s in shares if s.get("name") == name and s.get("owningAccountId", account) == account]
    live = [s for s in named if (s.get("status") or "ACTIVE") not in GONE_SHARE_STATES]
    gone = len(named) - len(live)
    ours = [s for s in live if {t["key"]: t["value"] for t in s.get("tags") or []}.get(MARKER_KEY) == MARKER_VALUE]
    if len(ours) > 1:
        raise ShareError(f"several resource shares named {name!r} carry {MARKER_KEY}={MARKER_VALUE} "
                         f"({', '.join(sorted(s['resourceShareArn'] for s in ours))}); delete the extra ones")
    if not ours and live:
        raise ShareError(f"resource share {live[0]['resourceShareArn']} is named {name!r} but was not created by "
                         f"vpcmesh.aws (it has no tag {MARKER_KEY}={MARKER_VALUE}), so it is left alone; give the "
                         "share another name, or tag that one to let this module manage it")
    return (ours[0] if ours else None), gone


def resolve_rules(want, rules, account, partition, region):
    """The ARNs to share, from rule_ids, rule_names and (check mode) planned_rule_names.

    ``rules``: the ListResolverRules items of the hub's region. Returns (arns, labels) where labels maps each
    ARN (or stand-in) to the name of its rule."""
    by_id = {r["Id"]: r for r in rules}
    arns, labels = [], {}
    for rule_id in want.get("rule_ids") or []:
        rule = by_id.get(rule_id)
        if rule is None:
            raise ShareError(f"rule_ids: Resolver rule {rule_id} was not found in {region} (account {account})")
        if rule.get("OwnerId", account) != account:
            raise ShareError(f"rule_ids: Resolver rule {rule_id} belongs to account {rule['OwnerId']} (it is shared "
                             f"with {account}); only its owner can share it")
        arns.append(rule.get("Arn") or rule_arn(partition, region, account, rule_id))
    planned = set(want.get("planned_rule_names") or [])
    for name in want.get("rule_names") or []:
        found = [r for r in rules if r.get("Name") == name and r.get("OwnerId", account) == account]
        if len(found) > 1:
            raise ShareError(f"rule_names: several rules in {region} are named {name!r} "
                             f"({', '.join(sorted(r['Id'] for r in found))}); give rule_ids instead")
        if not found and name not in planned:
            raise ShareError(f"rule_names: no Resolver rule named {name!r} in {region} (account {account}); "
                             "create it first (resolver_forward_mesh) or give rule_ids")
        if found:
            arns.append(found[0].get("Arn") or rule_arn(partition, region, account, found[0]["Id"]))
            labels[arns[-1]] = name
    for name in sorted(planned):
        if not any(r.get("Name") == name for r in rules):
            arns.append(NEW_RULE.format(name))
            labels[arns[-1]] = name
    for rule_id in want.get("rule_ids") or []:
        labels.setdefault(by_id[rule_id].get("Arn") or rule_arn(partition, region, account, rule_id),
                          by_id[rule_id].get("Name"))
    return sorted(set(arns)), labels


def allow_external(want):
    """allowExternalPrincipals of a new share: the option, else true when an account ID is a principal (it may be
    outside the organization), false when only the organization or its OUs are. An existing share keeps its
    setting unless the option says otherwise or an account is added to a share that refuses external ones."""
    if want.get("allow_external_principals") is not None:
        return bool(want["allow_external_principals"])
    return any(principal_kind(p) == "account" for p in want.get("principals") or [])


def plan_share(want, current, generation=0):
    """Actions that bring the share to ``want``; returns (actions, predicted summary).

    ``want``: state, name, region, account, principals, resource_arns (from resolve_rules), tags (user's, or
    None), purge_principals, purge_rules, allow_external_principals (None: auto).
    ``current``: summarize_share of the live share (or None)."""
    region, account, name = want["region"], want["account"], want["name"]
    if want["state"] == "absent":
        if current is None:
            return [], None
        return [Action("ram:DeleteResourceShare", region, dict(
            resourceShareArn=current["arn"], clientToken=token("delete", current["arn"], current["last_updated"])),
            side=HUB, account=account, description=f"delete resource share {name}")], None
    external = allow_external(want)
    tags = dict(want.get("tags") or {}, **{MARKER_KEY: MARKER_VALUE})
    if current is None:
        params = dict(name=name, resourceArns=list(want["resource_arns"]), principals=sorted(want["principals"]),
                      allowExternalPrincipals=external,
                      tags=[dict(key=k, value=v) for k, v in sorted(tags.items())])
        params["clientToken"] = token("create", region, account, generation, params)
        after = dict(arn=NEW_SHARE.format(name), name=name, status="ACTIVE", owner=account,
                     allow_external_principals=external, principals=sorted(want["principals"]),
                     rule_arns=list(want["resource_arns"]),
                     rule_ids=[rule_id_of(a) or a for a in want["resource_arns"]], tags=tags, last_updated="")
        return [Action("ram:CreateResourceShare", region, params, side=HUB, account=account,
                       description=f"share {len(want['resource_arns'])} Resolver rules with "
                                   f"{', '.join(sorted(want['principals']))} as resource share {name}")], after
    arn, stamp = current["arn"], current["last_updated"]
    actions, after = [], dict(current)
    if want.get("allow_external_principals") is None:
        # As needed: kept as it is, unless an account to add may be outside the organization.
        new = set(want["principals"]) - set(current["principals"])
        external = current["allow_external_principals"] or any(principal_kind(p) == "account" for p in new)
    if current["allow_external_principals"] != external:
        actions.append(Action("ram:UpdateResourceShare", region, dict(
            resourceShareArn=arn, allowExternalPrincipals=external,
            clientToken=token("update", arn, stamp, external)), side=HUB, account=account,
            description=f"{'allow' if external else 'refuse'} principals outside the organization in share {name}"))
        after["allow_external_principals"] = external
    add_principals = sorted(set(want["principals"]) - set(current["principals"]))
    add_rules = sorted(set(want["resource_arns"]) - set(current["rule_arns"]))
    drop_principals = sorted(set(current["principals"]) - set(want["principals"])) if want["purge_principals"] else []
    drop_rules = sorted(set(current["rule_arns"]) - set(want["resource_arns"])) if want["purge_rules"] else []
    if drop_principals or drop_rules:
        params = dict(resourceShareArn=arn)
        if drop_principals:
            params["principals"] = drop_principals
        if drop_rules:
            params["resourceArns"] = drop_rules
        params["clientToken"] = token("disassociate", stamp, params)
        actions.append(Action("ram:DisassociateResourceShare", region, params, side=HUB, account=account,
                              description=f"remove {', '.join(drop_principals + drop_rules)} from share {name}"))
    if add_principals or add_rules:
        params = dict(resourceShareArn=arn)
        if add_principals:
            params["principals"] = add_principals
        if add_rules:
            params["resourceArns"] = add_rules
        params["clientToken"] = token("associate", stamp, params)
        actions.append(Action("ram:AssociateResourceShare", region, params, side=HUB, account=account,
                              description=f"add {', '.join(add_principals + add_rules)} to share {name}"))
    after["principals"] = sorted((set(current["principals"]) - set(drop_principals)) | set(add_principals))
    after["rule_arns"] = sorted((set(current["rule_arns"]) - set(drop_rules)) | set(add_rules))
    after["rule_ids"] = [rule_id_of(a) or a for a in after["rule_arns"]]
    to_tag = {k: v for k, v in tags.items() if current["tags"].get(k) != v}
    if to_tag:
        actions.append(Action("ram:TagResource", region, dict(
            resourceShareArn=arn, tags=[dict(key=k, value=v) for k, v in sorted(to_tag.items())]),
            side=HUB, account=account, description=f"tag share {name} with {', '.join(sorted(to_tag))}"))
        after["tags"] = dict(current["tags"], **to_tag)
    return actions, after


def added_rules(before, after):
    """Rules (IDs, or stand-ins of rules still to be created) that a run adds to the share: what a spoke's check
    mode plans to associate beside what it can already see."""
    have = set((before or {}).get("rule_arns") or [])
    return [rule_id_of(a) or a for a in (after or {}).get("rule_arns") or [] if a not in have]


# -- a spoke ---------------------------------------------------------------------------------------------
def pick_invitations(invitations, share_name, owner):
    """The invitations of the share ``share_name`` sent by ``owner``, newest first."""
    found = [i for i in invitations if i.get("resourceShareName") == share_name and i.get("senderAccountId") == owner]
    return sorted(found, key=lambda i: str(i.get("invitationTimestamp") or ""), reverse=True)


def plan_invitations(want, invitations):
    """AcceptResourceShareInvitation for each pending invitation of the share (none inside an organization with
    sharing enabled: there is no invitation). Returns (actions, pending invitation ARNs)."""
    pending = [i for i in invitations if i.get("status") == "PENDING"]
    if pending and not want["accept_invitation"]:
        raise ShareError(f"resource share {want['share_name']} of account {want['share_owner']} waits for this "
                         f"account to accept its invitation ({pending[0]['resourceShareInvitationArn']}), and "
                         "accept_invitation is false; accept it, or set accept_invitation")
    actions = [Action("ram:AcceptResourceShareInvitation", want["region"], dict(
        resourceShareInvitationArn=i["resourceShareInvitationArn"],
        clientToken=token("accept", i["resourceShareInvitationArn"])), side=SPOKE, account=want["account"],
        description=f"accept the invitation to resource share {want['share_name']} of account {want['share_owner']}")
        for i in pending]
    if not pending and want.get("planned_share") and want["planned_share"].get("invitation") \
            and not any(i.get("status") == "ACCEPTED" for i in invitations) and not want.get("share_visible"):
        actions.append(Action("ram:AcceptResourceShareInvitation", want["region"], dict(
            resourceShareInvitationArn=f"(invitation to new resource share {want['share_name']})",
            clientToken="(token of that invitation)"), side=SPOKE, account=want["account"],
            description=f"accept the invitation to resource share {want['share_name']} of account "
                        f"{want['share_owner']} (planned)"))
    return actions, [i["resourceShareInvitationArn"] for i in pending]


def wanted_rules(want, shared_rule_ids):
    """The rule IDs to associate: the share's (and, in check mode, those the hub plans to add), limited to
    rule_ids when given. A rule_ids entry not in the share is an error."""
    available = list(shared_rule_ids) + [r for r in (want.get("planned_share") or {}).get("rules") or []
                                         if r not in shared_rule_ids]
    if want.get("rule_ids"):
        missing = sorted(set(want["rule_ids"]) - set(available))
        if missing:
            raise ShareError(f"rule_ids: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in resource "
                             f"share {want['share_name']} of account {want['share_owner']}; the share has "
                             f"{', '.join(sorted(shared_rule_ids)) or 'no rule'}")
        return sorted(set(want["rule_ids"]))
    return sorted(set(available))


def plan_associations(want, rule_ids, associations):
    """Associate each wanted rule with each VPC; disassociate ours (by name) no longer wanted.

    ``rule_ids``: wanted_rules. ``associations``: ListResolverRuleAssociations items of the spoke's VPCs and of our
    name. With ``want['purge']`` false, our associations no longer wanted are kept (state=absent drops them all).
    Returns (actions, after) where after lists the associations as dicts of rule_id and vpc_id."""
    region, account, ours = want["region"], want["account"], association_name(want["share_name"])
    live = [a for a in associations if a.get("Status", "COMPLETE") in LIVE_RULE_ASSOCIATIONS]
    present = {(a["ResolverRuleId"], a["VPCId"]) for a in live}
    mine = sorted({(a["ResolverRuleId"], a["VPCId"]) for a in live if a.get("Name") == ours})
    vpcs = sorted(want.get("vpc_ids") or []) if want["state"] == "present" else []
    wanted = [(r, v) for r in (rule_ids if want["state"] == "present" else []) for v in vpcs]
    actions = []
    drop = [p for p in mine if p not in wanted and (want["purge"] or want["state"] == "absent")]
    for rule_id, vpc_id in drop:
        actions.append(Action("route53resolver:DisassociateResolverRule", region, dict(
            ResolverRuleId=rule_id, VPCId=vpc_id), side=SPOKE, account=account,
            description=f"stop using shared rule {rule_id} in {vpc_id}"))
    for rule_id, vpc_id in wanted:
        if (rule_id, vpc_id) not in present:
            actions.append(Action("route53resolver:AssociateResolverRule", region, dict(
                ResolverRuleId=rule_id, VPCId=vpc_id, Name=ours), side=SPOKE, account=account,
                description=f"use shared rule {rule_id} of account {want['share_owner']} in {vpc_id}"))
    after = sorted((set(mine) - set(drop)) | set(wanted))
    return actions, [dict(rule_id=r, vpc_id=v) for r, v in after]
