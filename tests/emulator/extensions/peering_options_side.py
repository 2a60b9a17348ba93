"""Peering DNS options: each side only by its own owner, in its own region, once active.

AWS behaviour reproduced for ModifyVpcPeeringConnectionOptions:
- The connection must be `active`; otherwise `OperationNotPermitted`,
  "Peering pcx-… is not active. Peering options can be added only to active peerings."
  (the AWS answer quoted in cloudposse/terraform-aws-vpc-peering-multi-account issue #8).
- RequesterPeeringConnectionOptions may only be set by the requester VPC's owner, and
  AccepterPeeringConnectionOptions only by the accepter VPC's owner; otherwise
  `OperationNotPermitted`, "User 111122223333 does not have permission to modify the accepter
  side peering options" (AWS answer quoted in terraform-provider-aws issues #582 and #31068).
- For inter-Region connections, the requester side must be changed in the requester VPC's
  Region and the accepter side in the accepter VPC's Region. AWS docs: EC2 API Reference,
  ModifyVpcPeeringConnectionOptions ("For inter-region peering connections, you must use the
  Region for the requester VPC to modify the requester VPC peering options and the Region for
  the accepter VPC to modify the accepter VPC peering options"). The error code is
  `OperationNotPermitted` as for the other two; its exact AWS text was not found, so ours
  follows the shape of AWS's wrong-region accept error.
Checks run in that order (state, owner, region); a call naming both sides fails if either side
fails. The region/account of the call are those of the moto backend handling it.

moto 5.2.5 lets any account in any region change either side, in any state.
"""

from __future__ import annotations

_APPLIED = False


def refusal(backend, pcx, side: str) -> str | None:
    """Why `backend` (the caller's account and region) may not change `side`, or None."""
    vpc = pcx.vpc if side == "requester" else pcx.peer_vpc
    if backend.account_id != vpc.owner_id:
        return f"User {backend.account_id} does not have permission to modify the {side} side peering options"
    if backend.region_name != vpc.region:
        return (
            f"Incorrect region ({backend.region_name}) specified for this request. The {side} "
            f"options of VPC peering connection {pcx.id} must be modified in region {vpc.region}"
        )
    return None


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.exceptions import OperationNotPermitted
    from moto.ec2.models.vpc_peering_connections import VPCPeeringConnectionBackend as Backend

    original = Backend.modify_vpc_peering_connection_options

    def modify_vpc_peering_connection_options(self, vpc_pcx_id, accepter_options=None,
                                              requester_options=None):
        pcx = self.get_vpc_peering_connection(vpc_pcx_id)
        if pcx._status.code != "active":
            raise OperationNotPermitted(
                f"Peering {vpc_pcx_id} is not active. Peering options can be added only to "
                "active peerings."
            )
        for side, options in (("requester", requester_options), ("accepter", accepter_options)):
            if options:
                reason = refusal(self, pcx, side)
                if reason:
                    raise OperationNotPermitted(reason)
        return original(self, vpc_pcx_id, accepter_options, requester_options)

    Backend.modify_vpc_peering_connection_options = modify_vpc_peering_connection_options
    _APPLIED = True
