"""Endpoint services: only the owner and the allowed principals can see a service and connect to it.

AWS behaviour reproduced:
- DescribeVpcEndpointServices lists, besides AWS's own services, the endpoint services of the caller's
  account and those of other accounts in the region whose allowed principals admit the caller
  (EC2 API Reference, ModifyVpcEndpointServicePermissions: "Modifies the permissions for your VPC
  endpoint service. You can add or remove permissions for service consumers (Amazon Web Services
  accounts, users, and IAM roles) to connect to your endpoint service."; PrivateLink Guide, "Manage
  permissions": consumers not allowed cannot see or connect to the service). Naming such a service in
  ServiceNames answers `InvalidServiceName`.
- CreateVpcEndpoint to an endpoint service (`com.amazonaws.vpce.<region>.vpce-svc-…`) that does not
  exist in the region, or whose principals do not admit the caller, answers `InvalidServiceName`,
  "The Vpc Endpoint Service '<name>' does not exist" (the answer quoted in aws/aws-cdk issue #28851).
- The `service-name` filter works (moto 5.2.5 answers HTTP 500 for it: it reads the filter's values
  under `Value` where the request has `Values`).
Approximations: an allowed IAM user or role ARN admits its whole account (moto does not tell which
identity calls); service principals admit no account. AWS services' own names
(`com.amazonaws.<region>.s3`, …) are left to moto.

moto 5.2.5 lists only the caller's own services and lets any account create an endpoint to any
service name, existing or not.
"""

from __future__ import annotations

from operator import itemgetter

from ._endpoint_services import VPCE_SERVICE_PREFIX, find_service, may_use, regional_backends

_APPLIED = False
MAX_RESULTS = 1000


def visible_services(region: str, account_id: str) -> list:
    return [c for backend in regional_backends(region) for c in backend.configurations.values()
            if may_use(c, account_id)]


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.exceptions import InvalidNextToken, InvalidServiceName
    from moto.ec2.models.vpcs import VPCBackend

    create_vpc_endpoint = VPCBackend.create_vpc_endpoint

    def create_vpc_endpoint_if_allowed(self, vpc_id, service_name, *args, **kwargs):
        if service_name and service_name.startswith(VPCE_SERVICE_PREFIX):
            config = find_service(service_name, self.region_name)
            if config is None or not may_use(config, self.account_id):
                raise InvalidServiceName(service_name)
        return create_vpc_endpoint(self, vpc_id, service_name, *args, **kwargs)

    def describe_vpc_endpoint_services(self, service_names, filters, max_results, next_token, region):
        services = self._collect_default_endpoint_services(self.account_id, region) + [
            c.to_dict() for c in visible_services(region, self.account_id)]
        known = {s["ServiceName"] for s in services}
        for name in service_names:
            if name not in known:
                raise InvalidServiceName(name)
        filters = [dict(f, Value=f.get("Values", [])) for f in filters or []]
        found = sorted(self._filter_endpoint_services(service_names, filters, services),
                       key=itemgetter("ServiceName"))
        ids = [s["ServiceId"] for s in found]
        start = 0
        if next_token:
            if next_token not in ids:
                raise InvalidNextToken(next_token)
            start = ids.index(next_token)
        end = start + min(max_results or MAX_RESULTS, MAX_RESULTS)
        page = found[start:end]
        return {"servicesDetails": page, "serviceNames": [s["ServiceName"] for s in page],
                "nextToken": found[end]["ServiceId"] if len(found) > end else None}

    VPCBackend.create_vpc_endpoint = create_vpc_endpoint_if_allowed
    VPCBackend.describe_vpc_endpoint_services = describe_vpc_endpoint_services
    _APPLIED = True
