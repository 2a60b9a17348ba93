"""Routes per route table: AWS refuses a route past the quota.

AWS behaviour reproduced:
- Quota "Routes per route table" (Service Quotas `vpc`/`L-93826ACB`), default 50, adjustable up to 1,000 (Amazon
  VPC User Guide, "Amazon VPC quotas", route tables: "Routes per route table (non-propagated routes) ... This quota
  is enforced separately for IPv4 routes and IPv6 routes"). Counted here: the table's routes of the new route's
  family, the local route included (moto has no propagated routes); prefix-list routes count as IPv4.
- CreateRoute past it answers `RouteLimitExceeded` (EC2 API Reference, error codes: "You've reached the limit on
  the number of routes that you can add to a route table."). ReplaceRoute adds nothing and is not refused.
- The quota's value is the one the emulator's Service Quotas answers for the table's account and region.

moto 5.2.5 has no limit. Not reproduced: whether AWS counts the local route is not documented; it is counted
here, as vpcmesh.aws's check counts it.
"""

from __future__ import annotations

from ._quotas import applied

CODE, DEFAULT = "L-93826ACB", 50
_APPLIED = False


def family_count(route_table, ipv6: bool) -> int:
    return sum(1 for route in list(route_table.routes)
               if bool(getattr(route, "destination_ipv6_cidr_block", None)) == ipv6)


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.route_tables import RouteBackend

    original_create = RouteBackend.create_route

    def create_route(self, route_table_id, destination_cidr_block, destination_ipv6_cidr_block=None,
                     *args, **kwargs):
        table = self.get_route_table(route_table_id)
        ipv6 = bool(destination_ipv6_cidr_block)
        limit = applied(self.account_id, self.region_name, "vpc", CODE, DEFAULT)
        if not kwargs.get("local") and family_count(table, ipv6) >= limit:
            raise EC2ClientError(
                "RouteLimitExceeded",
                f"You've reached the limit on the number of routes that you can add to a route table "
                f"({route_table_id} has {limit} {'IPv6' if ipv6 else 'IPv4'} routes).")
        return original_create(self, route_table_id, destination_cidr_block, destination_ipv6_cidr_block,
                               *args, **kwargs)

    RouteBackend.create_route = create_route
    _APPLIED = True
