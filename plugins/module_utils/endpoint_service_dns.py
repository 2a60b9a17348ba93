# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions about an endpoint service's private DNS name, its domain verification and its supported IP
address types (PrivateLink provider side). No AWS access here.

Private DNS name (PrivateLink Guide, "Manage DNS names for VPC endpoint services"): the provider sets one name
(CreateVpcEndpointServiceConfiguration / ModifyVpcEndpointServiceConfiguration ``PrivateDnsName``, removed with
``RemovePrivateDnsName``); AWS answers with a ``PrivateDnsNameConfiguration`` (``State`` pendingVerification,
verified or failed; ``Type`` TXT; ``Name``, the record's first label; ``Value``, the record's text). The provider
proves the domain is theirs with a public TXT record ``<Name>.<domain>`` holding ``Value``, where the domain is the
private DNS name or one of its parents (AWS: "you can verify example.com instead of a.example.com"), then calls
StartVpcEndpointServicePrivateDnsVerification; consumers can use the name once the state is ``verified``.

Supported IP address types (PrivateLink Guide, "Share your services", IP address types): ``ipv4`` and/or ``ipv6``;
IPv6 needs every Network Load Balancer of the service to be dualstack.
"""

from __future__ import annotations

import hashlib
import re

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action

VERIFIED, PENDING, FAILED = "verified", "pendingVerification", "failed"
IP_TYPES = ("ipv4", "ipv6")
# Load balancer IP address types that serve IPv6 (ELBv2 API ref, LoadBalancer IpAddressType).
DUALSTACK = ("dualstack", "dualstack-without-public-ipv4")
# Stand-ins for what AWS gives only once the private DNS name is set (check mode, or a name set in this run).
NEW_RECORD = "(verification record AWS gives for {})"
NEW_VALUE = "(verification value AWS gives)"
DEFAULT_TTL = 1800
# Tag the module sets on a service once it started the verification of a name and value (AWS does not say whether a
# check is under way: a pendingVerification name may never have been started, as after a run interrupted between
# the record's write and the start). Its value is verification_digest(name, value); NEW_DIGEST stands for the digest
# of a name set in the same run, whose value AWS gives only then.
VERIFICATION_TAG = "vpcmesh:private-dns-verification"
NEW_DIGEST = "(digest of the verification AWS gives)"
ZONE_OWNER = "zone_owner"

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class DnsError(ValueError):
    """Bad input, found before any write."""


def normalize_dns_name(value):
    """The private DNS name as AWS stores it: lower case, no trailing dot. None stays None (keep); an empty string
    stays empty (remove). A wildcard first label (``*.example.com``) is allowed."""
    if value is None:
        return None
    name = str(value).strip().lower().rstrip(".")
    if not name:
        return ""
    labels = name.split(".")
    body = labels[1:] if labels[0] == "*" else labels
    if len(name) > 255 or len(body) < 2 or not all(_LABEL.match(label) for label in body):
        raise DnsError(f"private_dns_name {value!r} is not a DNS name (labels of letters, digits and hyphens, up to "
                       "63 characters each, 255 in all, at least two labels; a leading '*.' is allowed): write for "
                       "example api.example.com")
    return name


def normalize_ip_types(values, option="supported_ip_address_types"):
    """Sorted, each once; None stays None (keep). Empty or unknown types are refused."""
    if values is None:
        return None
    types = sorted({str(v).strip().lower() for v in values})
    unknown = [t for t in types if t not in IP_TYPES]
    if unknown or not types:
        raise DnsError(f"{option} {list(values)!r} must list ipv4, ipv6 or both (an endpoint service supports at "
                       "least one IP address type)")
    return types


def dns_configuration(config):
    """{state, type, name, value} of a service configuration's PrivateDnsNameConfiguration (None without a name)."""
    found = (config or {}).get("PrivateDnsNameConfiguration") or {}
    if not (config or {}).get("PrivateDnsName") or not found:
        return None
    return dict(state=found.get("State"), type=found.get("Type") or "TXT", name=found.get("Name"),
                value=found.get("Value"))


def supported_ip_types(config):
    """The service's supported IP address types (AWS's default, ipv4, when it lists none)."""
    return sorted(config.get("SupportedIpAddressTypes") or ["ipv4"])


def zone_name(name):
    return str(name or "").rstrip(".").lower()


def check_zone(zone, private_dns_name):
    """The verification record's zone must be public and hold the private DNS name's domain (itself or a parent)."""
    if zone.get("private"):
        raise DnsError(f"hosted zone {zone['id']} ({zone_name(zone['name'])}) is private; AWS verifies the domain "
                       "with a public TXT record: give the public hosted zone of the domain")
    domain = zone_name(zone["name"])
    name = private_dns_name[2:] if private_dns_name.startswith("*.") else private_dns_name
    if name != domain and not name.endswith("." + domain):
        raise DnsError(f"private DNS name {private_dns_name} is not in hosted zone {zone['id']} ({domain}); the "
                       "verification record goes in the public zone of that name or of a parent domain")


def record_name(verification_name, zone):
    """The TXT record's full name: AWS's ``Name`` under the zone's domain (unless it is already under it)."""
    domain = zone_name(zone["name"])
    name = zone_name(verification_name)
    if name == domain or name.endswith("." + domain):
        return name + "."
    return f"{name}.{domain}."


