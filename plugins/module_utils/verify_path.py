# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Will packets from a source subnet reach an IP and come back? Decided on a snapshot (pure).

Checked in this order, stopping at the first step that blocks: the source subnet's route table (its own,
else the VPC's main one; the longest matching prefix wins), the peering the route points at (active,
connecting this VPC, and leading to a VPC that holds the address: peering is not transitive), the
destination subnet and network interface, the source's security groups (outbound) and network ACL
(outbound), the destination's network ACL (inbound) and security groups (inbound), the route back over
the same peering in the destination subnet's route table, and both network ACLs for the replies (to the
source's ephemeral ports). Security groups are stateful, so replies need no rule there.
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_firewall import (
    describe_ports, nacl_verdict, sg_verdict)
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_snapshot import contains, net


class Blocked(Exception):
    def __init__(self, hop):
        super().__init__(hop["detail"])
        self.hop = hop


def hop(check, resource, region, ok, detail):
    return dict(check=check, resource=resource, region=region, ok=ok, detail=detail)


def longest_prefix(routes, address):
    """The route whose destination holds ``address`` (an IP or a whole block) with the longest prefix."""
    matching = [r for r in routes if contains(r["destination"], address)]
    return max(matching, key=lambda r: net(r["destination"]).prefixlen, default=None)


