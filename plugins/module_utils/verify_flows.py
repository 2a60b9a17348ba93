# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Flows of ``connectivity_check``: validating them, deciding which VPCs to read, and checking each one on a
snapshot (name resolution, then a path from every source subnet to every address). Pure."""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_states import LIVE_PEERING_STATES
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_dns import resolve
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_firewall import foreign_references
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_path import behind_endpoint, hop, trace

ID_PATTERNS = dict(vpc_id=r"^vpc-[0-9a-f]+$", subnet_id=r"^subnet-[0-9a-f]+$")
CUSTOM_SERVICE = "com.amazonaws.vpce."  # how endpoint services of AWS accounts (not AWS's own) are named
NAME_PATTERN = re.compile(r"^(?=.{1,253}\.?$)([a-z0-9_*]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.?$")


class FlowError(ValueError):
    """Flows that cannot be checked as given; the message lists every problem."""


def parse_port_range(value, what="ephemeral_ports"):
    """``32768-60999`` -> (32768, 60999)."""
    found = re.match(r"^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$", str(value))
    if not found or not 0 <= int(found.group(1)) <= int(found.group(2)) <= 65535:
        raise FlowError(f"{what} {value!r} is not a port range such as 32768-60999 (low-high, 0-65535)")
    return int(found.group(1)), int(found.group(2))


def _is_ipv4(value):
    try:
        ipaddress.IPv4Address(str(value))
    except ValueError:
        return False
    return True


def validate_flows(flows, default_region):
    """Normalized copies of ``flows`` (regions filled in, names lower-cased); FlowError lists every problem."""
    problems, out = [], []
    if not flows:
        raise FlowError("flows is empty; give at least one flow with a source and a destination")
    for index, flow in enumerate(flows):
        label = f"flows[{index}]" + (f" ({flow['name']})" if flow.get("name") else "")
        src, dest = dict(flow["source"]), dict(flow["destination"])
        src["region"] = src.get("region") or default_region
        dest["region"] = dest.get("region") or default_region
        if not src["region"]:
            problems.append(f"{label}: source.region is required (or the module's region)")
        for where, values in (("source", src), ("destination", dest)):
            for key, pattern in ID_PATTERNS.items():
                if values.get(key) and not re.match(pattern, values[key]):
                    problems.append(f"{label}: {where}.{key} {values[key]!r} is not a {key.replace('_', ' ')}")
        for subnet_id in src.get("subnet_ids") or []:
            if not re.match(ID_PATTERNS["subnet_id"], subnet_id):
                problems.append(f"{label}: source.subnet_ids has {subnet_id!r}, which is not a subnet ID")
        if src.get("private_ip") and not _is_ipv4(src["private_ip"]):
            problems.append(f"{label}: source.private_ip {src['private_ip']!r} is not an IPv4 address")
        if src.get("private_ip") and src.get("subnet_ids"):
            problems.append(f"{label}: give source.private_ip or source.subnet_ids, not both (the address decides "
                            "the subnet)")
        if len([key for key in ("name", "ip", "vpc_endpoint") if dest.get(key)]) != 1:
            problems.append(f"{label}: give exactly one of destination.name (a DNS name), destination.ip or "
                            "destination.vpc_endpoint (an interface endpoint)")
        if dest.get("ip") and not _is_ipv4(dest["ip"]):
            problems.append(f"{label}: destination.ip {dest['ip']!r} is not an IPv4 address")
        if dest.get("name"):
            dest["name"] = dest["name"].strip().lower().rstrip(".")
            if not NAME_PATTERN.match(dest["name"]):
                problems.append(f"{label}: destination.name {flow['destination']['name']!r} is not a DNS name")
        if not 0 <= int(flow.get("port", 443)) <= 65535:
            problems.append(f"{label}: port {flow['port']} is outside 0-65535")
        out.append(dict(flow, source=src, destination=dest, label=label))
    if problems:
        raise FlowError("; ".join(problems))
    return out


def roots_of(flows, account_of):
    """(account, region, vpc_id) of every VPC a flow names; ``account_of(credentials)`` gives the account."""
    roots = set()
    for flow in flows:
        src, dest = flow["source"], flow["destination"]
        roots.add((account_of(src.get("credentials")), src["region"], src["vpc_id"]))
        if dest.get("vpc_id"):
            roots.add((account_of(dest.get("credentials")), dest["region"], dest["vpc_id"]))
    return roots


def wanted(snapshot, roots):
    """Every (account, region, vpc_id) a check of flows from ``roots`` may look at, given what is read so far:
    the roots and their peers; for each Resolver rule of a VPC where names are resolved, the outbound
    endpoint's VPC (and its peers), and the VPC of each inbound endpoint it forwards to, where the name is
    resolved again (and so on). Peering is not transitive, so peers of peers are not needed."""
    found = set(roots)
    networks = {r[2] for r in roots}
    queue, seen = sorted(networks), set()
    while queue:
        vpc_id = queue.pop()
        if vpc_id in seen:
            continue
        seen.add(vpc_id)
        for rule in snapshot.rules_of(vpc_id):
            outbound = snapshot.resolver_endpoints.get(rule["endpoint_id"])
            if outbound:
                found.add((outbound["account"], outbound["region"], outbound["vpc_id"]))
                networks.add(outbound["vpc_id"])
            for target in rule["targets"]:
                inbound = snapshot.resolver_endpoint_at(target["ip"])
                if inbound:
                    found.add((inbound["account"], inbound["region"], inbound["vpc_id"]))
                    networks.add(inbound["vpc_id"])
                    queue.append(inbound["vpc_id"])
    for vpc_id in networks:
        for peering in snapshot.peerings_of(vpc_id, statuses=LIVE_PEERING_STATES):
            other = peering[2]
            found.add((other["account"], other["region"], other["vpc_id"]))
    return found


def sources_of(snapshot, flow):
    """[(source dict for trace, None)] or [(None, blocking hop)] for the flow's source."""
    src = flow["source"]
    vpc_id, region = src["vpc_id"], src["region"]
    if src.get("private_ip"):
        eni = snapshot.eni_holding(vpc_id, src["private_ip"])
        if eni is None:
            why = f"no network interface in {snapshot.label(vpc_id)} has the address {src['private_ip']}"
            return [(None, hop("source", vpc_id, region, False, why))]
        return [(dict(vpc_id=vpc_id, subnet_id=eni["subnet_id"], ip=src["private_ip"], eni_id=eni["id"]), None)]
    subnet_ids = src.get("subnet_ids") or [s["id"] for s in snapshot.subnets_of(vpc_id)]
    if not subnet_ids:
        return [(None, hop("source", vpc_id, region, False, f"{snapshot.label(vpc_id)} has no subnet"))]
    out = []
    for subnet_id in subnet_ids:
        subnet = snapshot.subnets.get(subnet_id)
        if subnet is None or subnet["vpc_id"] != vpc_id:
            out.append((None, hop("source", subnet_id, region, False, f"{subnet_id} is not a subnet of "
                                  f"{snapshot.label(vpc_id)}")))
        else:
            out.append((dict(vpc_id=vpc_id, subnet_id=subnet_id), None))
    return out


