# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``phz_association``; the module file only wires it up.

Reads, in as few calls as Route 53's low request rate allows: the zone (GetHostedZone, after one
ListHostedZonesByName when it is given by name), its association authorizations (one paginated list, only
when a listed VPC belongs to another account), the listed VPCs (one DescribeVpcs per region and account) and
their DNS attributes, and, for each VPC still to be associated, its private zones (ListHostedZonesByVPC, every
page: boto3 has no paginator for it, so ``token_pages`` follows its NextToken).

Check mode can plan over what earlier tasks of the same run only plan: a zone still to be created
(``planned_zone``: it is not read, it has only the VPC it is created on and no authorizations) and DNS attributes
still to be turned on (``planned_actions``), so that its actions are the writes the real run then makes.
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import result, run_action
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext, has_credentials
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_state import (
    VpcNotFound, describe_vpcs, vpc_dns_attributes)
from ansible_collections.vpcmesh.aws.plugins.module_utils.phz import (
    NEW_ZONE_ID, ROUTE53_RETRY_CODES, ZONE_OWNER, PhzError, after_planned_dns, bare_zone_id, pick_private_zone, plan,
    planned_zone, route53_region, vpc_key, zone_name, zone_vpcs)
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import checking, gate, overrides, resolve
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import QUOTAS, VPCS_PER_ZONE, Usage
from ansible_collections.vpcmesh.aws.plugins.module_utils.waiting import wait_for


def token_pages(call, operation, result_key, **params):
    """Every ``result_key`` item of a list call that boto3 has no paginator for (ListHostedZonesByVPC): ``call``
    (``PhzRunner.route53``'s signature) is asked again with each page's NextToken until a page comes without one."""
    items = []
    while True:
        answer = call(operation, **params)
        items += answer.get(result_key, [])
        if not answer.get("NextToken"):
            return items
        params = dict(params, NextToken=answer["NextToken"])


