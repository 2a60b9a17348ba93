# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure planning of a Route 53 Resolver forwarding mesh: which forwarding rule each node needs, where its
queries go, which VPCs use it, and the calls that turn what one region holds into that. No AWS access.

A node is one VPC's pair of Resolver endpoints in one region and account, answering for some domains
(by default ``<region>.amazonaws.com`` and ``<region>.vpce.amazonaws.com``). Topologies:
- ``full_mesh``: every node forwards every other node's domains straight to that node's inbound endpoint;
- ``hub``: spokes forward every domain they do not answer for to the hub's inbound endpoint, and the hub
  forwards each spoke's domains to that spoke (the guide's figure 3, one central resolver).

A rule belongs to a mesh by its tags (``vpcmesh:mesh``, ``vpcmesh:node``); rules of anyone else are never
changed, and one of them holding a domain in a VPC (AWS allows one rule per domain per VPC) is a conflict.
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import (
    MESH_TAG, NODE_TAG, ResolverError, check_identifier, expand_domain, is_token_of, resource_name, target_keys,
    target_param, token)

DEFAULT_DOMAINS = ["{region}.amazonaws.com", "{region}.vpce.amazonaws.com"]
DEFAULT_PROTOCOL, DEFAULT_FAMILY = "Do53", "ipv4"
# Endpoint types whose addresses have an IPv6 (or an IPv4) address (API reference, ResolverEndpointType).
IPV6_TYPES, IPV4_TYPES = ("ipv6", "dualstack"), ("ipv4", "dualstack")
DEAD_ASSOCIATION_STATES = ("DELETING", "FAILED")


def node_name(node):
    """A node's name: its ``name``, else its region (one node per region needs no name)."""
    return node.get("name") or node["region"]


def resource_names(mesh, node):
    """The names of what the resolver_mesh role makes for node ``node`` of mesh ``mesh``, which
    playbooks/teardown.yml removes by the same names: the inbound and outbound Resolver endpoints, the DNS security
    group they share, and the S3 interface endpoint (its ``Name`` tag), its security group and the S3 gateway
    endpoint (its ``Name`` tag)."""
    base = f"{mesh}-{node}"
    return {"inbound": f"{base}-inbound", "outbound": f"{base}-outbound", "dns_security_group": f"{base}-dns",
            "s3_endpoint": f"{base}-s3", "s3_security_group": f"{base}-s3", "s3_gateway_endpoint": f"{base}-s3-gateway"}


def peering_name(mesh, pair):
    """The ``Name`` tag of the peering connection the resolver_mesh role makes between the nodes of ``pair``."""
    return "-".join([mesh, *pair])


def new_endpoint_id(node, kind):
    """Placeholder for the ID of a node's endpoint that the same check-mode run only plans to create
    (``planned_endpoints``)."""
    return f"(new {kind} endpoint of {node})"


def new_endpoint_ips(node, family=DEFAULT_FAMILY):
    """Placeholder for the IPs of a node's inbound endpoint that the same check-mode run only plans to create: the
    targets of the rules that forward to it, as one entry."""
    if family == "ipv6":
        return [f"(IPv6 addresses of the new inbound endpoint of {node})"]
    return [f"(IPs of the new inbound endpoint of {node})"]


def planned(node, kind):
    """Whether the node's endpoint of direction ``kind`` is only planned (``planned_endpoints``)."""
    return kind in (node.get("planned_endpoints") or ())


def endpoint_id(node, kind):
    """The node's inbound or outbound endpoint: its ID, the placeholder of a planned one, or None."""
    return node.get(f"{kind}_endpoint_id") or (new_endpoint_id(node["name"], kind) if planned(node, kind) else None)


def check_planned(nodes, check_mode):
    """``planned_endpoints`` of ``nodes`` (prepared, in the order given) are usable: check mode only, never beside
    the same direction's ID, only on a present node, and with ``vpc_ids`` (an endpoint still to be made cannot tell
    its VPC). Checked before any call."""
    for index, node in enumerate(nodes):
        kinds = sorted(set(node.get("planned_endpoints") or ()))
        if not kinds:
            continue
        where = f"nodes[{index}].planned_endpoints ({', '.join(kinds)}) of node {node['name']}"
        if not check_mode:
            raise ResolverError(f"{where} is for check mode only: it stands for endpoints an earlier task of the "
                                "same check-mode run only plans to create. A real run creates them first; give their "
                                "IDs as inbound_endpoint_id and outbound_endpoint_id instead")
        both = [k for k in kinds if node.get(f"{k}_endpoint_id")]
        if both:
            raise ResolverError(f"{where} names {', '.join(both)}, whose ID is given too "
                                f"({', '.join(node[k + '_endpoint_id'] for k in both)}); give either the ID of an "
                                "endpoint that exists or plan it, not both")
        if node["state"] != "present":
            raise ResolverError(f"{where}: the node is absent, so no endpoint of it is planned; leave the option out")
        if node.get("vpc_ids") is None:
            raise ResolverError(f"{where} needs nodes[{index}].vpc_ids: the VPCs using the node's rules cannot be "
                                "read from an endpoint that does not exist yet")


