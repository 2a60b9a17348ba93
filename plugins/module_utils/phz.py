# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions for ``phz_association``: which private hosted zone a name means, and which Route 53 and
EC2 calls bring the zone's VPC associations to what the task lists. No AWS access here.

AWS rules followed: Route 53 is global (one endpoint per partition); a VPC of the zone's account is associated
by the zone's owner; a VPC of another account needs the zone owner's CreateVPCAssociationAuthorization, then
the VPC owner's AssociateVPCWithHostedZone, after which the authorization is deleted (AWS's recommendation);
the zone's owner may disassociate any VPC; the last VPC of a private zone cannot be disassociated; a VPC can
carry one private zone of a given name; private DNS answers only in VPCs with DNS support and DNS hostnames
on, and ModifyVpcAttribute takes one attribute per call, support before hostnames.
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils import vpc_dns
from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action

# Route 53 answers this while another change to the same zone is being applied: retry it
# (PriorRequestNotComplete is retried by botocore in every client, see clients.BOTOCORE_RETRIES).
ROUTE53_RETRY_CODES = ["ConcurrentModification"]
# In the order they must be turned on: AWS refuses DNS hostnames while DNS support is off.
ZONE_OWNER, VPC_OWNER = "zone_owner", "vpc_owner"
# The ID check mode reports for a zone that an earlier task of the same run only plans to create.
NEW_ZONE_ID = "(new hosted zone)"


class PhzError(ValueError):
    """Input or state that makes the request impossible, found before any write."""


def route53_region(region):
    """The region that signs calls to Route 53's global endpoint in the partition of ``region``."""
    region = region or ""
    if region.startswith("cn-"):
        return "cn-northwest-1"
    if region.startswith("us-gov-"):
        return "us-gov-west-1"
    return "us-east-1"


def zone_name(name):
    """``Internal`` -> ``internal.`` (Route 53's form: lower case, trailing dot)."""
    name = name.strip().lower()
    return name if name.endswith(".") else name + "."


def bare_zone_id(zone_id):
    """``/hostedzone/Z123`` -> ``Z123``."""
    return zone_id.rsplit("/", 1)[-1]


def vpc_key(vpc):
    return vpc["vpc_id"], vpc["region"]


def vpc_view(vpc_id, region):
    return dict(vpc_id=vpc_id, region=region)


def zone_vpcs(answer_vpcs):
    """The VPCs of a GetHostedZone answer as [{vpc_id, region}], sorted, each once."""
    keys = {(v["VPCId"], v.get("VPCRegion")) for v in answer_vpcs or []}
    return [vpc_view(*key) for key in sorted(keys, key=lambda k: (k[0], k[1] or ""))]


def pick_private_zone(name, zones, account):
    """The one private zone named ``name`` among ListHostedZonesByName answers (raises when none or several)."""
    named = [z for z in zones if zone_name(z["Name"]) == zone_name(name)]
    private = [z for z in named if (z.get("Config") or {}).get("PrivateZone")]
    if not private:
        public = " (only a public zone has that name; VPCs are associated with private zones)" if named else ""
        raise PhzError(f"no private hosted zone named {zone_name(name)} exists in account {account}{public}; "
                       "create it first (amazon.aws.route53_zone with vpc_id and vpc_region), or run with the "
                       "credentials of the account that owns it")
    if len(private) > 1:
        ids = ", ".join(sorted(bare_zone_id(z["Id"]) for z in private))
        raise PhzError(f"{len(private)} private hosted zones of account {account} are named {zone_name(name)} "
                       f"({ids}); give hosted_zone_id to say which one")
    return private[0]


def planned_zone(planned, account, endpoint_region):
    """The zone that an earlier task of this check-mode run only plans to create (CreateHostedZone, which associates
    it with one VPC), in the shape ``PhzRunner.read_zone`` gives an existing zone: no ID yet, that VPC only."""
    missing = [key for key in ("name", "vpc_id", "region") if not planned.get(key)]
    if missing:
        raise PhzError(f"planned_zone needs {', '.join(missing)}")
    return dict(id=NEW_ZONE_ID, name=zone_name(planned["name"]), account=account, endpoint_region=endpoint_region,
                vpcs=[vpc_view(planned["vpc_id"], planned["region"])])


