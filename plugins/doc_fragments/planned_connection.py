# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option of the per-side peering modules that lets check mode plan over a connection this run only plans."""


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  planned_connection:
    description:
      - Check mode only; ignored in a real run and when the connection between O(vpc_id) and O(peer_vpc_id) is
        already active.
      - The connection that an earlier task of the same check-mode run only plans to request (and accept). Without
        it, a connection that does not exist yet, or is not active yet, fails the module, so check mode could not
        list the writes the real run makes over it. With it, the module plans over that connection as if it were
        active, with the DNS options off on both sides and no routes, and reports its ID as
        C((new peering connection)) when it does not exist yet.
      - C(playbooks/site.yml) passes it in check mode for every peering of the run that its request or accept makes
        active, from the VPCs it has read; the two VPCs must be O(vpc_id) and O(peer_vpc_id).
    type: dict
    suboptions:
      requester:
        description: The VPC that requests the connection (O(planned_connection.requester.vpc_id),
          O(planned_connection.requester.region) and O(planned_connection.requester.owner_id) are needed).
        type: dict
        suboptions: &side
          vpc_id:
            description: Its ID.
            type: str
          region:
            description: Its region.
            type: str
          owner_id:
            description: Its account.
            type: str
          cidr_blocks:
            description: Its IPv4 CIDR blocks (the routes to the other VPC go to them).
            type: list
            elements: str
          ipv6_cidr_blocks:
            description: Its IPv6 CIDR blocks.
            type: list
            elements: str
      accepter:
        description: The VPC that accepts it (its vpc_id, region and owner_id are needed).
        type: dict
        suboptions: *side
"""
