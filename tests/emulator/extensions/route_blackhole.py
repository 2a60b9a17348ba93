"""Routes over a VPC peering connection that is not active are in state `blackhole`.

AWS behaviour reproduced, in DescribeRouteTables (`Route.State`):
- A route whose target is a peering connection in state deleted, deleting, rejected, failed or
  expired answers `State: blackhole`. AWS docs: EC2 API Reference, Route, "State": "blackhole
  indicates that the route's target isn't available"; AWS does not remove routes when their target
  goes away, so they stay until someone deletes or replaces them.
- So does a route over a connection that is not active yet (initiating-request, provisioning,
  pending-acceptance). AWS docs: VPC Peering Guide, "Update your route tables for a VPC peering
  connection": "You can add a route for a VPC peering connection that's in the pending-acceptance
  state; however, the route will have a state of blackhole and have no effect until the VPC peering
  connection is in the active state."
- Once the connection is active, its routes are `active` again.

moto 5.2.5 reports every route `active`, whatever its peering connection's state. Not reproduced:
blackholes for other targets (a deleted NAT gateway, a detached internet gateway, ...), and the
`route.state` filter (moto answers it with HTTP 500; nothing here needs it).
"""

from __future__ import annotations

_APPLIED = False


def route_state(route) -> str:
    """`blackhole` for a route over a peering connection that is not active, else `active`."""
    pcx = route.vpc_pcx
    if pcx is not None and pcx._status.code != "active":
        return "blackhole"
    return "active"


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.models.route_tables import Route

    Route.state = property(route_state)
    _APPLIED = True
