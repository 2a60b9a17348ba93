# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions about one VPC endpoint service (PrivateLink provider side): which existing service
serves the given Network Load Balancers, whether the input is valid, and which calls bring the service,
its allowed principals and its pending endpoint connections to the wanted state. No AWS access here.

Everything happens in the service owner's account and in the service's region (the NLBs' region).
"""

from __future__ import annotations

import hashlib
import re

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_shapes import tags_dict
from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service_dns import (
    PENDING, VERIFICATION_TAG, DnsError, dns_configuration, plan_ip_types, plan_name, plan_verification,
    supported_ip_types)
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import tag_actions

# Ownership marker: the module changes or deletes only services that carry it.
MARKER_KEY = "vpcmesh:managed-by"
MARKER_VALUE = "vpcmesh.aws"
NEW_ID = "(new endpoint service)"
# Check mode: the stand-in ARN of a load balancer an earlier task of the run only plans (option planned_load_balancers).
PLANNED_NLB = "(new load balancer {})"
SIDE = "owner"
# Service states in which a configuration is gone or going; such a service is never reused.
GONE_STATES = ("deleting", "deleted", "failed")
# Connection states that block deleting a service (AWS: reject Available/PendingAcceptance first).
LIVE_CONNECTION_STATES = ("available", "pendingacceptance")
PENDING_CONNECTION_STATE = "pendingacceptance"

_NLB_ARN = re.compile(r"^arn:(?P<partition>aws[a-z-]*):elasticloadbalancing:(?P<region>[a-z0-9-]+):"
                      r"(?P<account>\d{12}):loadbalancer/[a-z]+/[^/]+/[0-9a-f]+$")
_ACCOUNT = re.compile(r"^\d{12}$")
_ARN_ACCOUNT = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+::(\d{12}):")
_ENDPOINT_ID = re.compile(r"^vpce-[0-9a-f]+$")


class EndpointServiceError(ValueError):
    """Bad input or an impossible request, found before any write."""


# How many tokens a create tries: each next one is used when the one before belongs to a service that is
# gone (AWS remembers a ClientToken for at least 24 hours and replays its result) or to other parameters.
TOKEN_GENERATIONS = 10


def client_token(region, account, nlb_arns, details=(), generation=0):
    """Idempotency token for CreateVpcEndpointServiceConfiguration (64 characters at most).

    The same create (region, account, load balancers and ``details``: the other parameters) always gets the
    same token, so a retry within a run or after an interrupted run gets the service already made; another
    ``generation`` gives the next token, for when the earlier service made with a token is gone.
    """
    parts = [region, account] + sorted(nlb_arns) + [str(d) for d in details]
    if generation:
        parts.append(f"generation {generation}")
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"vpcmesh-{digest[:40]}"


def token_details(acceptance, tags, supported_regions=None, private_dns_name=None, ip_types=None):
    """The create's parameters besides the load balancers, as they go into its token (a parameter not given adds
    nothing, so the tokens of creates without it stay what they were)."""
    details = [f"acceptance={bool(acceptance)}"] + [f"tag {k}={v}" for k, v in sorted((tags or {}).items())]
    details += [f"supported region {r}" for r in sorted(supported_regions or [])]
    if private_dns_name:
        details.append(f"private DNS name {private_dns_name}")
    return details + [f"supported IP address type {t}" for t in sorted(ip_types or [])]


def remote_regions(regions, region):
    """The regions of ``regions`` other than the service's own ``region``, sorted, each once. The service's own
    region is always supported: it is never added or removed (AWS offers a service in its own region whatever its
    SupportedRegions say)."""
    return sorted({str(r).strip() for r in regions or []} - {region})


def supported_region_states(config, region):
    """[{region, state}] of a service configuration: its own region first (with the service's state when AWS does
    not list it), then the other supported regions with the state AWS gives each (C(Pending), C(Available), ...)."""
    listed = {d.get("Region"): d.get("ServiceState") for d in config.get("SupportedRegions") or [] if d.get("Region")}
    own = dict(region=region, state=listed.get(region) or config.get("ServiceState") or "Available")
    return [own] + [dict(region=r, state=listed[r]) for r in sorted(listed) if r != region]


def planned_nlb_arns(names):
    """Stand-in ARNs of the load balancers a check-mode run only plans to create, one per name, in order."""
    out = []
    for name in names or []:
        name = str(name).strip()
        if not name:
            raise EndpointServiceError("planned_load_balancers has an empty name; give the names of the Network Load "
                                       "Balancers an earlier task of this check-mode run plans to create")
        if PLANNED_NLB.format(name) not in out:
            out.append(PLANNED_NLB.format(name))
    return out


def is_planned_nlb(arn):
    return arn.startswith(PLANNED_NLB.split("{}", 1)[0]) and arn.endswith(")")


def check_nlb_arns(arns, region):
    """The partition of the ARNs; a malformed ARN or one in another region is an error naming it."""
    partitions = set()
    for arn in arns:
        match = _NLB_ARN.match(arn)
        if not match:
            raise EndpointServiceError(
                f"{arn!r} is not a load balancer ARN (arn:aws:elasticloadbalancing:<region>:<account>:"
                "loadbalancer/net/<name>/<id>); give the ARN of a Network Load Balancer")
        if match["region"] != region:
            raise EndpointServiceError(
                f"load balancer {arn} is in {match['region']}, not {region}; an endpoint service lives in its "
                f"load balancers' region: set region: {match['region']}")
        partitions.add(match["partition"])
    return partitions.pop() if len(partitions) == 1 else "aws"


def check_nlb_types(described, arns):
    """Every ARN must be an existing load balancer of type ``network``; ``described``: {arn: type}."""
    for arn in arns:
        if arn not in described:
            raise EndpointServiceError(f"load balancer {arn} was not found; create the Network Load Balancer "
                                       "first (for example with community.aws.elb_network_lb)")
        if described[arn] != "network":
            raise EndpointServiceError(f"load balancer {arn} is of type {described[arn]}; an interface endpoint "
                                       "service needs a Network Load Balancer")


def normalize_principals(principals, partition="aws"):
    """Principal ARNs as AWS stores them: an account ID becomes ``arn:<partition>:iam::<id>:root``;
    ``*``, IAM ARNs and service principals (``*.amazonaws.com``) stay; anything else is an error."""
    out = []
    for value in principals or []:
        value = str(value).strip()
        if _ACCOUNT.match(value):
            value = f"arn:{partition}:iam::{value}:root"
        elif not (value == "*" or value.startswith("arn:") or value.endswith(".amazonaws.com")):
            raise EndpointServiceError(
                f"allowed principal {value!r} is not an ARN, an account ID, a service principal or '*'; write "
                "for example arn:aws:iam::222222222222:root (a whole account) or "
                "arn:aws:iam::222222222222:role/consumer")
        if value not in out:
            out.append(value)
    return sorted(out)


def parse_accept_from(values):
    """(endpoint IDs, account IDs) from ``accept_from`` entries (vpce-…, an account ID, or a principal ARN)."""
    endpoint_ids, accounts = set(), set()
    for value in values or []:
        value = str(value).strip()
        arn_account = _ARN_ACCOUNT.match(value)
        if _ENDPOINT_ID.match(value):
            endpoint_ids.add(value)
        elif _ACCOUNT.match(value):
            accounts.add(value)
        elif arn_account:
            accounts.add(arn_account.group(1))
        else:
            raise EndpointServiceError(
                f"accept_from entry {value!r} is neither an endpoint ID (vpce-…), an account ID nor a principal "
                "ARN of an account")
    return endpoint_ids, accounts


def summarize(config, principals=None, connections=None, region=None):
    """The service as the module returns it (None stays None); ``region``: the service's own region."""
    if not config:
        return None
    region = region or _service_region(config)
    states = supported_region_states(config, region)
    return dict(
        supported_regions=[s["region"] for s in states],
        supported_region_states=states,
        service_id=config.get("ServiceId"),
        service_name=config.get("ServiceName"),
        service_state=config.get("ServiceState"),
        acceptance_required=bool(config.get("AcceptanceRequired")),
        network_load_balancer_arns=sorted(config.get("NetworkLoadBalancerArns") or []),
        availability_zones=sorted(config.get("AvailabilityZones") or []),
        base_endpoint_dns_names=config.get("BaseEndpointDnsNames") or [],
        private_dns_name=config.get("PrivateDnsName") or None,
        private_dns_name_configuration=dns_configuration(config),
        supported_ip_address_types=supported_ip_types(config),
        allowed_principals=sorted(p["Principal"] for p in principals or [] if p.get("Principal")),
        connections=sorted((dict(vpc_endpoint_id=c.get("VpcEndpointId"), owner=c.get("VpcEndpointOwner"),
                                 state=c.get("VpcEndpointState")) for c in connections or []),
                           key=lambda c: c["vpc_endpoint_id"] or ""),
        tags=tags_dict(config.get("Tags")),
    )