def check_flow(snapshot, flow, ephemeral=(32768, 60999)):
    """The result of one flow: name resolution, then every (source subnet, address) path."""
    src, dest = flow["source"], flow["destination"]
    protocol, port = flow.get("protocol", "tcp"), int(flow.get("port", 443))
    out = dict(name=flow.get("name") or flow["label"], source=_public(src), destination=_public(dest), port=port,
               protocol=protocol, expect=flow.get("expect", "reachable"), resolves=[], addresses=[], paths=[],
               hops=[], security_group_references=[])
    endpoint = None
    if dest.get("vpc_endpoint"):
        endpoint, blocked = interface_endpoint(snapshot, dest.get("vpc_id") or src["vpc_id"], dest["vpc_endpoint"])
        if blocked:
            return _finish(out, blocked)
        dest = dict(dest, name=endpoint_dns_name(endpoint))
        out["destination"].update(dns_name=dest["name"], service=endpoint["service"],
                                  service_region=endpoint["service_region"])
        if endpoint["state"] != "available":
            out["hops"], blocked = behind_endpoint(snapshot, endpoint, port)
            return _finish(out, blocked)
    if dest.get("name"):
        dns = resolve(snapshot, src["vpc_id"], dest["name"], ephemeral)
        out.update(resolves=dns["chain"], addresses=dns["addresses"])
        if not dns["resolved"]:
            return _finish(out, dns["blocked_by"])
    else:
        out["addresses"] = [dest["ip"]]
    first_block = None
    for source, blocked in sources_of(snapshot, flow):
        if blocked:
            first_block = first_block or blocked
            out["paths"].append(dict(source=None, destination=None, reachable=False, reason=blocked["detail"],
                                     hops=[blocked]))
            continue
        senders, assumed = senders_of(snapshot, source)
        for address in out["addresses"]:
            path, source = trace_from(snapshot, senders, address, protocol, port, ephemeral)
            if path["reachable"] and endpoint is not None:
                path = _through_endpoint(snapshot, path, endpoint, port)
            if path["reachable"] and dest.get("vpc_id") and path["destination_vpc"] != dest["vpc_id"]:
                wrong = hop("destination", path["destination_vpc"], snapshot.region_of(path["destination_vpc"]),
                            False, f"{address} is reached in {snapshot.label(path['destination_vpc'])}, not in the "
                            f"destination VPC {dest['vpc_id']}")
                path = dict(path, reachable=False, reason=wrong["detail"], blocked_by=wrong,
                            hops=path["hops"] + [wrong])
            sent_from = dict(subnet_id=source["subnet_id"], ip=source.get("ip"),
                             interface=source.get("eni_id") or (source.get("eni") or {}).get("id"))
            if assumed:
                sent_from["assumed"] = assumed
            out["paths"].append(dict(source=sent_from, destination=address, reachable=path["reachable"],
                                     reason=path["reason"], hops=path["hops"]))
            _note_references(snapshot, out, source, path)
            if not path["reachable"] and first_block is None:
                first_block = path["blocked_by"]
                out["hops"] = path["hops"]
    if not out["hops"] and out["paths"]:
        out["hops"] = out["paths"][0]["hops"]
    return _finish(out, first_block)


