"""VPC peering connections: each account and region that sees a connection has its own copy of its tags.

AWS behaviour reproduced: a peering connection between two regions or two accounts exists once per region and
account that takes part (Terraform's and Pulumi's AWS providers manage the accepter's copy as a separate
resource, `aws_vpc_peering_connection_accepter`, for that reason), and tags are set on one copy only: the tags a
request carries (TagSpecifications) and a CreateTags or DeleteTags call apply to the copy of the caller's
account and region. The accepter's copy of a new cross-region or cross-account connection has no tags until its
owner tags it; DescribeVpcPeeringConnections (its Tags and its `tag:*`, `tag-key`, `tag-value` filters) shows the
caller's copy. Within one account and region there is one copy, as before.

moto 5.2.5 keeps one object for both sides and reads its tags in the requester's account and region, so the
accepter sees (and filters on) the requester's tags, and a CreateTags by the accepter changes nothing it can see.

How: during every EC2 call, the backend of the caller's account and region is the one a peering connection reads
its tags from; creating one still tags it in the requester's backend only.
"""

from __future__ import annotations

import threading

_APPLIED = False
_caller = threading.local()  # the EC2 backend of the request being answered, on the thread answering it


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.models.vpc_peering_connections import VPCPeeringConnection
    from moto.ec2.responses import EC2Response

    answer = EC2Response.call_action

    def call_action(self):
        _caller.backend = self.ec2_backend
        try:
            return answer(self)
        finally:
            _caller.backend = None

    def get_tags(self):
        backend = getattr(_caller, "backend", None) or self.ec2_backend
        return backend.describe_tags(filters={"resource-id": [self.id]}) if self.id else []

    EC2Response.call_action = call_action
    VPCPeeringConnection.get_tags = get_tags
    _APPLIED = True
