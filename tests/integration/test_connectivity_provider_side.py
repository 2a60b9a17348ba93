"""connectivity_check reads the provider side of an interface endpoint: a consumer endpoint of account 222222222222
in us-west-2 to an endpoint service of the caller's account in us-east-1 (native cross-region PrivateLink). The
service, its Network Load Balancer, listeners and targets are read in the service's region with the owner's
credentials, only when a flow goes to an interface endpoint."""

import pytest

from tests.integration.test_connectivity_check import OTHER, flow, host, run_check, vpc

PROVIDER, CONSUMER = "us-east-1", "us-west-2"
TARGET = "10.70.1.10"
ELBV2_READS = {"DescribeLoadBalancers", "DescribeListeners", "DescribeTargetGroups", "DescribeTargetHealth"}


def provider_service(aws, provider, listener_port=443):
    """An internal NLB in the provider VPC with an IP target on 443 (a listener on ``listener_port``), published as an
    endpoint service supporting the consumer's region and allowing the other account."""
    elb = aws.client("elbv2", PROVIDER)
    nlb = elb.create_load_balancer(Name="orders", Type="network", Scheme="internal",
                                   Subnets=provider["subnet_ids"])["LoadBalancers"][0]["LoadBalancerArn"]
    group = elb.create_target_group(Name="orders", Protocol="TCP", Port=443, VpcId=provider["vpc_id"],
                                    TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=group, Targets=[dict(Id=TARGET, Port=443)])
    elb.create_listener(LoadBalancerArn=nlb, Protocol="TCP", Port=listener_port,
                        DefaultActions=[dict(Type="forward", TargetGroupArn=group)])
    ec2 = aws.client("ec2", PROVIDER)
    service = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb], AcceptanceRequired=False, SupportedRegions=[CONSUMER])["ServiceConfiguration"]
    ec2.modify_vpc_endpoint_service_permissions(ServiceId=service["ServiceId"],
                                                AddAllowedPrincipals=[f"arn:aws:iam::{OTHER}:root"])
    aws.reset_calls()
    return nlb, service


def consumer_endpoint(aws, consumer, service_name):
    ec2 = aws.client("ec2", CONSUMER, OTHER)
    group = ec2.create_security_group(GroupName="endpoint", Description="endpoint", VpcId=consumer["vpc_id"])["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[dict(
        IpProtocol="tcp", FromPort=443, ToPort=443, IpRanges=[dict(CidrIp=consumer["cidr"])])])
    endpoint = ec2.create_vpc_endpoint(VpcId=consumer["vpc_id"], VpcEndpointType="Interface", ServiceName=service_name,
                                       ServiceRegion=PROVIDER, SubnetIds=consumer["subnet_ids"],
                                       SecurityGroupIds=[group])["VpcEndpoint"]
    aws.reset_calls()
    return endpoint["VpcEndpointId"]


@pytest.fixture
def estate(aws):
    provider = vpc(aws, PROVIDER, "10.70.0.0/16", name="provider")
    consumer = vpc(aws, CONSUMER, "10.71.0.0/16", OTHER, name="consumer")
    host(aws, provider, TARGET, 443, ["10.70.0.0/16"])
    return provider, consumer


def endpoint_flow(aws, consumer, endpoint_id):
    return flow(aws, consumer, dict(vpc_endpoint=endpoint_id), port=443, name="consumer to the provider's service")


def test_the_hops_end_at_the_load_balancer_and_targets_in_the_service_region(aws, estate):
    provider, consumer = estate
    nlb, service = provider_service(aws, provider)
    endpoint_id = consumer_endpoint(aws, consumer, service["ServiceName"])

    out = run_check(aws, [endpoint_flow(aws, consumer, endpoint_id)])
    [checked] = out["flows"]
    assert checked["reachable"] is True, checked["reason"]
    hops = checked["paths"][0]["hops"]
    assert [(h["check"], h["region"], h["ok"]) for h in hops[-4:]] == [
        ("vpc-endpoint", CONSUMER, True), ("endpoint-service", PROVIDER, True),
        ("load-balancer", PROVIDER, True), ("targets", PROVIDER, True)]
    assert hops[-3]["resource"] == service["ServiceId"] and hops[-2]["resource"] == nlb
    assert f"{TARGET}:443" in hops[-1]["detail"]
    # the provider side is read once, in the service's region, by the account that owns the service
    provider_reads = [c for c in aws.calls if c.action in ELBV2_READS | {"DescribeVpcEndpointServiceConfigurations"}]
    assert {(c.action, c.account, c.region) for c in provider_reads} == {
        (a, "123456789012", PROVIDER) for a in ELBV2_READS | {"DescribeVpcEndpointServiceConfigurations"}}
    assert len([c for c in provider_reads if c.action == "DescribeLoadBalancers"]) == 1
    assert aws.writes() == []


def test_a_load_balancer_without_a_listener_on_the_port_blocks_at_the_load_balancer(aws, estate):
    provider, consumer = estate
    nlb, service = provider_service(aws, provider, listener_port=8443)
    endpoint_id = consumer_endpoint(aws, consumer, service["ServiceName"])

    out = run_check(aws, [endpoint_flow(aws, consumer, endpoint_id)])
    [checked] = out["flows"]
    assert checked["reachable"] is False
    assert (checked["blocked_by"]["check"], checked["blocked_by"]["resource"],
            checked["blocked_by"]["region"]) == ("load-balancer", nlb, PROVIDER)
    assert "no listener on port 443 (listeners: 8443)" in checked["reason"]


def test_without_the_owner_s_credentials_the_provider_side_is_not_read(aws, estate):
    provider, consumer = estate
    _nlb, service = provider_service(aws, provider)
    endpoint_id = consumer_endpoint(aws, consumer, service["ServiceName"])
    keys = aws.assume(OTHER)

    out = run_check(aws, [dict(source=dict(vpc_id=consumer["vpc_id"], region=CONSUMER),
                               destination=dict(vpc_endpoint=endpoint_id), port=443)],
                    access_key=keys["access_key"], secret_key=keys["secret_key"],
                    session_token=keys["session_token"])
    [checked] = out["flows"]
    assert checked["reachable"] is True, checked["reason"]
    last = checked["paths"][0]["hops"][-1]
    assert (last["check"], last["region"], last["ok"]) == ("endpoint-service", PROVIDER, True)
    assert "its load balancer and targets were not read (no account read here (222222222222) owns it" in last["detail"]
    assert not [c for c in aws.calls if c.service == "elasticloadbalancing" or c.action in ELBV2_READS]


def test_a_check_without_an_interface_endpoint_flow_reads_no_provider_side(aws, estate):
    provider, consumer = estate
    provider_service(aws, provider)

    out = run_check(aws, [flow(aws, provider, dict(ip=TARGET), port=443, name="inside the provider")])
    assert out["flows"][0]["reachable"] is True, out["flows"][0]["reason"]
    assert not [c for c in aws.calls if c.action in ELBV2_READS | {"DescribeVpcEndpointServiceConfigurations"}]