def new_rule_id(name):
    """Placeholder for the ID of a rule still to be created (check mode shows it; a run replaces it)."""
    return f"(new rule {name})"


def prepare_nodes(nodes, default_domains, mesh_state="present", protocol=DEFAULT_PROTOCOL, family=DEFAULT_FAMILY):
    """Nodes with names, states, expanded domains and how rules reach their inbound endpoint (``target_protocol``,
    ``target_address_family``: the node's own, else ``protocol`` / ``family``), validated; the order of ``nodes`` is
    kept."""
    out, names, owners = [], set(), {}
    for node in nodes:
        name = check_identifier(node_name(node), "node name")
        if name in names:
            raise ResolverError(f"two nodes are named {name}; nodes in the same region need distinct names")
        names.add(name)
        state = "absent" if mesh_state == "absent" else node.get("state") or "present"
        templates = node["domains"] if node.get("domains") is not None else default_domains
        domains = sorted({expand_domain(t, node["region"], name) for t in templates})
        if state == "present":
            for domain in domains:
                if domain in owners:
                    raise ResolverError(f"domain {domain} is answered by both nodes {owners[domain]} and {name}; "
                                        "each domain must have one home in the mesh")
                owners[domain] = name
        out.append(dict(node, name=name, state=state, domains=domains,
                        target_protocol=node.get("target_protocol") or protocol or DEFAULT_PROTOCOL,
                        target_address_family=node.get("target_address_family") or family or DEFAULT_FAMILY))
    return out


def check_transport(nodes, flows, endpoints):
    """Every rule's protocol and address family must be supported by the source node's outbound endpoint and the
    target node's inbound endpoint (API reference, TargetAddress: "The protocol you choose needs to be supported by the
    outbound endpoint of the Resolver rule"; an inbound endpoint answers only its ``Protocols``, on the addresses of
    its type). ``endpoints``: {node: {"inbound"/"outbound": {"protocols", "endpoint_type"}}} as read; an endpoint
    only planned (or not read) is absent and not checked. Checked before any write."""
    by_name = {n["name"]: n for n in nodes}
    problems = []
    for source, target in sorted({(s, t) for s, _domain, t in flows}):
        protocol = by_name[target]["target_protocol"]
        family = by_name[target]["target_address_family"]
        for node, kind in ((source, "outbound"), (target, "inbound")):
            found = (endpoints.get(node) or {}).get(kind)
            if not found:
                continue
            label = f"the {kind} endpoint of node {node} ({by_name[node].get(kind + '_endpoint_id')})"
            if protocol not in found["protocols"]:
                problems.append(f"{label} does not support {protocol} (it has {', '.join(found['protocols'])}), which "
                                f"the rules forwarding from {source} to {target} use (target_protocol of {target}); "
                                f"add {protocol} to the endpoint's protocols (resolver_endpoint), or change "
                                "target_protocol")
            wanted = IPV6_TYPES if family == "ipv6" else IPV4_TYPES
            if found["endpoint_type"] not in wanted:
                problems.append(f"{label} is {found['endpoint_type']}, so it cannot {'reach' if kind == 'outbound' else 'answer on'} "
                                f"the {family} addresses the rules forwarding from {source} to {target} use "
                                f"(target_address_family of {target}); make it "
                                f"{' or '.join(wanted)} (resolver_endpoint endpoint_type), or change target_address_family")
    if problems:
        raise ResolverError("; ".join(dict.fromkeys(problems)))


def forwarding(nodes, topology, hub=None):
    """[(source node, domain, target node)] for every rule the mesh needs, in a stable order."""
    present = [n["name"] for n in nodes if n["state"] == "present"]
    if not present:
        return []
    if topology == "hub" and hub not in present:
        raise ResolverError(f"hub {hub!r} is not a present node of the mesh (nodes: {', '.join(present) or 'none'})")
    by_name = {n["name"]: n for n in nodes}
    out = []
    for source in present:
        for owner in present:
            if owner == source:
                continue
            target = owner if topology == "full_mesh" or source == hub else hub
            out += [(source, domain, target) for domain in by_name[owner]["domains"]]
    return out