class Tracer:
    """One trace: the hops so far; ``block`` raises with the failing hop."""

    def __init__(self, snapshot, protocol, port, ephemeral):
        self.snap = snapshot
        self.protocol, self.port, self.ephemeral = protocol, port, ephemeral
        self.hops = []

    def ok(self, check, resource, region, detail):
        self.hops.append(hop(check, resource, region, True, detail))

    def block(self, check, resource, region, detail):
        failing = hop(check, resource, region, False, detail)
        self.hops.append(failing)
        raise Blocked(failing)

    # -- steps ---------------------------------------------------------------------------------------
    def route_out(self, src, dest_ip):
        snap = self.snap
        region = snap.region_of(src["vpc_id"])
        table = snap.route_table_of(src["subnet_id"])
        if table is None:
            self.block("route", src["subnet_id"], region, f"{src['subnet_id']} has no route table (none associated "
                       f"and {src['vpc_id']} has no main route table)")
        route = longest_prefix(table["routes"], dest_ip)
        where = f"{table['id']} in {region} (route table of {src['subnet_id']})"
        if route is None:
            self.block("route", table["id"], region, f"{where} has no route to {dest_ip}{self._route_hint(src, dest_ip)}")
        if route["state"] == "blackhole":
            self.block("route", table["id"], region, f"{where} sends {route['destination']} to {route['target']}, "
                       "a blackhole route: its target no longer exists or is not active; point it at an active "
                       "peering connection")
        self.ok("route", table["id"], region, f"{route['destination']} -> {route['target']} (longest prefix "
                f"matching {dest_ip})")
        return table, route

    def _route_hint(self, src, dest_ip):
        for conn, _this, other in self.snap.peerings_of(src["vpc_id"]):
            cidr = next((c for c in other["cidrs"] if contains(c, dest_ip)), None)
            if cidr:
                return f"; add a route to {cidr} via {conn['id']}"
        return f"; no active peering of {src['vpc_id']} leads to a VPC holding {dest_ip}"

    def peering(self, table, route, src, dest_ip):
        snap = self.snap
        region = snap.region_of(src["vpc_id"])
        conn = snap.peerings.get(route["target"])
        if conn is None or conn["status"] != "active":
            status = conn["status"] if conn else "not found (deleted?)"
            self.block("peering", route["target"], region, f"{table['id']} in {region} sends {dest_ip} to "
                       f"{route['target']}, which is {status}: the route is a blackhole")
        sides = [s for s in ("requester", "accepter") if conn[s]["vpc_id"] == src["vpc_id"]]
        if not sides:
            self.block("peering", conn["id"], region, f"{conn['id']} does not connect {src['vpc_id']}")
        other = conn["accepter" if sides[0] == "requester" else "requester"]
        if not any(contains(c, dest_ip) for c in other["cidrs"]):
            self.block("peering", conn["id"], region,
                       f"{table['id']} in {region} sends {dest_ip} to {conn['id']}, but {conn['id']} leads to "
                       f"{other['vpc_id']} ({', '.join(other['cidrs'])}), which does not hold {dest_ip}; peering is "
                       f"not transitive: traffic cannot continue through {other['vpc_id']} to a third network")
        if other["vpc_id"] not in snap.vpcs:
            why = snap.unread.get(other["vpc_id"], "it was not read")
            self.block("peering", conn["id"], region, f"cannot check beyond {conn['id']}: {other['vpc_id']} "
                       f"({other['region']}, account {other['account']}): {why}")
        self.ok("peering", conn["id"], region, f"active: {src['vpc_id']} <-> {other['vpc_id']} ({other['region']})")
        return conn, other["vpc_id"]

    def destination(self, vpc_id, dest_ip):
        snap = self.snap
        region = snap.region_of(vpc_id)
        subnet = snap.subnet_holding(vpc_id, dest_ip)
        if subnet is None:
            self.block("subnet", vpc_id, region, f"no subnet of {snap.label(vpc_id)} holds {dest_ip}")
        eni = snap.eni_holding(vpc_id, dest_ip)
        if eni is None:
            self.block("interface", subnet["id"], region, f"no network interface in {subnet['id']} of "
                       f"{snap.label(vpc_id)} has the address {dest_ip}: nothing answers there")
        self.ok("interface", eni["id"], region, f"{dest_ip} is {eni['id']} in {subnet['id']}"
                + (f" ({eni['description']})" if eni["description"] else ""))
        return subnet, eni

    def security_groups(self, eni, direction, peer, peer_eni, resource_region):
        allowed, why = sg_verdict(self.snap, eni["groups"], direction, peer, peer_eni, self.protocol, self.port)
        what = f"{describe_ports(self.protocol, (self.port, self.port))} " + (
            f"from {peer}" if direction == "ingress" else f"to {peer}")
        groups = ", ".join(eni["groups"]) or "(none)"
        resource = eni["groups"][0] if eni["groups"] else eni["id"]
        if not allowed:
            self.block("security-group", resource, resource_region, f"security groups {groups} of {eni['id']} in "
                       f"{resource_region} allow no {direction} {what}: {why}")
        self.ok("security-group", resource, resource_region, f"{direction} {what}: {why}")

    def nacl(self, subnet, egress, peer, ports, why_traffic):
        snap = self.snap
        region = snap.region_of(subnet["vpc_id"])
        acl = snap.nacl_of(subnet["id"])
        direction = "outbound" if egress else "inbound"
        what = f"{direction} {describe_ports(self.protocol, ports)} {'to' if egress else 'from'} {peer}"
        if acl is None:
            self.block("network-acl", subnet["id"], region, f"{subnet['id']} has no network ACL")
        allowed, number, why = nacl_verdict(acl, egress, peer, self.protocol, ports)
        if not allowed:
            self.block("network-acl", acl["id"], region, f"network ACL {acl['id']} of {subnet['id']} in {region} "
                       f"blocks {what} ({why_traffic}): {why}")
        self.ok("network-acl", acl["id"], region, f"{what}: {why}")

    def route_back(self, conn, dest_subnet, src_vpc_id, src_block):
        snap = self.snap
        region = snap.region_of(dest_subnet["vpc_id"])
        table = snap.route_table_of(dest_subnet["id"])
        src_cidr = next((c for c in snap.vpcs[src_vpc_id]["cidrs"] if contains(c, src_block)), src_block)
        fix = f"add a route to {src_cidr} via {conn['id']}"
        if table is None:
            self.block("return-route", dest_subnet["id"], region, f"{dest_subnet['id']} has no route table; {fix}")
        route = longest_prefix(table["routes"], src_block)
        where = f"{table['id']} in {region} (route table of {dest_subnet['id']})"
        if route is None:
            self.block("return-route", table["id"], region, f"{where} has no route back to {src_block}; {fix}")
        if route["target"] != conn["id"] or route["state"] == "blackhole":
            state = " (blackhole)" if route["state"] == "blackhole" else ""
            self.block("return-route", table["id"], region, f"{where} sends replies for {src_block} to "
                       f"{route['target']}{state} instead of {conn['id']}; {fix}")
        self.ok("return-route", table["id"], region, f"{route['destination']} -> {route['target']}")