def after_planned_dns(wanted, planned_actions):
    """The listed VPCs with their DNS attributes as the ``ec2:ModifyVpcAttribute`` actions that earlier tasks of
    this check-mode run plan (``planned_actions``, dicts of the actions shape) leave them: turned on. A VPC
    matches by ID and region; other actions, and VPCs whose attributes were not read, are left as they are."""
    turned_on = {}
    for action in planned_actions or ():
        if not isinstance(action, dict) or action.get("call") != "ec2:ModifyVpcAttribute":
            continue
        params = action.get("params") or {}
        for attribute in vpc_dns.VPC_DNS_ATTRIBUTES:
            if (params.get(vpc_dns.param_key(attribute)) or {}).get("Value") is True:
                turned_on.setdefault((params.get("VpcId"), action.get("region")), set()).add(attribute)
    out = []
    for vpc in wanted:
        on = turned_on.get(vpc_key(vpc))
        if on and vpc.get("dns") is not None:
            vpc = dict(vpc, dns=dict(vpc["dns"], **dict.fromkeys(on, True)))
        out.append(vpc)
    return out


def check_vpcs(vpcs):
    """Errors in the listed VPCs themselves: each VPC at most once."""
    seen = set()
    for vpc in vpcs:
        if vpc["vpc_id"] in seen:
            raise PhzError(f"VPC {vpc['vpc_id']} is listed more than once in vpcs; list each VPC once")
        seen.add(vpc["vpc_id"])


def check_regions(zone, vpcs, current, authorized):
    """A listed VPC that the zone knows (associated, or with an association authorization) in another region
    than the one listed: a VPC ID names one VPC, so the listed region is wrong and nothing would match it."""
    known = [(key, "associated with") for key in (vpc_key(v) for v in current)]
    known += [(key, "authorized for") for key in sorted(authorized or ())]
    for index, vpc in enumerate(vpcs):
        for (vpc_id, region), how in known:
            if vpc_id == vpc["vpc_id"] and region and region != vpc["region"]:
                raise PhzError(f"vpcs[{index}]: VPC {vpc_id} is {how} {zone['name']} ({zone['id']}) in region "
                               f"{region}, not in {vpc['region']} as listed; give region: {region}")


def _left(vpc, message):
    return dict(vpc_id=vpc["vpc_id"], region=vpc["region"], account_id=vpc["account"], message=message)


def _route53(call, zone, vpc, side, description):
    return Action(call, zone["endpoint_region"],
                  dict(HostedZoneId=zone["id"], VPC=dict(VPCId=vpc["vpc_id"], VPCRegion=vpc["region"])),
                  side=side, account=zone["account"] if side == ZONE_OWNER else vpc["account"],
                  description=description)


def plan_vpc_dns(wanted, enable):
    """ModifyVpcAttribute calls for the listed VPCs whose attributes were read (``dns`` not None).

    Returns (actions, {vpc_id: attributes after}); raises PhzError naming every attribute off when
    ``enable`` is false.
    """
    actions, after, off = [], {}, []
    for vpc in wanted:
        if vpc.get("dns") is None:
            continue
        if not enable:
            after[vpc["vpc_id"]] = dict(vpc["dns"])
            off += [f"{vpc['vpc_id']} ({vpc['region']}) has {a} off" for a in vpc_dns.missing(vpc["dns"])]
            continue
        turned, after[vpc["vpc_id"]] = vpc_dns.turn_on(vpc["vpc_id"], vpc["region"], vpc["dns"], side=VPC_OWNER,
                                                       account=vpc["account"])
        actions += turned
    if off:
        raise PhzError("a private hosted zone answers only in VPCs with DNS support and DNS hostnames on: "
                       f"{'; '.join(off)}. Set enable_vpc_dns=true to turn them on, or turn them on with "
                       "ModifyVpcAttribute (support first)")
    return actions, after


def _associate(zone, vpc, authorized):
    """Calls that associate one VPC, and what is left to its owner (None when nothing is)."""
    name = f"{vpc['vpc_id']} ({vpc['region']})"
    if vpc["account"] == zone["account"]:
        return [_route53("route53:AssociateVPCWithHostedZone", zone, vpc, ZONE_OWNER,
                         f"associate {name} with {zone['name']}")], None
    actions = []
    if vpc_key(vpc) not in authorized:
        actions.append(_route53("route53:CreateVPCAssociationAuthorization", zone, vpc, ZONE_OWNER,
                                f"authorize account {vpc['account']} to associate {name} with {zone['name']}"))
    if not vpc["acting"]:
        return actions, _left(vpc, (
            f"the owner of {vpc['vpc_id']} (account {vpc['account']}) must associate it with {zone['name']} "
            f"({zone['id']}): AssociateVPCWithHostedZone with VPCRegion {vpc['region']}, with DNS support and DNS "
            "hostnames on in that VPC; run this again afterwards to delete the authorization"))
    actions.append(_route53("route53:AssociateVPCWithHostedZone", zone, vpc, VPC_OWNER,
                            f"associate {name} with {zone['name']} as its owner, account {vpc['account']}"))
    actions.append(_route53("route53:DeleteVPCAssociationAuthorization", zone, vpc, ZONE_OWNER,
                            f"delete the authorization of {name}, used"))
    return actions, None


