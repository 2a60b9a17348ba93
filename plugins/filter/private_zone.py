# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the ``private_zone`` role that make its check mode exact (issue 15).

The role creates the zone with amazon.aws.route53_zone and its records with amazon.aws.route53, which report
``changed`` but not which calls they made or would make. ``zone_writes`` says it in the collection's actions shape
(plugins/module_utils/actions.py), from what those modules reported and what they do: route53_zone, which the role
runs only when no private zone of that name is on the first VPC, makes one CreateHostedZone with that one VPC;
route53 makes one ChangeResourceRecordSets per record it changes (its check mode reads the record and compares). In
check mode the zone does not exist yet, so the records task cannot run: every record is then a change, since a zone
made now holds only Route 53's SOA and NS records.

``registered_actions`` collects the actions that earlier tasks of the run registered on any host (site.yml's peering
play turns on the VPCs' DNS attributes), for phz_association's ``planned_actions``.
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.phz import NEW_ZONE_ID, ZONE_OWNER, zone_name


def _ran(result):
    """Whether a registered task (or one item of its loop) ran."""
    if not isinstance(result, dict) or result.get("skipped"):
        return False
    if isinstance(result.get("results"), list):
        return any(isinstance(r, dict) and not r.get("skipped") for r in result["results"])
    return True


def _values(value):
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _record_change(zone_id, record, name, zone, region, change):
    record_set = dict(Name=name if name.endswith(".") else name + ".", Type=record["type"],
                      TTL=int(record.get("ttl") or 300), ResourceRecords=[dict(Value=v) for v in _values(record["value"])])
    return Action("route53:ChangeResourceRecordSets", region,
                  dict(HostedZoneId=zone_id, ChangeBatch=dict(Changes=[dict(Action=change, ResourceRecordSet=record_set)])),
                  side=ZONE_OWNER, description=f"{'create' if change == 'CREATE' else 'create or update'} record "
                                               f"{record_set['Name']} {record['type']} in {zone}")


def zone_writes(zone_result, record_results, records, zone, vpc, region="us-east-1", comment="", zone_id=None):
    """Filter: the writes (actions) of the role's zone and records tasks, made or, in check mode, planned.

    ``zone_result``: the registered route53_zone result (skipped when the zone was found). ``record_results``: the
    registered loop of route53 over ``records``, pairs [record, complete name] (skipped when the zone does not
    exist yet, in check mode). ``vpc``: the first VPC (vpc_id, region), which the zone is created on. ``zone_id``:
    the zone's ID when it exists (found, or created by this run)."""
    zone = zone_name(str(zone))
    actions = []
    created = _ran(zone_result) and bool(zone_result.get("changed"))
    zone_id = zone_id or NEW_ZONE_ID
    if created:
        actions.append(Action("route53:CreateHostedZone", region, dict(
            Name=zone, VPC=dict(VPCId=vpc["vpc_id"], VPCRegion=vpc["region"]),
            HostedZoneConfig=dict(Comment=comment or "", PrivateZone=True)),
            side=ZONE_OWNER, description=f"create private zone {zone} on {vpc['vpc_id']} ({vpc['region']})"))
    if _ran(record_results):
        for item in record_results.get("results") or []:
            if item.get("changed") and not item.get("skipped"):
                record, name = item["item"]
                actions.append(_record_change(zone_id, record, name, zone, region, "CREATE" if created else "UPSERT"))
    elif created:
        actions += [_record_change(zone_id, record, name, zone, region, "CREATE") for record, name in records]
    return [a.as_dict() for a in actions]


def _actions_of(result):
    if not isinstance(result, dict) or result.get("skipped"):
        return []
    items = result["results"] if isinstance(result.get("results"), list) else [result]
    return [a for item in items if isinstance(item, dict) for a in item.get("actions") or []
            if isinstance(a, dict) and "call" in a]


def registered_actions(registered, name=None):
    """Filter: every action in registered results: ``hostvars`` with the registered variable ``name`` (each host's
    that has it), or a list of registered results. Loop results count item by item; skipped ones are none."""
    if name is None:
        results = list(registered or [])
    else:
        results = []
        for host in registered:
            host_vars = registered[host]
            if name in host_vars:
                results.append(host_vars[name])
    return [action for result in results for action in _actions_of(result)]


class FilterModule:
    def filters(self):
        return {"zone_writes": zone_writes, "registered_actions": registered_actions}