def check_endpoints(nodes, flows):
    """Every forwarding node needs an outbound endpoint, every target node an inbound one (given, or planned)."""
    by_name = {n["name"]: n for n in nodes}
    for source in sorted({s for s, _domain, _target in flows}):
        if not endpoint_id(by_name[source], "outbound"):
            raise ResolverError(f"node {source} forwards queries but has no outbound_endpoint_id; create an outbound "
                                "endpoint in its VPC (vpcmesh.aws.resolver_endpoint) and give its ID")
    for target in sorted({t for _source, _domain, t in flows}):
        if not endpoint_id(by_name[target], "inbound"):
            raise ResolverError(f"node {target} receives forwarded queries but has no inbound_endpoint_id; create "
                                "an inbound endpoint in its VPC (vpcmesh.aws.resolver_endpoint) and give its ID")


def check_vpcs(nodes):
    """A VPC takes its rules from one node (AWS allows one rule per domain in a VPC)."""
    seen = {}
    for node in nodes:
        for vpc_id in node.get("vpc_ids") or []:
            key = (node["region"], vpc_id)
            if key in seen and seen[key] != node["name"]:
                raise ResolverError(f"VPC {vpc_id} is listed by nodes {seen[key]} and {node['name']}; a VPC takes its "
                                    "rules from one node")
            seen[key] = node["name"]


def desired_rules(mesh, nodes, flows, inbound_ips):
    """The rules as they must be: {(node, domain): spec}. ``inbound_ips``: {node: [ip, ...]} of targets
    (new_endpoint_ips for a planned inbound endpoint); a planned outbound endpoint is its new_endpoint_id."""
    by_name = {n["name"]: n for n in nodes}
    out = {}
    for source, domain, target in flows:
        node = by_name[source]
        family = by_name[target].get("target_address_family") or DEFAULT_FAMILY
        if not inbound_ips.get(target):
            raise ResolverError(f"the inbound endpoint {by_name[target]['inbound_endpoint_id']} of node {target} has "
                                f"no usable {'IPv6' if family == 'ipv6' else 'IP'} address; forwarding to it would fail")
        out[(source, domain)] = dict(
            mesh=mesh, node=source, domain=domain, target_node=target, region=node["region"],
            name=resource_name(mesh, source, domain.replace(".", "-")), token=token("rule", mesh, source, domain),
            resolver_endpoint_id=endpoint_id(node, "outbound"),
            targets=target_keys(inbound_ips[target], by_name[target].get("target_protocol") or DEFAULT_PROTOCOL),
            ipv6=family == "ipv6", vpc_ids=sorted(node["vpc_ids"]))
    return out


def target_protocol(targets):
    """The protocol of a rule's targets (Do53 when it has none)."""
    return next((t[2] for t in targets if len(t) > 2), DEFAULT_PROTOCOL)


def rule_report(spec, rule_id=None, **extra):
    out = dict(id=rule_id, name=spec["name"], node=spec["node"], domain=spec["domain"],
               target_node=spec.get("target_node"), target_ips=[t[0] for t in spec["targets"]],
               target_protocol=target_protocol(spec["targets"]),
               resolver_endpoint_id=spec["resolver_endpoint_id"], vpc_ids=list(spec.get("vpc_ids", [])))
    out.update(extra)
    return out


class UnitPlan:
    """The plan for one region and account: actions in a fixed order, and what each does to rules."""

    def __init__(self, region, account):
        self.region, self.account = region, account
        self.creates, self.updates, self.disassociations, self.associations, self.deletes = [], [], [], [], []
        self.rules = dict(created=[], updated=[], deleted=[], unchanged=[])
        self.links = dict(created=[], deleted=[], unchanged=[])
        self.conflicts, self.before, self.after = [], [], []

    def action(self, bucket, call, node, params, description):
        bucket.append(Action(call, self.region, params, side=node, description=description, account=self.account))

    @property
    def actions(self):
        return self.creates + self.updates + self.disassociations + self.associations + self.deletes