def _service_region(config):
    """The region in the service's name (com.amazonaws.vpce.<region>.vpce-svc-...), or None."""
    parts = (config.get("ServiceName") or "").split(".")
    return parts[3] if len(parts) > 4 and parts[:3] == ["com", "amazonaws", "vpce"] else None


def pick_service(configs, nlb_arns):
    """The one live service whose load balancers include any of ``nlb_arns`` (None if there is none)."""
    wanted = set(nlb_arns)
    found = [c for c in configs if wanted & set(c.get("NetworkLoadBalancerArns") or [])
             and (c.get("ServiceState") or "").lower() not in GONE_STATES]
    if len(found) > 1:
        ids = ", ".join(sorted(c["ServiceId"] for c in found))
        raise EndpointServiceError(f"the load balancers {', '.join(sorted(wanted))} are spread over several "
                                   f"endpoint services ({ids}); give service_id to pick one")
    return found[0] if found else None


def owned(summary):
    return summary["tags"].get(MARKER_KEY) == MARKER_VALUE


def _not_owned(summary):
    return EndpointServiceError(
        f"endpoint service {summary['service_id']} ({summary['service_name']}) was not created by vpcmesh.aws (it "
        f"has no tag {MARKER_KEY}={MARKER_VALUE}), so it is left alone; use that service as it is, or tag it "
        f"{MARKER_KEY}={MARKER_VALUE} to let this module manage it")


