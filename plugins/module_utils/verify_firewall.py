# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network ACL and security group evaluation on a snapshot (pure).

Network ACLs are stateless: rules are read in rule-number order and the first rule that matches decides;
the return traffic is checked separately, to the client's ephemeral ports. Security groups are stateful
(replies are always allowed) and allow when any rule of any group matches; a rule may name a CIDR or a
security group, and a group can only be referenced from the same region (VPC Peering Guide, "Update your
security groups to reference peer security groups").
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_snapshot import contains, overlaps

PROTOCOL_NUMBERS = {"tcp": "6", "udp": "17", "icmp": "1"}
_SG_PROTOCOLS = {"tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58", "all": "-1"}


def describe_ports(protocol, ports):
    if protocol == "icmp" or ports is None:
        return protocol
    low, high = ports
    return f"{protocol}/{low}" if low == high else f"{protocol} {low}-{high}"


def _subtract(ranges, low, high):
    left = []
    for a, b in ranges:
        if b < low or a > high:
            left.append((a, b))
            continue
        if a < low:
            left.append((a, low - 1))
        if b > high:
            left.append((high + 1, b))
    return left


def _touches(ranges, ports):
    if ports is None:
        return bool(ranges)
    return any(not (b < ports[0] or a > ports[1]) for a, b in ranges)


def nacl_verdict(acl, egress, peer, protocol, ports):
    """Whether ``acl`` lets ``protocol``/``ports`` (a (low, high) range) out to / in from ``peer`` (an IP or
    a block). Returns (allowed, rule number or None, why). A deny rule covering part of ``peer`` or of the
    port range blocks; an allow rule counts only for the part of the ports it covers and when it covers all
    of ``peer``."""
    wanted = PROTOCOL_NUMBERS[protocol]
    remaining = [(0, 0)] if protocol == "icmp" else [tuple(ports)]
    for entry in acl["entries"]:
        if entry["egress"] != egress or entry["protocol"] not in ("-1", wanted):
            continue
        if not overlaps(entry["cidr"], peer):
            continue
        entry_ports = None if protocol == "icmp" else entry["ports"]
        if not _touches(remaining, entry_ports):
            continue
        if entry["action"] == "deny":
            return False, entry["number"], _rule_name(entry) + " denies it"
        if contains(entry["cidr"], peer):
            remaining = [] if entry_ports is None else _subtract(remaining, *entry_ports)
            if not remaining:
                return True, entry["number"], f"allowed by {_rule_name(entry)}"
    return False, None, "no rule allows it (the final * rule denies everything else)"


def _rule_name(entry):
    return "rule *" if entry["number"] == 32767 else f"rule {entry['number']}"


def _sg_protocol_matches(rule_protocol, protocol):
    rule_protocol = _SG_PROTOCOLS.get(rule_protocol, rule_protocol)
    return rule_protocol in ("-1", PROTOCOL_NUMBERS[protocol])


def _sg_ports_match(rule_ports, protocol, port):
    return protocol == "icmp" or rule_ports is None or rule_ports[0] <= port <= rule_ports[1]


def group_reference(snapshot, group, ref, peer_eni=None):
    """Where a referenced group lives, and why the reference cannot work across that boundary (or None).

    Returns dict(security_group, references, account, vpc_id, region, boundary, problem)."""
    target = snapshot.security_groups.get(ref["group_id"]) or {}
    vpc_id = target.get("vpc_id") or ref.get("vpc_id") or (peer_eni or {}).get("vpc_id")
    region = target.get("region") or snapshot.region_of(vpc_id)
    account = target.get("account") or ref.get("account") or (snapshot.vpcs.get(vpc_id) or {}).get("account")
    boundary, problem = None, None
    if region and region != group["region"]:
        boundary = "region"
        problem = (f"{group['id']} ({group['region']}) references {ref['group_id']} in {region}; security groups "
                   "cannot be referenced across regions, so the rule never matches: use the peer's CIDR instead")
    elif account and group.get("account") and account != group["account"]:
        boundary = "account"
    elif vpc_id and vpc_id != group["vpc_id"]:
        boundary = "vpc"
    return dict(security_group=group["id"], references=ref["group_id"], account=account, vpc_id=vpc_id,
                region=region, boundary=boundary, problem=problem)


def sg_verdict(snapshot, group_ids, direction, peer, peer_eni, protocol, port):
    """Whether any rule of ``group_ids`` (``ingress``/``egress``) allows ``protocol``/``port`` from/to
    ``peer`` (an IP or block) whose interface is ``peer_eni`` (None when only a subnet is known).
    Returns (allowed, why)."""
    hints = []
    towards = "from" if direction == "ingress" else "to"
    for group_id in group_ids:
        group = snapshot.security_groups.get(group_id)
        if group is None:
            hints.append(f"{group_id} was not read")
            continue
        for rule in group[direction]:
            if not (_sg_protocol_matches(rule["protocol"], protocol) and _sg_ports_match(rule["ports"], protocol, port)):
                continue
            cidr = next((c for c in rule["cidrs"] if contains(c, peer)), None)
            if cidr:
                return True, f"{group_id} allows it {towards} {cidr}"
            for ref in rule["groups"]:
                reference = group_reference(snapshot, group, ref, peer_eni)
                if reference["problem"]:
                    hints.append(reference["problem"])
                elif peer_eni is None:
                    hints.append(f"{group_id} allows it only {towards} members of {ref['group_id']}; give the flow's "
                                 "source private_ip so the check knows the source's groups")
                elif ref["group_id"] in peer_eni["groups"]:
                    return True, f"{group_id} allows it {towards} members of {ref['group_id']}"
    why = "no rule allows it"
    return False, why + (f" ({'; '.join(hints)})" if hints else "")


def foreign_references(snapshot, group_ids):
    """Every rule of ``group_ids`` that references a group outside the rule's own VPC."""
    found = []
    for group_id in group_ids:
        group = snapshot.security_groups.get(group_id)
        for direction in ("ingress", "egress"):
            for rule in (group or {}).get(direction, []):
                for ref in rule["groups"]:
                    reference = group_reference(snapshot, group, ref)
                    if reference["boundary"]:
                        found.append(dict(reference, direction=direction))
    return found
