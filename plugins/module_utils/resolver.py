# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure helpers shared by the Route 53 Resolver modules: names, idempotency tokens, domain names, and the
shapes in which endpoints and rules are returned. No AWS access here.

AWS constraints followed: Resolver names are at most 64 characters of letters, digits, ``-``, ``_`` and
spaces, not only digits (API reference, ResolverRuleConfig / CreateResolverEndpoint ``Name``);
``CreatorRequestId`` is at most 255 characters; AWS returns rule domain names with a trailing dot.
"""

from __future__ import annotations

import hashlib
import re

TOKEN_PREFIX = "vpcmesh-"
MESH_TAG = "vpcmesh:mesh"
NODE_TAG = "vpcmesh:node"
DNS_PORT = 53
DOH_PORT = 443  # DNS over HTTPS (RFC 8484) is HTTPS: a DoH target is reached on port 443
PORTS = {"Do53": DNS_PORT, "DoH": DOH_PORT}
NAME_MAX = 64
# IP address states in which an endpoint's address does not (or no longer) answer queries.
DEAD_IP_STATES = ("FAILED_CREATION", "FAILED_RESOURCE_GONE", "DETACHING", "REMAP_DETACHING", "DELETING",
                  "DELETE_FAILED_FAS_EXPIRED")
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_DOMAIN = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_IDENT = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_NAME_BAD = re.compile(r"[^A-Za-z0-9_ -]")


class ResolverError(ValueError):
    """Bad input or an impossible request, found before any write (or an AWS call that failed)."""


# How many CreatorRequestIds a create tries. AWS refuses an ID already used (ResourceExistsException), also
# once the endpoint or rule made with it is deleted; when nothing made with it is visible any more, the create
# takes the next generation's ID, so deleting then creating again works without renaming.
TOKEN_GENERATIONS = 10


def token(*parts, generation=0):
    """A deterministic ``CreatorRequestId``: the same inputs (and ``generation``) always give the same token,
    so a retried create, also from a run that was interrupted, asks for the same resource."""
    parts = [str(p) for p in parts] + ([f"generation {generation}"] if generation else [])
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return TOKEN_PREFIX + digest[:32]


def is_token_of(value, *parts):
    """Whether ``value`` is one of the tokens ``parts`` give (any generation)."""
    return any(value == token(*parts, generation=g) for g in range(TOKEN_GENERATIONS))


def create_with_tokens(create, find, parts, what):
    """Run ``create(request_id)`` with the token of ``parts``, trying the next generation while AWS says an ID
    is used and ``find(request_id)`` sees nothing made with it; returns (answer, adopted: None or what was
    found). ``create`` raises an error with ``code``; the last refusal is re-raised with advice."""
    last = None
    for generation in range(TOKEN_GENERATIONS):
        request_id = token(*parts, generation=generation)
        try:
            return create(request_id), None
        except ResolverError as e:
            if getattr(e, "code", "") != "ResourceExistsException":
                raise
            found = find(request_id)
            if found:
                return None, found
            last = e
    raise ResolverError(f"{last}; the {TOKEN_GENERATIONS} CreatorRequestIds derived for this {what} were all used "
                        "by resources that no longer exist; give it another name to get new ones") from None


def resource_name(*parts):
    """A valid Resolver name from ``parts`` joined with ``-``; too long ones end in a short hash."""
    name = _NAME_BAD.sub("-", "-".join(str(p) for p in parts))
    if len(name) > NAME_MAX:
        name = name[:NAME_MAX - 9] + "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return name


def check_identifier(value, what):
    """Mesh and node names: letters, digits, ``-`` and ``_``, up to 32 characters (they go into names)."""
    if not isinstance(value, str) or not _IDENT.match(value):
        raise ResolverError(f"{what} {value!r} must be 1-32 letters, digits, '-' or '_' (it becomes part of "
                            "Resolver rule names)")
    return value


def normalize_domain(value):
    """``US-East-2.AmazonAWS.com.`` -> ``us-east-2.amazonaws.com`` (AWS answers with a trailing dot)."""
    return str(value or "").strip().rstrip(".").lower()


def expand_domain(template, region, node):
    """A node's domain from a template with ``{region}`` and ``{name}``; the result must be a DNS name."""
    value = normalize_domain(str(template).replace("{region}", region).replace("{name}", node))
    if "{" in value or "}" in value:
        raise ResolverError(f"domain template {template!r} of node {node} has an unknown placeholder; only "
                            "{region} and {name} are replaced")
    if not _DOMAIN.match(value) or len(value) > 253:
        raise ResolverError(f"domain {value!r} of node {node} (from {template!r}) is not a valid DNS name")
    return value