def plan_unit(desired, current, purge=True, removed_nodes=(), removed_domains=()):
    """Calls that turn one region/account's rules into ``desired``.

    ``desired``: {(node, domain): spec} of this unit's nodes (see desired_rules).
    ``current``: region, account, rules (summarize_rule of every rule visible there), owned ({rule_id: node}
    for rules tagged with this mesh), associations ([{id, rule_id, vpc_id, status}] of the nodes' VPCs and of
    the owned rules). ``removed_nodes``/``removed_domains``: of nodes being removed (state absent); rules of
    those nodes or for those domains go even with ``purge`` off.
    """
    plan = UnitPlan(current["region"], current["account"])
    rules = {r["id"]: r for r in current["rules"]}
    owned = current["owned"]
    links = [a for a in current["associations"] if a.get("status") not in DEAD_ASSOCIATION_STATES]
    matched, extras = _match(desired, [rules[i] for i in sorted(owned) if i in rules], owned)
    removing = [r for r in extras if purge or owned[r["id"]] in removed_nodes or r["domain"] in removed_domains]
    gone = {r["id"] for r in removing}
    plan.before = [_view(r, owned[r["id"]], _linked(links, r["id"]))
                   for r in sorted((rules[i] for i in owned if i in rules), key=lambda r: r["name"] or "")]
    for key in sorted(desired):
        _plan_rule(plan, desired[key], matched.get(key))
    kept_links = _plan_links(plan, desired, matched, links, rules, set(owned), gone, purge)
    for rule in removing:
        node = owned[rule["id"]]
        for link in sorted((a for a in links if a["rule_id"] == rule["id"]), key=lambda a: a["vpc_id"]):
            plan.action(plan.disassociations, "route53resolver:DisassociateResolverRule", node,
                        dict(ResolverRuleId=rule["id"], VPCId=link["vpc_id"]),
                        f"stop {link['vpc_id']} using rule {rule['name']} ({rule['domain']}), no longer in the mesh")
            plan.links["deleted"].append(dict(rule_id=rule["id"], rule_name=rule["name"], vpc_id=link["vpc_id"]))
        plan.action(plan.deletes, "route53resolver:DeleteResolverRule", node, dict(ResolverRuleId=rule["id"]),
                    f"delete rule {rule['name']} ({rule['domain']}), no longer in the mesh")
        plan.rules["deleted"].append(dict(id=rule["id"], name=rule["name"], node=node, domain=rule["domain"]))
    plan.after = sorted([_view(dict(s, id=(matched.get(k) or {}).get("id")), k[0], kept_links.get(k, []))
                         for k, s in desired.items()] +
                        [_view(r, owned[r["id"]], _linked(links, r["id"])) for r in extras if r["id"] not in gone],
                        key=lambda r: r["name"] or "")
    return plan


def _match(desired, owned_rules, owned):
    """(desired key -> existing rule, owned rules matching nothing wanted). Duplicates of a key are extras;
    the one created with the key's token is kept."""
    groups = {}
    for rule in owned_rules:
        groups.setdefault((owned[rule["id"]], rule["domain"]), []).append(rule)
    matched, extras = {}, []
    for key, found in sorted(groups.items()):
        if key not in desired:
            extras += found
            continue
        spec = desired[key]
        found = sorted(found, key=lambda r: (not is_token_of(r["creator_request_id"], "rule", spec["mesh"], spec["node"],
                                                             spec["domain"]), r["id"]))
        matched[key] = found[0]
        extras += found[1:]
    return matched, extras


def _plan_rule(plan, spec, rule):
    node, targets = spec["node"], [target_param(t, spec.get("ipv6")) for t in spec["targets"]]
    if rule is None:
        plan.action(plan.creates, "route53resolver:CreateResolverRule", node, dict(
            CreatorRequestId=spec["token"], Name=spec["name"], RuleType="FORWARD", DomainName=spec["domain"],
            TargetIps=targets, ResolverEndpointId=spec["resolver_endpoint_id"],
            Tags=[dict(Key=MESH_TAG, Value=spec["mesh"]), dict(Key=NODE_TAG, Value=node)]),
            f"forward {spec['domain']} from {node} to {spec['target_node']} "
            f"({', '.join(t[0] for t in spec['targets'])})")
        plan.rules["created"].append(rule_report(spec))
        return
    changes, config = {}, {}
    if rule["name"] != spec["name"]:
        changes["name"], config["Name"] = dict(before=rule["name"], after=spec["name"]), spec["name"]
    if rule["resolver_endpoint_id"] != spec["resolver_endpoint_id"]:
        changes["resolver_endpoint_id"] = dict(before=rule["resolver_endpoint_id"], after=spec["resolver_endpoint_id"])
        config["ResolverEndpointId"] = spec["resolver_endpoint_id"]
    if [tuple(t) for t in rule["targets"]] != [tuple(t) for t in spec["targets"]]:
        before, after = [t[0] for t in rule["targets"]], [t[0] for t in spec["targets"]]
        if before != after:
            changes["target_ips"] = dict(before=before, after=after)
        if target_protocol(rule["targets"]) != target_protocol(spec["targets"]):
            changes["target_protocol"] = dict(before=target_protocol(rule["targets"]),
                                              after=target_protocol(spec["targets"]))
        if not changes.get("target_ips") and not changes.get("target_protocol"):
            changes["target_ports"] = dict(before=[t[1] for t in rule["targets"]], after=[t[1] for t in spec["targets"]])
        config["TargetIps"] = targets
    if config:
        plan.action(plan.updates, "route53resolver:UpdateResolverRule", node,
                    dict(ResolverRuleId=rule["id"], Config=config),
                    f"update rule {rule['name']} ({spec['domain']}): {', '.join(sorted(changes))}")
        plan.rules["updated"].append(rule_report(spec, rule["id"], changes=changes))
    else:
        plan.rules["unchanged"].append(rule_report(spec, rule["id"]))


