"""What the emulator holds, as one comparable dict: `take(aws, regions, accounts)` and `normalise(...)`.

    before = snapshot.take(aws, REGIONS, ACCOUNTS)      # raw: real IDs, for byte-for-byte checks
    ...
    assert snapshot.take(aws, REGIONS, ACCOUNTS) == before

    clean = snapshot.normalise(snapshot.take(aws, ...))  # IDs replaced by names built from content
    now = snapshot.normalise(snapshot.take(aws, ...))    # another emulator run
    assert now == clean, snapshot.differences(clean, now)

`take` reads, per account and region: VPCs (with both DNS attributes), subnets, route tables (routes,
associations), security groups, live peering connections, VPC endpoints, endpoint services (with their
allowed principals), network load balancers and target groups (with targets), Route 53 Resolver endpoints
(with their IPs), rules and rule associations; per account: hosted zones with their VPCs and record sets.
Volatile fields (times, request IDs, caller references) are dropped; lists are sorted.

`normalise` replaces every resource ID with a label made of what the resource is (`vpc[guide1-use1]`,
`pcx[vpc[a]->vpc[b]]`, `rtb[vpc[a]:private-a]`, `zone[internal.]`, `rule[name]`, ...), so two runs that
built the same things compare equal, and a duplicate shows as the same label twice. Call it with the
proxy's interceptors cleared (a snapshot is not part of the run under test).
"""

from __future__ import annotations

import difflib
import json
import re

from .accounts import DEFAULT_ACCOUNT

LIVE_PEERING = {"initiating-request", "provisioning", "pending-acceptance", "active"}
# Dropped: times, request bookkeeping, and endpoint DnsEntries (moto adds random characters to each name).
_VOLATILE = re.compile(r"(Time|Date|Timestamp)$|^(ResponseMetadata|CreatorRequestId|CallerReference|"
                       r"RequestId|ExpirationTime|LastModified|NextToken|Marker|DnsEntries)$")
# Any ID of a kind `normalise` did not label keeps only its kind, so randomness never leaks into a comparison.
_ANY_ID = re.compile(r"\b(vpc|subnet|rtb|pcx|sg|eni|vpce-svc|vpce|rtbassoc|sgr|igw|acl|aclassoc|subnet-cidr-assoc|"
                     r"vpc-cidr-assoc|rslvr-in|rslvr-out|rslvr-rr|rslvr-rrassoc|rni|rslvr-autodefined-rr|pl|r)-"
                     r"[0-9a-f]{8,17}\b")
_TRACE_ID = re.compile(r"\[Trace id: [^\]]*\] ")  # moto's Resolver status messages carry a random trace ID
_ELB_ARN_SUFFIX = re.compile(r"((?:loadbalancer/(?:app|net)|targetgroup|listener/(?:app|net))/[^/\"]+)(?:/[0-9a-f]{16})+")


