"""Endpoint connections: acceptance by the service owner, the owner's view, and deleting a service.

AWS behaviour reproduced:
- An interface endpoint created from another account to a service with AcceptanceRequired starts in
  `pendingAcceptance`; endpoints of the owner's own account, and to services without acceptance, are
  `available` (EC2 API Reference, ServiceConfiguration.AcceptanceRequired: "Indicates whether requests
  from other Amazon Web Services accounts to create an endpoint to the service must first be accepted").
- DescribeVpcEndpointConnections (EC2 API Reference) shows the service owner every endpoint connected
  to its services in the region, whatever the endpoint's account: ServiceId, VpcEndpointId,
  VpcEndpointOwner, VpcEndpointState, CreationTimestamp, DnsEntries, NetworkLoadBalancerArns,
  VpcEndpointRegion. Filters (all documented ones): `ip-address-type`, `service-id`,
  `vpc-endpoint-id`, `vpc-endpoint-owner`, `vpc-endpoint-region`, `vpc-endpoint-state` (values as
  documented: pendingAcceptance | available | rejected | deleted …); any other filter answers
  `InvalidParameterValue`, "The filter '<name>' is invalid". Everything comes in one page.
- AcceptVpcEndpointConnections / RejectVpcEndpointConnections (EC2 API Reference): only the owner of
  the service may call them (others get `InvalidVpcEndpointServiceId.NotFound`, the service not being
  theirs); accept moves `pendingAcceptance` to `available`, reject moves `pendingAcceptance` or
  `available` to `rejected`. Endpoints that are not connected to the service, or not in such a state,
  are reported in `Unsuccessful` (codes `InvalidVpcEndpointId.NotFound` and `InvalidVpcEndpointState`;
  AWS's exact codes for these items were not found, do not depend on them).
- DeleteVpcEndpointServiceConfigurations leaves a service with `available` or `pendingAcceptance`
  connections in place and reports it in `Unsuccessful` with code `ExistingVpcEndpointConnections`
  (EC2 API Reference: "Before you can delete an endpoint service configuration, you must reject any
  Available or PendingAcceptance interface endpoint connections"; the code as reported in
  openshift/hypershift pull request #2700).

moto 5.2.5 makes every endpoint `available`, answers DescribeVpcEndpointConnections with HTTP 500
and has no Accept/RejectVpcEndpointConnections; it deletes services whatever their connections.
"""

from __future__ import annotations

import fnmatch

from ._endpoint_services import find_service, service_endpoints

_APPLIED = False
LIVE_STATES = ("available", "pendingAcceptance")


def connection(config, endpoint) -> dict:
    return {
        "ServiceId": config.id,
        "VpcEndpointId": endpoint.id,
        "VpcEndpointOwner": endpoint.ec2_backend.account_id,
        "VpcEndpointState": endpoint.state,
        "CreationTimestamp": endpoint.creation_timestamp,
        "DnsEntries": [{"DnsName": d.get("dns_name"), "HostedZoneId": d.get("hosted_zone_id")}
                       for d in endpoint.dns_entries or []],
        "NetworkLoadBalancerArns": list(config.network_load_balancer_arns),
        "IpAddressType": "ipv4",
        "VpcEndpointRegion": endpoint.ec2_backend.region_name,
    }


FILTER_KEYS = {"ip-address-type": "IpAddressType", "service-id": "ServiceId", "vpc-endpoint-id": "VpcEndpointId",
               "vpc-endpoint-owner": "VpcEndpointOwner", "vpc-endpoint-region": "VpcEndpointRegion",
               "vpc-endpoint-state": "VpcEndpointState"}


def filter_values(item: dict, name: str) -> list:
    from moto.ec2.exceptions import InvalidFilter

    if name not in FILTER_KEYS:
        raise InvalidFilter(name, "InvalidParameterValue")
    return [item[FILTER_KEYS[name]]]


def matches(item: dict, filters: dict) -> bool:
    return all(any(fnmatch.fnmatchcase(v, p) for v in filter_values(item, name) for p in patterns)
               for name, patterns in filters.items())


