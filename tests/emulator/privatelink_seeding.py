"""Seed PrivateLink state for tests: an internal Network Load Balancer, an endpoint service, an
interface endpoint. Each takes the `aws` fixture and forgets its setup calls."""

from __future__ import annotations


def make_nlb(aws, vpc: dict, name: str = "outpost-nlb", account: str | None = None) -> str:
    """An internal NLB in the subnets of `vpc` (from aws.make_vpc); returns its ARN."""
    elb = aws.client("elbv2", vpc["region"], account)
    arn = elb.create_load_balancer(Name=name, Subnets=vpc["subnet_ids"], Scheme="internal",
                                   Type="network")["LoadBalancers"][0]["LoadBalancerArn"]
    aws.reset_calls()
    return arn


def publish(aws, region: str, nlb_arn: str, acceptance: bool = False, principals=(), tags=None,
            account: str | None = None) -> dict:
    """An endpoint service for `nlb_arn`; returns its ServiceConfiguration."""
    ec2 = aws.client("ec2", region, account)
    spec = [{"ResourceType": "vpc-endpoint-service",
             "Tags": [{"Key": k, "Value": v} for k, v in (tags or {}).items()]}] if tags else []
    config = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb_arn], AcceptanceRequired=acceptance, TagSpecifications=spec)
    config = config["ServiceConfiguration"]
    if principals:
        ec2.modify_vpc_endpoint_service_permissions(ServiceId=config["ServiceId"],
                                                    AddAllowedPrincipals=list(principals))
    aws.reset_calls()
    return config


def connect(aws, vpc: dict, service_name: str, account: str | None = None) -> dict:
    """An interface endpoint from `vpc` (of `account`) to `service_name`; returns the VpcEndpoint."""
    ec2 = aws.client("ec2", vpc["region"], account)
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc["vpc_id"], ServiceName=service_name,
                                       VpcEndpointType="Interface", SubnetIds=vpc["subnet_ids"][:1])
    aws.reset_calls()
    return endpoint["VpcEndpoint"]