class PhzRunner:
    def __init__(self, module):
        self.module = module
        self.p = module.params
        overrides(module)  # a bad quotas option fails before any call
        self.ctx = AwsContext(module)
        self.r53 = route53_region(module.region)
        self.creds = {v["vpc_id"]: v["credentials"] if has_credentials(v["credentials"]) else None
                      for v in self.p["vpcs"]}

    def route53(self, operation, creds=None, hint="", **params):
        return self.ctx.call("route53", self.r53, creds, operation, error_hint=hint, **params)

    # -- read --------------------------------------------------------------------------------------
    def read_zone(self, account):
        """dict(id, name, account, endpoint_region, vpcs) of the private zone the task names; in check mode, with
        neither hosted_zone_id nor zone, the zone planned_zone says an earlier task only plans to create."""
        zone_id = self.p["hosted_zone_id"]
        if not zone_id and not self.p["zone"]:
            if not self.module.check_mode:
                self.module.fail_json(msg="planned_zone is for check mode only (a real run creates the zone first); "
                                          "give hosted_zone_id or zone")
            try:
                return planned_zone(self.p["planned_zone"], account, self.r53)
            except PhzError as e:
                self.module.fail_json(msg=str(e))
        if not zone_id:
            zone_id = self.find_zone_by_name(self.p["zone"], account)
        zone_id = bare_zone_id(zone_id)
        answer = self.route53("get_hosted_zone", Id=zone_id, hint=(
            f" (hosted zone {zone_id} must belong to account {account}; run this with the zone owner's credentials)"))
        hosted = answer["HostedZone"]
        if not (hosted.get("Config") or {}).get("PrivateZone"):
            self.module.fail_json(msg=f"hosted zone {zone_id} ({hosted['Name']}) is public; only private hosted zones "
                                      "are associated with VPCs")
        return dict(id=zone_id, name=zone_name(hosted["Name"]), account=account, endpoint_region=self.r53,
                    vpcs=zone_vpcs(answer.get("VPCs")))

    def find_zone_by_name(self, name, account):
        """The ID of the one private zone named ``name`` (ListHostedZonesByName starts at the name)."""
        wanted, zones, params = zone_name(name), [], dict(DNSName=zone_name(name))
        while True:
            answer = self.route53("list_hosted_zones_by_name", **params)
            page = answer.get("HostedZones", [])
            zones += page
            if not answer.get("IsTruncated") or any(zone_name(z["Name"]) != wanted for z in page):
                break
            params = dict(DNSName=answer["NextDNSName"], HostedZoneId=answer["NextHostedZoneId"])
        try:
            return pick_private_zone(wanted, zones, account)["Id"]
        except PhzError as e:
            self.module.fail_json(msg=str(e))

    def read_vpcs(self, account):
        """The listed VPCs for plan(): owner account, whether the caller can act for it, DNS attributes."""
        wanted = []
        for vpc in self.p["vpcs"]:
            creds = self.creds[vpc["vpc_id"]]
            # Present: DescribeVpcs tells the owner. Absent reads no VPC, so ask STS whom the credentials act as.
            declared = vpc["account_id"] or (
                self.ctx.account_id(creds) if creds and self.p["state"] == "absent" else account)
            unreadable = creds is None and declared != account
            wanted.append(dict(vpc_id=vpc["vpc_id"], region=vpc["region"], account=declared, acting=not unreadable,
                               dns=None, readable=not unreadable and self.p["state"] == "present"))
        if self.p["state"] == "present":
            self.describe(wanted, account)
        for vpc in wanted:
            if vpc.pop("readable"):
                vpc["dns"] = vpc_dns_attributes(self.ctx, vpc["region"], self.creds[vpc["vpc_id"]], vpc["vpc_id"])
        return wanted

    def describe(self, wanted, account):
        """One DescribeVpcs per region and owner: each VPC must exist there; its OwnerId is its account."""
        declared = {v["vpc_id"]: v["account_id"] for v in self.p["vpcs"]}
        groups = {}
        for vpc in (v for v in wanted if v["readable"]):
            creds = self.creds[vpc["vpc_id"]]
            groups.setdefault((vpc["region"], repr(sorted((creds or {}).items()))), (creds, []))[1].append(vpc)
        for (region, _key), (creds, vpcs) in groups.items():
            try:
                found = describe_vpcs(self.ctx, region, creds, [v["vpc_id"] for v in vpcs])
            except VpcNotFound as e:
                who = "the credentials given for it" if creds else f"the caller's account {account}"
                self.module.fail_json(msg=f"VPC {', '.join(e.args[0])} was not found in {region} with {who}; check "
                                          "the VPC ID and region, and for a VPC of another account give its "
                                          "credentials (or its account_id, to leave the association to its owner)")
            for vpc in vpcs:
                owner = found[vpc["vpc_id"]].get("OwnerId") or vpc["account"]
                if declared[vpc["vpc_id"]] not in (None, owner):
                    self.module.fail_json(msg=f"VPC {vpc['vpc_id']} belongs to account {owner}, not to the account_id "
                                              f"{declared[vpc['vpc_id']]} given for it")
                vpc["account"] = owner
                vpc["acting"] = owner == account or creds is not None

    def read_authorizations(self, zone, wanted):
        """Keys of the zone's association authorizations; None (not read) when every VPC is the zone's account's.
        With state=absent they are always read: a VPC listed without account_id may still belong to another
        account (absent reads no VPC), and its pending authorization is cleaned up too."""
        if self.p["state"] != "absent" and all(v["account"] == zone["account"] for v in wanted):
            return None
        if zone["id"] == NEW_ZONE_ID:
            return set()  # a zone still to be created has none
        listed = self.ctx.paginate("route53", self.r53, None, "list_vpc_association_authorizations", "VPCs",
                                   HostedZoneId=zone["id"])
        return {(v["VPCId"], v.get("VPCRegion")) for v in listed}

    def read_conflicts(self, zone, wanted):
        """{key: IDs of other private zones named like ours} for each VPC still to be associated by us."""
        if self.p["state"] != "present":
            return {}
        associated = {vpc_key(v) for v in zone["vpcs"]}
        conflicts = {}
        for vpc in (v for v in wanted if v["acting"] and vpc_key(v) not in associated):
            creds = None if vpc["account"] == zone["account"] else self.creds[vpc["vpc_id"]]
            listed = token_pages(self.route53, "list_hosted_zones_by_vpc", "HostedZoneSummaries", creds=creds,
                                 VPCId=vpc["vpc_id"], VPCRegion=vpc["region"])
            conflicts[vpc_key(vpc)] = sorted(
                s["HostedZoneId"] for s in listed
                if zone_name(s["Name"]) == zone["name"] and bare_zone_id(s["HostedZoneId"]) != zone["id"])
        return conflicts

    # -- plan, apply, report -----------------------------------------------------------------------
    def run(self):
        account = self.ctx.account_id()
        zone = self.read_zone(account)
        wanted = self.read_vpcs(account)
        if self.module.check_mode:
            wanted = after_planned_dns(wanted, self.p["planned_actions"])
        authorized = self.read_authorizations(zone, wanted)
        try:
            decided = plan(zone, wanted, zone["vpcs"], authorized, self.p["state"], self.p["purge"],
                           self.p["enable_vpc_dns"], self.read_conflicts(zone, wanted))
        except PhzError as e:
            self.module.fail_json(msg=str(e), hosted_zone_id=zone["id"])
        for entry in decided["left"]:
            self.module.warn(entry["message"])
        if decided["actions"] and checking(self.module):
            gate(self.module, self.quota_usages(zone, decided["actions"]))
        if not self.module.check_mode:
            self.apply(decided["actions"])
        return result(decided["actions"], decided["before"], decided["after"], hosted_zone_id=zone["id"],
                      zone=zone["name"], vpcs=decided["after"]["vpcs"], vpc_dns=decided["vpc_dns"],
                      left_to_other_owner=decided["left"])

    def quota_usages(self, zone, actions):
        """The VPCs the zone would have (quota MAX_VPCS_ASSOCIATED_BY_ZONE), read with GetHostedZoneLimit."""
        delta = sum({"associate_vpc_with_hosted_zone": 1, "disassociate_vpc_from_hosted_zone": -1}.get(a.operation, 0)
                    for a in actions)
        if delta <= 0:
            return []
        usage = Usage(VPCS_PER_ZONE, zone["id"], f"private hosted zone {zone['id']} ({zone['name']}, account "
                      f"{zone['account']}), its associated VPCs", len(zone["vpcs"]), delta, self.r53, zone["account"])
        if zone["id"] == NEW_ZONE_ID:  # a zone this check-mode run only plans has the default
            given = overrides(self.module).get(VPCS_PER_ZONE)
            usage.value, usage.source = (given, "option") if given else (QUOTAS[VPCS_PER_ZONE].default, "default")
            return [usage]
        return resolve(self.ctx, self.module, [usage], zone_of=lambda _usage: zone["id"])

    def apply(self, actions):
        changes = []
        for action in actions:
            vpc_id = action.params.get("VpcId") or action.params["VPC"]["VPCId"]
            creds = None if action.side == ZONE_OWNER else self.creds.get(vpc_id)
            answer = run_action(self.ctx, action, creds, extra_codes=ROUTE53_RETRY_CODES)
            if (answer or {}).get("ChangeInfo", {}).get("Status") == "PENDING":
                changes.append((answer["ChangeInfo"]["Id"], creds, action))
        if self.p["wait"]:
            for change_id, creds, action in changes:
                self.wait_insync(change_id, creds, action)

    def wait_insync(self, change_id, creds, action):
        """Wait until Route 53 reports the change applied on all its servers (INSYNC)."""
        def read():
            return self.route53("get_change", creds, Id=change_id)["ChangeInfo"]["Status"]

        status, ok = wait_for(read, lambda s: s == "INSYNC", self.p["wait_timeout"])
        if not ok:
            self.module.fail_json(msg=f"Route 53 change {change_id} ({action.description}) is still {status} after "
                                      f"{self.p['wait_timeout']}s; raise wait_timeout or set wait=false")
