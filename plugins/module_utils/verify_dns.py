# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resolve a name as a VPC's Route 53 Resolver would, on a snapshot (pure).

What answers a name in a VPC is the most specific of: the Resolver rules associated with the VPC (forward or
system), the private hosted zones associated with it, the private DNS of its interface endpoints, and the
EC2 private names (``ip-a-b-c-d.ec2.internal`` in us-east-1, ``ip-a-b-c-d.<region>.compute.internal``
elsewhere). At equal specificity a rule wins over a zone. A zone that matches but has no record answers
NXDOMAIN (the query does not fall through to public DNS). Route 53 Developer Guide: "How Resolver
determines whether the domain name in a query matches any rules", "Considerations when working with a
private hosted zone".

A forwarding rule sends the query from its outbound endpoint to the target IPs (checked as a UDP/53 path);
at an inbound endpoint the query is resolved again as that endpoint's VPC would. EC2 private names of a
peered VPC resolve only when the peering allows DNS resolution from the remote VPC on the side of the VPC
that owns the address, and both VPCs have DNS support and DNS hostnames on. Private hosted zones and
interface endpoint private DNS need both VPC DNS attributes on.

A public EC2 hostname (``ec2-a-b-c-d.<region>.compute.amazonaws.com``) answers the interface's private address
inside its own VPC, and in a peered VPC when the peering allows DNS resolution from the remote VPC on the side of
the VPC that owns it (VPC Peering Guide, "Enable DNS resolution for a VPC peering connection"); elsewhere its
public address. Names are asked of the DNS servers the source VPC's DHCP option set gives; when the first one is
not the Amazon DNS server (``AmazonProvidedDNS``, the VPC's base address plus two, 169.254.169.253), the answer
comes from a server this check cannot read, and the flow says so.
"""

from __future__ import annotations

import re

from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_path import hop, trace
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_snapshot import contains, fqdn, net

MAX_ANSWERS = 16
EC2_NAME = re.compile(r"^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.(?:(ec2)\.internal|([a-z0-9-]+)\.compute\.internal)$")
AWS_SERVICE = re.compile(r"^com\.amazonaws\.([a-z0-9-]+)\.([a-z0-9.-]+)$")
EC2_DOMAINS = ("ec2.internal", "compute.internal")
# Public EC2 hostnames: ec2-a-b-c-d.compute-1.amazonaws.com (us-east-1), ec2-a-b-c-d.<region>.compute.amazonaws.com
EC2_PUBLIC_NAME = re.compile(r"^ec2-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\."
                             r"(?:(compute-1)|([a-z0-9-]+)\.compute)\.amazonaws\.com$")
# How a DHCP option set names the Amazon DNS server (besides the VPC's base address plus two).
AMAZON_DNS = ("amazonprovideddns", "169.254.169.253", "fd00:ec2::253")


class DnsFailure(Exception):
    def __init__(self, failing):
        super().__init__(failing["detail"])
        self.hop = failing


def in_domain(name, domain):
    return name == domain or name.endswith("." + domain)


def name_matches(pattern, name):
    """Route 53 matching of one record name: exact, or ``*.x`` for any name below ``x``."""
    if pattern.startswith("*."):
        return name.endswith(pattern[1:])
    return pattern == name


def endpoint_private_names(endpoint):
    """Names the private DNS of an interface endpoint answers in its VPC (not the public vpce names)."""
    names = {n for n in endpoint["dns_names"] if ".vpce.amazonaws.com" not in n}
    found = AWS_SERVICE.match(endpoint["service"] or "")
    if found and not endpoint["service"].startswith("com.amazonaws.vpce."):
        region, service = found.groups()
        domain = f"{service}.{region}.amazonaws.com"
        names.add(domain)
        if service == "s3":
            names.add("*." + domain)
    return sorted(names)


def public_endpoint_names(endpoint):
    return [n for n in endpoint["dns_names"] if ".vpce.amazonaws.com" in n]


class Resolver:
    """One resolution: the chain of answers so far; ``fail`` raises with the blocking step."""

    def __init__(self, snapshot, ephemeral=(32768, 60999)):
        self.snap = snapshot
        self.ephemeral = ephemeral
        self.chain = []
        self.seen = []

    def fail(self, check, resource, region, detail):
        raise DnsFailure(hop(check, resource, region, False, detail))

    def answer(self, name, kind, values, source, resource, region, **extra):
        self.chain.append(dict(name=name, type=kind, answer=list(values), source=source, resource=resource,
                               region=region, **extra))

    # -- who answers ---------------------------------------------------------------------------------
    def authorities(self, vpc_id, name, with_rules=True):
        """(domain, rank, kind, item) of everything in ``vpc_id`` that answers ``name``, most specific first."""
        snap = self.snap
        found = []
        if with_rules:
            found += [(r["domain"], 2, "rule", r) for r in snap.rules_of(vpc_id) if r["type"] in ("FORWARD", "SYSTEM")]
        found += [(z["name"], 1, "zone", z) for z in snap.zones_of(vpc_id)]
        for endpoint in snap.vpc_endpoints_of(vpc_id):
            if endpoint["private_dns"]:
                found += [(n[2:] if n.startswith("*.") else n, 1, "endpoint", endpoint)
                          for n in endpoint_private_names(endpoint)]
        found += [(d, 0, "ec2", None) for d in EC2_DOMAINS]
        matching = [f for f in found if in_domain(name, f[0])]
        return sorted(matching, key=lambda f: (-len(f[0].split(".")), -f[1]))

    # -- resolution ----------------------------------------------------------------------------------
    def resolve(self, vpc_id, name, with_rules=True):
        snap = self.snap
        name = fqdn(name)
        vpc = snap.vpcs[vpc_id]
        if (vpc_id, name) in self.seen or len(self.chain) >= MAX_ANSWERS:
            trail = " -> ".join(step[1] for step in self.seen + [(vpc_id, name)])
            self.fail("dns-loop", name, vpc["region"], f"{name} loops without an answer ({trail}); a CNAME chain or "
                      "a forwarding rule leads back to a name already asked")
        self.seen.append((vpc_id, name))
        if not vpc["dns_support"]:
            self.fail("dns-attribute", vpc_id, vpc["region"], f"{snap.label(vpc_id)} has enableDnsSupport off: the "
                      "Amazon DNS server does not answer there; turn DNS support on")
        authorities = self.authorities(vpc_id, name, with_rules)
        if not authorities:
            return self.unowned(vpc_id, name)
        domain, kind, item = authorities[0][0], authorities[0][2], authorities[0][3]
        if kind == "rule" and item["type"] == "SYSTEM":
            return self.resolve_again_without_rules(vpc_id, name, item)
        if kind == "rule":
            return self.forward(vpc_id, name, item)
        if kind == "zone":
            return self.from_zone(vpc_id, name, item)
        if kind == "endpoint":
            return self.from_endpoint(vpc_id, name, item, domain)
        return self.ec2_name(vpc_id, name)

    def resolve_again_without_rules(self, vpc_id, name, rule):
        self.seen.pop()
        self.answer(name, "SYSTEM", [], f"Resolver system rule {rule['id']} ({rule['domain']}) in {self.snap.label(vpc_id)}"
                    " keeps it local", rule["id"], rule["region"])
        return self.resolve(vpc_id, name, with_rules=False)

    def needs_dns_hostnames(self, vpc_id, what):
        vpc = self.snap.vpcs[vpc_id]
        if not vpc["dns_hostnames"]:
            self.fail("dns-attribute", vpc_id, vpc["region"], f"{self.snap.label(vpc_id)} has enableDnsHostnames off, "
                      f"so {what} is not answered there; turn DNS hostnames on")

    def from_zone(self, vpc_id, name, zone):
        region = self.snap.region_of(vpc_id)
        self.needs_dns_hostnames(vpc_id, f"private hosted zone {zone['name']} ({zone['id']})")
        records = [r for r in zone["records"] or [] if r["name"] == name]
        if not records:
            records = self._wildcard(zone, name)
        where = f"private hosted zone {zone['name']} ({zone['id']})"
        if not records:
            self.fail("dns-record", zone["id"], region, f"{name} does not exist in {where}, which answers for "
                      f"{zone['name']} in {self.snap.label(vpc_id)} (NXDOMAIN, no fallback to public DNS); add the record")
        usable = [r for r in records if r["type"] in ("A", "CNAME")]
        if not usable:
            self.fail("dns-record", zone["id"], region, f"{name} has no A or CNAME record in {where} (only "
                      f"{', '.join(sorted({r['type'] for r in records}))})")
        record = next((r for r in usable if r["type"] == "CNAME"), None)
        if record:
            target = fqdn(record["values"][0])
            self.answer(name, "CNAME", [target], where, zone["id"], region)
            return self.resolve(vpc_id, target)
        aliases = [r for r in usable if r["alias"]]
        if aliases:
            self.answer(name, "A (alias)", [aliases[0]["alias"]], where, zone["id"], region)
            return self.resolve(vpc_id, aliases[0]["alias"])
        addresses = [v for r in usable for v in r["values"]]
        self.answer(name, "A", addresses, where, zone["id"], region)
        return addresses

    @staticmethod
    def _wildcard(zone, name):
        """Records of ``*.<closest existing ancestor>`` when ``name`` itself does not exist in the zone."""
        names = {r["name"] for r in zone["records"] or []}
        labels = name.split(".")
        for i in range(1, len(labels)):
            ancestor = ".".join(labels[i:])
            wildcard = [r for r in zone["records"] or [] if r["name"] == "*." + ancestor]
            if wildcard:
                return wildcard
            if ancestor in names or ancestor == zone["name"]:
                return []
        return []

    def from_endpoint(self, vpc_id, name, endpoint, domain):
        region = self.snap.region_of(vpc_id)
        where = f"private DNS of interface endpoint {endpoint['id']} ({endpoint['service']}) in {self.snap.label(vpc_id)}"
        self.needs_dns_hostnames(vpc_id, where)
        if not any(name_matches(n, name) for n in endpoint_private_names(endpoint)):
            self.fail("dns-record", endpoint["id"], region, f"{name} is under {domain}, which the {where} answers, but "
                      "is not one of its names (NXDOMAIN)")
        addresses = self.snap.endpoint_ips(endpoint)
        if not addresses:
            self.fail("dns-record", endpoint["id"], region, f"{where} has no network interface address")
        self.answer(name, "A", addresses, where, endpoint["id"], region)
        return addresses

    def ec2_name(self, vpc_id, name):
        snap = self.snap
        vpc = snap.vpcs[vpc_id]
        parsed = EC2_NAME.match(name)
        if not parsed or any(int(p) > 255 for p in parsed.groups()[:4]):
            self.fail("dns-record", vpc_id, vpc["region"], f"{name} is not an EC2 private DNS name "
                      "(ip-a-b-c-d.ec2.internal in us-east-1, ip-a-b-c-d.<region>.compute.internal elsewhere)")
        address = ".".join(parsed.groups()[:4])
        region = "us-east-1" if parsed.group(5) else parsed.group(6)
        if region == "us-east-1" and not parsed.group(5):
            self.fail("dns-record", vpc_id, vpc["region"], f"{name} does not exist: EC2 names in us-east-1 end in "
                      "ec2.internal")
        if region == vpc["region"] and any(contains(c, address) for c in vpc["cidrs"]):
            self.answer(name, "A", [address], f"EC2 private DNS name in {snap.label(vpc_id)}", vpc_id, vpc["region"])
            return [address]
        for conn, this, other in snap.peerings_of(vpc_id):
            if other["region"] == region and any(contains(c, address) for c in other["cidrs"]):
                return self.ec2_name_across(vpc_id, name, address, conn, this, other)
        self.fail("dns-record", vpc_id, vpc["region"], f"{name}: {address} is not an address of {snap.label(vpc_id)} or "
                  f"of a VPC in {region} peered with it (active peering), so the name does not resolve there")

    def ec2_name_across(self, vpc_id, name, address, conn, this, other):
        snap = self.snap
        role = "requester" if conn["requester"]["vpc_id"] == other["vpc_id"] else "accepter"
        if not other["remote_dns"]:
            self.fail("dns-option", conn["id"], other["region"], f"{name} is an EC2 name in {other['vpc_id']} "
                      f"({other['region']}); {conn['id']} does not allow DNS resolution from the remote VPC on the "
                      f"{role} side ({other['vpc_id']}), so {vpc_id} cannot resolve it: turn on "
                      f"{role}_dns_resolution (vpcmesh.aws.peering_dns_options) in {other['region']}")
        for side in (this["vpc_id"], other["vpc_id"]):
            vpc = snap.vpcs.get(side)
            if vpc and not (vpc["dns_support"] and vpc["dns_hostnames"]):
                self.fail("dns-attribute", side, vpc["region"], f"{snap.label(side)} has DNS support or DNS "
                          f"hostnames off; DNS resolution over {conn['id']} needs both on in both VPCs")
        self.answer(name, "A", [address], f"EC2 private DNS name in {snap.label(other['vpc_id'])}, across "
                    f"{conn['id']} ({role} side allows DNS resolution from the remote VPC)", conn["id"], other["region"])
        return [address]

    def forward(self, vpc_id, name, rule):
        snap = self.snap
        region = rule["region"]
        what = f"Resolver rule {rule['id']} ({rule['domain']})"
        outbound = snap.resolver_endpoints.get(rule["endpoint_id"])
        owner, here = rule.get("account"), (snap.vpcs.get(vpc_id) or {}).get("account")
        if outbound is None and owner and here and owner != here:
            self.fail("dns-rule", rule["id"], region, f"{what} is shared with account {here} by account {owner} "
                      f"(AWS RAM), and its outbound endpoint {rule['endpoint_id']} is that account's, which could not "
                      f"be read: give credentials of account {owner} (a flow's source or destination credentials) to "
                      "follow the rule")
        if outbound is None:
            self.fail("dns-rule", rule["id"], region, f"{what} uses outbound endpoint {rule['endpoint_id']}, which "
                      "was not found")
        if not rule["targets"]:
            self.fail("dns-rule", rule["id"], region, f"{what} has no target IP")
        failures = []
        for target in rule["targets"]:
            inbound = snap.resolver_endpoint_at(target["ip"])
            if inbound is None or inbound["direction"] != "INBOUND":
                failures.append(hop("dns-rule", rule["id"], region, False, f"{what} forwards {name} to "
                                    f"{target['ip']}:{target['port']}, which is not an address of an inbound Resolver "
                                    "endpoint in the VPCs read (a stale IP?); point the rule at the inbound endpoint's IPs"))
                continue
            path = self._query_path(outbound, target)
            if not path["reachable"]:
                failures.append(dict(path["blocked_by"], detail=f"{what}: the query from outbound endpoint "
                                     f"{outbound['id']} cannot reach {target['ip']}:{target['port']} (udp): {path['reason']}"))
                continue
            self.answer(name, "FORWARD", [f"{target['ip']}:{target['port']}"], f"{what} associated with "
                        f"{snap.label(vpc_id)}, via outbound endpoint {outbound['id']} to inbound endpoint "
                        f"{inbound['id']} in {snap.label(inbound['vpc_id'])}", rule["id"], region, hops=path["hops"])
            return self.resolve(inbound["vpc_id"], name)
        raise DnsFailure(failures[0])

    def _query_path(self, outbound, target):
        """The UDP path from the first outbound endpoint address that reaches the target (else the first)."""
        paths = []
        for entry in outbound["ips"]:
            eni = self.snap.eni_holding(outbound["vpc_id"], entry["ip"])
            source = dict(vpc_id=outbound["vpc_id"], subnet_id=entry["subnet_id"], ip=entry["ip"],
                          eni_id=eni["id"] if eni else None)
            path = trace(self.snap, source, target["ip"], "udp", target["port"], self.ephemeral)
            if path["reachable"]:
                return path
            paths.append(path)
        return paths[0] if paths else dict(reachable=False, hops=[], reason="the outbound endpoint has no address",
                                           blocked_by=hop("dns-rule", outbound["id"], outbound["region"], False, ""))

    def unowned(self, vpc_id, name):
        """Nothing private answers ``name`` in ``vpc_id``: public DNS. Interface endpoint vpce names are public."""
        snap = self.snap
        region = snap.region_of(vpc_id)
        public_ec2 = EC2_PUBLIC_NAME.match(name)
        if public_ec2 and all(int(p) <= 255 for p in public_ec2.groups()[:4]):
            return self.ec2_public_name(vpc_id, name, public_ec2)
        for endpoint in sorted(snap.vpc_endpoints.values(), key=lambda e: e["id"]):
            if any(name_matches(n, name) for n in public_endpoint_names(endpoint)):
                where = f"public DNS name of interface endpoint {endpoint['id']} in {snap.label(endpoint['vpc_id'])}"
                addresses = snap.endpoint_ips(endpoint)
                if not addresses:
                    self.fail("dns-record", endpoint["id"], endpoint["region"], f"{name} is the {where}, which has "
                              "no network interface address")
                self.answer(name, "A", addresses, where, endpoint["id"], endpoint["region"])
                return addresses
        if in_domain(name, "amazonaws.com"):
            self.fail("dns-public", vpc_id, region, f"{name} resolves to public AWS addresses from "
                      f"{snap.label(vpc_id)}: no interface endpoint with private DNS answers it there and no Resolver "
                      "rule forwards it, so traffic would leave the private network")
        check, resource, hints = self._unassociated(vpc_id, name)
        self.fail(check, resource or vpc_id, region, f"no private hosted zone, Resolver rule or EC2 name of "
                  f"{snap.label(vpc_id)} covers {name}, so it goes to public DNS{hints}")

    def ec2_public_name(self, vpc_id, name, parsed):
        """A public EC2 hostname: the private address where AWS answers it privately, else the public one."""
        snap = self.snap
        public = ".".join(parsed.groups()[:4])
        region = "us-east-1" if parsed.group(5) else parsed.group(6)
        eni, private = snap.eni_with_public_ip(public)
        owner = snap.vpcs.get((eni or {}).get("vpc_id"))
        if eni is None or owner is None or owner["region"] != region:
            self.answer(name, "A", [public], f"public DNS: the EC2 public name of {public}, which is no network "
                        "interface's public address in the VPCs read", None, region)
            return [public]
        what = f"EC2 public DNS name of {eni['id']} in {snap.label(owner['id'])}"
        if owner["id"] == vpc_id:
            if snap.vpcs[vpc_id]["dns_hostnames"]:
                self.answer(name, "A", [private], f"{what}: inside its VPC it answers the private address", eni["id"],
                            region)
                return [private]
            why = f"{snap.label(vpc_id)} has enableDnsHostnames off, so the public address is answered"
        else:
            why = f"{snap.label(owner['id'])} is not peered with {vpc_id} (active peering)"
            for conn, this, other in snap.peerings_of(vpc_id):
                if other["vpc_id"] != owner["id"]:
                    continue
                role = "requester" if conn["requester"]["vpc_id"] == owner["id"] else "accepter"
                both = all((snap.vpcs.get(v) or {}).get("dns_support") and (snap.vpcs.get(v) or {}).get("dns_hostnames")
                           for v in (this["vpc_id"], other["vpc_id"]))
                if other["remote_dns"] and both:
                    self.answer(name, "A", [private], f"{what}, across {conn['id']} ({role} side allows DNS resolution "
                                "from the remote VPC): the private address", conn["id"], region)
                    return [private]
                why = (f"{conn['id']} does not allow DNS resolution from the remote VPC on the {role} side "
                       f"({owner['id']}): turn on {role}_dns_resolution (vpcmesh.aws.peering_dns_options) in {region} "
                       "to get the private address" if not other["remote_dns"] else
                       f"DNS support or DNS hostnames is off in {this['vpc_id']} or {other['vpc_id']}, which DNS "
                       f"resolution over {conn['id']} needs in both")
                break
        self.answer(name, "A", [public], f"public DNS: {what} answers its public address; {why}", eni["id"], region)
        return [public]

    def _unassociated(self, vpc_id, name):
        """Zones and rules that would answer ``name`` but are not associated with ``vpc_id``."""
        snap = self.snap
        region = snap.region_of(vpc_id)
        hints = []
        first = (None, None)
        for zone in sorted(snap.zones.values(), key=lambda z: (-len(z["name"]), z["id"])):
            if in_domain(name, zone["name"]):
                others = ", ".join(f"{v['vpc_id']} ({v['region']})" for v in zone["vpcs"]) or "no VPC"
                hints.append(f"private hosted zone {zone['name']} ({zone['id']}) is associated with {others} but not "
                             f"with {vpc_id}: associate it")
                first = first if first[0] else ("dns-zone", zone["id"])
        for rule in sorted(snap.resolver_rules.values(), key=lambda r: r["id"]):
            if rule["region"] == region and rule["type"] == "FORWARD" and in_domain(name, rule["domain"]):
                hints.append(f"Resolver rule {rule['id']} ({rule['domain']}) is not associated with {vpc_id}: "
                             "associate it")
                first = first if first[0] else ("dns-rule", rule["id"])
        return (first[0] or "dns-name"), first[1], ("; " + "; ".join(hints) if hints else "")


def is_amazon_dns(server, vpc):
    """Whether a DHCP ``domain-name-servers`` value is the Amazon DNS server of ``vpc``."""
    value = str(server).strip().lower()
    if value in AMAZON_DNS:
        return True
    try:
        return any(str(net(c).network_address + 2) == value for c in vpc["cidrs"])
    except ValueError:
        return False


def custom_dns(snapshot, vpc_id):
    """The blocking hop when the VPC's DHCP options send names to a DNS server of its own (None otherwise)."""
    vpc = snapshot.vpcs[vpc_id]
    servers = vpc.get("dns_servers")
    if servers is None or (servers and is_amazon_dns(servers[0], vpc)):
        return None
    where = f"{snapshot.label(vpc_id)} uses DHCP options {vpc.get('dhcp_options_id')}"
    if not servers:
        detail = f"{where}, which give no DNS server (no domain-name-servers), so its instances resolve no names"
    else:
        detail = (f"{where}: its instances ask the DNS servers {', '.join(servers)}, not the Amazon DNS server, and "
                  f"this check cannot follow what {servers[0]} answers; check that server, or list AmazonProvidedDNS "
                  "first in the DHCP options to resolve through Route 53")
    return hop("dns-servers", vpc.get("dhcp_options_id") or vpc_id, vpc["region"], False, detail)


def resolve(snapshot, vpc_id, name, ephemeral=(32768, 60999)):
    """Resolve ``name`` from ``vpc_id``. Returns dict(resolved, addresses, chain, reason, blocked_by)."""
    resolver = Resolver(snapshot, ephemeral)
    custom = custom_dns(snapshot, vpc_id)
    if custom:
        return dict(resolved=False, addresses=[], chain=[], reason=custom["detail"], blocked_by=custom)
    try:
        addresses = resolver.resolve(vpc_id, name)
    except DnsFailure as failure:
        return dict(resolved=False, addresses=[], chain=resolver.chain, reason=failure.hop["detail"],
                    blocked_by=failure.hop)
    return dict(resolved=True, addresses=addresses, chain=resolver.chain, reason=None, blocked_by=None)