def plan_service(want, current):
    """Actions that bring the endpoint service to ``want['state']``.

    ``want``: state, region, nlb_arns (None: keep), acceptance_required (None: keep; true on create),
    principals (normalized list or None), purge_principals, accept_connections, accept_from
    ((endpoint IDs, accounts)), tags (dict or None), purge_tags, reject_connections, client_token,
    supported_regions (the other regions consumers may connect from, or None: keep), purge_supported_regions.
    ``current``: summary of the service (or None).
    Returns (actions, predicted summary after the run).
    """
    if want["state"] == "absent":
        return _plan_absent(want, current)
    if current is not None and not owned(current):
        raise _not_owned(current)
    if any(want.get("accept_from") or ()) and not want.get("accept_connections"):
        raise EndpointServiceError("accept_from limits which connections are accepted; it needs "
                                   "accept_connections=true")
    try:
        if current is None:
            actions, after = _plan_create(want)
        else:
            actions, after = _plan_update(want, current)
        return actions + _plan_verification(want, current, after), after
    except DnsError as e:
        raise EndpointServiceError(str(e)) from None


def _plan_verification(want, current, after):
    """The domain verification's writes (see endpoint_service_dns.plan_verification); ``after`` is updated."""
    verification = want.get("verification")
    if not verification:
        return []
    name = after.get("private_dns_name")
    changing = bool(name) and name != (current or {}).get("private_dns_name")
    configuration = None if current is None or changing else current.get("private_dns_name_configuration")
    actions = plan_verification(verification, after.get("service_id") or NEW_ID, want["region"], name, changing,
                                configuration, verification["zone"], verification.get("record_values"),
                                verification["r53_region"], verification.get("zone_account"),
                                ((current or {}).get("tags") or {}).get(VERIFICATION_TAG))
    for action in actions:
        if action.call == "ec2:CreateTags":
            after["tags"] = dict(after.get("tags") or {}, **{t["Key"]: t["Value"] for t in action.params["Tags"]})
    if any(a.call.startswith("ec2:Start") for a in actions):
        after["private_dns_name_configuration"] = dict(configuration or dict(type="TXT", name=None, value=None),
                                                       state=PENDING)
    return actions


def wanted_tags(want):
    """``want['tags']`` with the ownership marker (None: leave the tags alone); shared by the PrivateLink plans."""
    if want.get("tags") is None:
        return None
    return dict(want["tags"], **{MARKER_KEY: MARKER_VALUE})