def trace(snapshot, source, dest_ip, protocol, port, ephemeral=(32768, 60999)):
    """Trace ``protocol``/``port`` from ``source`` (dict vpc_id, subnet_id, and optionally ip, eni_id, or eni: an
    interface as the snapshot keeps them, for one assumed) to ``dest_ip`` and back; the source's security groups
    are checked when it has an interface. Returns dict(reachable, hops, reason, blocked_by, destination_vpc)."""
    tracer = Tracer(snapshot, protocol, port, ephemeral)
    src_subnet = snapshot.subnets[source["subnet_id"]]
    src_block = source.get("ip") or src_subnet["cidr"]
    src_eni = source.get("eni") or snapshot.enis.get(source.get("eni_id"))
    dest_vpc = None
    try:
        table, route = tracer.route_out(source, dest_ip)
        conn = None
        if route["target"] == "local":
            dest_vpc = source["vpc_id"]
        elif str(route["target"]).startswith("pcx-"):
            conn, dest_vpc = tracer.peering(table, route, source, dest_ip)
        else:
            tracer.block("route", table["id"], snapshot.region_of(source["vpc_id"]),
                         f"{table['id']} sends {dest_ip} to {route['target']}; this check follows only local and VPC "
                         "peering routes")
        dest_subnet, dest_eni = tracer.destination(dest_vpc, dest_ip)
        src_region, dest_region = snapshot.region_of(source["vpc_id"]), snapshot.region_of(dest_vpc)
        if src_eni:
            tracer.security_groups(src_eni, "egress", dest_ip, dest_eni, src_region)
        crosses_subnet = dest_subnet["id"] != src_subnet["id"]
        request = (port, port)
        if crosses_subnet:
            tracer.nacl(src_subnet, True, dest_ip, request, "the request")
            tracer.nacl(dest_subnet, False, src_block, request, "the request")
        tracer.security_groups(dest_eni, "ingress", src_block, src_eni, dest_region)
        if conn:
            tracer.route_back(conn, dest_subnet, source["vpc_id"], src_block)
        if crosses_subnet:
            tracer.nacl(dest_subnet, True, src_block, ephemeral, "the replies, to the client's ephemeral ports")
            tracer.nacl(src_subnet, False, dest_ip, ephemeral, "the replies, to the client's ephemeral ports")
    except Blocked as blocked:
        return dict(reachable=False, hops=tracer.hops, reason=blocked.hop["detail"], blocked_by=blocked.hop,
                    destination_vpc=dest_vpc)
    return dict(reachable=True, hops=tracer.hops, reason=None, blocked_by=None, destination_vpc=dest_vpc)


def behind_endpoint(snapshot, endpoint, port):
    """(hops, blocking hop or None) past an interface endpoint the traffic reached: the endpoint itself (available,
    to its service in its service region, another region for a native cross-region endpoint), then, when the
    snapshot holds the service (read in the service's region), the service (available, supporting the endpoint's
    region), its Network Load Balancer (a listener on ``port``) and the load balancer's targets."""
    hops = []

    def add(check, resource, region, ok, detail):
        hops.append(hop(check, resource, region, ok, detail))
        return None if ok else hops[-1]

    where, service_region = endpoint["region"], endpoint.get("service_region") or endpoint["region"]
    across = f", across regions from {where}" if service_region != where else ""
    if endpoint["state"] != "available":
        return hops, add("vpc-endpoint", endpoint["id"], where, False,
                         f"{endpoint['id']} is {endpoint['state'] or 'in no state'}, not available: the provider of "
                         f"{endpoint['service']} accepts it in {service_region} (vpcmesh.aws.endpoint_service "
                         "accept_connections), or it is still being made")
    add("vpc-endpoint", endpoint["id"], where, True,
        f"{endpoint['id']} is available, to {endpoint['service']} in {service_region}{across}")
    service = snapshot.endpoint_services.get(endpoint["service"])
    if service is None:
        why = snapshot.unread_services.get(endpoint["service"])
        add("endpoint-service", endpoint["service"], service_region, True,
            f"{endpoint['service']} in {service_region}: its load balancer and targets were not read"
            + (f" ({why})" if why else ""))
        return hops, None
    if service["state"] != "available":
        return hops, add("endpoint-service", service["id"], service_region, False,
                         f"{service['id']} in {service_region} is {service['state'] or 'in no state'}, not available")
    if where not in service["supported_regions"]:
        return hops, add("endpoint-service", service["id"], service_region, False,
                         f"{service['id']} in {service_region} does not support {where} (supported: "
                         f"{', '.join(service['supported_regions'])}): add it to the service's supported_regions")
    add("endpoint-service", service["id"], service_region, True,
        f"{service['id']} is available in {service_region}, supporting {where}")
    for arn in service["load_balancer_arns"]:
        balancer = snapshot.load_balancers.get(arn)
        if balancer is None:
            add("load-balancer", arn, service_region, True, f"{arn}: not read")
            continue
        if port not in balancer["ports"]:
            return hops, add("load-balancer", arn, service_region, False,
                             f"{balancer['name']} has no listener on port {port} (listeners: "
                             f"{', '.join(map(str, balancer['ports'])) or 'none'})")
        add("load-balancer", arn, service_region, True,
            f"{balancer['name']} in {balancer['vpc_id']} ({service_region}) listens on port {port}")
        if not balancer["targets"]:
            return hops, add("targets", arn, service_region, False, f"{balancer['name']} has no registered target")
        add("targets", arn, service_region, True, ", ".join(
            f"{t['ip']}:{t['port']} ({t['health'] or 'health unknown'})" for t in balancer["targets"]))
    return hops, None
