"""Route 53 Resolver endpoint types: IPV4, IPV6 and DUALSTACK endpoints, their IPv6 addresses, and the change between
IPV4 and DUALSTACK.

AWS behaviour reproduced (Route 53 API Reference, CreateResolverEndpoint `ResolverEndpointType`, IpAddressRequest
`Ipv6`, UpdateResolverEndpoint `ResolverEndpointType` / `UpdateIpAddresses`, IpAddressResponse `Ipv6`):
- `ResolverEndpointType` IPV4 (the default), IPV6 or DUALSTACK, "applied to all IP addresses", described on the
  endpoint. IPV6 and DUALSTACK addresses have an IPv6 address, given (`Ipv6`, which must lie in an IPv6 CIDR block of
  its subnet) or chosen from the subnet's block; a subnet without one is refused (`InvalidRequestException`). An
  `Ipv6` on an IPV4 endpoint is refused (`InvalidParameterException`). An IPV6 endpoint's addresses have no `Ip`.
- AssociateResolverEndpointIpAddress gives the new address its `Ipv6` the same way.
- UpdateResolverEndpoint changes the type between IPV4 and DUALSTACK only ("IPV6 endpoint type can't be updated to
  other type"; "Updating to IPV6 type isn't currently supported"): anything else is `InvalidRequestException`. To
  DUALSTACK, `UpdateIpAddresses` (IpId, Ipv6) sets the given addresses' IPv6, the others get one chosen by AWS; to
  IPV4, the IPv6 addresses are dropped.
Not reproduced: exact AWS error wording; AWS's choice of IPv6 address (here the subnet block's 16th address on);
moto keeps an IPv4 address (and a network interface with it) behind every IPV6 address, not shown.

moto 5.2.5 ignores `ResolverEndpointType` and `Ipv6`.
"""

from __future__ import annotations

import ipaddress

from ._resolver_endpoints import on_create, on_describe, on_update

CHANGES = {("IPV4", "DUALSTACK"), ("DUALSTACK", "IPV4")}
_APPLIED = False


def type_of(endpoint):
    return getattr(endpoint, "vpcmesh_type", None) or "IPV4"


def _blocks(backend, subnet_id):
    subnet = backend.ec2_backend.get_subnet(subnet_id)
    return [ipaddress.ip_network(a["ipv6CidrBlock"], strict=False) for a in subnet.ipv6_cidr_block_associations.values()
            if (a.get("ipv6CidrBlockState") or {}).get("State") == "associated"]


def _used(backend):
    return {v for e in backend.resolver_endpoints.values() for v in (getattr(e, "vpcmesh_ipv6", None) or {}).values()}


def _checked(backend, subnet_id, given, taken=()):
    """The IPv6 address for a new address in ``subnet_id``: ``given`` (checked) or the next free one of its block
    (``taken``: chosen already by the same call)."""
    from moto.route53resolver.exceptions import InvalidParameterException, InvalidRequestException

    blocks = _blocks(backend, subnet_id)
    if not blocks:
        raise InvalidRequestException(f"Subnet {subnet_id} has no IPv6 CIDR block; an IPV6 or DUALSTACK endpoint needs one")
    if given:
        if not any(ipaddress.ip_address(given) in b for b in blocks):
            raise InvalidParameterException(f"IPv6 address '{given}' is not in subnet '{subnet_id}'")
        return given
    used = _used(backend) | set(taken)
    return next(str(blocks[0].network_address + n) for n in range(16, 1 << 16)
                if str(blocks[0].network_address + n) not in used)


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.exceptions import InvalidParameterException, InvalidRequestException
    from moto.route53resolver.models import ResolverEndpoint, Route53ResolverBackend

    def create(response):
        backend = response.route53resolver_backend
        kind = response._get_param("ResolverEndpointType") or "IPV4"
        entries = response._get_param("IpAddresses") or []
        if kind == "IPV4" and any(e.get("Ipv6") for e in entries):
            raise InvalidParameterException("Ipv6 addresses can only be given for IPV6 or DUALSTACK endpoints")
        wanted = []
        for entry in entries if kind != "IPV4" else []:
            wanted.append(_checked(backend, entry["SubnetId"], entry.get("Ipv6"), wanted))

        def done(endpoint):
            endpoint.vpcmesh_type = kind
            if kind != "IPV4":
                endpoint.vpcmesh_ipv6 = {endpoint.subnets[e["SubnetId"]][e["Ip"]]: v
                                         for e, v in zip(endpoint.ip_addresses, wanted)}
        return done

    def update(response, endpoint):
        kind = response._get_param("ResolverEndpointType")
        have = type_of(endpoint)
        if kind is None or kind == have:
            return None
        if (have, kind) not in CHANGES:
            raise InvalidRequestException(f"The endpoint type can only be updated between IPV4 and DUALSTACK, not from "
                                          f"{have} to {kind}")
        if kind == "IPV4":
            return lambda: (setattr(endpoint, "vpcmesh_type", kind), setattr(endpoint, "vpcmesh_ipv6", {}))
        backend = response.route53resolver_backend
        given = {u["IpId"]: u.get("Ipv6") for u in response._get_param("UpdateIpAddresses") or []}
        mapping = {}
        for subnet_id, ips in endpoint.subnets.items():
            for _ip, ip_id in ips.items():
                mapping[ip_id] = _checked(backend, subnet_id, given.get(ip_id), mapping.values())
        return lambda: (setattr(endpoint, "vpcmesh_type", kind), setattr(endpoint, "vpcmesh_ipv6", mapping))

    original_add = Route53ResolverBackend.associate_resolver_endpoint_ip_address
    original_ips = ResolverEndpoint.ip_descriptions

    def associate(self, resolver_endpoint_id, value):
        endpoint = self.resolver_endpoints.get(resolver_endpoint_id)
        if endpoint is None or type_of(endpoint) == "IPV4":
            if value.get("Ipv6"):
                raise InvalidParameterException("Ipv6 addresses can only be given for IPV6 or DUALSTACK endpoints")
            return original_add(self, resolver_endpoint_id, value)
        ipv6 = _checked(self, value["SubnetId"], value.get("Ipv6"))
        answer = original_add(self, resolver_endpoint_id, value)
        endpoint.vpcmesh_ipv6[endpoint.subnets[value["SubnetId"]][value["Ip"]]] = ipv6
        return answer

    def ip_descriptions(self):
        out = original_ips(self)
        kind = type_of(self)
        for entry in out:
            if kind != "IPV4":
                entry["Ipv6"] = (getattr(self, "vpcmesh_ipv6", None) or {}).get(entry["IpId"])
            if kind == "IPV6":
                entry.pop("Ip", None)
        return out

    on_create(create)
    on_update(update)
    on_describe(lambda endpoint: {"ResolverEndpointType": type_of(endpoint)})
    Route53ResolverBackend.associate_resolver_endpoint_ip_address = associate
    ResolverEndpoint.ip_descriptions = ip_descriptions
    _APPLIED = True
