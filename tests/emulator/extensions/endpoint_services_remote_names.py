"""DescribeVpcEndpointServices naming services of other regions.

AWS behaviour reproduced (EC2 API Reference, DescribeVpcEndpointServices: `ServiceNames` and `ServiceRegions` filter
together): a consumer asks for one service of another region by its name with `ServiceNames=[name]` and
`ServiceRegions=[region]`, and gets its ServiceDetail (with its `SupportedIpAddressTypes`, `ServiceRegion`, ...).

moto 5.2.5, with endpoint_service_region.py applied, lists remote services for `ServiceRegions` alone, but a name in
`ServiceNames` that is not a service of the caller's region is refused first (`InvalidServiceName`). Here the request
is answered without the names, then narrowed to them; a name found nowhere is still `InvalidServiceName`.
"""

from __future__ import annotations

_APPLIED = False


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.exceptions import InvalidServiceName
    from moto.ec2.responses.vpcs import VPCs

    respond = VPCs.describe_vpc_endpoint_services

    def describe_remote_by_name(self):
        names = self._get_param("ServiceNames", [])
        if not names or not self._get_param("ServiceRegions", []):
            return respond(self)
        saved_params = dict(self.params) if isinstance(getattr(self, "params", None), dict) else None
        saved_query = dict(self.querystring)
        if saved_params is not None:
            self.params.pop("ServiceNames", None)
        for key in [k for k in self.querystring if k.startswith("ServiceName.")]:
            del self.querystring[key]
        try:
            answer = respond(self)
        finally:
            if saved_params is not None:
                self.params.clear()
                self.params.update(saved_params)
            self.querystring.clear()
            self.querystring.update(saved_query)
        details = [d for d in answer.result["ServiceDetails"] if d.get("ServiceName") in names]
        missing = sorted(set(names) - {d.get("ServiceName") for d in details})
        if missing:
            raise InvalidServiceName(missing[0])
        answer.result["ServiceDetails"] = details
        answer.result["ServiceNames"] = [d["ServiceName"] for d in details]
        return answer

    VPCs.describe_vpc_endpoint_services = describe_remote_by_name
    _APPLIED = True