def connections_of(backend) -> list:
    """Every connection to the services `backend` (an account in a region) owns."""
    return [connection(config, endpoint) for config in backend.configurations.values()
            for endpoint in service_endpoints(config, backend.region_name)]


def change_states(backend, service_id, endpoint_ids, from_states, to_state) -> list:
    """Move the service's endpoints from `from_states` to `to_state`; the rest as Unsuccessful items."""
    config = backend.describe_vpc_endpoint_service_configurations([service_id])[0]
    connected = {e.id: e for e in service_endpoints(config, backend.region_name)}
    unsuccessful = []
    for endpoint_id in endpoint_ids:
        endpoint = connected.get(endpoint_id)
        if endpoint is None:
            error = {"Code": "InvalidVpcEndpointId.NotFound",
                     "Message": f"The Vpc Endpoint Id '{endpoint_id}' does not exist"}
        elif endpoint.state not in from_states:
            error = {"Code": "InvalidVpcEndpointState",
                     "Message": f"Endpoint {endpoint_id} is in state {endpoint.state}"}
        else:
            endpoint.state = to_state
            continue
        unsuccessful.append({"ResourceId": endpoint_id, "Error": error})
    return unsuccessful


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.core.responses import ActionResult
    from moto.ec2.models.vpcs import VPCBackend
    from moto.ec2.responses.vpc_service_configuration import VPCEndpointServiceConfiguration as Responses

    create_vpc_endpoint = VPCBackend.create_vpc_endpoint

    def create_vpc_endpoint_pending(self, *args, **kwargs):
        endpoint = create_vpc_endpoint(self, *args, **kwargs)
        config = find_service(endpoint.service_name, self.region_name)
        if (config is not None and config.acceptance_required
                and config.ec2_backend.account_id != self.account_id):
            endpoint.state = "pendingAcceptance"
        return endpoint

    def describe_vpc_endpoint_connections(self):
        filters = self._filters_from_querystring()
        found = [c for c in connections_of(self.ec2_backend) if matches(c, filters)]
        return ActionResult({"VpcEndpointConnections": found})

    def accept_vpc_endpoint_connections(self):
        unsuccessful = change_states(self.ec2_backend, self._get_param("ServiceId"),
                                     self._get_param("VpcEndpointIds", []), ("pendingAcceptance",), "available")
        return ActionResult({"Unsuccessful": unsuccessful})

    def reject_vpc_endpoint_connections(self):
        unsuccessful = change_states(self.ec2_backend, self._get_param("ServiceId"),
                                     self._get_param("VpcEndpointIds", []), LIVE_STATES, "rejected")
        return ActionResult({"Unsuccessful": unsuccessful})

    delete_configurations = Responses.delete_vpc_endpoint_service_configurations

    def delete_vpc_endpoint_service_configurations(self):
        backend = self.ec2_backend
        blocked = sorted({c["ServiceId"] for c in connections_of(backend) if c["VpcEndpointState"] in LIVE_STATES})
        if not blocked:
            return delete_configurations(self)
        service_ids = self._get_param("ServiceIds", [])
        deletable = [s for s in service_ids if s not in blocked]
        unsuccessful = [{"ResourceId": s, "Error": {
            "Code": "ExistingVpcEndpointConnections",
            "Message": f"Service {s} has existing VPC endpoint connections in state available or pendingAcceptance"}}
            for s in service_ids if s in blocked]
        for missing in backend.delete_vpc_endpoint_service_configurations(deletable):
            unsuccessful.append({"ResourceId": missing, "Error": {
                "Code": "InvalidVpcEndpointService.NotFound",
                "Message": f"The VpcEndpointService Id '{missing}' does not exist"}})
        return ActionResult({"Unsuccessful": unsuccessful})

    VPCBackend.create_vpc_endpoint = create_vpc_endpoint_pending
    Responses.describe_vpc_endpoint_connections = describe_vpc_endpoint_connections
    Responses.accept_vpc_endpoint_connections = accept_vpc_endpoint_connections
    Responses.reject_vpc_endpoint_connections = reject_vpc_endpoint_connections
    Responses.delete_vpc_endpoint_service_configurations = delete_vpc_endpoint_service_configurations
    _APPLIED = True
