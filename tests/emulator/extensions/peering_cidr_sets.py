"""DescribeVpcPeeringConnections shows every CIDR block of both VPCs, IPv4 and IPv6.

AWS behaviour reproduced: `RequesterVpcInfo` and `AccepterVpcInfo` carry, beside `CidrBlock` (the
primary IPv4 block), `CidrBlockSet` (every IPv4 block of the VPC, secondary blocks included) and
`Ipv6CidrBlockSet` (its IPv6 blocks). AWS docs: EC2 API Reference, VpcPeeringConnectionVpcInfo
("CidrBlockSet: Information about the IPv4 CIDR blocks for the VPC", "Ipv6CidrBlockSet: The IPv6
CIDR block for the VPC"). This is how a peer of another account, which cannot describe the other
VPC, learns which blocks to route (vpcmesh.aws.peer_routes without peer_credentials).

Not reproduced: AWS hides the accepter's blocks from a cross-account requester until the request is
accepted (boto/boto3 issue #326); here they are shown in every state.

moto 5.2.5 shows only `CidrBlock`.
"""

from __future__ import annotations

_APPLIED = False


def cidr_sets(vpc) -> dict:
    """CidrBlockSet and Ipv6CidrBlockSet of a moto VPC (associated blocks only)."""

    def associated(ipv6):
        return [c["cidr_block"] for c in vpc.get_cidr_block_association_set(ipv6=ipv6)
                if c.get("cidr_block_state", {}).get("state", "associated") == "associated"]

    return {"CidrBlockSet": [{"CidrBlock": c} for c in associated(False)],
            "Ipv6CidrBlockSet": [{"Ipv6CidrBlock": c} for c in associated(True)]}


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.models.vpc_peering_connections import VPCPeeringConnection

    requester, accepter = VPCPeeringConnection.requester_vpc_info, VPCPeeringConnection.accepter_vpc_info
    VPCPeeringConnection.requester_vpc_info = property(lambda self: {**requester.fget(self), **cidr_sets(self.vpc)})
    VPCPeeringConnection.accepter_vpc_info = property(lambda self: {**accepter.fget(self), **cidr_sets(self.peer_vpc)})
    _APPLIED = True