def _plan_create(want):
    if not want.get("nlb_arns"):
        raise EndpointServiceError("network_load_balancer_arns is required to create an endpoint service")
    region = want["region"]
    acceptance = True if want.get("acceptance_required") is None else want["acceptance_required"]
    tags = wanted_tags(want) or {MARKER_KEY: MARKER_VALUE}
    params = dict(NetworkLoadBalancerArns=sorted(want["nlb_arns"]), AcceptanceRequired=acceptance,
                  ClientToken=want["client_token"],
                  **_create_regions(want), **_create_dns(want),
                  TagSpecifications=[dict(ResourceType="vpc-endpoint-service",
                                          Tags=[dict(Key=k, Value=v) for k, v in sorted(tags.items())])])
    actions = [Action("ec2:CreateVpcEndpointServiceConfiguration", region, params, side=SIDE,
                      description=f"create an endpoint service for {', '.join(sorted(want['nlb_arns']))}")]
    principals = want.get("principals") or []
    if principals:
        actions.append(_permissions_action(region, NEW_ID, principals, []))
    regions = [region] + remote_regions(want.get("supported_regions"), region)
    after = dict(supported_regions=regions,
                 supported_region_states=[dict(region=r, state="Available" if r == region else "Pending")
                                          for r in regions],
                 service_id=None, service_name=None, service_state="Available", acceptance_required=acceptance,
                 network_load_balancer_arns=sorted(want["nlb_arns"]), availability_zones=[],
                 base_endpoint_dns_names=[], private_dns_name=want.get("private_dns_name") or None,
                 private_dns_name_configuration=dict(state=PENDING, type="TXT", name=None, value=None)
                 if want.get("private_dns_name") else None,
                 supported_ip_address_types=want.get("ip_address_types") or ["ipv4"],
                 allowed_principals=list(principals), connections=[], tags=tags)
    return actions, after


def _create_dns(want):
    params = {}
    if want.get("private_dns_name"):
        params["PrivateDnsName"] = want["private_dns_name"]
    if want.get("ip_address_types"):
        params["SupportedIpAddressTypes"] = list(want["ip_address_types"])
    return params


def _create_regions(want):
    regions = remote_regions(want.get("supported_regions"), want["region"])
    return dict(SupportedRegions=regions) if regions else {}


def plan_supported_regions(want, current):
    """(AddSupportedRegions, RemoveSupportedRegions) that make the service's regions what ``want`` says: the
    listed regions are added; with purge_supported_regions, the other ones (never the service's own) removed."""
    if want.get("supported_regions") is None:
        return [], []
    region = want["region"]
    have = set(remote_regions(current.get("supported_regions"), region))
    wanted = set(remote_regions(want["supported_regions"], region))
    remove = sorted(have - wanted) if want.get("purge_supported_regions", True) else []
    return sorted(wanted - have), remove


def _plan_update(want, current):
    region, service_id = want["region"], current["service_id"]
    actions, after = [], dict(current)
    modify = {}
    acceptance = want.get("acceptance_required")
    if acceptance is not None and acceptance != current["acceptance_required"]:
        modify["AcceptanceRequired"] = acceptance
        after["acceptance_required"] = acceptance
    if want.get("nlb_arns") is not None:
        have, wanted = set(current["network_load_balancer_arns"]), set(want["nlb_arns"])
        if wanted - have:
            modify["AddNetworkLoadBalancerArns"] = sorted(wanted - have)
        if have - wanted:
            modify["RemoveNetworkLoadBalancerArns"] = sorted(have - wanted)
        after["network_load_balancer_arns"] = sorted(wanted)
    add_regions, remove_regions = plan_supported_regions(want, current)
    if add_regions:
        modify["AddSupportedRegions"] = add_regions
    if remove_regions:
        modify["RemoveSupportedRegions"] = remove_regions
    if add_regions or remove_regions:
        states = [s for s in current.get("supported_region_states") or [] if s["region"] not in remove_regions]
        states += [dict(region=r, state="Pending") for r in add_regions]
        states = states[:1] + sorted(states[1:], key=lambda s: s["region"])
        after["supported_region_states"] = states
        after["supported_regions"] = [s["region"] for s in states]
    modify.update(_modify_dns(want, current, after))
    if modify:
        actions.append(Action("ec2:ModifyVpcEndpointServiceConfiguration", region,
                              dict(ServiceId=service_id, **modify), side=SIDE,
                              description=f"change {', '.join(sorted(modify))} of {service_id}"))

    if want.get("principals") is not None:
        have = set(current["allowed_principals"])
        add = sorted(set(want["principals"]) - have)
        remove = sorted(have - set(want["principals"])) if want.get("purge_principals") else []
        if add or remove:
            actions.append(_permissions_action(region, service_id, add, remove))
        after["allowed_principals"] = sorted((have | set(add)) - set(remove))

    if want.get("accept_connections"):
        to_accept = _connections_to_accept(current["connections"], *(want.get("accept_from") or (set(), set())))
        if to_accept:
            actions.append(Action("ec2:AcceptVpcEndpointConnections", region,
                                  dict(ServiceId=service_id, VpcEndpointIds=to_accept), side=SIDE,
                                  description=f"accept endpoint connections {', '.join(to_accept)} to {service_id}"))
            after["connections"] = [dict(c, state="available") if c["vpc_endpoint_id"] in to_accept else c
                                    for c in current["connections"]]

    tags_wanted = wanted_tags(want)
    if tags_wanted is not None and VERIFICATION_TAG in current["tags"]:  # ours: never purged, like the marker
        tags_wanted[VERIFICATION_TAG] = current["tags"][VERIFICATION_TAG]
    actions += tag_actions(current["tags"], tags_wanted, want.get("purge_tags"), service_id, region, SIDE)
    if tags_wanted is not None:
        kept = {} if want.get("purge_tags") else dict(current["tags"])
        kept.update({k: v for k, v in current["tags"].items() if k.startswith("aws:")})
        after["tags"] = dict(kept, **tags_wanted)
    return actions, after


