"""VPC peering between overlapping IPv4 CIDRs fails; a VPC cannot peer with itself.

(With the failed state comes its rule: failed, like rejected, connections cannot be deleted.)

AWS behaviour reproduced:
- CreateVpcPeeringConnection between VPCs whose IPv4 CIDR blocks overlap (any associated block,
  primary or secondary) is accepted: the answer shows `initiating-request`, and the connection
  goes straight to status `failed` with the message
  "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range".
  AWS docs: EC2 API Reference, CreateVpcPeeringConnection ("If you create a VPC peering
  connection request between VPCs with overlapping CIDR blocks, the VPC peering connection has
  a status of failed"); VPC Peering Guide, create-vpc-peering-connection.html ("If they overlap,
  the status of the VPC peering connection immediately goes to failed. This limitation applies
  even if the VPCs have unique IPv6 CIDR blocks"). The status message is the one AWS shows
  (quoted in terraform-provider-aws issue #2948).
- A `failed` connection cannot be accepted (moto already answers `InvalidStateTransition`), and
  neither a `failed` nor a `rejected` one can be deleted: EC2 API Reference,
  DeleteVpcPeeringConnection ("You cannot delete a VPC peering connection that's in the failed
  or rejected state"); we answer `InvalidStateTransition`.
  AWS removes failed connections from view after a while; here they stay until reset.
- Peering a VPC with itself is refused at once. The exact AWS error code and text for this
  case were not found in AWS documentation; we answer `InvalidParameterValue` with a message
  naming the VPC. Modules must not depend on the code, only on the call failing.

moto 5.2.5 accepts all of these (overlapping and self peerings go pending-acceptance, then
active; failed and rejected ones can be deleted).
"""

from __future__ import annotations

import ipaddress

FAILED_MESSAGE = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range"
_APPLIED = False


def ipv4_blocks(vpc) -> list:
    """Every associated (or associating) IPv4 CIDR block of a moto VPC."""
    blocks = []
    for assoc in vpc.get_cidr_block_association_set(ipv6=False):
        state = (assoc.get("cidr_block_state") or {}).get("state")
        if state in ("associated", "associating"):
            blocks.append(ipaddress.ip_network(assoc["cidr_block"], strict=False))
    return blocks


def overlapping(vpc, peer_vpc) -> list[tuple[str, str]]:
    return [
        (str(a), str(b)) for a in ipv4_blocks(vpc) for b in ipv4_blocks(peer_vpc) if a.overlaps(b)
    ]


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.exceptions import (
        EC2ClientError,
        InvalidVPCPeeringConnectionStateTransitionError,
    )
    from moto.ec2.models.vpc_peering_connections import VPCPeeringConnectionBackend as Backend

    original_create = Backend.create_vpc_peering_connection
    original_delete = Backend.delete_vpc_peering_connection

    def create_vpc_peering_connection(self, vpc, peer_vpc, tags=None):
        if vpc.id == peer_vpc.id:
            raise EC2ClientError(
                "InvalidParameterValue",
                f"The requester VPC and the accepter VPC are the same ({vpc.id}); "
                "a VPC cannot be peered with itself.",
            )
        pcx = original_create(self, vpc, peer_vpc, tags)
        if overlapping(vpc, peer_vpc):
            pcx._status.code = "failed"
            pcx._status.message = FAILED_MESSAGE
        return pcx

    def delete_vpc_peering_connection(self, vpc_pcx_id):
        pcx = self.get_vpc_peering_connection(vpc_pcx_id)
        if pcx._status.code in ("failed", "rejected"):
            raise InvalidVPCPeeringConnectionStateTransitionError(vpc_pcx_id)
        return original_delete(self, vpc_pcx_id)

    Backend.create_vpc_peering_connection = create_vpc_peering_connection
    Backend.delete_vpc_peering_connection = delete_vpc_peering_connection
    _APPLIED = True
