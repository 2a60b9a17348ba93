"""resolver_forward_mesh: a node dropped from the list under purge, the same node added again (its rules'
CreatorRequestIds were used by the deleted rules), and a run failing after some writes (issue 20)."""

from collections import Counter

from tests.emulator.faults import error_response

CIDRS = {"us-east-1": "10.30.0.0/16", "us-east-2": "10.31.0.0/16", "us-west-2": "10.32.0.0/16"}


def make_node(aws, region):
    """A VPC with two subnets and an inbound and an outbound endpoint (boto3)."""
    vpc = aws.make_vpc(region, CIDRS[region], subnets=2)
    ec2, r53 = aws.client("ec2", region), aws.client("route53resolver", region)
    group = ec2.create_security_group(GroupName="dns", Description="dns", VpcId=vpc["vpc_id"])["GroupId"]
    node = dict(region=region)
    for direction in ("inbound", "outbound"):
        node[f"{direction}_endpoint_id"] = r53.create_resolver_endpoint(
            CreatorRequestId=f"t-{region}-{direction}", Name=f"{region}-{direction}", SecurityGroupIds=[group],
            Direction=direction.upper(), IpAddresses=[{"SubnetId": s} for s in vpc["subnet_ids"]],
        )["ResolverEndpoint"]["Id"]
    aws.reset_calls()
    return node


def run(aws, nodes, **args):
    result = aws.run_module("resolver_forward_mesh", dict(name="m20", nodes=nodes, **args), name="mesh")
    return result, result.task("mesh")


def domains(aws, region):
    found = aws.client("route53resolver", region).list_resolver_rules()["ResolverRules"]
    return sorted(r["DomainName"].rstrip(".") for r in found)


def three(aws):
    return [make_node(aws, r) for r in CIDRS]


def test_node_dropped_under_purge_loses_its_own_rules_and_comes_back_with_new_tokens(aws):
    nodes = three(aws)
    run(aws, nodes)
    aws.reset_calls()

    result, out = run(aws, nodes[:2])

    assert result.rc == 0, result
    assert domains(aws, "us-west-2") == []
    assert domains(aws, "us-east-1") == ["us-east-2.amazonaws.com", "us-east-2.vpce.amazonaws.com"]
    assert domains(aws, "us-east-2") == ["us-east-1.amazonaws.com", "us-east-1.vpce.amazonaws.com"]
    assert Counter(c.region for c in aws.writes() if c.action == "DeleteResolverRule") == Counter(
        {"us-west-2": 4, "us-east-1": 2, "us-east-2": 2})
    assert len(out["plan"]["us-west-2"]["rules"]["deleted"]) == 4

    result, again = run(aws, nodes)

    assert result.rc == 0, result
    assert [len(domains(aws, r)) for r in CIDRS] == [4, 4, 4]
    assert len(again["plan"]["us-west-2"]["rules"]["created"]) == 4


def test_node_with_custom_domains_dropped_under_purge_is_refused_before_any_write(aws):
    nodes = [dict(n, name=f"n{i}", domains=["{name}.corp.example"]) for i, n in enumerate(three(aws))]
    run(aws, nodes)
    aws.reset_calls()

    result, out = run(aws, nodes[:2])

    assert result.rc != 0
    assert "n2.corp.example" in out["msg"] and "state: absent" in out["msg"]
    assert aws.writes() == []
    assert domains(aws, "us-west-2") == ["n0.corp.example", "n1.corp.example"]

    result, _out = run(aws, nodes[:2] + [dict(nodes[2], state="absent")])  # what the message says to do

    assert result.rc == 0, result
    assert domains(aws, "us-west-2") == [] and domains(aws, "us-east-1") == ["n1.corp.example"]


def test_mesh_failing_in_one_region_reports_its_writes_and_what_was_left(aws):
    nodes = three(aws)

    def refuse(call, request):
        if call.action == "AssociateResolverRule" and call.region == "us-west-2":
            return error_response("route53resolver", "AccessDeniedException", "refused for this test", 400)
        return None
    aws.interceptors.append(refuse)

    result, out = run(aws, nodes)

    assert result.rc != 0 and "us-west-2" in out["msg"]
    assert out["changed"] is True
    done = Counter((a["region"], a["call"]) for a in out["actions"])
    assert done[("us-west-2", "route53resolver:CreateResolverRule")] == 4
    assert done[("us-east-1", "route53resolver:AssociateResolverRule")] == 4
    assert ("us-west-2", "route53resolver:AssociateResolverRule") not in done
    assert Counter(a["call"] for a in out["actions_left"]) == Counter({"route53resolver:AssociateResolverRule": 4})
