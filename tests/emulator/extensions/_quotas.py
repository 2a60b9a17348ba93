"""Helpers for the quota extensions: the value of a quota as the emulator's Service Quotas answers it for an
account and region (moto 5.2.5 answers AWS's defaults for the Amazon VPC codes), else the default given."""

from __future__ import annotations


def applied(account: str, region: str, service: str, code: str, default: int) -> int:
    """The quota's value for `account` in `region`: what GetServiceQuota answers there, else `default`."""
    try:
        from moto.servicequotas.models import servicequotas_backends

        return int(servicequotas_backends[account][region].get_service_quota(service, code)["Value"])
    except Exception:  # pylint: disable=broad-exception-caught
        return default  # no such quota in moto: AWS's default


def ec2_backends_in_use():
    """Every account's and region's EC2 backend that exists now (none is created). Not moto's
    `get_vpc_pcx_refs()`: it also yields backends a reset dropped but that are not collected yet."""
    from moto.ec2.models import ec2_backends

    for per_account in list(dict.values(ec2_backends)):
        yield from list(dict.values(per_account))
