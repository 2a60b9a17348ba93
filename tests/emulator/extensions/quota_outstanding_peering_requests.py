"""Outstanding VPC peering connection requests: AWS refuses a request past the quota.

AWS behaviour reproduced:
- Quota "Outstanding VPC peering connection requests" (Service Quotas `vpc`/`L-DC9F7029`), default 25, adjustable
  (Amazon VPC User Guide, "Amazon VPC quotas": "This is the number of outstanding VPC peering connection requests
  made from your account"). Counted here: connections requested by the account from the region (quotas apply per
  Region) that are `pending-acceptance`.
- CreateVpcPeeringConnection past it answers `OutstandingVpcPeeringConnectionLimitExceeded` (EC2 API Reference,
  error codes: "You've reached the limit on the number of VPC peering connection requests that you can create for
  the specified VPC."; that sentence says per VPC, the quota table per account: the quota table is followed).
- The quota's value is the one the emulator's Service Quotas answers for the account and region.

moto 5.2.5 has no limit. Requests never expire in moto (AWS: after 7 days), so they count until accepted,
rejected or deleted.
"""

from __future__ import annotations

from ._quotas import applied, ec2_backends_in_use

CODE, DEFAULT = "L-DC9F7029", 25
_APPLIED = False


def outstanding(account: str, region: str) -> int:
    seen = set()
    for backend in ec2_backends_in_use():
        for pcx in list(backend.vpc_pcxs.values()):
            if (pcx._status.code == "pending-acceptance" and pcx.vpc.owner_id == account
                    and pcx.vpc.region == region):
                seen.add(pcx.id)
    return len(seen)


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.vpc_peering_connections import VPCPeeringConnectionBackend as Backend

    original_create = Backend.create_vpc_peering_connection

    def create_vpc_peering_connection(self, vpc, peer_vpc, tags=None):
        limit = applied(vpc.owner_id, vpc.region, "vpc", CODE, DEFAULT)
        if outstanding(vpc.owner_id, vpc.region) >= limit:
            raise EC2ClientError(
                "OutstandingVpcPeeringConnectionLimitExceeded",
                f"You've reached the limit on the number of VPC peering connection requests that you can create "
                f"for the specified VPC (account {vpc.owner_id} has {limit} outstanding in {vpc.region}).")
        return original_create(self, vpc, peer_vpc, tags)

    Backend.create_vpc_peering_connection = create_vpc_peering_connection
    _APPLIED = True
