"""Helpers for the endpoint service extensions: moto keeps each account's services and endpoints in
that account's backend; AWS lets them meet across accounts within one region."""

from __future__ import annotations

import contextvars

VPCE_SERVICE_PREFIX = "com.amazonaws.vpce."
# The ServiceRegion of the CreateVpcEndpoint being answered (endpoint_service_region.py sets it): the service is
# looked for there instead of in the endpoint's own region.
SERVICE_REGION = contextvars.ContextVar("vpcmesh_service_region", default=None)


def regional_backends(region: str):
    """Every account's EC2 backend in `region` that exists already (none is created)."""
    from moto.ec2.models import ec2_backends

    for per_account in list(dict.values(ec2_backends)):
        backend = dict.get(per_account, region)
        if backend is not None:
            yield backend


def find_service(service_name: str, region: str):
    """The endpoint service configuration named `service_name` in `region`, whatever its account."""
    for backend in regional_backends(SERVICE_REGION.get() or region):
        for config in backend.configurations.values():
            if config.service_name == service_name:
                return config
    return None


def all_backends():
    """Every account's EC2 backend in every region that exists already."""
    from moto.ec2.models import ec2_backends

    for per_account in list(dict.values(ec2_backends)):
        yield from list(dict.values(per_account))


def service_endpoints(config, region: str):
    """Every endpoint of any account that connects to `config` (of `region`): those in `region`, and those
    in other regions that name `region` as their ServiceRegion (native cross-region PrivateLink)."""
    for backend in all_backends():
        for endpoint in backend.vpc_end_points.values():
            if endpoint.service_name != config.service_name:
                continue
            if (getattr(endpoint, "service_region", None) or backend.region_name) == region:
                yield endpoint


def principal_allows(principal: str, account_id: str) -> bool:
    """Whether an allowed-principal entry admits callers of `account_id` (any IAM ARN of the account
    stands for it: moto does not tell which user or role calls)."""
    return principal == "*" or f":iam::{account_id}:" in principal


def may_use(config, account_id: str) -> bool:
    """The owner and the allowed principals may see a service and connect to it."""
    return config.ec2_backend.account_id == account_id or any(
        principal_allows(p, account_id) for p in config.principals)