def _modify_dns(want, current, after):
    """The private DNS name's and IP address types' part of ModifyVpcEndpointServiceConfiguration."""
    modify = plan_name(want.get("private_dns_name"), current.get("private_dns_name"))
    if modify:
        after["private_dns_name"] = modify.get("PrivateDnsName")
        after["private_dns_name_configuration"] = (dict(state=PENDING, type="TXT", name=None, value=None)
                                                   if modify.get("PrivateDnsName") else None)
    add, remove = plan_ip_types(want.get("ip_address_types"), current.get("supported_ip_address_types") or ["ipv4"])
    if add:
        modify["AddSupportedIpAddressTypes"] = add
    if remove:
        modify["RemoveSupportedIpAddressTypes"] = remove
    if add or remove:
        after["supported_ip_address_types"] = list(want["ip_address_types"])
    return modify


def _permissions_action(region, service_id, add, remove):
    params = dict(ServiceId=service_id)
    words = []
    if add:
        params["AddAllowedPrincipals"] = list(add)
        words.append(f"allow {', '.join(add)}")
    if remove:
        params["RemoveAllowedPrincipals"] = list(remove)
        words.append(f"remove {', '.join(remove)}")
    return Action("ec2:ModifyVpcEndpointServicePermissions", region, params, side=SIDE,
                  description=f"{' and '.join(words)} on {service_id}")


def _connections_to_accept(connections, endpoint_ids, accounts):
    """Pending connections, limited to the listed endpoint IDs / owner accounts when any are listed."""
    limited = bool(endpoint_ids or accounts)
    return sorted(c["vpc_endpoint_id"] for c in connections
                  if (c.get("state") or "").lower() == PENDING_CONNECTION_STATE
                  and (not limited or c["vpc_endpoint_id"] in endpoint_ids or c.get("owner") in accounts))


def _plan_absent(want, current):
    if current is None:
        return [], None
    if not owned(current):
        raise _not_owned(current)
    region, service_id = want["region"], current["service_id"]
    live = [c for c in current["connections"] if (c.get("state") or "").lower() in LIVE_CONNECTION_STATES]
    actions = []
    if live and not want.get("reject_connections"):
        listed = ", ".join(f"{c['vpc_endpoint_id']} (account {c['owner']}, {c['state']})" for c in live)
        raise EndpointServiceError(
            f"endpoint service {service_id} still has endpoint connections: {listed}; AWS deletes a service only "
            "once they are rejected. Delete those endpoints first (in their owners' accounts), or set "
            "reject_connections=true to reject them")
    if live:
        ids = sorted(c["vpc_endpoint_id"] for c in live)
        actions.append(Action("ec2:RejectVpcEndpointConnections", region,
                              dict(ServiceId=service_id, VpcEndpointIds=ids), side=SIDE,
                              description=f"reject endpoint connections {', '.join(ids)} to {service_id}"))
    actions.append(Action("ec2:DeleteVpcEndpointServiceConfigurations", region, dict(ServiceIds=[service_id]),
                          side=SIDE, description=f"delete endpoint service {service_id}"))
    return actions, None
