"""Seeding for the RAM and shared-rule tests: a hub account with an outbound endpoint and forwarding rules."""

from __future__ import annotations

HUB, SPOKE, OTHER_SPOKE = "111111111111", "222222222222", "333333333333"


def hub_rules(aws, region="us-east-1", domains=("onprem.example.com",), account=HUB, cidr="10.50.0.0/16"):
    """An outbound and an inbound endpoint in a new VPC of ``account`` and one forwarding rule per domain (to the
    inbound endpoint's IPs). Returns dict(vpc, outbound, inbound, rules) and forgets the setup calls."""
    vpc = aws.make_vpc(region, cidr, account, subnets=2)
    ec2, r53 = aws.client("ec2", region, account), aws.client("route53resolver", region, account)
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    made = {}
    for direction in ("OUTBOUND", "INBOUND"):
        made[direction] = r53.create_resolver_endpoint(
            CreatorRequestId=f"{direction}-{cidr}", Name=f"hub-{direction.lower()}", SecurityGroupIds=[group],
            Direction=direction, IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]])["ResolverEndpoint"]["Id"]
    ips = [a["Ip"] for a in r53.list_resolver_endpoint_ip_addresses(ResolverEndpointId=made["INBOUND"])["IpAddresses"]]
    rules = []
    for domain in domains:
        name = "hub-" + domain.replace(".", "-")
        rules.append(r53.create_resolver_rule(
            CreatorRequestId=name, Name=name, RuleType="FORWARD", DomainName=domain,
            TargetIps=[{"Ip": ip, "Port": 53} for ip in ips], ResolverEndpointId=made["OUTBOUND"])["ResolverRule"])
    aws.reset_calls()
    return dict(vpc=vpc, outbound=made["OUTBOUND"], inbound=made["INBOUND"], rules=rules, inbound_ips=ips)
