"""Active VPC peering connections per VPC: AWS refuses a request or an accept past the quota.

AWS behaviour reproduced:
- Quota "Active VPC peering connections per VPC" (Service Quotas `vpc`/`L-7E9ECCDB`), default 50, adjustable up
  to 125 (Amazon VPC User Guide, "Amazon VPC quotas", VPC peering connections). What counts: the VPC Peering Guide,
  "VPC peering limitations": "You have a quota on the number of active and pending VPC peering connections that you
  can have per VPC". Counted here: the VPC's connections (as requester or accepter, of any account and region) in
  state initiating-request, pending-acceptance, provisioning or active.
- CreateVpcPeeringConnection when either VPC already has that many, and AcceptVpcPeeringConnection when either VPC
  has that many besides the one accepted, answer `ActiveVpcPeeringConnectionPerVpcLimitExceeded` (EC2 API
  Reference, error codes: "You've reached the limit on the number of active VPC peering connections you can have
  for the specified VPC."); the VPC is named in the message (AWS's exact wording is not documented).
- The quota's value is the one the emulator's Service Quotas answers for the VPC's account and region (moto
  answers the default).

moto 5.2.5 has no limit. Not reproduced: a request to another account's VPC that is past its quota is refused
here at once (AWS would rather fail the connection later; its behaviour is not documented).
"""

from __future__ import annotations

from ._quotas import applied, ec2_backends_in_use

CODE, DEFAULT = "L-7E9ECCDB", 50
COUNTED = ("initiating-request", "pending-acceptance", "provisioning", "active")
_APPLIED = False


def counted(vpc_id: str, besides: str | None = None) -> int:
    """How many connections of `vpc_id` count against the quota, in every account and region."""
    seen = {}
    for backend in ec2_backends_in_use():
        for pcx in list(backend.vpc_pcxs.values()):
            if pcx.id != besides and pcx._status.code in COUNTED and vpc_id in (pcx.vpc.id, pcx.peer_vpc.id):
                seen[pcx.id] = pcx
    return len(seen)


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.vpc_peering_connections import VPCPeeringConnectionBackend as Backend

    def refuse_past_quota(vpcs, besides=None):
        for vpc in vpcs:
            limit = applied(vpc.owner_id, vpc.region, "vpc", CODE, DEFAULT)
            if counted(vpc.id, besides) >= limit:
                raise EC2ClientError(
                    "ActiveVpcPeeringConnectionPerVpcLimitExceeded",
                    f"You've reached the limit on the number of active VPC peering connections you can have for "
                    f"the specified VPC ({vpc.id} has {limit}).")

    original_create = Backend.create_vpc_peering_connection
    original_accept = Backend.accept_vpc_peering_connection

    def create_vpc_peering_connection(self, vpc, peer_vpc, tags=None):
        refuse_past_quota((vpc, peer_vpc))
        return original_create(self, vpc, peer_vpc, tags)

    def accept_vpc_peering_connection(self, vpc_pcx_id):
        pcx = self.get_vpc_peering_connection(vpc_pcx_id)
        if pcx._status.code == "pending-acceptance":
            refuse_past_quota((pcx.vpc, pcx.peer_vpc), besides=pcx.id)
        return original_accept(self, vpc_pcx_id)

    Backend.create_vpc_peering_connection = create_vpc_peering_connection
    Backend.accept_vpc_peering_connection = accept_vpc_peering_connection
    _APPLIED = True