def live_ips(ip_addresses):
    """Sorted IPv4 addresses of an endpoint that answer queries (leaving detaching/failed ones out)."""
    return sorted((a["Ip"] for a in ip_addresses or [] if a.get("Ip") and a.get("Status") not in DEAD_IP_STATES),
                  key=_ip_key)


def live_ipv6(ip_addresses):
    """Sorted IPv6 addresses of an endpoint that answer queries (leaving detaching/failed ones out)."""
    return sorted(a["Ipv6"] for a in ip_addresses or [] if a.get("Ipv6") and a.get("Status") not in DEAD_IP_STATES)


def _ip_key(ip):
    return tuple(int(p) for p in ip.split(".")) if re.match(r"^\d+(\.\d+){3}$", ip) else (999, ip)


def target_ips(ips):
    """``TargetIps`` for a rule: each address on port 53 (always sent: the default is not relied on)."""
    return [dict(Ip=ip, Port=DNS_PORT) for ip in sorted(ips, key=_ip_key)]


def target_key(address, port=DNS_PORT, protocol="Do53"):
    """A rule target as the mesh compares it: (address, port) for Do53, (address, port, protocol) otherwise; an
    address with ``:`` is IPv6."""
    return (address, port) if (protocol or "Do53") == "Do53" else (address, port, protocol)


def target_keys(addresses, protocol="Do53"):
    """Sorted targets for ``addresses`` reached with ``protocol`` (Do53 on port 53, DoH on port 443)."""
    return [target_key(a, PORTS.get(protocol, DNS_PORT), protocol) for a in sorted(addresses, key=_ip_key)]


def target_param(key, ipv6=None):
    """``TargetAddress`` of a target key: ``Ip`` or ``Ipv6`` (``ipv6``, else an address with ``:``), ``Port``, and
    ``Protocol`` unless Do53 (AWS's default, left out so rules made before protocols existed compare equal)."""
    address, port = key[0], key[1]
    out = {"Ipv6" if (ipv6 if ipv6 is not None else ":" in address) else "Ip": address, "Port": port}
    if len(key) > 2:
        out["Protocol"] = key[2]
    return out


def summarize_endpoint(endpoint, ip_addresses=None, tags=None):
    """An endpoint as the modules return it (None stays None)."""
    if not endpoint:
        return None
    out = dict(
        id=endpoint.get("Id"),
        arn=endpoint.get("Arn"),
        name=endpoint.get("Name"),
        direction=(endpoint.get("Direction") or "").lower() or None,
        vpc_id=endpoint.get("HostVPCId"),
        status=endpoint.get("Status"),
        status_message=endpoint.get("StatusMessage"),
        security_group_ids=sorted(endpoint.get("SecurityGroupIds") or []),
        creator_request_id=endpoint.get("CreatorRequestId"),
        ip_address_count=endpoint.get("IpAddressCount"),
        protocols=sorted(endpoint.get("Protocols") or ["Do53"]),
        endpoint_type=(endpoint.get("ResolverEndpointType") or "IPV4").lower(),
    )
    if ip_addresses is not None:
        out["ip_addresses"] = [dict(ip=a.get("Ip"), ipv6=a.get("Ipv6"), subnet_id=a.get("SubnetId"),
                                    ip_id=a.get("IpId"), status=a.get("Status")) for a in ip_addresses]
    if tags is not None:
        out["tags"] = dict(tags)
    return out


def summarize_rule(rule):
    """The fields of a Resolver rule the mesh compares (domain normalized, targets as sorted (ip, port))."""
    return dict(
        id=rule.get("Id"),
        arn=rule.get("Arn"),
        name=rule.get("Name"),
        domain=normalize_domain(rule.get("DomainName")),
        rule_type=rule.get("RuleType"),
        resolver_endpoint_id=rule.get("ResolverEndpointId"),
        targets=sorted((target_key(t.get("Ip") or t.get("Ipv6"), t.get("Port", DNS_PORT), t.get("Protocol"))
                        for t in rule.get("TargetIps") or [] if t.get("Ip") or t.get("Ipv6")),
                       key=lambda t: (_ip_key(t[0]), t[1:])),
        creator_request_id=rule.get("CreatorRequestId") or "",
        owner_id=rule.get("OwnerId"),
        status=rule.get("Status"),
    )
