# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions about one interface VPC endpoint (PrivateLink consumer side), also to a service of another
region (native cross-region PrivateLink, ``ServiceRegion``). No AWS access here.

Every call is made by the endpoint's owner (the consumer) in the endpoint's region.
"""

from __future__ import annotations

import hashlib

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_shapes import tags_dict
from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service import MARKER_KEY, MARKER_VALUE, wanted_tags
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import tag_actions

SIDE = "consumer"
NEW_ID = "(new interface endpoint)"
# Endpoint states in which an endpoint is gone or going, or refused; such an endpoint is never reused.
GONE_STATES = ("deleting", "deleted", "failed", "rejected", "expired")


class InterfaceEndpointError(ValueError):
    """Bad input or an impossible request, found before any write."""


def client_token(region, account, vpc_id, service_name, service_region):
    """Idempotency token of CreateVpcEndpoint: the same endpoint (region, account, VPC, service) always gets it."""
    digest = hashlib.sha256("|".join([region, account, vpc_id, service_name, service_region]).encode()).hexdigest()
    return f"vpcmesh-{digest[:40]}"


def summarize(endpoint, region):
    """The endpoint as the module returns it (None stays None); ``region``: the endpoint's own region."""
    if not endpoint:
        return None
    return dict(
        vpc_endpoint_id=endpoint.get("VpcEndpointId"), vpc_id=endpoint.get("VpcId"),
        service_name=endpoint.get("ServiceName"), service_region=endpoint.get("ServiceRegion") or region,
        state=endpoint.get("State"), subnet_ids=sorted(endpoint.get("SubnetIds") or []),
        security_group_ids=sorted(g["GroupId"] for g in endpoint.get("Groups") or [] if g.get("GroupId")),
        dns_names=[e["DnsName"] for e in endpoint.get("DnsEntries") or [] if e.get("DnsName")],
        tags=tags_dict(endpoint.get("Tags")))


def pick_endpoint(endpoints, service_region, region):
    """The one live endpoint of the VPC to the service in ``service_region`` (None if there is none)."""
    found = [e for e in endpoints if (e.get("VpcEndpointType") or "Interface").lower() == "interface"
             and (e.get("State") or "").lower() not in GONE_STATES
             and (e.get("ServiceRegion") or region) == service_region]
    if len(found) > 1:
        ids = ", ".join(sorted(e["VpcEndpointId"] for e in found))
        raise InterfaceEndpointError(f"the VPC has several interface endpoints to this service ({ids}); delete "
                                     "the extra ones, or manage one of them by tagging it")
    return found[0] if found else None


def owned(summary):
    return summary["tags"].get(MARKER_KEY) == MARKER_VALUE


def plan(want, current):
    """Actions that bring the endpoint to ``want['state']``; returns (actions, predicted summary).

    ``want``: state, region, vpc_id, service_name, service_region, subnet_ids (None: keep), security_group_ids
    (None: keep), tags (None: keep), purge_tags, private_dns_enabled, client_token.
    """
    if current is not None and not owned(current):
        raise InterfaceEndpointError(
            f"interface endpoint {current['vpc_endpoint_id']} to {current['service_name']} was not created by "
            f"vpcmesh.aws (it has no tag {MARKER_KEY}={MARKER_VALUE}), so it is left alone; use it as it is, or "
            f"tag it {MARKER_KEY}={MARKER_VALUE} to let this module manage it")
    region = want["region"]
    if want["state"] == "absent":
        if current is None:
            return [], None
        return [Action("ec2:DeleteVpcEndpoints", region, dict(VpcEndpointIds=[current["vpc_endpoint_id"]]),
                       side=SIDE, description=f"delete interface endpoint {current['vpc_endpoint_id']}")], None
    if current is None:
        return _plan_create(want)
    return _plan_update(want, current)


def _plan_create(want):
    if not want.get("subnet_ids"):
        raise InterfaceEndpointError("subnet_ids is required to create an interface endpoint: give one subnet per "
                                     "Availability Zone the endpoint should have an address in")
    region = want["region"]
    tags = wanted_tags(want) or {MARKER_KEY: MARKER_VALUE}
    params = dict(VpcEndpointType="Interface", VpcId=want["vpc_id"], ServiceName=want["service_name"],
                  SubnetIds=sorted(want["subnet_ids"]), PrivateDnsEnabled=bool(want.get("private_dns_enabled")),
                  ClientToken=want["client_token"],
                  TagSpecifications=[dict(ResourceType="vpc-endpoint",
                                          Tags=[dict(Key=k, Value=v) for k, v in sorted(tags.items())])])
    if want.get("security_group_ids"):
        params["SecurityGroupIds"] = sorted(want["security_group_ids"])
    if want["service_region"] != region:
        params["ServiceRegion"] = want["service_region"]
    where = "" if want["service_region"] == region else f" in {want['service_region']}"
    action = Action("ec2:CreateVpcEndpoint", region, params, side=SIDE,
                    description=f"create an interface endpoint in {want['vpc_id']} to {want['service_name']}{where}")
    after = dict(vpc_endpoint_id=None, vpc_id=want["vpc_id"], service_name=want["service_name"],
                 service_region=want["service_region"], state="available", subnet_ids=sorted(want["subnet_ids"]),
                 security_group_ids=sorted(want.get("security_group_ids") or []), dns_names=[], tags=tags)
    return [action], after


def _difference(have, wanted):
    return sorted(set(wanted) - set(have)), sorted(set(have) - set(wanted))


def _plan_update(want, current):
    region, endpoint_id = want["region"], current["vpc_endpoint_id"]
    after, modify = dict(current), {}
    for key, add, remove in (("subnet_ids", "AddSubnetIds", "RemoveSubnetIds"),
                             ("security_group_ids", "AddSecurityGroupIds", "RemoveSecurityGroupIds")):
        if want.get(key) is None:
            continue
        added, removed = _difference(current[key], want[key])
        if added:
            modify[add] = added
        if removed:
            modify[remove] = removed
        after[key] = sorted(want[key])
    actions = []
    if modify:
        actions.append(Action("ec2:ModifyVpcEndpoint", region, dict(VpcEndpointId=endpoint_id, **modify), side=SIDE,
                              description=f"change {', '.join(sorted(modify))} of {endpoint_id}"))
    tags_wanted = wanted_tags(want)
    actions += tag_actions(current["tags"], tags_wanted, want.get("purge_tags"), endpoint_id, region, SIDE)
    if tags_wanted is not None:
        kept = {k: v for k, v in current["tags"].items() if k.startswith("aws:") or not want.get("purge_tags")}
        after["tags"] = dict(kept, **tags_wanted)
    return actions, after
