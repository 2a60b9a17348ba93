"""Endpoint services' supported IP address types.

AWS behaviour reproduced (PrivateLink Guide, "Share your services", IP address types; EC2 API Reference,
CreateVpcEndpointServiceConfiguration SupportedIpAddressTypes, ModifyVpcEndpointServiceConfiguration
AddSupportedIpAddressTypes / RemoveSupportedIpAddressTypes, ServiceConfiguration and ServiceDetail
SupportedIpAddressTypes):
- A service supports `ipv4` unless created with other `SupportedIpAddressTypes`; the types are changed with
  Add/RemoveSupportedIpAddressTypes and listed by DescribeVpcEndpointServiceConfigurations and
  DescribeVpcEndpointServices.
- `ipv6` needs every Network Load Balancer of the service to be dualstack ("To support IPv6, the load balancers
  must be dualstack"); otherwise the call is refused, as is a change that would leave no type.
Approximations: the refusals answer `InvalidParameter` with our own message (AWS's exact code and text were not
found in its documentation).

moto 5.2.5 ignores SupportedIpAddressTypes and its Add/Remove parameters and lists none.
"""

from __future__ import annotations

_APPLIED = False
DUALSTACK = ("dualstack", "dualstack-without-public-ipv4")


def types_of(config) -> list:
    return list(getattr(config, "supported_ip_address_types", None) or ["ipv4"])


def check(config, types) -> None:
    from moto.ec2.exceptions import InvalidParameter

    if not types:
        raise InvalidParameter(f"The service {config.id} must support at least one IP address type")
    unknown = sorted(set(types) - {"ipv4", "ipv6"})
    if unknown:
        raise InvalidParameter(f"Invalid IP address type(s) {unknown}: use ipv4 or ipv6")
    if "ipv6" in types:
        backend = config.ec2_backend.elbv2_backend
        for arn in config.network_load_balancer_arns:
            lb = backend.load_balancers.get(arn)
            if lb is not None and (lb.ip_address_type or "ipv4") not in DUALSTACK:
                raise InvalidParameter(f"The load balancer {arn} must be dualstack for the service to support ipv6")


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.models.vpc_service_configuration import VPCServiceConfiguration
    from moto.ec2.responses.vpc_service_configuration import VPCEndpointServiceConfiguration

    create = VPCEndpointServiceConfiguration.create_vpc_endpoint_service_configuration
    modify = VPCEndpointServiceConfiguration.modify_vpc_endpoint_service_configuration
    to_dict = VPCServiceConfiguration.to_dict

    def create_with_types(self):
        wanted = self._get_param("SupportedIpAddressTypes", []) or ["ipv4"]
        answer = create(self)
        config = answer.result["ServiceConfiguration"]
        try:
            check(config, sorted(set(wanted)))
        except Exception:
            self.ec2_backend.configurations.pop(config.id, None)
            raise
        config.supported_ip_address_types = sorted(set(wanted))
        return answer

    def modify_with_types(self):
        add = self._get_param("AddSupportedIpAddressTypes", [])
        remove = self._get_param("RemoveSupportedIpAddressTypes", [])
        config = self.ec2_backend.describe_vpc_endpoint_service_configurations([self._get_param("ServiceId")])[0]
        types = sorted((set(types_of(config)) | set(add)) - set(remove))
        if add or remove:
            check(config, types)
        answer = modify(self)
        config.supported_ip_address_types = types
        return answer

    def to_dict_with_types(self):
        return dict(to_dict(self), SupportedIpAddressTypes=types_of(self))

    VPCServiceConfiguration.supported_ip_address_types = ["ipv4"]
    VPCEndpointServiceConfiguration.create_vpc_endpoint_service_configuration = create_with_types
    VPCEndpointServiceConfiguration.modify_vpc_endpoint_service_configuration = modify_with_types
    VPCServiceConfiguration.to_dict = to_dict_with_types
    _APPLIED = True
