# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS quotas a plan must stay inside, and the check of a plan's counts against them (pure: no AWS calls).

A runner turns what it read and what it plans into ``Usage`` entries (the resource, the count it has now, the count
the plan adds), gets each entry's quota value (``quota_reads.resolve``: the option ``quotas``, else the applied value
from Service Quotas or Route 53's limits API, else AWS's documented default), and calls ``quota_reads.gate`` before
its first write. ``over`` and ``refusal`` decide and word the one message a refused run fails with.

The catalogue (``QUOTAS``) names for each quota the service and quota code it has in Service Quotas, AWS's default,
the maximum it can be raised to, and what AWS counts. Sources: Amazon VPC User Guide, "Amazon VPC quotas" (route
tables, VPC peering connections); VPC Peering Guide, "VPC peering limitations" ("a quota on the number of active
and pending VPC peering connections that you can have per VPC"); Route 53 API Reference, GetHostedZoneLimit
(``MAX_VPCS_ASSOCIATED_BY_ZONE``) and Route 53 Developer Guide, quotas (300 VPCs per private hosted zone); Route 53
Developer Guide, "Quotas on Route 53 VPC Resolver" (endpoints, IP addresses per endpoint, rules and rule associations
per Region), with the codes Service Quotas lists for service ``route53resolver``. Resolver quotas apply per account
and Region ("To view quotas and request higher quotas for VPC Resolver, change to the applicable Region").
"""

from __future__ import annotations

import ipaddress
from collections import namedtuple

# What a quota is. ``api`` says where its applied value is read: ``servicequotas`` (GetServiceQuota with
# ``service``/``code``), ``route53-zone`` (Route 53 GetHostedZoneLimit, ``code`` is the limit type; Route 53 has no
# Service Quotas code for it) or None (not readable: the default or the option).
Quota = namedtuple("Quota", "code service name default maximum counts per api")

PEERINGS_PER_VPC = "L-7E9ECCDB"
OUTSTANDING_REQUESTS = "L-DC9F7029"
ROUTES_PER_TABLE = "L-93826ACB"
VPCS_PER_ZONE = "MAX_VPCS_ASSOCIATED_BY_ZONE"
RESOLVER_ENDPOINTS = "L-4A669CC0"
RESOLVER_IPS_PER_ENDPOINT = "L-D2FE9758"
RESOLVER_RULES = "L-51D8A1FB"
RESOLVER_RULE_ASSOCIATIONS = "L-94E19253"

QUOTAS = {q.code: q for q in (
    Quota(PEERINGS_PER_VPC, "vpc", "Active VPC peering connections per VPC", 50, 125,
          "the VPC's connections that are active or on their way to it (initiating-request, pending-acceptance, "
          "provisioning), requested by it or by the other VPC", "VPC", "servicequotas"),
    Quota(OUTSTANDING_REQUESTS, "vpc", "Outstanding VPC peering connection requests", 25, None,
          "requests made from the account in the region that still wait for acceptance (pending-acceptance)",
          "account and region", "servicequotas"),
    Quota(ROUTES_PER_TABLE, "vpc", "Routes per route table", 50, 1000,
          "the table's routes that are not propagated (the local route included), IPv4 and IPv6 counted "
          "separately", "route table and address family", "servicequotas"),
    Quota(VPCS_PER_ZONE, "route53", "Amazon VPCs associated with a private hosted zone", 300, None,
          "the VPCs associated with the zone, in every account and region", "private hosted zone", "route53-zone"),
    Quota(RESOLVER_ENDPOINTS, "route53resolver", "Resolver endpoints per AWS Region", 4, None,
          "every Resolver endpoint of the account in the Region, inbound and outbound, in any VPC, whoever made it",
          "account and region", "servicequotas"),
    Quota(RESOLVER_IPS_PER_ENDPOINT, "route53resolver", "IP addresses per Resolver endpoint", 6, None,
          "the endpoint's IP addresses; an address change adds before it removes, so the count the endpoint reaches "
          "between the two", "Resolver endpoint", "servicequotas"),
    Quota(RESOLVER_RULES, "route53resolver", "Resolver rules per AWS Region", 1000, None,
          "the rules the account owns in the Region (not the rules AWS defines, nor rules other accounts share "
          "with it)", "account and region", "servicequotas"),
    Quota(RESOLVER_RULE_ASSOCIATIONS, "route53resolver", "Associations between Resolver rules and VPCs per AWS Region",
          2000, None, "the account's rule associations in the Region that have not failed, plus those the plan "
          "makes, less those it removes", "account and region", "servicequotas"),
)}

# The states of a connection that count against PEERINGS_PER_VPC ("active and pending"): what is on its way to
# active counts too, so a run that requests and accepts cannot slip past the quota between the two.
COUNTED_PEERING_STATES = ("initiating-request", "pending-acceptance", "provisioning", "active")
OUTSTANDING_STATES = ("pending-acceptance",)
PROPAGATED_ORIGIN = "EnableVgwRoutePropagation"


class QuotaError(ValueError):
    """An invalid ``quotas`` option value."""


class Usage:
    """One counted resource: ``current`` now, ``added`` by the plan; ``value``/``source`` are filled by
    ``quota_reads.resolve`` (source: ``option``, ``applied`` or ``default``)."""

    def __init__(self, code, key, resource, current, added, region=None, account=None, value=None, source=None):
        self.code, self.key, self.resource = code, key, resource
        self.current, self.added = current, added
        self.region, self.account = region, account
        self.value, self.source = value, source

    @property
    def quota(self):
        return QUOTAS[self.code]

    @property
    def reached(self):
        return self.current + self.added

    def as_dict(self):
        return dict(quota_code=self.code, quota_name=self.quota.name, resource=self.resource, current=self.current,
                    added=self.added, reached=self.reached, value=self.value, source=self.source)

    def __repr__(self):
        return f"Usage({self.code} {self.key}: {self.current}+{self.added} of {self.value} ({self.source}))"


# -- the option ------------------------------------------------------------------------------------------
def parse_overrides(option, codes):
    """{quota code: value} from the option ``quotas``; ``codes`` are the codes the module checks. Unknown codes and
    values that are not positive whole numbers raise QuotaError naming them."""
    out = {}
    for code, value in (option or {}).items():
        if code not in codes:
            raise QuotaError(f"quotas names {code!r}, which is not a quota vpcmesh.aws checks; give one of "
                             f"{', '.join(sorted(codes))}")
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
            raise QuotaError(f"quotas[{code!r}] is {value!r}; give the quota's value as a whole number of at least 1")
        out[code] = int(text)
    return out


# -- counting ------------------------------------------------------------------------------------------
def counted_peerings(connections, vpc_id):
    """IDs of the connections of ``vpc_id`` (either side) that count against PEERINGS_PER_VPC."""
    out = set()
    for conn in connections:
        sides = ((conn.get("RequesterVpcInfo") or {}).get("VpcId"), (conn.get("AccepterVpcInfo") or {}).get("VpcId"))
        if vpc_id in sides and (conn.get("Status") or {}).get("Code") in COUNTED_PEERING_STATES:
            out.add(conn["VpcPeeringConnectionId"])
    return out


def outstanding_requests(connections, account, region=None):
    """IDs of the requests made by ``account`` (from ``region``, when given) that wait for acceptance
    (OUTSTANDING_REQUESTS)."""
    return {c["VpcPeeringConnectionId"] for c in connections
            if (c.get("RequesterVpcInfo") or {}).get("OwnerId") == account
            and (region is None or (c.get("RequesterVpcInfo") or {}).get("Region") in (None, region))
            and (c.get("Status") or {}).get("Code") in OUTSTANDING_STATES}


def route_family(destination):
    return "IPv6" if ipaddress.ip_network(destination, strict=False).version == 6 else "IPv4"


def counted_routes(table):
    """{"IPv4": n, "IPv6": n}: the table's routes that count against ROUTES_PER_TABLE (not propagated; prefix-list
    routes count as IPv4)."""
    out = {"IPv4": 0, "IPv6": 0}
    for route in table.get("Routes", []):
        if route.get("Origin") == PROPAGATED_ORIGIN:
            continue
        out["IPv6" if route.get("DestinationIpv6CidrBlock") else "IPv4"] += 1
    return out


def route_usages(tables, actions, describe_table):
    """Usage per (route table, family) that the route actions change. ``tables`` {table ID: table},
    ``describe_table(table)`` -> (region, account, words naming it). Creates add one; deletes take one off (the plan
    deletes before or after, so only the net change counts); replaces change nothing."""
    delta = {}
    for action in actions:
        step = {"create_route": 1, "delete_route": -1}.get(action.operation)
        if step is None:
            continue
        params = action.params
        family = "IPv6" if params.get("DestinationIpv6CidrBlock") else "IPv4"
        key = (params["RouteTableId"], family)
        delta[key] = delta.get(key, 0) + step
    out = []
    for (table_id, family), added in sorted(delta.items()):
        if added <= 0 or table_id not in tables:
            continue
        region, account, words = describe_table(tables[table_id])
        out.append(Usage(ROUTES_PER_TABLE, (table_id, family), f"route table {table_id} ({words}), {family} routes",
                         counted_routes(tables[table_id])[family], added, region, account))
    return out


# -- Route 53 Resolver ----------------------------------------------------------------------------------
FAILED_ASSOCIATION_STATES = ("FAILED",)


def counted_rules(rules, account):
    """IDs of the rules that count against RESOLVER_RULES: owned by ``account`` (AWS's own rules and rules shared
    with the account by another owner are not the account's). ``rules``: raw (``OwnerId``) or summarized
    (``owner_id``) rules."""
    return {r.get("Id") or r.get("id") for r in rules if (r.get("OwnerId") or r.get("owner_id")) == account}


def counted_associations(associations):
    """IDs of the rule associations that count against RESOLVER_RULE_ASSOCIATIONS (all but failed ones)."""
    return {a.get("Id") or a.get("id") for a in associations
            if (a.get("Status") or a.get("status")) not in FAILED_ASSOCIATION_STATES}


def net_added(actions, create, delete):
    """How many ``create`` operations the actions make, less the ``delete`` ones."""
    return sum({create: 1, delete: -1}.get(a.operation, 0) for a in actions)


def mesh_usages(actions, region, account, rules=None, associations=None):
    """Usages of one region and account of a Resolver mesh: rules (RESOLVER_RULES, from ``rules`` read there) and rule
    associations (RESOLVER_RULE_ASSOCIATIONS, from ``associations`` read there, unfiltered) its ``actions`` add.
    A count given as None is not read: its usage is left out (the plan adds none)."""
    out = []
    where = f"account {account} in {region}"
    added = net_added(actions, "create_resolver_rule", "delete_resolver_rule")
    if added > 0 and rules is not None:
        out.append(Usage(RESOLVER_RULES, (account, region), f"{where}, its Resolver rules",
                         len(counted_rules(rules, account)), added, region, account))
    added = net_added(actions, "associate_resolver_rule", "disassociate_resolver_rule")
    if added > 0 and associations is not None:
        out.append(Usage(RESOLVER_RULE_ASSOCIATIONS, (account, region), f"{where}, its Resolver rule associations "
                         "with VPCs", len(counted_associations(associations)), added, region, account))
    return out


def endpoint_usages(actions, region, account, endpoints, endpoint_name, current_ips=0):
    """Usages of a Resolver endpoint's plan: a create counts against RESOLVER_ENDPOINTS (``endpoints``: every endpoint
    of the account in the region) and its addresses against RESOLVER_IPS_PER_ENDPOINT; added addresses count
    against the latter from ``current_ips``, before any removal (the plan adds first)."""
    out = []
    creates = [a for a in actions if a.operation == "create_resolver_endpoint"]
    if creates:
        out.append(Usage(RESOLVER_ENDPOINTS, (account, region), f"account {account} in {region}, its Resolver "
                         "endpoints", len(endpoints), len(creates), region, account))
        out.append(Usage(RESOLVER_IPS_PER_ENDPOINT, (account, region, endpoint_name), f"endpoint {endpoint_name} "
                         f"({region}), its IP addresses", 0, len(creates[0].params.get("IpAddresses") or []),
                         region, account))
    adds = sum(1 for a in actions if a.operation == "associate_resolver_endpoint_ip_address")
    if adds:
        out.append(Usage(RESOLVER_IPS_PER_ENDPOINT, (account, region, endpoint_name), f"endpoint {endpoint_name} "
                         f"({region}), its IP addresses (added before any is removed)", current_ips, adds,
                         region, account))
    return out


# -- the check ------------------------------------------------------------------------------------------
def merge(usages):
    """One Usage per (quota, key): items of a list form that count the same resource read the same current count
    (the largest is kept) and add their own."""
    merged = {}
    for usage in usages:
        known = merged.get((usage.code, usage.key))
        if known is None:
            merged[(usage.code, usage.key)] = Usage(usage.code, usage.key, usage.resource, usage.current, usage.added,
                                                    usage.region, usage.account, usage.value, usage.source)
            continue
        known.current = max(known.current, usage.current)
        known.added += usage.added
        if usage.value is not None and (known.value is None or usage.value < known.value):
            known.value, known.source = usage.value, usage.source
    return list(merged.values())


def over(usages):
    """The merged usages whose count would pass their quota's value."""
    return [u for u in merge(usages) if u.value is not None and u.added > 0 and u.reached > u.value]


SOURCES = {
    "option": "as given in the option quotas",
    "applied": "the value applied to the account",
    "default": "AWS's default",
}


def describe_over(usage):
    """One sentence: the resource, the count it would reach, the quota (name, value, code) and what to do."""
    q = usage.quota
    where = ("Service Quotas" if q.api == "servicequotas"
             else "a Route 53 support case (Service Quotas has no code for it)")
    up_to = f", up to {q.maximum}" if q.maximum else ""
    return (f"{usage.resource} would reach {usage.reached} ({usage.current} now + {usage.added} planned), over the "
            f"quota {q.name!r} ({q.service} {q.code}) of {usage.value} ({SOURCES.get(usage.source, usage.source)}); "
            f"request an increase of {q.code} through {where}{up_to}, or, if it is already raised, give "
            f"quotas: {{{q.code}: <value>}}")


def refusal(usages_over):
    """The one message a plan over its quotas fails with, before any write."""
    parts = [describe_over(u) for u in usages_over]
    head = "the plan would exceed an AWS quota, so nothing was changed: " if len(parts) == 1 else (
        f"the plan would exceed {len(parts)} AWS quotas, so nothing was changed: ")
    return head + "; ".join(parts)
