# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> inventory for ``estate_info``: every VPC, peering connection, route table, private hosted zone, Resolver
endpoint and rule, VPC endpoint and endpoint service of the given accounts and regions, read-only. Each kind is
one filtered, paginated describe per account and region (Route 53 once per account), plus what AWS answers only per
item (a VPC's two DNS attributes, a zone's VPCs and records, a Resolver rule's tags and an endpoint's IPs). The
answers are put in the plain shapes ``discovery.py`` (pure) turns into the inventory."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext, creds_key
from ansible_collections.vpcmesh.aws.plugins.module_utils.discovery import inventory
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_shapes import tags_dict, vpc_cidrs
from ansible_collections.vpcmesh.aws.plugins.module_utils.ec2_state import vpc_dns_attributes
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_state import (
    RESOLVER, SafeCalls, AwsCallError, endpoint_ips, list_associations, list_endpoints, list_rules, resource_tags)

ROUTE53_REGION = "us-east-1"
# Keys of a record set with a routing policy (the model's records are simple).
POLICY_KEYS = ("SetIdentifier", "Weight", "Region", "Failover", "GeoLocation", "MultiValueAnswer")


def account_vars(account):
    """The inventory variables an account's group gets: its ID and how to act as it (never keys)."""
    creds = account.get("credentials") or {}
    out = {"vpcmesh_account_id": account["account_id"]}
    if creds.get("role_arn"):
        out["vpcmesh_role_arn"] = creds["role_arn"]
        if creds.get("external_id"):
            out["vpcmesh_role_external_id"] = creds["external_id"]
    elif creds.get("profile"):
        out["vpcmesh_profile"] = creds["profile"]
    return out


def _vpc(raw, region, attributes):
    v4, _v6 = vpc_cidrs(raw)
    return {"vpc_id": raw["VpcId"], "region": region, "account_id": raw["OwnerId"],
            "name": tags_dict(raw.get("Tags")).get("Name"), "cidrs": v4,
            "dns_support": attributes["enableDnsSupport"], "dns_hostnames": attributes["enableDnsHostnames"],
            "default": bool(raw.get("IsDefault")), "route_tables": [], "subnets": []}


def _table(raw):
    return {"id": raw["RouteTableId"], "tags": tags_dict(raw.get("Tags")),
            "main": any(a.get("Main") for a in raw.get("Associations") or []),
            "edge": any(a.get("GatewayId") for a in raw.get("Associations") or []),
            "routes": [{"destination": r["DestinationCidrBlock"], "peering_id": r.get("VpcPeeringConnectionId")}
                       for r in raw.get("Routes") or [] if r.get("DestinationCidrBlock")]}


def _side(info):
    options = info.get("PeeringOptions") or {}
    return {"vpc_id": info.get("VpcId"), "region": info.get("Region"), "owner_id": info.get("OwnerId"),
            "allow_dns": options.get("AllowDnsResolutionFromRemoteVpc")}