def senders_of(snapshot, source):
    """The sources to trace from for one source subnet, and what was assumed (None when nothing was).

    A source given by its address has its interface. A subnet's source is each workload interface in it (not
    those of interface endpoints, Resolver endpoints or load balancers): the flow passes when one of them gets
    through. A subnet without one is taken as an instance with the VPC's default security group, and the path
    says so; without that group too, the source's security groups are not checked."""
    if source.get("eni_id"):
        return [source], None
    interfaces = snapshot.instance_interfaces(source["subnet_id"])
    if interfaces:
        return [dict(source, eni_id=e["id"]) for e in interfaces], None
    group = snapshot.default_security_group(source["vpc_id"])
    if group is None:
        return [source], (f"no network interface in {source['subnet_id']} and no default security group read: the "
                          "source's security groups were not checked")
    eni = dict(id=f"(an instance in {source['subnet_id']})", vpc_id=source["vpc_id"], subnet_id=source["subnet_id"],
               ips=[], groups=[group["id"]], description="assumed", public_ips={})
    return [dict(source, eni=eni)], (f"no network interface in {source['subnet_id']}: assumed an instance there with "
                                     f"the default security group {group['id']} of {source['vpc_id']}")


def trace_from(snapshot, senders, address, protocol, port, ephemeral):
    """(path, sender) of the first sender whose traffic gets there and back, else of the first one."""
    first = None
    for sender in senders:
        path = trace(snapshot, sender, address, protocol, port, ephemeral)
        if path["reachable"]:
            return path, sender
        first = first or (path, sender)
    return first


