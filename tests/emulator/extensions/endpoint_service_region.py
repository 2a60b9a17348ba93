"""Native cross-region PrivateLink: an interface endpoint to an endpoint service of another region.

AWS behaviour reproduced:
- CreateVpcEndpoint with `ServiceRegion` S (a region other than the endpoint's own region R) connects to the
  endpoint service of region S (EC2 API Reference, CreateVpcEndpoint, ServiceRegion: "The Region where the
  service is hosted. The default is the current Region."). It is accepted only when the service exists in S, its
  allowed principals admit the caller (as in endpoint_service_access.py), and the service lists R among its
  `SupportedRegions` (PrivateLink Guide, "Share your services", cross-Region access: the provider chooses the
  Regions whose consumers may connect; ModifyVpcEndpointServiceConfiguration AddSupportedRegions). Otherwise the
  answer is `InvalidServiceName` naming the service, as for a service the caller may not see (AWS's exact error
  for a region the service does not support was not found in its documentation: do not depend on the code).
- The endpoint is described with `ServiceRegion` S; its DNS entries name the service and its region
  (`<vpce-id>-<suffix>.<vpce-svc-id>.S.vpce.amazonaws.com` and one zonal name per Availability Zone; PrivateLink
  Guide, DNS hostnames: `endpoint_id.endpoint_service_id.service_region.vpce.amazonaws.com`). An endpoint in its
  service's own region is described with ServiceRegion = its own region.
- The endpoint's connection is the service's, in S: DescribeVpcEndpointConnections, Accept/Reject in S by the
  owner see it (with `VpcEndpointRegion` R), and acceptance rules are the same-region ones.
- DescribeVpcEndpointServices with `ServiceRegions` lists the services of those regions that the caller may use
  and that support the caller's region, each with its `ServiceRegion` (EC2 API Reference,
  DescribeVpcEndpointServices, ServiceRegions: "The service Regions.").
Approximations: every region pair supports cross-region PrivateLink (AWS supports a list of pairs); the
per-region `ServiceState` of `SupportedRegions` is `Available` at once (moto's own answer).

moto 5.2.5 stores SupportedRegions on the service configuration but ignores CreateVpcEndpoint's ServiceRegion
(the endpoint is looked for and named in its own region) and DescribeVpcEndpointServices' ServiceRegions.
"""

from __future__ import annotations

from . import vpc_endpoint_interfaces
from ._endpoint_services import SERVICE_REGION, VPCE_SERVICE_PREFIX, find_service, may_use, regional_backends

_APPLIED = False


def supports(config, region: str) -> bool:
    """Whether consumers in `region` may connect to `config` (its own region always may)."""
    own = config.ec2_backend.region_name
    return region == own or region in (config._supported_region_names or [])  # pylint: disable=protected-access


def remote_services(regions, consumer_region: str, account_id: str) -> list:
    """The service details of `regions` (other than the consumer's) the caller may use from its region."""
    out = []
    for region in regions:
        if region == consumer_region:
            continue
        for backend in regional_backends(region):
            for config in backend.configurations.values():
                if may_use(config, account_id) and supports(config, consumer_region):
                    out.append(dict(config.to_dict(), ServiceRegion=region))
    return out


def apply() -> None:
    global _APPLIED
    if not _APPLIED:
        patch_responses()
    _APPLIED = True


def patch_responses() -> None:
    """Wrap moto's CreateVpcEndpoint and DescribeVpcEndpointServices answers."""
    from moto.ec2.responses.vpcs import VPCs
    from moto.ec2.exceptions import InvalidServiceName

    respond_create = VPCs.create_vpc_endpoint
    respond_services = VPCs.describe_vpc_endpoint_services

    def create_vpc_endpoint_in_service_region(self):
        service_region = self._get_param("ServiceRegion")
        own = self.region
        if not service_region or service_region == own:
            answer = respond_create(self)
            endpoint = answer.result["VpcEndpoint"] if hasattr(answer, "result") else None
            if endpoint is not None:
                endpoint.service_region = own
            return answer
        service_name = self._get_param("ServiceName") or ""
        config = find_service(service_name, service_region) if service_name.startswith(VPCE_SERVICE_PREFIX) else None
        if config is None or not may_use(config, self.current_account) or not supports(config, own):
            raise InvalidServiceName(service_name)
        token = SERVICE_REGION.set(service_region)
        try:
            answer = respond_create(self)
        finally:
            SERVICE_REGION.reset(token)
        endpoint = answer.result["VpcEndpoint"]
        endpoint.service_region = service_region
        zones = []
        for eni_id in endpoint.network_interface_ids:
            zone = self.ec2_backend.get_network_interface(eni_id).subnet.availability_zone
            if zone not in zones:
                zones.append(zone)
        endpoint.dns_entries = vpc_endpoint_interfaces.dns_entries(endpoint, service_region, zones)
        return answer

    def describe_with_service_regions(self):
        regions = self._get_param("ServiceRegions", [])
        answer = respond_services(self)
        if not regions:
            return answer
        details = [d for d in answer.result["ServiceDetails"]
                   if d.get("ServiceRegion", self.region) in regions]
        for detail in details:
            detail.setdefault("ServiceRegion", self.region)
        details += remote_services(regions, self.region, self.current_account)
        answer.result["ServiceDetails"] = details
        answer.result["ServiceNames"] = [d["ServiceName"] for d in details]
        return answer

    VPCs.create_vpc_endpoint = create_vpc_endpoint_in_service_region
    VPCs.describe_vpc_endpoint_services = describe_with_service_regions
