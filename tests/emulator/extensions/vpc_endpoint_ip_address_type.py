"""Interface endpoints' IP address type, DNS options and private DNS changes.

AWS behaviour reproduced (EC2 API Reference, CreateVpcEndpoint and ModifyVpcEndpoint IpAddressType, DnsOptions,
PrivateDnsEnabled; VpcEndpoint IpAddressType, DnsOptions; PrivateLink Guide, "IP address types" of interface
endpoints):
- An interface endpoint has `IpAddressType` `ipv4` (the default), `dualstack` or `ipv6`, and `DnsOptions` with
  `DnsRecordIpType` (`ipv4`, `dualstack`, `ipv6`, `service-defined`; by default the endpoint's IP address type) and,
  when given, `PrivateDnsOnlyForInboundResolverEndpoint`; both are set on create and changed by ModifyVpcEndpoint,
  as is `PrivateDnsEnabled`.
- The type must be one the endpoint service supports: `ipv4` needs `ipv4`, `ipv6` needs `ipv6`, `dualstack` both
  (the service's SupportedIpAddressTypes, see endpoint_service_ip_address_types.py); the DNS record type must fit
  the endpoint's type (`ipv4` only with an ipv4 or dualstack endpoint, `ipv6` only with an ipv6 or dualstack one,
  `dualstack` only with a dualstack one); a ModifyVpcEndpoint without DnsOptions keeps the record type. Otherwise
  the call is refused (`InvalidParameter`, our message; AWS's exact text was not found in its documentation).
Approximations: the subnets are not checked against the type (AWS needs IPv6 ranges for dualstack and IPv6-only
subnets for ipv6); services of AWS (not `com.amazonaws.vpce.` names) are taken to support every type.

moto 5.2.5 ignores IpAddressType and DnsOptions, lists neither, and ignores PrivateDnsEnabled on ModifyVpcEndpoint.
"""

from __future__ import annotations

from ._endpoint_services import SERVICE_REGION, VPCE_SERVICE_PREFIX, find_service

_APPLIED = False
NEEDS = {"ipv4": {"ipv4"}, "ipv6": {"ipv6"}, "dualstack": {"ipv4", "ipv6"}}
RECORD_FITS = {"ipv4": {"ipv4", "dualstack"}, "ipv6": {"ipv6", "dualstack"}, "dualstack": {"dualstack"},
               "service-defined": {"ipv4", "ipv6", "dualstack"}}


def service_types(service_name: str, region: str):
    """The supported IP address types of the service (None when it is not an endpoint service we know)."""
    if not service_name.startswith(VPCE_SERVICE_PREFIX):
        return None
    config = find_service(service_name, region)
    if config is None:
        return None
    return set(getattr(config, "supported_ip_address_types", None) or ["ipv4"])


def check(service_name: str, region: str, ip_type: str, record_type: str) -> None:
    from moto.ec2.exceptions import InvalidParameter

    if ip_type not in NEEDS:
        raise InvalidParameter(f"Invalid IpAddressType {ip_type}: use ipv4, dualstack or ipv6")
    supported = service_types(service_name, region)
    if supported is not None and not NEEDS[ip_type] <= supported:
        raise InvalidParameter(f"The service {service_name} does not support IP address type {ip_type} "
                               f"(it supports {', '.join(sorted(supported))})")
    if record_type not in RECORD_FITS or ip_type not in RECORD_FITS[record_type]:
        raise InvalidParameter(f"DnsRecordIpType {record_type} is not valid for an endpoint of IP address type "
                               f"{ip_type}")


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.models.vpcs import VPCEndPoint
    from moto.ec2.responses.vpcs import VPCs

    create = VPCs.create_vpc_endpoint
    modify = VPCs.modify_vpc_endpoint

    def create_with_ip_type(self):
        if (self._get_param("VpcEndpointType") or "Gateway").lower() != "interface":
            return create(self)
        ip_type = self._get_param("IpAddressType") or "ipv4"
        options = self._get_param("DnsOptions") or {}
        record = options.get("DnsRecordIpType") or ip_type
        region = self._get_param("ServiceRegion") or self.region
        check(self._get_param("ServiceName") or "", region, ip_type, record)
        answer = create(self)
        endpoint = answer.result["VpcEndpoint"]
        endpoint.ip_address_type = ip_type
        endpoint.dns_options = dict(DnsRecordIpType=record)
        if "PrivateDnsOnlyForInboundResolverEndpoint" in options:
            endpoint.dns_options["PrivateDnsOnlyForInboundResolverEndpoint"] = \
                str(options["PrivateDnsOnlyForInboundResolverEndpoint"]).lower() == "true"
        return answer

    def modify_with_ip_type(self):
        endpoint = self.ec2_backend.get_vpc_end_point(self._get_param("VpcEndpointId"))
        ip_type = self._get_param("IpAddressType")
        options = self._get_param("DnsOptions") or {}
        private_dns = self._get_param("PrivateDnsEnabled")
        if ip_type or options:
            now = getattr(endpoint, "ip_address_type", None) or "ipv4"
            record = options.get("DnsRecordIpType") or (endpoint.dns_options or {}).get("DnsRecordIpType")
            token = SERVICE_REGION.set(getattr(endpoint, "service_region", None))
            try:
                check(endpoint.service_name, getattr(endpoint, "service_region", None) or self.region,
                      ip_type or now, record or now)
            finally:
                SERVICE_REGION.reset(token)
        answer = modify(self)
        if ip_type:
            endpoint.ip_address_type = ip_type
        if ip_type or options:
            endpoint.dns_options = dict(endpoint.dns_options or {}, DnsRecordIpType=record or ip_type or now)
            if "PrivateDnsOnlyForInboundResolverEndpoint" in options:
                endpoint.dns_options["PrivateDnsOnlyForInboundResolverEndpoint"] = \
                    str(options["PrivateDnsOnlyForInboundResolverEndpoint"]).lower() == "true"
        if private_dns is not None:
            endpoint.private_dns_enabled = str(private_dns).lower() == "true"
        return answer

    VPCEndPoint.ip_address_type = None
    VPCEndPoint.dns_options = None
    VPCs.create_vpc_endpoint = create_with_ip_type
    VPCs.modify_vpc_endpoint = modify_with_ip_type
    _APPLIED = True