def _check_conflicts(zone, to_associate, conflicts):
    found = [f"{vpc['vpc_id']} ({vpc['region']}) already has private zone {', '.join(conflicts[vpc_key(vpc)])}"
             for vpc in to_associate if conflicts.get(vpc_key(vpc))]
    if found:
        raise PhzError(f"AWS allows one private hosted zone named {zone['name']} per VPC: {'; '.join(found)}. "
                       "Disassociate the VPC from that zone first, or manage that zone instead")


def _check_last_vpc(zone, current, removed, after):
    if current and not after:
        names = ", ".join(f"{v['vpc_id']} ({v['region']})" for v in removed)
        raise PhzError(f"disassociating {names} would leave private hosted zone {zone['name']} ({zone['id']}) with no "
                       "VPC; AWS cannot disassociate the last VPC of a private zone. Keep at least one VPC associated, "
                       "or delete the zone instead (amazon.aws.route53_zone with state=absent)")


def plan(zone, wanted, current, authorized, state="present", purge=False, enable_vpc_dns=False, conflicts=None):
    """Everything ``phz_association`` does.

    ``zone``: dict(id, name, account, endpoint_region). ``wanted``: listed VPCs, dict(vpc_id, region, account,
    acting (the caller can act as its owner), dns (its DNS attributes, None when not read)). ``current``: the
    zone's VPCs, [{vpc_id, region}]. ``authorized``: keys (vpc_id, region) of its association authorizations,
    None when not read. ``conflicts``: {key: [IDs of other private zones of the same name on that VPC]}.
    Returns dict(actions, before, after, left, vpc_dns).
    """
    check_vpcs(wanted)
    check_regions(zone, wanted, current, authorized)
    associated = {vpc_key(v) for v in current}
    auth_before = set(authorized or ())
    auth_after = set(auth_before)
    listed = {vpc_key(v) for v in wanted}
    actions, left, removed, added = [], [], [], []
    dns_after = {}
    if state == "present":
        dns_actions, dns_after = plan_vpc_dns(wanted, enable_vpc_dns)
        actions += dns_actions
        to_associate = [v for v in wanted if vpc_key(v) not in associated]
        _check_conflicts(zone, [v for v in to_associate if v["acting"]], conflicts or {})
        for vpc in wanted:
            key = vpc_key(vpc)
            if key in associated:
                if key in auth_after:
                    actions.append(_route53("route53:DeleteVPCAssociationAuthorization", zone, vpc, ZONE_OWNER,
                                            f"delete the authorization of {vpc['vpc_id']}, no longer needed"))
                    auth_after.discard(key)
                continue
            calls, pending = _associate(zone, vpc, auth_after)
            actions += calls
            if pending:
                left.append(pending)
                auth_after.add(key)
            else:
                added.append(vpc)
                auth_after.discard(key)
        removed = [v for v in current if purge and vpc_key(v) not in listed]
    else:
        removed = [v for v in current if vpc_key(v) in listed]
        for vpc in (v for v in wanted if vpc_key(v) in auth_after):
            actions.append(_route53("route53:DeleteVPCAssociationAuthorization", zone, vpc, ZONE_OWNER,
                                    f"delete the authorization of {vpc['vpc_id']}"))
            auth_after.discard(vpc_key(vpc))
    gone = {vpc_key(v) for v in removed}
    after = sorted([v for v in current if vpc_key(v) not in gone] + [vpc_view(*vpc_key(v)) for v in added],
                   key=lambda v: (v["vpc_id"], v["region"] or ""))
    _check_last_vpc(zone, current, removed, after)
    for vpc in removed:
        actions.append(_route53("route53:DisassociateVPCFromHostedZone", zone, vpc, ZONE_OWNER,
                                f"disassociate {vpc['vpc_id']} ({vpc['region']}) from {zone['name']}"))
    before, after = dict(vpcs=list(current)), dict(vpcs=after)
    if authorized is not None:
        before["authorizations"] = [vpc_view(*k) for k in sorted(auth_before)]
        after["authorizations"] = [vpc_view(*k) for k in sorted(auth_after)]
    vpc_dns = [dict(vpc_id=v["vpc_id"], region=v["region"], enable_dns_support=dns_after[v["vpc_id"]]["enableDnsSupport"],
                    enable_dns_hostnames=dns_after[v["vpc_id"]]["enableDnsHostnames"])
               for v in wanted if v["vpc_id"] in dns_after]
    return dict(actions=actions, before=before, after=after, left=left, vpc_dns=vpc_dns)
