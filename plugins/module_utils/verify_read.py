# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the state a connectivity check needs into a ``Snapshot``, in rounds.

Round 1 reads the VPCs the flows name; each later round reads what the state read so far points at (peers,
Resolver endpoint VPCs; ``verify_flows.wanted``), until nothing new is wanted. In each round, per
(account, region): one filtered, paginated describe per EC2 resource kind for all the new VPCs at once
(VPCs, their DHCP option sets, subnets, route tables, network ACLs, security groups, network interfaces, VPC
endpoints, and peering connections as requester and as accepter), the two DNS attributes per VPC (AWS answers one attribute per
call), and once per (account, region) the Resolver endpoints (with their addresses), rules and, per round,
the rule associations of the new VPCs. Route 53 is read once per account that has credentials: the private
hosted zones with their VPCs (ListHostedZones, GetHostedZone per private zone; not ListHostedZonesByVPC, one
call per VPC), and the records of the zones associated with a VPC read. A VPC in an account without credentials is not read; the checks say so.

The provider side of an interface endpoint a flow goes to (``read_providers``, only for such flows): in the
endpoint's service region, one DescribeVpcEndpointServiceConfigurations (filtered by service name) per account that
can be read; the account whose answer lists the service owns it, and its credentials read the service's Network
Load Balancers there (one DescribeLoadBalancers per 20 ARNs, DescribeListeners and DescribeTargetGroups per load
balancer, DescribeTargetHealth per target group). A service no account read owns is left unread, and its hop says so.
"""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_state import vpc_dns_attributes
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_flows import wanted
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_snapshot import Snapshot

MAX_ROUNDS = 6
BALANCERS_PER_CALL = 20  # DescribeLoadBalancers takes at most 20 LoadBalancerArns
EC2_KINDS = (
    ("describe_subnets", "Subnets", "add_subnet"),
    ("describe_route_tables", "RouteTables", "add_route_table"),
    ("describe_network_acls", "NetworkAcls", "add_nacl"),
    ("describe_network_interfaces", "NetworkInterfaces", "add_eni"),
)


class SnapshotReader:
    """Reads for a set of accounts: ``accounts`` maps account ID -> credentials (None for the caller)."""

    def __init__(self, ctx, accounts):
        self.ctx = ctx
        self.accounts = accounts
        self.snapshot = Snapshot()
        self.read_vpcs = set()
        self.read_scopes = set()
        self.zone_accounts = set()
        self.missing = []

    def read(self, roots):
        """The snapshot for flows whose VPCs are ``roots`` ((account, region, vpc_id)). Returns (snapshot,
        missing) where missing lists the roots that were not found."""
        for _round in range(MAX_ROUNDS):
            todo = {}
            for account, region, vpc_id in sorted(wanted(self.snapshot, roots) - self.read_vpcs):
                self.read_vpcs.add((account, region, vpc_id))
                if account not in self.accounts:
                    self.snapshot.unread[vpc_id] = (f"account {account} cannot be read: give credentials of that "
                                                    "account as a flow's source or destination credentials")
                    continue
                todo.setdefault((account, region), []).append(vpc_id)
            if not todo:
                break
            for (account, region), vpc_ids in sorted(todo.items()):
                self.read_scope(account, region, vpc_ids, roots)
            self.read_zones()
            self.read_records()
        return self.snapshot, self.missing

    # -- EC2 and Resolver, per (account, region) -------------------------------------------------------
    def read_scope(self, account, region, vpc_ids, roots):
        ctx, creds, snap = self.ctx, self.accounts[account], self.snapshot
        found = ctx.paginate("ec2", region, creds, "describe_vpcs", "Vpcs",
                             Filters=[dict(Name="vpc-id", Values=sorted(vpc_ids))])
        found = {v["VpcId"]: v for v in found}
        for vpc_id in vpc_ids:
            if vpc_id not in found:
                snap.unread[vpc_id] = f"it was not found in {region} (account {account})"
                if (account, region, vpc_id) in roots:
                    self.missing.append((account, region, vpc_id))
        ids = sorted(found)
        if not ids:
            return
        for vpc_id in ids:
            snap.add_vpc(found[vpc_id], region, account, vpc_dns_attributes(ctx, region, creds, vpc_id))
        dhcp = sorted({found[v].get("DhcpOptionsId") for v in ids} - {None, "default"})
        if dhcp:
            for options in ctx.paginate("ec2", region, creds, "describe_dhcp_options", "DhcpOptions",
                                        Filters=[dict(Name="dhcp-options-id", Values=dhcp)]):
                snap.add_dhcp_options(options)
        by_vpc = [dict(Name="vpc-id", Values=ids)]
        for operation, key, add in EC2_KINDS:
            for item in ctx.paginate("ec2", region, creds, operation, key, Filters=by_vpc):
                getattr(snap, add)(item)
        for group in ctx.paginate("ec2", region, creds, "describe_security_groups", "SecurityGroups", Filters=by_vpc):
            snap.add_security_group(group, region)
        for endpoint in ctx.paginate("ec2", region, creds, "describe_vpc_endpoints", "VpcEndpoints", Filters=by_vpc):
            snap.add_vpc_endpoint(endpoint, region)
        for side in ("requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id"):
            for conn in ctx.paginate("ec2", region, creds, "describe_vpc_peering_connections", "VpcPeeringConnections",
                                     Filters=[dict(Name=side, Values=ids)]):
                snap.add_peering(conn)
        self.read_resolver(account, region, ids)

    def read_resolver(self, account, region, vpc_ids):
        ctx, creds, snap = self.ctx, self.accounts[account], self.snapshot
        self.read_resolver_scope(account, region)
        for association in ctx.paginate("route53resolver", region, creds, "list_resolver_rule_associations",
                                        "ResolverRuleAssociations", Filters=[dict(Name="VPCId", Values=vpc_ids)]):
            snap.add_rule_association(association)

    def read_resolver_scope(self, account, region):
        """Endpoints and rules of (account, region), once. A rule shared with the account through AWS RAM is listed
        there too (ShareStatus SHARED_WITH_ME, OwnerId the owner's): it is kept as the owner's, and the owner's
        endpoints (the rule's outbound endpoint is there) are read as well when that account can be read, so a
        shared rule is followed like an owned one. A rule already read keeps the associations found for it."""
        ctx, creds, snap = self.ctx, self.accounts[account], self.snapshot
        if (account, region) in self.read_scopes:
            return
        self.read_scopes.add((account, region))
        for endpoint in ctx.paginate("route53resolver", region, creds, "list_resolver_endpoints", "ResolverEndpoints"):
            addresses = ctx.paginate("route53resolver", region, creds, "list_resolver_endpoint_ip_addresses",
                                     "IpAddresses", ResolverEndpointId=endpoint["Id"])
            snap.add_resolver_endpoint(endpoint, addresses, region, account)
        owners = set()
        for rule in ctx.paginate("route53resolver", region, creds, "list_resolver_rules", "ResolverRules"):
            owner = rule.get("OwnerId") or account
            if rule["Id"] not in snap.resolver_rules:
                snap.add_resolver_rule(rule, region, owner)
            if owner != account:
                owners.add(owner)
        for owner in sorted(owners):
            if owner in self.accounts:
                self.read_resolver_scope(owner, region)

    # -- the provider side of interface endpoints, per (account, service region) ------------------------------
    def read_providers(self, services):
        """The endpoint services ``services`` ({service region: service names}) and their load balancers, each read
        with the credentials of the account that owns it (the one whose configurations list it)."""
        snap = self.snapshot
        for region, names in sorted(services.items()):
            balancers = {}
            for account, creds in sorted(self.accounts.items()):
                todo = [n for n in names if n not in snap.endpoint_services]
                if not todo:
                    break
                for config in self.ctx.paginate("ec2", region, creds, "describe_vpc_endpoint_service_configurations",
                                                "ServiceConfigurations",
                                                Filters=[dict(Name="service-name", Values=todo)]):
                    if config.get("ServiceName") in todo:
                        snap.add_endpoint_service(config, region)
                        balancers.setdefault(account, set()).update(config.get("NetworkLoadBalancerArns") or [])
            for name in names:
                if name not in snap.endpoint_services:
                    snap.unread_services[name] = (
                        f"no account read here ({', '.join(sorted(self.accounts))}) owns it in {region}: give "
                        "credentials of the account that owns the service as a flow's destination credentials")
            for account, arns in sorted(balancers.items()):
                self.read_balancers(account, region, sorted(arns))

    def read_balancers(self, account, region, arns):
        """Load balancers ``arns`` of (account, region) with their listeners and their targets' health."""
        ctx, creds = self.ctx, self.accounts[account]
        for start in range(0, len(arns), BALANCERS_PER_CALL):
            for balancer in ctx.paginate("elbv2", region, creds, "describe_load_balancers", "LoadBalancers",
                                         LoadBalancerArns=arns[start:start + BALANCERS_PER_CALL]):
                arn = balancer["LoadBalancerArn"]
                listeners = ctx.paginate("elbv2", region, creds, "describe_listeners", "Listeners", LoadBalancerArn=arn)
                health = []
                for group in ctx.paginate("elbv2", region, creds, "describe_target_groups", "TargetGroups",
                                          LoadBalancerArn=arn):
                    health += ctx.call("elbv2", region, creds, "describe_target_health",
                                       TargetGroupArn=group["TargetGroupArn"]).get("TargetHealthDescriptions", [])
                self.snapshot.add_load_balancer(balancer, region, listeners, health)

    # -- Route 53, per account -------------------------------------------------------------------------
    def read_zones(self):
        """Private hosted zones of every account that can be read (a zone may serve another account's VPC)."""
        for account, creds in sorted(self.accounts.items()):
            if account in self.zone_accounts:
                continue
            self.zone_accounts.add(account)
            for zone in self.ctx.paginate("route53", "us-east-1", creds, "list_hosted_zones", "HostedZones"):
                if (zone.get("Config") or {}).get("PrivateZone"):
                    answer = self.ctx.call("route53", "us-east-1", creds, "get_hosted_zone", Id=zone["Id"])
                    self.snapshot.add_zone(zone, answer.get("VPCs", []), account)

    def read_records(self):
        """Records of each zone associated with a VPC read, once per zone."""
        snap = self.snapshot
        for zone in sorted(snap.zones.values(), key=lambda z: z["id"]):
            if zone["records"] is None and any(v["vpc_id"] in snap.vpcs for v in zone["vpcs"]):
                records = self.ctx.paginate("route53", "us-east-1", self.accounts[zone["account"]],
                                            "list_resource_record_sets", "ResourceRecordSets", HostedZoneId=zone["id"])
                snap.set_records(zone["id"], records)