class DiscoveryReader:
    """Reads the estate of ``accounts`` ([{account_id, credentials, regions}]) and returns discovery.inventory()."""

    def __init__(self, module):
        self.module = module
        self.ctx = AwsContext(module)
        self.calls = SafeCalls(self.ctx)

    def _resolver(self, region, creds, account_id, vpc_ids, state):
        try:
            endpoints = [e for e in list_endpoints(self.calls, region, creds) if e.get("HostVPCId") in vpc_ids]
            for endpoint in endpoints:
                state["resolver"]["endpoints"].append({
                    "id": endpoint["Id"], "name": endpoint.get("Name"), "region": region, "account_id": account_id,
                    "vpc_id": endpoint["HostVPCId"], "direction": endpoint["Direction"],
                    "ips": [{"ip": ip["Ip"], "subnet_id": ip["SubnetId"]}
                            for ip in endpoint_ips(self.calls, region, creds, endpoint["Id"]) if ip.get("Ip")]})
            rules = [r for r in list_rules(self.calls, region, creds) if r.get("RuleType") == "FORWARD"
                     and r.get("OwnerId", account_id) == account_id]
            links = list_associations(self.calls, region, creds, ResolverRuleId=[r["Id"] for r in rules])
            for rule in rules:
                state["resolver"]["rules"].append({
                    "id": rule["Id"], "name": rule.get("Name"), "region": region, "account_id": account_id,
                    "type": rule["RuleType"], "domain": rule["DomainName"].rstrip("."),
                    "targets": [t["Ip"] for t in rule.get("TargetIps") or [] if t.get("Ip")],
                    "endpoint_id": rule.get("ResolverEndpointId"),
                    "tags": resource_tags(self.calls, region, creds, rule["Arn"]),
                    "vpc_ids": sorted({a["VPCId"] for a in links if a["ResolverRuleId"] == rule["Id"]
                                       and a.get("Status") not in ("DELETING", "FAILED")})})
        except AwsCallError as e:
            self.module.fail_json(msg=str(e))

    def _region(self, account_id, creds, region, state):
        ctx = self.ctx
        raw_vpcs = ctx.paginate("ec2", region, creds, "describe_vpcs", "Vpcs",
                                Filters=[dict(Name="owner-id", Values=[account_id])])
        if not raw_vpcs:
            return
        ids = sorted(v["VpcId"] for v in raw_vpcs)
        by_vpc = [dict(Name="vpc-id", Values=ids)]
        vpcs = {v["VpcId"]: _vpc(v, region, vpc_dns_attributes(ctx, region, creds, v["VpcId"])) for v in raw_vpcs}
        for raw in ctx.paginate("ec2", region, creds, "describe_route_tables", "RouteTables", Filters=by_vpc):
            vpcs[raw["VpcId"]]["route_tables"].append(_table(raw))
        for raw in ctx.paginate("ec2", region, creds, "describe_subnets", "Subnets", Filters=by_vpc):
            vpcs[raw["VpcId"]]["subnets"].append({"id": raw["SubnetId"], "tags": tags_dict(raw.get("Tags"))})
        state["vpcs"] += list(vpcs.values())
        for conn in ctx.paginate("ec2", region, creds, "describe_vpc_peering_connections", "VpcPeeringConnections"):
            state["peerings"].append({"id": conn["VpcPeeringConnectionId"], "status": conn["Status"]["Code"],
                                      "name": tags_dict(conn.get("Tags")).get("Name"), "seen_in": region,
                                      "seen_by": account_id,
                                      "requester": _side(conn.get("RequesterVpcInfo") or {}),
                                      "accepter": _side(conn.get("AccepterVpcInfo") or {})})
        found_groups = ctx.paginate("ec2", region, creds, "describe_security_groups", "SecurityGroups", Filters=by_vpc)
        groups = {g["GroupId"]: g for g in found_groups}
        for eni in ctx.paginate("ec2", region, creds, "describe_network_interfaces", "NetworkInterfaces",
                                Filters=by_vpc):
            if eni.get("RequesterManaged") or eni.get("InterfaceType", "interface") != "interface":
                continue
            ingress = []
            for group in eni.get("Groups") or []:
                for perm in (groups.get(group["GroupId"]) or {}).get("IpPermissions") or []:
                    if perm.get("IpProtocol") == "tcp" and perm.get("FromPort") == perm.get("ToPort"):
                        ingress.append({"port": perm["FromPort"],
                                        "cidrs": [r["CidrIp"] for r in perm.get("IpRanges") or []]})
            state["interfaces"].append({"vpc_id": eni["VpcId"], "ip": eni["PrivateIpAddress"], "ingress": ingress})
        for endpoint in ctx.paginate("ec2", region, creds, "describe_vpc_endpoints", "VpcEndpoints", Filters=by_vpc):
            if endpoint.get("State", "").lower() in ("deleted", "deleting", "rejected", "failed"):
                continue
            state["endpoints"].append({"id": endpoint["VpcEndpointId"], "vpc_id": endpoint["VpcId"], "region": region,
                                       "service": endpoint.get("ServiceName"), "type": endpoint.get("VpcEndpointType"),
                                       "name": tags_dict(endpoint.get("Tags")).get("Name"),
                                       "subnet_ids": sorted(endpoint.get("SubnetIds") or [])})
        services = ctx.paginate("ec2", region, creds, "describe_vpc_endpoint_service_configurations",
                                "ServiceConfigurations")
        for service in services:
            permissions = ctx.paginate("ec2", region, creds, "describe_vpc_endpoint_service_permissions",
                                       "AllowedPrincipals", ServiceId=service["ServiceId"])
            state["services"].append({
                "id": service["ServiceId"], "region": region, "account_id": account_id,
                "name": tags_dict(service.get("Tags")).get("Name"), "service_name": service.get("ServiceName"),
                "load_balancer_arns": list(service.get("NetworkLoadBalancerArns") or []),
                "acceptance_required": bool(service.get("AcceptanceRequired")),
                "principals": [p["Principal"] for p in permissions if p.get("Principal")]})
        if services:
            self._balancers(region, creds, set(ids), state)
        self._resolver(region, creds, account_id, set(ids), state)

    def _balancers(self, region, creds, vpc_ids, state):
        """The load balancers of the VPCs read (for the PrivateLink chains' services), with their first listener's
        port and their target groups' ports and targets."""
        ctx = self.ctx
        groups = ctx.paginate("elbv2", region, creds, "describe_target_groups", "TargetGroups")
        for balancer in ctx.paginate("elbv2", region, creds, "describe_load_balancers", "LoadBalancers"):
            if balancer.get("VpcId") not in vpc_ids:
                continue
            arn = balancer["LoadBalancerArn"]
            listeners = ctx.paginate("elbv2", region, creds, "describe_listeners", "Listeners", LoadBalancerArn=arn)
            mine = []
            for group in groups:
                if arn in (group.get("LoadBalancerArns") or []):
                    health = ctx.call("elbv2", region, creds, "describe_target_health",
                                      TargetGroupArn=group["TargetGroupArn"])
                    mine.append({"name": group["TargetGroupName"], "port": group.get("Port"),
                                 "targets": [t["Target"]["Id"] for t in health.get("TargetHealthDescriptions") or []]})
            state["load_balancers"].append({
                "arn": arn, "name": balancer.get("LoadBalancerName"), "vpc_id": balancer["VpcId"],
                "subnet_ids": sorted(z["SubnetId"] for z in balancer.get("AvailabilityZones") or [] if z.get("SubnetId")),
                "port": listeners[0]["Port"] if listeners else None, "target_groups": mine})

    def _zones(self, account_id, creds, state):
        ctx = self.ctx
        for zone in ctx.paginate("route53", ROUTE53_REGION, creds, "list_hosted_zones", "HostedZones"):
            if not (zone.get("Config") or {}).get("PrivateZone"):
                continue
            zone_id = zone["Id"].split("/")[-1]
            detail = ctx.call("route53", ROUTE53_REGION, creds, "get_hosted_zone", Id=zone_id)
            records = ctx.paginate("route53", ROUTE53_REGION, creds, "list_resource_record_sets",
                                   "ResourceRecordSets", HostedZoneId=zone_id)
            seen, vpcs = set(), []
            for vpc in detail.get("VPCs") or []:
                if vpc["VPCId"] not in seen:  # the emulator lists a repeated association twice
                    seen.add(vpc["VPCId"])
                    vpcs.append({"vpc_id": vpc["VPCId"], "region": vpc["VPCRegion"]})
            state["zones"].append({
                "id": zone_id, "name": zone["Name"], "account_id": account_id,
                "comment": (zone.get("Config") or {}).get("Comment") or "", "vpcs": vpcs,
                "records": [{"name": r["Name"], "type": r["Type"], "ttl": r.get("TTL"),
                             "values": [v["Value"] for v in r.get("ResourceRecords") or []],
                             "alias": bool(r.get("AliasTarget")),
                             "policy": any(k in r for k in POLICY_KEYS)}
                            for r in records]})

    def read(self, accounts, regions):
        """The state of every account and region, in discovery.inventory()'s shape."""
        state = {"accounts": [], "vpcs": [], "peerings": [], "zones": [], "resolver": {"endpoints": [], "rules": []},
                 "interfaces": [], "endpoints": [], "services": [], "load_balancers": []}
        seen = set()
        for account in accounts:
            creds = account.get("credentials") or None
            account_id = self.ctx.account_id(creds)
            if account.get("account_id") and str(account["account_id"]) != account_id:
                self.module.fail_json(msg=(
                    f"accounts: the credentials given for account {account['account_id']} act as account "
                    f"{account_id}; give that account's role or profile"))
            if (account_id, creds_key(creds)) in seen or account_id in {a["account_id"] for a in state["accounts"]}:
                self.module.fail_json(msg=f"accounts: account {account_id} is given more than once")
            seen.add((account_id, creds_key(creds)))
            state["accounts"].append({"account_id": account_id,
                                      "vars": account_vars(dict(account, account_id=account_id))})
            for region in account.get("regions") or regions:
                self.ctx.client("ec2", region, creds)
                self.calls.prepare(RESOLVER, region, creds)
                self._region(account_id, creds, region, state)
            self._zones(account_id, creds, state)
        return state

    def run(self):
        params = self.module.params
        state = self.read(params["accounts"], params["regions"])
        found = inventory(state)
        return dict(changed=False, inventory=found["inventory"], left_as_found=found["left_as_found"],
                    hosts=found["hosts"])