def txt(value):
    """A TXT record value as Route 53 stores it (in double quotes)."""
    return value if value.startswith('"') else f'"{value}"'


def verification_record(configuration, zone, private_dns_name=None):
    """dict(hosted_zone_id, name, type, value) of the record that proves the domain: under the zone's domain, or
    without a zone under the private DNS name itself (None while AWS gave no name and value)."""
    if not configuration or not configuration.get("name") or not configuration.get("value"):
        return None
    bare = private_dns_name or ""
    domain = zone or dict(id=None, name=bare[2:] if bare.startswith("*.") else bare)
    if not domain["name"]:
        return None
    return dict(hosted_zone_id=domain["id"], name=record_name(configuration["name"], domain),
                type=configuration.get("type") or "TXT", value=txt(configuration["value"]))


def verification_digest(private_dns_name, value):
    """The value of VERIFICATION_TAG for a verification of ``private_dns_name`` with AWS's ``value``."""
    return hashlib.sha256(f"{private_dns_name}|{value}".encode()).hexdigest()[:16]


def plan_name(wanted, current_name):
    """ModifyVpcEndpointServiceConfiguration parameters that make the service's private DNS name ``wanted``."""
    if wanted is None or wanted == (current_name or ""):
        return {}
    if wanted == "":
        return dict(RemovePrivateDnsName=True)
    return dict(PrivateDnsName=wanted)


def plan_ip_types(wanted, current):
    """(AddSupportedIpAddressTypes, RemoveSupportedIpAddressTypes) that make the set exactly ``wanted``."""
    if wanted is None:
        return [], []
    return sorted(set(wanted) - set(current)), sorted(set(current) - set(wanted))


def check_ipv6_load_balancers(types, lb_ip_types):
    """IPv6 needs dualstack load balancers; ``lb_ip_types``: {arn: IpAddressType} of the service's load balancers
    (after the run; those only planned in check mode are left out)."""
    if "ipv6" not in (types or []):
        return
    ipv4_only = sorted(arn for arn, kind in lb_ip_types.items() if (kind or "ipv4") not in DUALSTACK)
    if ipv4_only:
        raise DnsError(f"supported_ip_address_types includes ipv6, but load balancer(s) {', '.join(ipv4_only)} have "
                       "IP address type ipv4; an endpoint service supports IPv6 only when its Network Load Balancers "
                       "are dualstack: set their IP address type to dualstack first (elbv2 SetIpAddressType), or "
                       "leave ipv6 out")


def plan_verification(want, service_id, region, after_name, changing, configuration, zone, record_values,
                      r53_region, zone_account=None, started=None):
    """The writes that prove the domain: UPSERT of the TXT record (only when it does not hold AWS's value), then
    StartVpcEndpointServicePrivateDnsVerification (only when the record was written, the name is new, the last
    verification failed, or this name and value were never started by the module: ``started``, the service's
    VERIFICATION_TAG, differs; never when the name is verified or a verification the module started is pending
    with nothing changed), then the tag that records the start.

    ``want``: the verification option (hosted_zone_id, ttl); ``after_name``: the service's private DNS name after
    the run; ``changing``: whether this run sets the name (AWS's Name/Value are then known only after that write);
    ``configuration``: the current PrivateDnsNameConfiguration (dns_configuration); ``zone``: {id, name, private};
    ``record_values``: the TXT values now at the record's name (None when not read).
    """
    if not after_name:
        raise DnsError("private_dns_verification needs a private DNS name: set private_dns_name (the service has none)")
    check_zone(zone, after_name)
    state = (configuration or {}).get("state")
    if not changing and state == VERIFIED:
        return []
    side = ZONE_OWNER if zone_account else "owner"
    known = not changing and verification_record(configuration, zone)
    if known:
        name, value = known["name"], known["value"]
        existing = list(record_values or [])
        write = value not in existing
        values = existing + [value] if write else existing
    else:
        name, value, write, values = NEW_RECORD.format(after_name), txt(NEW_VALUE), True, [txt(NEW_VALUE)]
    digest = verification_digest(after_name, configuration["value"]) if known else NEW_DIGEST
    actions = []
    if write:
        actions.append(Action(
            "route53:ChangeResourceRecordSets", r53_region,
            dict(HostedZoneId=zone["id"], ChangeBatch=dict(
                Comment=f"vpcmesh.aws: domain verification of {after_name} for {service_id}",
                Changes=[dict(Action="UPSERT", ResourceRecordSet=dict(
                    Name=name, Type="TXT", TTL=want.get("ttl") or DEFAULT_TTL,
                    ResourceRecords=[dict(Value=v) for v in values]))])),
            side=side, account=zone_account,
            description=f"put the verification TXT record {name} of {after_name} in hosted zone {zone['id']}"))
    if write or changing or state == FAILED or not state or started != digest:
        actions.append(Action("ec2:StartVpcEndpointServicePrivateDnsVerification", region, dict(ServiceId=service_id),
                              side="owner", description=f"start the verification of {after_name} for {service_id}"))
        if started != digest:
            actions.append(Action("ec2:CreateTags", region, dict(
                Resources=[service_id], Tags=[dict(Key=VERIFICATION_TAG, Value=digest)]), side="owner",
                description=f"record on {service_id} that the verification of {after_name} was started"))
    return actions
