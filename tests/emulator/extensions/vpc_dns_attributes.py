"""ModifyVpcAttribute: one attribute per call; DNS hostnames only with DNS support on.

AWS behaviour reproduced:
- One attribute per request. AWS docs: EC2 API Reference, ModifyVpcAttribute ("You cannot
  modify the DNS resolution and DNS hostnames attributes in the same request. Use separate
  requests for each attribute."). AWS answers `InvalidParameterCombination`,
  "Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames"
  (quoted in aws/aws-sdk-go issue #415 and kubernetes-sigs/cluster-api-provider-aws #783);
  we list the attributes in the order they were sent.
- enableDnsHostnames=true is refused while enableDnsSupport is false. AWS docs: same page
  ("You can only enable DNS hostnames if you've enabled DNS support."). The exact AWS error was
  not found; we answer `InvalidParameterValue` naming the VPC. Turning DNS support off while
  hostnames are on is not documented as refused, so it is left alone.

moto 5.2.5 applies every attribute sent, in any combination.
"""

from __future__ import annotations

ATTRIBUTES = ("EnableDnsSupport", "EnableDnsHostnames", "EnableNetworkAddressUsageMetrics")
_APPLIED = False


def _wire_name(attribute: str) -> str:
    return attribute[0].lower() + attribute[1:]


def is_true(value) -> bool:
    return value is True or str(value).lower() == "true"


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.exceptions import EC2ClientError, InvalidParameterCombination
    from moto.ec2.models.vpcs import VPCBackend
    from moto.ec2.responses.vpcs import VPCs

    original_response = VPCs.modify_vpc_attribute
    original_backend = VPCBackend.modify_vpc_attribute

    def modify_vpc_attribute_response(self):
        sent = [a for a in ATTRIBUTES if self._get_param(f"{a}.Value") is not None]
        if len(sent) > 1:
            names = ", ".join(_wire_name(a) for a in sent)
            raise InvalidParameterCombination(f"Fields for multiple attribute types specified: {names}")
        return original_response(self)

    def modify_vpc_attribute_backend(self, vpc_id, attr_name, attr_value):
        vpc = self.get_vpc(vpc_id)
        if attr_name == "enable_dns_hostnames" and is_true(attr_value) and not is_true(
            vpc.enable_dns_support
        ):
            raise EC2ClientError(
                "InvalidParameterValue",
                f"Cannot enable DNS hostnames for VPC {vpc_id} while DNS support "
                "(enableDnsSupport) is disabled; enable DNS support first.",
            )
        return original_backend(self, vpc_id, attr_name, attr_value)

    VPCs.modify_vpc_attribute = modify_vpc_attribute_response
    VPCBackend.modify_vpc_attribute = modify_vpc_attribute_backend
    _APPLIED = True
