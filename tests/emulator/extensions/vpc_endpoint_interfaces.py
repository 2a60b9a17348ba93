"""Interface VPC endpoints: network interfaces in their subnets with the endpoint's security groups, and
AWS-shaped DNS names.

AWS behaviour reproduced:
- An interface endpoint has one network interface per subnet, with a private address from that subnet's range,
  the endpoint's security groups (the VPC's default group when none is given), requester-managed, interface
  type `vpc_endpoint`, description `VPC Endpoint Interface <vpce-id>` (PrivateLink Guide, "Access an AWS
  service using an interface VPC endpoint": an endpoint network interface in each subnet, with an IP address
  from the subnet; EC2 API Reference, CreateVpcEndpoint, SecurityGroupIds: "If this parameter is not
  specified, we use the default security group for the VPC").
- DnsEntries: the Regional name `vpce-<id>-<8 chars>.<service>.<region>.vpce.amazonaws.com` and one zonal
  name per subnet's Availability Zone, `vpce-<id>-<8 chars>-<az>.<service>.<region>.vpce.amazonaws.com`
  (PrivateLink Guide and service guides, "endpoint-specific DNS names: Regional and zonal"), where
  `<service>` is the last part of the service name (`s3`, `ec2`, `vpce-svc-…`); S3's names start with `*.`
  (bucket names go in front). With PrivateDnsEnabled for an AWS service, the service's default name
  `<service>.<region>.amazonaws.com` is listed too (EC2 API Reference, CreateVpcEndpoint, PrivateDnsEnabled).
  These vpce names are public DNS records resolving to the interfaces' private addresses.
Approximations: each interface takes the lowest free address of its subnet (AWS picks any free one); the
hosted zone IDs are made up; subnets added later with ModifyVpcEndpoint get no interface.

moto 5.2.5 gives the interfaces random 10.x.x.x addresses, usually outside the subnet, and the VPC's default
security group, and lists one DNS entry `vpce-<id>-<random>.<full service name>`.
"""

from __future__ import annotations

import hashlib

_APPLIED = False


def _service_label(service_name: str) -> str:
    return service_name.rsplit(".", 1)[-1]


def _suffix(endpoint_id: str) -> str:
    return hashlib.sha256(endpoint_id.encode()).hexdigest()[:8]


def dns_entries(endpoint, region: str, zones: list) -> list:
    """The DnsEntries AWS lists for an interface endpoint (as moto stores them)."""
    label = _service_label(endpoint.service_name)
    star = "*." if label == "s3" else ""
    base = f"{endpoint.id}-{_suffix(endpoint.id)}"
    names = [f"{star}{base}.{label}.{region}.vpce.amazonaws.com"]
    names += [f"{star}{base}-{zone}.{label}.{region}.vpce.amazonaws.com" for zone in zones]
    if endpoint.private_dns_enabled and not endpoint.service_name.startswith("com.amazonaws.vpce."):
        names.append(f"{label}.{region}.amazonaws.com")
        if label == "s3":
            names.append(f"*.{label}.{region}.amazonaws.com")
    zone_id = "Z" + hashlib.sha256(region.encode()).hexdigest()[:12].upper()
    return [{"dns_name": name, "hosted_zone_id": zone_id} for name in names]


def shape(backend, endpoint) -> None:
    """Give a new interface endpoint's network interfaces subnet addresses and its groups; set its DNS names."""
    if endpoint.security_group_ids:
        groups = [backend.get_security_group_from_id(g) for g in endpoint.security_group_ids]
    else:
        groups = [backend.get_default_security_group(endpoint.vpc_id)]
    zones = []
    for eni_id in endpoint.network_interface_ids:
        eni = backend.get_network_interface(eni_id)
        address = eni.subnet.get_available_subnet_ip(eni)
        eni.private_ip_address = address
        eni.private_ip_addresses = [{"Primary": True, "PrivateIpAddress": address}]
        eni._group_set = [g for g in groups if g is not None]
        eni.description = f"VPC Endpoint Interface {endpoint.id}"
        eni.interface_type = "vpc_endpoint"
        eni.requester_managed = True
        if eni.subnet.availability_zone not in zones:
            zones.append(eni.subnet.availability_zone)
    endpoint.dns_entries = dns_entries(endpoint, backend.region_name, zones)


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.models.vpcs import VPCBackend

    create_vpc_endpoint = VPCBackend.create_vpc_endpoint

    def create_vpc_endpoint_shaped(self, *args, **kwargs):
        endpoint = create_vpc_endpoint(self, *args, **kwargs)
        if (endpoint.vpc_endpoint_type or "").lower() == "interface":
            shape(self, endpoint)
        return endpoint

    VPCBackend.create_vpc_endpoint = create_vpc_endpoint_shaped
    _APPLIED = True
