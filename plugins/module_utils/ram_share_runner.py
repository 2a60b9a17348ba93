# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``resolver_rule_share`` (the hub) and ``shared_rule_association`` (a spoke).

Every call is made with the module's own credentials in the module's region: the hub's for the share, the
spoke's for its invitation and associations. Reads, per run: the shares of the name (one paginated
GetResourceShares filtered on name and owner), the share's principals and resources (GetResourceShareAssociations,
one per association type), the region's rules when rules are named (ListResolverRules); on a spoke, its invitations
(GetResourceShareInvitations), the shares it sees of that name, the share's rules (ListResources, or
ListPendingInvitationResources before the invitation is accepted) and the rule associations of its VPCs and of
our name (ListResolverRuleAssociations, filtered).
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import expect, result, run_action
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext
from ansible_collections.vpcmesh.aws.plugins.module_utils.ram_share import (
    LIVE_SHARE_ASSOCIATIONS, RULE_TYPE, ShareError, added_rules, association_name, check_share_input,
    check_spoke_input, pick_invitations, pick_share, plan_associations, plan_invitations, plan_share,
    resolve_rules, rule_id_of, summarize_share, wanted_rules)
from ansible_collections.vpcmesh.aws.plugins.module_utils.waiting import wait_for


def partition_of(region):
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def _region(module, what):
    if not module.region:
        module.fail_json(msg=f"region is required: the region of {what} (RAM shares and Resolver rules are regional)")
    return module.region


class ShareRunner:
    """The hub: one resource share of Resolver rules."""

    def __init__(self, module):
        self.module, self.p = module, module.params
        self.region = _region(module, "the rules and their share")
        self.ctx = AwsContext(module)

    def want(self, account):
        p = self.p
        return dict(state=p["state"], name=p["name"], region=self.region, account=account,
                    principals=p["principals"] or [], rule_ids=p["rule_ids"] or [], rule_names=p["rule_names"] or [],
                    planned_rule_names=p["planned_rule_names"] or [], tags=p["tags"],
                    purge_principals=p["purge_principals"], purge_rules=p["purge_rules"],
                    allow_external_principals=p["allow_external_principals"], check_mode=self.module.check_mode)

    def read_share(self, account):
        shares = self.ctx.paginate("ram", self.region, None, "get_resource_shares", "resourceShares",
                                   resourceOwner="SELF", name=self.p["name"])
        share, generation = pick_share(shares, self.p["name"], account)
        if share is None:
            return None, generation
        return self.summary(share), generation

    def summary(self, share):
        entities = {}
        for kind in ("PRINCIPAL", "RESOURCE"):
            found = self.ctx.paginate("ram", self.region, None, "get_resource_share_associations",
                                      "resourceShareAssociations", associationType=kind,
                                      resourceShareArns=[share["resourceShareArn"]])
            entities[kind] = [a["associatedEntity"] for a in found if a.get("status") in LIVE_SHARE_ASSOCIATIONS]
        return summarize_share(share, entities["PRINCIPAL"], entities["RESOURCE"])

    def run(self):
        want = self.want(None)
        problems = check_share_input(want)
        if problems:
            self.module.fail_json(msg="; ".join(problems))
        account = self.ctx.account_id()
        want["account"] = account
        try:
            current, generation = self.read_share(account)
            labels = {}
            if want["state"] == "present":
                rules = []
                if want["rule_ids"] or want["rule_names"] or want["planned_rule_names"]:
                    rules = self.ctx.paginate("route53resolver", self.region, None, "list_resolver_rules",
                                              "ResolverRules")
                want["resource_arns"], labels = resolve_rules(want, rules, account, partition_of(self.region),
                                                              self.region)
            actions, after = plan_share(want, current, generation)
        except ShareError as e:
            self.module.fail_json(msg=str(e))
        if actions and not self.module.check_mode:
            after = self.apply(actions, current)
        names = {rule_id_of(a) or a: labels.get(a) for a in (after or {}).get("rule_arns", [])}
        return result(actions, current or {}, after or {}, share=after or {}, rule_names=names,
                      rules_added=added_rules(current, after))

    def apply(self, actions, current):
        expect(self.module, actions)
        arn = current["arn"] if current else None
        for action in actions:
            answer = run_action(self.ctx, action, None)
            if action.operation == "create_resource_share":
                arn = answer["resourceShare"]["resourceShareArn"]
        if self.p["state"] == "absent":
            return None
        shares = self.ctx.paginate("ram", self.region, None, "get_resource_shares", "resourceShares",
                                   resourceOwner="SELF", resourceShareArns=[arn])
        return self.summary(shares[0]) if shares else None


