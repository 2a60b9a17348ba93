# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``resolver_forward_mesh``; the module file only wires it up.

Work is grouped in units, one per region and account: each unit is read once (endpoints, rules, tags of
candidate rules, associations, VPCs) and changed by its own owner. Units are independent, so reads and
writes run in a bounded thread pool (AWS throttles per region); the reported actions keep the units'
sorted order whatever order the threads finish in.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import result
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext, has_credentials
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_state import VpcNotFound, describe_vpcs
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import gate, overrides, resolve
from ansible_collections.vpcmesh.aws.plugins.module_utils.quotas import mesh_usages, net_added
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import (
    MESH_TAG, NODE_TAG, TOKEN_PREFIX, ResolverError, check_identifier, create_with_tokens, live_ips, live_ipv6,
    summarize_rule)
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_mesh import (
    check_endpoints, check_planned, check_transport, check_vpcs, desired_rules, forwarding, new_endpoint_ips, new_rule_id, plan_unit,
    planned, prepare_nodes)
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_state import (
    RESOLVER, AwsCallError, SafeCalls, all_associations, endpoint_ips, list_associations, list_endpoints, list_rules, resource_tags)

# Writes retried while AWS finishes a previous change (an association still being removed, a rule updating).
WRITE_RETRY = ["ResourceInUseException", "ResourceUnavailableException"]


class Unit:
    """The nodes of one region and account, and the credentials acting there."""

    def __init__(self, region, account, creds):
        self.region, self.account, self.creds = region, account, creds
        self.nodes = []

    @property
    def label(self):
        return f"{self.region} (account {self.account})"