def interface_endpoint(snapshot, vpc_id, wanted):
    """(endpoint, None) for the interface endpoint of ``vpc_id`` whose ID, Name tag or service name is ``wanted``
    (exactly one not being deleted, with a DNS name; one waiting for acceptance is found, and blocks the flow
    saying so), else (None, the blocking hop)."""
    found = [e for e in sorted(snapshot.vpc_endpoints.values(), key=lambda e: e["id"])
             if e["vpc_id"] == vpc_id and e["type"] == "interface" and e["state"] not in ("deleting", "deleted")
             and wanted in (e["id"], e["name"], e["service"])]
    region = snapshot.region_of(vpc_id)
    if len(found) != 1:
        why = (f"{snapshot.label(vpc_id)} has no interface endpoint with ID, Name tag or service {wanted!r}" if not found
               else f"{snapshot.label(vpc_id)} has {len(found)} interface endpoints matching {wanted!r} "
               f"({', '.join(e['id'] for e in found)}); give the endpoint's ID")
        return None, hop("destination", vpc_id, region, False, why)
    if not found[0]["dns_names"]:
        return None, hop("destination", found[0]["id"], region, False, f"{found[0]['id']} has no DNS name yet")
    return found[0], None


def provider_services(snapshot, flows):
    """{service region: sorted service names} of the endpoint services behind the available interface endpoints that
    flows name as ``destination.vpc_endpoint``: where their provider side (service, load balancer, targets) is read.
    AWS's own services (not ``com.amazonaws.vpce.``) have no provider side any account here could read."""
    wanted = {}
    for flow in flows:
        src, dest = flow["source"], flow["destination"]
        if not dest.get("vpc_endpoint"):
            continue
        endpoint, blocked = interface_endpoint(snapshot, dest.get("vpc_id") or src["vpc_id"], dest["vpc_endpoint"])
        if blocked or endpoint["state"] != "available" or not str(endpoint["service"]).startswith(CUSTOM_SERVICE):
            continue
        wanted.setdefault(endpoint["service_region"], set()).add(endpoint["service"])
    return {region: sorted(names) for region, names in sorted(wanted.items())}


def endpoint_dns_name(endpoint):
    """The endpoint's first DNS name; a wildcard one (S3's ``*.vpce-...``) gives a name below it."""
    plain = [n for n in endpoint["dns_names"] if not n.startswith("*.")]
    return plain[0] if plain else "probe" + endpoint["dns_names"][0][1:]


def _through_endpoint(snapshot, path, endpoint, port):
    """The path to an interface endpoint's address continued past the endpoint to its service (in its service
    region), the service's load balancer and targets (verify_path.behind_endpoint)."""
    hops, blocked = behind_endpoint(snapshot, endpoint, port)
    path = dict(path, hops=path["hops"] + hops)
    if blocked:
        path.update(reachable=False, reason=blocked["detail"], blocked_by=blocked)
    return path


def _note_references(snapshot, out, source, path):
    groups = list((source.get("eni") or snapshot.enis.get(source.get("eni_id")) or {}).get("groups", []))
    groups += [g for h in path["hops"] if h["check"] == "interface"
               for g in (snapshot.enis.get(h["resource"]) or {}).get("groups", [])]
    for reference in foreign_references(snapshot, groups):
        if reference not in out["security_group_references"]:
            out["security_group_references"].append(reference)


def _finish(out, blocked_by):
    out["reachable"] = blocked_by is None
    out["reason"] = blocked_by["detail"] if blocked_by else None
    out["blocked_by"] = blocked_by
    out["as_expected"] = out["reachable"] == (out["expect"] == "reachable")
    return out


def _public(endpoint):
    """The flow's source/destination as returned (credentials left out)."""
    return {k: v for k, v in endpoint.items() if k != "credentials" and v is not None}