class SpokeRunner:
    """A spoke: accept the share's invitation, associate its rules with the spoke's VPCs."""

    def __init__(self, module):
        self.module, self.p = module, module.params
        self.region = _region(module, "the shared rules and the spoke's VPCs")
        self.ctx = AwsContext(module)

    def want(self, account):
        p = self.p
        return dict(state=p["state"], region=self.region, account=account, share_name=p["share_name"],
                    share_owner=p["share_owner"], vpc_ids=p["vpc_ids"] or [], rule_ids=p["rule_ids"] or [],
                    accept_invitation=p["accept_invitation"], purge=p["purge"], planned_share=p["planned_share"],
                    check_mode=self.module.check_mode)

    def read_invitations(self):
        found = self.ctx.paginate("ram", self.region, None, "get_resource_share_invitations",
                                  "resourceShareInvitations")
        return pick_invitations(found, self.p["share_name"], self.p["share_owner"])

    def read_shares(self):
        found = self.ctx.paginate("ram", self.region, None, "get_resource_shares", "resourceShares",
                                  resourceOwner="OTHER-ACCOUNTS", name=self.p["share_name"])
        return [s for s in found if s.get("owningAccountId") == self.p["share_owner"] and s.get("status") == "ACTIVE"]

    def read_shared_rules(self, shares, pending):
        if shares:
            found = self.ctx.paginate("ram", self.region, None, "list_resources", "resources",
                                      resourceOwner="OTHER-ACCOUNTS", resourceType=RULE_TYPE,
                                      resourceShareArns=[s["resourceShareArn"] for s in shares])
        elif pending:
            found, params = [], dict(resourceShareInvitationArn=pending[0])
            while True:  # botocore has no paginator for this call
                page = self.ctx.call("ram", self.region, None, "list_pending_invitation_resources", **params)
                found += page.get("resources", [])
                if not page.get("nextToken"):
                    break
                params["nextToken"] = page["nextToken"]
        else:
            return []
        return sorted({rule_id_of(r["arn"]) for r in found
                       if r.get("type", RULE_TYPE).lower() == RULE_TYPE.lower() and rule_id_of(r.get("arn"))})

    def read_associations(self):
        seen = {}
        filters = [[dict(Name="Name", Values=[association_name(self.p["share_name"])])]]
        if self.p["vpc_ids"]:
            filters.append([dict(Name="VPCId", Values=sorted(self.p["vpc_ids"]))])
        for one in filters:
            found = self.ctx.paginate("route53resolver", self.region, None, "list_resolver_rule_associations",
                                      "ResolverRuleAssociations", Filters=one)
            for association in found:
                seen[association["Id"]] = association
        return sorted(seen.values(), key=lambda a: a["Id"])

    def wait_for_share(self, want):
        """Invitations and shares once either is visible (RAM is eventually consistent after the hub's write)."""
        state = {}

        def read():
            state["invitations"], state["shares"] = self.read_invitations(), self.read_shares()
            return state

        if want["state"] == "absent" or want["planned_share"]:
            return read()
        _found, ok = wait_for(read, lambda s: s["shares"] or [i for i in s["invitations"] if i.get("status") in
                                                              ("PENDING", "ACCEPTED")], self.p["wait_timeout"])
        if not ok:
            self.module.fail_json(msg=f"resource share {self.p['share_name']!r} of account {self.p['share_owner']} is "
                                      f"not shared with this account in {self.region}: no invitation and no share seen "
                                      f"after {self.p['wait_timeout']}s; add this account (or its organization) to "
                                      "the share's principals first (resolver_rule_share)")
        return state

    def run(self):
        want = self.want(None)
        problems = check_spoke_input(want)
        if problems:
            self.module.fail_json(msg="; ".join(problems))
        want["account"] = self.ctx.account_id()
        try:
            state = self.wait_for_share(want)
            invitations, shares = state["invitations"], state["shares"]
            want["share_visible"] = bool(shares)
            accept, pending = plan_invitations(want, invitations) if want["state"] == "present" else ([], [])
            shared = self.read_shared_rules(shares, pending)
            rule_ids = wanted_rules(want, shared) if want["state"] == "present" else []
            associations = self.read_associations()
            associate, after = plan_associations(want, rule_ids, associations)
        except ShareError as e:
            self.module.fail_json(msg=str(e))
        actions = accept + associate
        if actions and not self.module.check_mode:
            self.apply(accept, associate, rule_ids)
        before = [dict(rule_id=a["ResolverRuleId"], vpc_id=a["VPCId"]) for a in associations
                  if a.get("Name") == association_name(self.p["share_name"])]
        share = shares[0] if shares else {}
        return result(actions, dict(associations=before), dict(associations=after),
                      share=dict(arn=share.get("resourceShareArn"), name=self.p["share_name"],
                                 owner=self.p["share_owner"], rule_ids=shared),
                      invitations=[dict(arn=i["resourceShareInvitationArn"],
                                        status="ACCEPTED" if i["resourceShareInvitationArn"] in pending
                                        and not self.module.check_mode else i.get("status")) for i in invitations],
                      associations=after)

    def apply(self, accept, associate, rule_ids):
        expect(self.module, accept + associate)
        for action in accept:
            run_action(self.ctx, action, None)
        if any(a.operation == "associate_resolver_rule" for a in associate):
            self.wait_for_rules(rule_ids)
        for action in associate:
            run_action(self.ctx, action, None, extra_codes=["ResourceNotFoundException"])

    def wait_for_rules(self, rule_ids):
        """The shared rules become visible in this account some time after the invitation is accepted."""
        def read():
            return {r["Id"] for r in self.ctx.paginate("route53resolver", self.region, None, "list_resolver_rules",
                                                       "ResolverRules")}

        seen, ok = wait_for(read, lambda ids: set(rule_ids) <= ids, self.p["wait_timeout"])
        if not ok:
            self.module.fail_json(msg=f"shared rules {', '.join(sorted(set(rule_ids) - seen))} of resource share "
                                      f"{self.p['share_name']} are not visible in {self.region} "
                                      f"{self.p['wait_timeout']}s after the share was accepted")