class MeshRunner:
    def __init__(self, module):
        self.module = module
        self.p = module.params
        overrides(module)  # a bad quotas option fails before any call
        self.ctx = AwsContext(module)
        self.calls = SafeCalls(self.ctx)

    def run(self):
        try:
            return self._run()
        except ResolverError as e:
            self.module.fail_json(msg=str(e))

    def _run(self):
        p = self.p
        check_identifier(p["name"], "mesh name")
        nodes = prepare_nodes(p["nodes"], p["domains"], p["state"], p.get("target_protocol"),
                              p.get("target_address_family"))
        check_planned(nodes, self.module.check_mode)
        flows = forwarding(nodes, p["topology"], p["hub"])
        check_endpoints(nodes, flows)
        units = self.units(nodes)
        targets = {t for _source, _domain, t in flows}
        states = self.each_unit(units, lambda unit: self.read(unit, targets))
        check_vpcs(nodes)
        check_transport(nodes, flows, {name: info for state in states for name, info in state["endpoints"].items()})
        inbound = {name: ips for state in states for name, ips in state["inbound_ips"].items()}
        if p["purge"] and p["state"] == "present":
            self.add_dropped_regions(nodes, units, states, inbound)
        desired = desired_rules(p["name"], nodes, flows, inbound)
        absent = [n for n in nodes if n["state"] == "absent"]
        removed_nodes = {n["name"] for n in absent}
        removed_domains = {d for n in absent for d in n["domains"]}
        plans = []
        for unit, state in zip(units, states):
            mine = {n["name"] for n in unit.nodes}
            plans.append(plan_unit({k: v for k, v in desired.items() if k[0] in mine}, state, p["purge"],
                                   removed_nodes, removed_domains))
        for plan in plans:
            for conflict in plan.conflicts:
                self.module.warn(conflict["message"])
        if any(plan.actions for plan in plans):
            gate(self.module, self.quota_usages(units, states, plans))
        if not self.module.check_mode and any(plan.actions for plan in plans):
            self.each_unit(units, lambda unit: self.apply(unit, plans[units.index(unit)]), plans)
        return self.report(plans)

    # -- units and threads -------------------------------------------------------------------------
    def units(self, nodes):
        """Nodes grouped by (region, account), sorted; clients made here, in the main thread."""
        by_key = {}
        for node in nodes:
            creds = node["credentials"] if has_credentials(node.get("credentials")) else None
            account = self.ctx.account_id(creds)
            unit = by_key.setdefault((node["region"], account), Unit(node["region"], account, creds))
            unit.nodes.append(node)
        units = [by_key[k] for k in sorted(by_key)]
        for unit in units:
            self.calls.prepare(RESOLVER, unit.region, unit.creds)
            self.calls.prepare(RESOLVER, unit.region, unit.creds, WRITE_RETRY)
            self.calls.prepare("ec2", unit.region, unit.creds)
        return units

    def each_unit(self, units, work, plans=None):
        """Run ``work(unit)`` for every unit (with actions, when ``plans`` is given) in a bounded pool;
        results in unit order. Every failure is collected, then the module fails once naming them all."""
        chosen = [u for i, u in enumerate(units) if plans is None or plans[i].actions]
        with ThreadPoolExecutor(max_workers=max(1, min(self.p["max_concurrency"], len(chosen)))) as pool:
            futures = [pool.submit(_capture, work, unit) for unit in chosen]
            outcomes = [f.result() for f in futures]
        errors = [f"{unit.label}: {error}" for unit, (_value, error) in zip(chosen, outcomes) if error]
        if errors:
            done = [a for plan in plans or [] for a in getattr(plan, "done", [])]
            left = [a.as_dict() for plan in plans or [] for a in plan.actions if not any(a is d for d in done)]
            self.module.fail_json(msg="; ".join(errors), changed=bool(done), actions=[a.as_dict() for a in done],
                                  actions_left=left)
        return [value for value, _error in outcomes]

    # -- quotas ------------------------------------------------------------------------------------
    def quota_usages(self, units, states, plans):
        """Per region and account, the rules (counted from the unfiltered rule listing already read) and the rule
        associations (one unfiltered listing, read only where the plan adds associations) the plan would reach;
        checked before the first write of the whole mesh."""
        usages = []
        for unit, state, plan in zip(units, states, plans):
            if not plan.actions:
                continue
            associations = None
            if net_added(plan.actions, "associate_resolver_rule", "disassociate_resolver_rule") > 0:
                associations = all_associations(self.calls, unit.region, unit.creds)
            found = mesh_usages(plan.actions, unit.region, unit.account, state["rules"], associations)
            usages += [(u, unit.creds) for u in found]
        creds = {id(u): c for u, c in usages}
        return resolve(self.ctx, self.module, [u for u, _c in usages], lambda usage: creds[id(usage)])

    # -- nodes dropped from the list -----------------------------------------------------------------
    def add_dropped_regions(self, nodes, units, states, inbound):
        """Read the regions of nodes dropped from the list, so ``purge`` removes their own rules too.

        A rule of this mesh that forwards a domain no present node answers, to addresses that are no listed
        node's inbound endpoint, leads to a dropped node. Its region is read from the domain
        (``<region>.amazonaws.com``, ``<region>.vpce.amazonaws.com`` by default); every rule there tagged with
        this mesh and a node not listed is then removed. When the region cannot be told, the run is refused
        before any write, saying how to remove that node.
        """
        listed = {n["name"] for n in nodes}
        domains = {d for n in nodes for d in n["domains"]}  # of present nodes, and of absent ones being removed
        known_ips = {ip for ips in inbound.values() for ip in ips}
        caller = self.ctx.account_id()
        read = {(u.region, u.account) for u in units}
        regions, unknown = set(), []
        for state in states:
            rules = {r["id"]: r for r in state["rules"]}
            for rule_id, node in state["owned"].items():
                rule = rules.get(rule_id)
                if (rule is None or node not in listed or rule["domain"] in domains
                        or {t[0] for t in rule["targets"]} & known_ips):
                    continue
                region = region_of_domain(rule["domain"])
                if region is None:
                    unknown.append(f"{rule['name']} ({rule_id}, {rule['domain']}, in {state['region']})")
                elif (region, caller) not in read:
                    regions.add(region)
        if unknown:
            raise ResolverError(
                f"rules {', '.join(sorted(unknown))} forward to a node no longer listed, whose own rules purge cannot "
                "find (its region is not in the domain). List that node once with state: absent (its name, region "
                "and credentials), then drop it from the list; or run with purge: false")
        for region in sorted(regions):
            unit = Unit(region, caller, None)
            self.calls.prepare(RESOLVER, region, None)
            self.calls.prepare(RESOLVER, region, None, WRITE_RETRY)
            self.calls.prepare("ec2", region, None)
            state = self.read(unit, set())
            state["owned"] = {i: n for i, n in state["owned"].items() if n not in listed}
            units.append(unit)
            states.append(state)

    # -- read --------------------------------------------------------------------------------------
    def read(self, unit, targets):
        """One unit's state: endpoints checked, default VPCs filled in, rules, ownership, associations."""
        region, creds = unit.region, unit.creds
        endpoints = {e["Id"]: e for e in list_endpoints(self.calls, region, creds)}
        inbound_ips, transports = {}, {}
        for node in unit.nodes:
            hosts = [self.endpoint(unit, node, endpoints, kind) for kind in ("inbound", "outbound")]
            if node["state"] == "present" and node.get("vpc_ids") is None:
                node["vpc_ids"] = sorted({h for h in hosts if h})
            transports[node["name"]] = {kind: _transport(endpoints[node[f"{kind}_endpoint_id"]])
                                        for kind, host in zip(("inbound", "outbound"), hosts) if host}
            family = node.get("target_address_family")
            if node["name"] in targets and planned(node, "inbound"):
                inbound_ips[node["name"]] = new_endpoint_ips(node["name"], family)
            elif node["name"] in targets:
                found = endpoint_ips(self.calls, region, creds, node["inbound_endpoint_id"])
                inbound_ips[node["name"]] = live_ipv6(found) if family == "ipv6" else live_ips(found)
        vpc_ids = sorted({v for n in unit.nodes if n["state"] == "present" for v in n.get("vpc_ids") or []})
        try:
            describe_vpcs(self.calls, region, creds, vpc_ids)
        except VpcNotFound as e:
            raise ResolverError(f"VPCs {', '.join(e.args[0])} were not found in {unit.label}; vpc_ids of a node must "
                                "be VPCs of its region and account") from None
        rules = [summarize_rule(r) for r in list_rules(self.calls, region, creds)]
        owned = {}
        for rule in rules:
            if rule["creator_request_id"].startswith(TOKEN_PREFIX):
                tags = resource_tags(self.calls, region, creds, rule["arn"])
                if tags.get(MESH_TAG) == self.p["name"]:
                    owned[rule["id"]] = tags.get(NODE_TAG, "")
        links = {a["Id"]: a for a in list_associations(self.calls, region, creds, VPCId=vpc_ids)}
        links.update({a["Id"]: a for a in list_associations(self.calls, region, creds, ResolverRuleId=sorted(owned))})
        associations = [dict(id=a["Id"], rule_id=a["ResolverRuleId"], vpc_id=a["VPCId"], status=a.get("Status"))
                        for _key, a in sorted(links.items())]
        return dict(region=region, account=unit.account, rules=rules, owned=owned, associations=associations,
                    inbound_ips=inbound_ips, endpoints=transports)

    def endpoint(self, unit, node, endpoints, kind):
        """The host VPC of a node's endpoint, checking it exists with the right direction (None for one only
        planned: the node then gives its vpc_ids)."""
        endpoint_id = node.get(f"{kind}_endpoint_id")
        if not endpoint_id or node["state"] == "absent" or planned(node, kind):
            return None
        found = endpoints.get(endpoint_id)
        if found is None:
            raise ResolverError(f"{kind} endpoint {endpoint_id} of node {node['name']} was not found in {unit.label}; "
                                "check the ID, the node's region and its credentials")
        if found.get("Direction") != kind.upper():
            raise ResolverError(f"endpoint {endpoint_id} of node {node['name']} is {found.get('Direction')}, but was "
                                f"given as {kind}_endpoint_id")
        return found.get("HostVPCId")

    # -- apply -------------------------------------------------------------------------------------
    def apply(self, unit, plan):
        """Run one unit's actions in order, putting the IDs of new rules where their placeholders are."""
        created, plan.done = {}, []
        for action in plan.actions:
            if action.params.get("ResolverRuleId") in created:
                action.params["ResolverRuleId"] = created[action.params["ResolverRuleId"]]
            if action.operation == "create_resolver_rule":
                created[new_rule_id(action.params["Name"])] = self.create_rule(unit, action)
            elif action.operation == "associate_resolver_rule":
                self.associate(unit, action)
            else:
                self.calls.call(action.service, unit.region, unit.creds, action.operation,
                                error_hint=f" ({action.description})", extra_codes=WRITE_RETRY, **action.params)
            plan.done.append(action)
        _fill(plan.rules, created)
        _fill(plan.links, created)
        _fill(plan.after, created)

    def create_rule(self, unit, action):
        """Create a rule. When AWS already knows its CreatorRequestId, adopt the rule made with it (a retry of
        this create); when none is visible (the node was removed and comes back), use the next generation's ID."""
        def create(request_id):
            action.params["CreatorRequestId"] = request_id
            return self.calls.call(RESOLVER, unit.region, unit.creds, "create_resolver_rule",
                                   error_hint=f" ({action.description})", extra_codes=WRITE_RETRY,
                                   **action.params)["ResolverRule"]["Id"]

        def find(request_id):
            return list_rules(self.calls, unit.region, unit.creds, CreatorRequestId=[request_id])

        parts = ("rule", self.p["name"], action.side, action.params["DomainName"])  # as desired_rules derives it
        rule_id, found = create_with_tokens(create, find, parts, f"rule {action.params['Name']}")
        return rule_id if found is None else found[0]["Id"]

    def associate(self, unit, action):
        """Associate a rule with a VPC; when AWS refuses because that rule already is associated with it (a
        concurrent run of this task did it first: InvalidRequestException), that is done."""
        try:
            self.calls.call(RESOLVER, unit.region, unit.creds, "associate_resolver_rule",
                            error_hint=f" ({action.description})", extra_codes=WRITE_RETRY, **action.params)
        except AwsCallError as e:
            if e.code != "InvalidRequestException" or not list_associations(
                    self.calls, unit.region, unit.creds, ResolverRuleId=[action.params["ResolverRuleId"]],
                    VPCId=[action.params["VPCId"]]):
                raise

    # -- report ------------------------------------------------------------------------------------
    def report(self, plans):
        by_region = {}
        for plan in plans:
            entry = by_region.setdefault(plan.region, dict(
                rules=dict(created=[], updated=[], deleted=[], unchanged=[]),
                associations=dict(created=[], deleted=[], unchanged=[]), conflicts=[]))
            for group, source in (("rules", plan.rules), ("associations", plan.links)):
                for kind, items in source.items():
                    entry[group][kind] += [dict(item, account=plan.account) for item in items]
            entry["conflicts"] += plan.conflicts
        actions = [a for plan in plans for a in plan.actions]
        before = {p.region: [] for p in plans}
        after = {p.region: [] for p in plans}
        for plan in plans:
            before[plan.region] += plan.before
            after[plan.region] += plan.after
        return result(actions, before, after, plan=by_region, rules=after,
                      conflicts=[c for plan in plans for c in plan.conflicts])


_REGION_DOMAIN = re.compile(r"^([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$")


def region_of_domain(domain):
    """``us-west-2`` for ``us-west-2.amazonaws.com`` or ``us-west-2.vpce.amazonaws.com`` (None otherwise)."""
    match = _REGION_DOMAIN.match(domain or "")
    return match.group(1) if match else None


def _transport(endpoint):
    """What an endpoint speaks: its protocols (AWS's default Do53 when none is described) and its type."""
    return dict(protocols=sorted(endpoint.get("Protocols") or ["Do53"]),
                endpoint_type=(endpoint.get("ResolverEndpointType") or "IPV4").lower())


def _capture(work, unit):
    """(value, None) or (None, error text): a worker's failure is reported, never raised in the thread."""
    try:
        return work(unit), None
    except ResolverError as e:
        return None, str(e)


def _fill(obj, created):
    """Replace placeholder rule IDs in a report structure, in place."""
    items = obj.items() if isinstance(obj, dict) else enumerate(obj)
    for key, value in list(items):
        if isinstance(value, (dict, list)):
            _fill(value, created)
        elif isinstance(value, str) and value in created:
            obj[key] = created[value]
