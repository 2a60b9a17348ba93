"""DescribeVpcPeeringConnections: honour Filters; unknown IDs are NotFound with AWS's code.

AWS behaviour reproduced:
- Filters. AWS docs: EC2 API Reference, DescribeVpcPeeringConnections, "Filter.N":
  accepter-vpc-info.cidr-block, accepter-vpc-info.owner-id, accepter-vpc-info.vpc-id,
  requester-vpc-info.cidr-block, requester-vpc-info.owner-id, requester-vpc-info.vpc-id,
  status-code, status-message, tag:<key>, tag-key, tag-value, vpc-peering-connection-id.
  Values may use `*` and `?` wildcards; several values of one filter are OR-ed, several
  filters AND-ed. `expiration-time` is not implemented (moto has no expiry) and, like any other
  unknown filter name, answers moto's FilterNotImplementedError.
- An ID in VpcPeeringConnectionIds that does not exist answers
  `InvalidVpcPeeringConnectionID.NotFound` (botocore's VpcPeeringConnectionExists/Deleted
  waiters and amazon.aws's module_utils match exactly that code), message
  "The vpcPeeringConnection ID 'pcx-…' does not exist".
- Every other "no such peering" moto raises (accept, reject, delete, modify options) gets the
  same AWS code; moto spells it `InvalidVpcPeeringConnectionId.NotFound`.

moto 5.2.5 ignores Filters (returns every connection the account/region sees), returns an
empty list for unknown IDs, and uses the wrong letter case in the error code.
"""

from __future__ import annotations

import fnmatch

NOT_FOUND = "InvalidVpcPeeringConnectionID.NotFound"
OPERATION = "DescribeVpcPeeringConnections"
_APPLIED = False


def filter_values(pcx, name: str) -> list[str]:
    """The values a moto peering connection has for the AWS filter `name`."""
    from moto.ec2.exceptions import FilterNotImplementedError

    side, _dot, key = name.partition(".")
    if side in ("requester-vpc-info", "accepter-vpc-info"):
        vpc = pcx.vpc if side == "requester-vpc-info" else pcx.peer_vpc
        if key == "vpc-id":
            return [vpc.id]
        if key == "owner-id":
            return [vpc.owner_id]
        if key == "cidr-block":
            return [a["cidr_block"] for a in vpc.get_cidr_block_association_set(ipv6=False)]
    elif name == "status-code":
        return [pcx._status.code]
    elif name == "status-message":
        return [pcx._status.message]
    elif name == "vpc-peering-connection-id":
        return [pcx.id]
    elif name.startswith("tag:"):
        return [t["value"] for t in pcx.get_tags() if t["key"] == name[4:]]
    elif name in ("tag-key", "tag-value"):
        return [t[name[4:]] for t in pcx.get_tags()]
    raise FilterNotImplementedError(name, OPERATION)


def matches(pcx, filters: dict) -> bool:
    return all(
        any(fnmatch.fnmatchcase(value, pattern) for value in filter_values(pcx, name)
            for pattern in patterns)
        for name, patterns in filters.items()
    )


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import InvalidVPCPeeringConnectionIdError
    from moto.ec2.responses.vpc_peering_connections import VPCPeeringConnections

    def not_found_init(self, vpc_peering_connection_id):
        super(InvalidVPCPeeringConnectionIdError, self).__init__(
            NOT_FOUND,
            f"The vpcPeeringConnection ID '{vpc_peering_connection_id}' does not exist",
        )

    def describe_vpc_peering_connections(self):
        ids = self._get_param("VpcPeeringConnectionIds", []) or []
        filters = self._filters_from_querystring()
        found = self.ec2_backend.describe_vpc_peering_connections(vpc_peering_ids=ids)
        missing = [i for i in ids if i not in {p.id for p in found}]
        if missing:
            raise InvalidVPCPeeringConnectionIdError(missing[0])
        return ActionResult({"VpcPeeringConnections": [p for p in found if matches(p, filters)]})

    InvalidVPCPeeringConnectionIdError.__init__ = not_found_init
    VPCPeeringConnections.describe_vpc_peering_connections = describe_vpc_peering_connections
    _APPLIED = True