def _plan_links(plan, desired, matched, links, rules, owned_ids, gone, purge):
    """Associations of the wanted rules with their node's VPCs; returns {key: [VPCs using it after]}."""
    kept = {}
    for key in sorted(desired):
        spec, rule = desired[key], matched.get(key)
        rule_id = rule["id"] if rule else new_rule_id(spec["name"])
        have = {a["vpc_id"] for a in links if rule and a["rule_id"] == rule["id"]}
        for vpc_id in sorted(have - set(spec["vpc_ids"])) if purge else []:
            plan.action(plan.disassociations, "route53resolver:DisassociateResolverRule", spec["node"],
                        dict(ResolverRuleId=rule_id, VPCId=vpc_id),
                        f"stop {vpc_id} using rule {spec['name']} ({spec['domain']}), not a VPC of node {spec['node']}")
            plan.links["deleted"].append(dict(rule_id=rule_id, rule_name=spec["name"], vpc_id=vpc_id))
        kept[key] = sorted(have if not purge else have & set(spec["vpc_ids"]))
        for vpc_id in spec["vpc_ids"]:
            link = dict(rule_id=rule_id, rule_name=spec["name"], vpc_id=vpc_id)
            if vpc_id in have:
                plan.links["unchanged"].append(link)
                continue
            blocking = [rules[a["rule_id"]] for a in links if a["vpc_id"] == vpc_id and a["rule_id"] in rules
                        and a["rule_id"] != (rule or {}).get("id") and a["rule_id"] not in gone
                        and rules[a["rule_id"]]["domain"] == spec["domain"]]
            if blocking:
                plan.conflicts.append(_conflict(spec, vpc_id, blocking[0], blocking[0]["id"] in owned_ids))
                continue
            plan.action(plan.associations, "route53resolver:AssociateResolverRule", spec["node"],
                        dict(ResolverRuleId=rule_id, VPCId=vpc_id, Name=spec["name"]),
                        f"make {vpc_id} use rule {spec['name']} ({spec['domain']})")
            plan.links["created"].append(link)
            kept[key] = sorted(set(kept[key]) | {vpc_id})
    return kept


def _conflict(spec, vpc_id, other, ours):
    owner = "this mesh keeps (purge is off)" if ours else "this mesh does not own"
    return dict(vpc_id=vpc_id, domain=spec["domain"], node=spec["node"], rule_name=spec["name"],
                conflicting_rule_id=other["id"], conflicting_rule_name=other["name"],
                conflicting_rule_owner=other.get("owner_id"),
                message=f"VPC {vpc_id} already uses rule {other['id']} ({other['name']}) for {spec['domain']}, which "
                        f"{owner}; AWS allows one rule per domain in a VPC, so rule {spec['name']} is not associated "
                        "there. Remove that association to let the mesh in.")


def _view(rule, node, vpc_ids):
    """A rule of the mesh for the diff: name, node, domain, targets, endpoint and the VPCs using it."""
    return dict(id=rule["id"], name=rule["name"], node=node, domain=rule["domain"],
                target_ips=[t[0] for t in rule["targets"]], target_protocol=target_protocol(rule["targets"]),
                resolver_endpoint_id=rule["resolver_endpoint_id"],
                vpc_ids=sorted(vpc_ids))


def _linked(links, rule_id):
    return [a["vpc_id"] for a in links if a["rule_id"] == rule_id]
