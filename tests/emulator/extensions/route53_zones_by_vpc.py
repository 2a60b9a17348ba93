"""Route 53 ListHostedZonesByVPC: every private zone of the VPC, whoever owns it, in the VPC's region.

AWS behaviour reproduced (Route 53 API Reference, ListHostedZonesByVPC: "Lists all the private hosted
zones that a specified VPC is associated with, regardless of which Amazon Web Services account or
Amazon Web Services service owns the hosted zones"; VPCId and VPCRegion are both required):
- zones of other accounts associated with the VPC are listed, each with Owner.OwningAccount set to the
  zone's account;
- only associations of the VPC in VPCRegion count.
Approximation: one page (MaxItems/NextToken are not applied); the caller is not checked to own the VPC.

moto 5.2.5 lists only the caller's own zones, names the caller as owner, and ignores VPCRegion.
"""

from __future__ import annotations

from ._route53_zones import private_zones_of_vpc

_APPLIED = False


def summaries(vpc_id: str, region: str) -> list:
    return [{"HostedZoneId": zone.resource_id, "Name": zone.name,
             "Owner": {"OwningAccount": backend.account_id}}
            for backend, zone in private_zones_of_vpc(vpc_id, region)]


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.core.responses import ActionResult
    from moto.route53.responses import Route53

    def list_hosted_zones_by_vpc(self):
        found = summaries(self._get_param("VPCId"), self._get_param("VPCRegion"))
        return ActionResult({"HostedZoneSummaries": found, "MaxItems": "100"})

    Route53.list_hosted_zones_by_vpc = list_hosted_zones_by_vpc
    _APPLIED = True