def _clean(value):
    """`value` without volatile keys, with lists sorted by their JSON text."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in sorted(value.items()) if not _VOLATILE.search(k)}
    if isinstance(value, list):
        items = [_clean(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def _tags(item, key="Tags"):
    return {t["Key"]: t["Value"] for t in item.get(key) or []}


def _ec2(aws, region, account):
    ec2 = aws.client("ec2", region, account)
    vpcs = ec2.describe_vpcs()["Vpcs"]
    for vpc in vpcs:
        for attribute in ("enableDnsSupport", "enableDnsHostnames"):
            key = attribute[0].upper() + attribute[1:]
            vpc[key] = ec2.describe_vpc_attribute(VpcId=vpc["VpcId"], Attribute=attribute)[key]["Value"]
    services = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    for service in services:
        service["AllowedPrincipals"] = [p["Principal"] for p in ec2.describe_vpc_endpoint_service_permissions(
            ServiceId=service["ServiceId"])["AllowedPrincipals"]]
    return dict(
        vpcs=vpcs,
        subnets=ec2.describe_subnets()["Subnets"],
        route_tables=ec2.describe_route_tables()["RouteTables"],
        security_groups=ec2.describe_security_groups()["SecurityGroups"],
        peerings=[c for c in ec2.describe_vpc_peering_connections()["VpcPeeringConnections"]
                  if c["Status"]["Code"] in LIVE_PEERING],
        endpoints=[e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["State"].lower() != "deleted"],
        endpoint_services=services,
    )


def _elbv2(aws, region, account):
    elb = aws.client("elbv2", region, account)
    groups = elb.describe_target_groups()["TargetGroups"]
    for group in groups:
        group["Targets"] = [t["Target"] for t in elb.describe_target_health(
            TargetGroupArn=group["TargetGroupArn"])["TargetHealthDescriptions"]]
    balancers = elb.describe_load_balancers()["LoadBalancers"]
    for balancer in balancers:
        balancer["Listeners"] = elb.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]
    return dict(load_balancers=balancers, target_groups=groups)


def _resolver(aws, region, account):
    resolver = aws.client("route53resolver", region, account)
    endpoints = resolver.list_resolver_endpoints()["ResolverEndpoints"]
    for endpoint in endpoints:
        endpoint["IpAddresses"] = resolver.list_resolver_endpoint_ip_addresses(
            ResolverEndpointId=endpoint["Id"])["IpAddresses"]
    rules = [r for r in resolver.list_resolver_rules()["ResolverRules"] if r.get("OwnerId") != "Route 53 Resolver"]
    return dict(resolver_endpoints=endpoints, resolver_rules=rules,
                resolver_rule_associations=resolver.list_resolver_rule_associations()["ResolverRuleAssociations"])


def _route53(aws, account):
    route53 = aws.client("route53", "us-east-1", account)
    zones = route53.list_hosted_zones()["HostedZones"]
    for zone in zones:
        zone["VPCs"] = route53.get_hosted_zone(Id=zone["Id"]).get("VPCs", [])
        zone["Records"] = route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
    return zones


def take(aws, regions, accounts=(DEFAULT_ACCOUNT,)) -> dict:
    """{account: {"route53": [zones], region: {kind: [items]}}} with volatile fields dropped, lists sorted."""
    out = {}
    for account in accounts:
        per_account = {"route53": _route53(aws, account)}
        for region in regions:
            per_account[region] = {**_ec2(aws, region, account), **_elbv2(aws, region, account),
                                   **_resolver(aws, region, account)}
        out[account] = per_account
    return _clean(out)


def labels(snap: dict) -> dict:
    """{resource ID: label built from what the resource is} for every resource in a `take` result."""
    names = {}
    for account, per_account in snap.items():
        for region, kinds in per_account.items():
            if region != "route53":
                _label_region(names, region, kinds)
        for zone in per_account["route53"]:
            private = "private" if zone["Config"].get("PrivateZone") else "public"
            names[zone["Id"].split("/")[-1]] = f"zone[{zone['Name']}:{private}]"
    return names


def _label_region(names, region, kinds):
    for vpc in kinds["vpcs"]:
        names[vpc["VpcId"]] = f"vpc[{_tags(vpc).get('Name') or vpc['CidrBlock']}@{region}]"
    for subnet in kinds["subnets"]:
        names[subnet["SubnetId"]] = f"subnet[{subnet['CidrBlock']}]"
    for table in kinds["route_tables"]:
        main = any(a.get("Main") for a in table.get("Associations", []))
        name = _tags(table).get("Name") or ("main" if main else "+".join(
            sorted(names.get(a.get("SubnetId"), "?") for a in table.get("Associations", []))))
        names[table["RouteTableId"]] = f"rtb[{names[table['VpcId']]}:{name}]"
    for group in kinds["security_groups"]:
        names[group["GroupId"]] = f"sg[{names.get(group.get('VpcId'), '-')}:{group['GroupName']}]"
    for conn in kinds["peerings"]:
        requester, accepter = conn["RequesterVpcInfo"]["VpcId"], conn["AccepterVpcInfo"]["VpcId"]
        names[conn["VpcPeeringConnectionId"]] = f"pcx[{requester}->{accepter}]"  # VPC IDs relabelled below
    for service in kinds["endpoint_services"]:
        names[service["ServiceId"]] = f"vpce-svc[{'+'.join(sorted(service.get('NetworkLoadBalancerArns', [])))}]"
    for endpoint in kinds["endpoints"]:
        names[endpoint["VpcEndpointId"]] = f"vpce[{endpoint['ServiceName']}@{endpoint['VpcId']}]"
    for endpoint in kinds["resolver_endpoints"]:
        names[endpoint["Id"]] = f"resolver-endpoint[{endpoint.get('Name') or endpoint['Direction']}@{endpoint['HostVPCId']}]"
        for address in endpoint["IpAddresses"]:
            names[address["IpId"]] = f"rni[{address.get('Ip')}]"
    for rule in kinds["resolver_rules"]:
        names[rule["Id"]] = f"rule[{rule.get('Name') or rule['DomainName']}@{region}]"
    for assoc in kinds["resolver_rule_associations"]:
        names[assoc["Id"]] = f"rule-association[{assoc['ResolverRuleId']}@{assoc['VPCId']}]"


def normalise(snap: dict) -> dict:
    """`snap` with every resource ID replaced by its label (see `labels`) and lists sorted again."""
    names = labels(snap)
    text = _TRACE_ID.sub("", _ELB_ARN_SUFFIX.sub(r"\1", json.dumps(snap, sort_keys=True, default=str)))
    if names:
        pattern = re.compile("|".join(re.escape(i) for i in sorted(names, key=len, reverse=True)))
        for resource_id in names:  # a label may name other resources (a peering its VPCs): resolve those first
            names[resource_id] = pattern.sub(lambda m: names[m.group(0)], _ELB_ARN_SUFFIX.sub(r"\1", names[resource_id]))
        text = pattern.sub(lambda m: names[m.group(0)], text)
    text = _ANY_ID.sub(lambda m: f"{m.group(1)}-?", text)
    return _clean(json.loads(text))


def differences(expected: dict, actual: dict, limit: int = 80) -> str:
    """A unified diff of two snapshots' JSON (the first `limit` lines), for assertion messages."""
    lines = difflib.unified_diff(json.dumps(expected, indent=1, sort_keys=True).splitlines(),
                                 json.dumps(actual, indent=1, sort_keys=True).splitlines(),
                                 "expected", "actual", lineterm="", n=2)
    return "\n".join(list(lines)[:limit])
