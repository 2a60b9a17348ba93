"""Endpoint service private DNS names and their domain verification.

AWS behaviour reproduced (PrivateLink Guide, "Manage DNS names for VPC endpoint services"; EC2 API Reference,
PrivateDnsNameConfiguration, StartVpcEndpointServicePrivateDnsVerification, ModifyVpcEndpointServiceConfiguration):
- A service given a `PrivateDnsName` (on create or modify) is described with a `PrivateDnsNameConfiguration`:
  `State` `pendingVerification`, `Type` `TXT`, `Name` (the record's first label, `_` and random characters) and
  `Value` (`vpce:` and random characters); a new name gets a new configuration, pending again.
- `RemovePrivateDnsName=true` removes the name and its configuration.
- StartVpcEndpointServicePrivateDnsVerification starts the check of the record: AWS looks in public DNS for a TXT
  record `<Name>.<domain>` holding `Value`, where the domain is the private DNS name or one of its parents ("you can
  verify example.com instead of a.example.com"); the state becomes `verified` when found, `failed` when not.
  A service without a private DNS name is refused (`InvalidParameter`; AWS's exact code not found in its docs).
- DescribeVpcEndpointServices lists the name's `PrivateDnsNameVerificationState` (ServiceDetail).
Approximations: the check runs on the first read after the start (AWS takes from seconds to minutes), in the
emulator's public hosted zones of every account (standing in for public DNS); the name and value are derived from
the service ID and the name instead of random.

moto 5.2.5 stores the name but answers every named service with a fixed configuration (`verified`, `Name` "n",
`Value` "val"), ignores RemovePrivateDnsName, and answers StartVpcEndpointServicePrivateDnsVerification with HTTP 500.
"""

from __future__ import annotations

import hashlib

from ._route53_zones import route53_backends_in_use

_APPLIED = False
PENDING, VERIFIED, FAILED = "pendingVerification", "verified", "failed"


def _digest(config, name: str, size: int) -> str:
    return hashlib.sha256(f"{config.id}|{name}".encode()).hexdigest()[:size]


def configuration(config) -> dict:
    """The PrivateDnsNameConfiguration AWS shows for `config` ({} without a name); runs a started check."""
    name = config.private_dns_name
    if not name:
        return {}
    if getattr(config, "_vpcmesh_dns_for", None) != name:
        config._vpcmesh_dns_for, config._vpcmesh_dns_state, config._vpcmesh_dns_checking = name, PENDING, False
    found = dict(State=config._vpcmesh_dns_state, Type="TXT", Name=f"_{_digest(config, name, 12)}",
                 Value=f"vpce:{_digest(config, name + '|value', 20)}")
    if config._vpcmesh_dns_checking:
        config._vpcmesh_dns_checking = False
        config._vpcmesh_dns_state = VERIFIED if record_published(name, found["Name"], found["Value"]) else FAILED
        found["State"] = config._vpcmesh_dns_state
    return found


def domains(name: str) -> list:
    """The private DNS name and its parents of two labels or more (`a.b.example.com` -> itself, `b.example.com`,
    `example.com`), without a leading `*.`."""
    labels = name[2:].split(".") if name.startswith("*.") else name.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def _values(rrset) -> list:
    return [(v.get("Value") if isinstance(v, dict) else str(v)).strip().strip('"') for v in rrset.records or []]


def record_published(name: str, label: str, value: str) -> bool:
    """Whether a public zone of any account has the TXT record `<label>.<domain>` = `value` for a domain of `name`."""
    wanted = {f"{label}.{d}.".lower() for d in domains(name)}
    for backend in route53_backends_in_use():
        for zone in list(backend.zones.values()):
            if zone.private_zone:
                continue
            for rrset in zone.rrsets:
                if (rrset.type or "").upper() == "TXT" and (rrset.name or "").rstrip(".").lower() + "." in wanted \
                        and value in _values(rrset):
                    return True
    return False


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import InvalidParameter
    from moto.ec2.models.vpc_service_configuration import VPCServiceConfiguration
    from moto.ec2.responses.vpc_service_configuration import VPCEndpointServiceConfiguration

    VPCServiceConfiguration.private_dns_name_configuration = property(configuration)
    to_dict = VPCServiceConfiguration.to_dict

    def to_dict_with_state(self):
        out = to_dict(self)
        if self.private_dns_name:
            out["PrivateDnsNameVerificationState"] = configuration(self).get("State")
        else:
            out.pop("PrivateDnsName", None)
            out["PrivateDnsNames"] = []
        return out

    modify = VPCEndpointServiceConfiguration.modify_vpc_endpoint_service_configuration

    def modify_removing_name(self):
        answer = modify(self)
        if str(self._get_param("RemovePrivateDnsName", False)).lower() == "true":
            config = self.ec2_backend.describe_vpc_endpoint_service_configurations([self._get_param("ServiceId")])[0]
            config.private_dns_name = None
        return answer

    def start_vpc_endpoint_service_private_dns_verification(self):
        service_id = self._get_param("ServiceId")
        config = self.ec2_backend.describe_vpc_endpoint_service_configurations([service_id])[0]
        if not config.private_dns_name:
            raise InvalidParameter(f"The service {service_id} has no private DNS name to verify")
        configuration(config)
        config._vpcmesh_dns_state, config._vpcmesh_dns_checking = PENDING, True
        return ActionResult({"ReturnValue": True})

    VPCServiceConfiguration.to_dict = to_dict_with_state
    VPCEndpointServiceConfiguration.modify_vpc_endpoint_service_configuration = modify_removing_name
    VPCEndpointServiceConfiguration.start_vpc_endpoint_service_private_dns_verification = \
        start_vpc_endpoint_service_private_dns_verification
    _APPLIED = True
