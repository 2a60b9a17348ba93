# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``resolver_endpoint``; the module file only wires it up."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action, applied, expect, result
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import checking, gate, overrides, resolve
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import endpoint_usages
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import (
    ResolverError, create_with_tokens, summarize_endpoint, token)
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_endpoint import (
    ENDPOINT_TAG, GOING_IP_STATES, NEW_SG, check_ip_spec, check_protocols, endpoint_ips_after, endpoint_ipv6_after,
    group_planned_before, plan_endpoint, plan_security_group, group_as_planned, speaks_doh)
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_state import (
    RESOLVER, AwsCallError, SafeCalls, describe_security_groups, describe_subnets, endpoint_ips, find_security_group,
    interfaces_using, list_endpoints, resource_tags)
from ansible_collections.vpcmesh.aws.plugins.module_utils.waiting import wait_for

IP_CHANGES = ("associate_resolver_endpoint_ip_address", "disassociate_resolver_endpoint_ip_address")


class ResolverEndpointRunner:
    quota_gated = True  # passes quota_reads.gate before its first write (batch.run_batch checks a list first)

    def __init__(self, module, ctx=None):
        self.module = module
        self.p = module.params
        self.region = module.region
        if not self.region:
            module.fail_json(msg="region is required: the region of the endpoint's VPC")
        overrides(module)  # a bad quotas option fails before any call
        self.ctx = ctx or AwsContext(module)  # a batch (module_utils/batch.py) shares one
        self.calls = SafeCalls(self.ctx)

    def run(self):
        try:
            return self._run()
        except ResolverError as e:
            self.module.fail_json(msg=str(e))

    # -- read --------------------------------------------------------------------------------------
    def wanted_ips(self):
        if self.p["ip_addresses"]:
            return [dict(subnet_id=e["subnet_id"], ip=e.get("ip"), ipv6=e.get("ipv6")) for e in self.p["ip_addresses"]]
        return [dict(subnet_id=s, ip=None) for s in self.p["subnet_ids"] or []]

    def vpc_of_subnets(self, ips):
        """The VPC of the wanted subnets, after checking the addresses (before any write)."""
        subnets = describe_subnets(self.calls, self.region, None, [e["subnet_id"] for e in ips])
        vpc_id = check_ip_spec(ips, subnets, self.p.get("endpoint_type"))
        if self.p["vpc_id"] and self.p["vpc_id"] != vpc_id:
            raise ResolverError(f"vpc_id is {self.p['vpc_id']} but the subnets belong to {vpc_id}")
        return vpc_id

    def check_security_groups(self, vpc_id):
        """The given security groups must exist in the endpoint's VPC (read before the create)."""
        given = sorted(set(self.p["security_group_ids"] or []))
        if not given:
            return
        found = describe_security_groups(self.calls, self.region, None, given)
        missing = [g for g in given if g not in found]
        if missing:
            raise ResolverError(f"security_group_ids: {', '.join(missing)} {'was' if len(missing) == 1 else 'were'} "
                                f"not found in {self.region}; give IDs of security groups of {vpc_id} in that "
                                "region, or use dns_security_group to have one created")
        elsewhere = [f"{g} (of {found[g]})" for g in given if found[g] != vpc_id]
        if elsewhere:
            raise ResolverError(f"security_group_ids: {', '.join(elsewhere)} not in {vpc_id}, the VPC of the "
                                "endpoint's subnets; an endpoint's security groups must belong to its VPC")

    def find(self, vpc_id):
        """The endpoint of this name and direction (in ``vpc_id`` when known), with its IPs and tags."""
        found = list_endpoints(self.calls, self.region, None, Name=[self.p["name"]],
                               Direction=[self.p["direction"].upper()])
        found = [e for e in found if e.get("Name") == self.p["name"] and (not vpc_id or e.get("HostVPCId") == vpc_id)]
        if len(found) > 1:
            raise ResolverError(f"{len(found)} {self.p['direction']} endpoints are named {self.p['name']} in "
                                f"{self.region} ({', '.join(sorted(e['Id'] for e in found))}); give vpc_id to pick one")
        return self.describe(found[0]) if found else None

    def describe(self, endpoint):
        return summarize_endpoint(endpoint, endpoint_ips(self.calls, self.region, None, endpoint["Id"]),
                                  resource_tags(self.calls, self.region, None, endpoint["Arn"]))

    def get(self, endpoint_id):
        try:
            return self.calls.call(RESOLVER, self.region, None, "get_resolver_endpoint",
                                   ResolverEndpointId=endpoint_id)["ResolverEndpoint"]
        except AwsCallError as e:
            if e.code == "ResourceNotFoundException":
                return None
            raise

    # -- plan --------------------------------------------------------------------------------------
    def _run(self):
        p, present = self.p, self.p["state"] == "present"
        protocols = check_protocols(p["direction"], p.get("protocols")) if present else None
        ips = self.wanted_ips()
        if present and not ips:
            raise ResolverError("give subnet_ids or ip_addresses: AWS needs at least two IP addresses per endpoint")
        if present and not (p["security_group_ids"] or p["dns_security_group"]):
            raise ResolverError("give security_group_ids, or dns_security_group to have one created")
        vpc_id = self.vpc_of_subnets(ips) if present else p["vpc_id"]
        current = self.find(vpc_id)
        vpc_id = vpc_id or (current or {}).get("vpc_id")
        if present and current is None:
            self.check_security_groups(vpc_id)
        self.token_parts = ("endpoint", self.region, p["direction"], vpc_id, p["name"])
        self.doh = speaks_doh(protocols if protocols is not None else (current or {}).get("protocols"))
        sg_actions, sg, group_ids = self.plan_group(vpc_id, current, present)
        want = dict(state=p["state"], name=p["name"], direction=p["direction"], region=self.region, vpc_id=vpc_id,
                    ips=ips, security_group_ids=group_ids, tags=p["tags"], purge_tags=p["purge_tags"],
                    token=token(*self.token_parts), protocols=protocols, endpoint_type=p.get("endpoint_type"))
        actions, after, notes = plan_endpoint(want, current)
        actions = sg_actions + actions if present else actions + sg_actions
        for note in notes:
            self.module.warn(note)
        self.group_id = (sg or {}).get("GroupId")
        if actions and checking(self.module):
            gate(self.module, self.quota_usages(actions, current))
        if actions and not self.module.check_mode:
            after = self.apply(actions, current)
        return result(actions, current or {}, after or {}, endpoint=after or {},
                      endpoint_id=(after or {}).get("id"), ip_addresses=endpoint_ips_after(after),
                      ipv6_addresses=endpoint_ipv6_after(after),
                      security_group_id=self.group_id if present else None)

    def quota_usages(self, actions, current):
        """A create counts against the endpoints of the region (all of them, read unfiltered: every endpoint of the
        account counts, not only ours) and its addresses against the addresses per endpoint; added addresses count
        against the latter from what the endpoint has."""
        creates = any(a.operation == "create_resolver_endpoint" for a in actions)
        adds = any(a.operation == "associate_resolver_endpoint_ip_address" for a in actions)
        if not (creates or adds):
            return []
        account = self.ctx.account_id()
        endpoints = list_endpoints(self.calls, self.region, None) if creates else []
        have = len([a for a in (current or {}).get("ip_addresses", []) if a.get("status") not in GOING_IP_STATES])
        return resolve(self.ctx, self.module, endpoint_usages(
            actions, self.region, account, endpoints, f"{self.p['name']} ({self.p['direction']})", have))

    def plan_group(self, vpc_id, current, present):
        """(actions, described group, the endpoint's security group IDs) for ``dns_security_group``."""
        spec, explicit = self.p["dns_security_group"], list(self.p["security_group_ids"] or [])
        if not spec or not vpc_id:
            return [], None, sorted(explicit)
        name = spec["name"] or f"{self.p['name']}-dns"
        group = find_security_group(self.calls, self.region, None, vpc_id, name)
        if present and self.module.check_mode:
            group = self.group_as_planned_by_earlier_item(group)
        if present:
            actions = plan_security_group(dict(name=name, cidrs=spec["allowed_cidrs"], vpc_id=vpc_id, doh=self.doh,
                                               region=self.region, endpoint_name=self.p["name"]), group)
            return actions, group, sorted(explicit + [group["GroupId"] if group else NEW_SG])
        if group is None or not self.deletable(group, current):
            return [], group, explicit
        return [Action("ec2:DeleteSecurityGroup", self.region, dict(GroupId=group["GroupId"]),
                       description=f"delete security group {name} ({group['GroupId']}), used by nothing else")], \
            group, explicit

    def group_as_planned_by_earlier_item(self, group):
        """In check mode, in a list form (``endpoints``): the DNS security group ``group`` (described, or None) as an
        earlier item that shares it plans it (group_planned_before: created, its rules set), so it is planned once,
        as the real run, which makes a node's inbound endpoint before its outbound one, changes it once."""
        parent = getattr(self.module, "module", None)  # a list form's item (batch.ItemModule)
        items = (getattr(parent, "params", None) or {}).get("endpoints") or []
        defaults = {k: v for k, v in parent.params.items() if k != "endpoints" and v is not None} if items else {}
        items = [dict(defaults, **item) for item in items if isinstance(item, dict)]
        index = next((i for i, item in enumerate(items) if item.get("name") == self.p["name"]
                      and item.get("direction") == self.p["direction"]
                      and (item.get("region") or parent.region) == self.region), None)
        earlier = None if index is None else group_planned_before(items, index, parent.region)
        if earlier is None:
            return group
        spec = earlier["dns_security_group"]
        return group_as_planned(group, spec.get("name") or f"{earlier['name']}-dns", spec.get("allowed_cidrs") or [],
                                earlier["name"], speaks_doh(earlier.get("protocols")))

    def deletable(self, group, current):
        """Our group, and no network interface but the endpoint's own uses it."""
        if ENDPOINT_TAG not in {t["Key"] for t in group.get("Tags", [])}:
            return False
        own = f"Route 53 Resolver: {current['id']}:" if current else None
        users = interfaces_using(self.calls, self.region, None, group["GroupId"])
        return all(own and (i.get("Description") or "").startswith(own) for i in users)

    # -- apply -------------------------------------------------------------------------------------
    def apply(self, actions, current):
        endpoint_id = (current or {}).get("id")
        expect(self.module, actions)
        for i, action in enumerate(actions):
            _fill(action.params, NEW_SG, self.group_id)
            answer = self.execute(action)
            applied(self.module, action)
            if action.operation == "create_security_group":
                self.group_id = answer["GroupId"]
            elif action.operation == "create_resolver_endpoint":
                endpoint_id = answer["Id"]
            elif action.operation in IP_CHANGES and any(a.operation in IP_CHANGES for a in actions[i + 1:]):
                self.wait(endpoint_id, "updated")  # AWS takes one address change at a time
            elif action.operation == "update_resolver_endpoint" and any(
                    a.operation in IP_CHANGES for a in actions[i + 1:]):
                self.wait(endpoint_id, "updated")  # a protocol or type change first, then the addresses
            elif action.operation == "delete_resolver_endpoint" and (self.p["wait"] or len(actions) > i + 1):
                self.wait(endpoint_id, "deleted")
        if self.p["state"] == "absent":
            return None
        if self.p["wait"]:
            self.wait(endpoint_id, "operational")
        return self.describe(self.get(endpoint_id))

    def execute(self, action):
        """Run one action. A create whose CreatorRequestId AWS already knows adopts the endpoint made with it
        (a retry of this create); when none is visible (it was deleted), the next generation's ID is used."""
        extra = ["DependencyViolation"] if action.operation == "delete_security_group" else None
        hint = f" ({action.description})"

        def call(**params):
            return self.calls.call(action.service, self.region, None, action.operation, error_hint=hint,
                                   extra_codes=extra, **params)

        if action.operation != "create_resolver_endpoint":
            answer = call(**action.params)
            return answer.get("ResolverEndpoint", answer)

        def create(request_id):
            action.params["CreatorRequestId"] = request_id
            return call(**action.params)["ResolverEndpoint"]

        def find(request_id):
            return list_endpoints(self.calls, self.region, None, CreatorRequestId=[request_id])

        answer, found = create_with_tokens(create, find, self.token_parts, f"endpoint {self.p['name']}")
        return answer if found is None else found[0]

    def wait(self, endpoint_id, what):
        """Wait until the endpoint is operational (``operational``/``updated``) or gone (``deleted``)."""
        def done(endpoint):
            if what == "deleted":
                return endpoint is None
            return endpoint is None or endpoint["Status"] not in ("CREATING", "UPDATING", "AUTO_RECOVERING")

        endpoint, ok = wait_for(lambda: self.get(endpoint_id), done, self.p["wait_timeout"])
        if not ok:
            raise ResolverError(f"endpoint {endpoint_id} was not {what} within {self.p['wait_timeout']}s "
                                f"(status {endpoint['Status']}: {endpoint.get('StatusMessage')})")
        if what != "deleted" and (endpoint is None or endpoint["Status"] != "OPERATIONAL"):
            status = endpoint["Status"] if endpoint else "gone"
            raise ResolverError(f"endpoint {endpoint_id} is {status} instead of OPERATIONAL"
                                f"{': ' + endpoint.get('StatusMessage', '') if endpoint else ''}")


def _fill(params, placeholder, value):
    """Replace a placeholder ID, in place, in a parameter or a list parameter."""
    for key, val in params.items():
        if val == placeholder:
            params[key] = value
        elif isinstance(val, list) and placeholder in val:
            params[key] = sorted(value if v == placeholder else v for v in val)
