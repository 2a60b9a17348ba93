"""Idempotency tokens per intended create, and the writes a failing run reports (issue 20). No AWS."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action, applied, expect
from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service import client_token, token_details
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import (
    TOKEN_GENERATIONS, ResolverError, create_with_tokens, is_token_of, token)
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_mesh_runner import region_of_domain
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver_state import AwsCallError

NLB = "arn:aws:elasticloadbalancing:us-west-2:111111111111:loadbalancer/net/a/0123456789abcdef"


class TestClientToken:
    def test_same_create_same_token_and_other_parameters_or_generation_another(self):
        base = client_token("us-west-2", "111111111111", [NLB], token_details(True, {"Name": "api"}))
        assert base == client_token("us-west-2", "111111111111", [NLB], token_details(True, {"Name": "api"}))
        others = {client_token("us-west-2", "111111111111", [NLB], token_details(False, {"Name": "api"})),
                  client_token("us-west-2", "111111111111", [NLB], token_details(True, {"Name": "web"})),
                  client_token("us-west-2", "111111111111", [NLB], token_details(True, {"Name": "api"}), 1),
                  client_token("us-west-2", "111111111111", [NLB], token_details(True, {"Name": "api"}), 2)}
        assert base not in others and len(others) == 4
        assert all(len(t) <= 64 for t in others | {base})

    def test_generation_zero_is_the_token_without_details_as_before(self):
        assert client_token("us-west-2", "1", [NLB]) == client_token("us-west-2", "1", [NLB], (), 0)


class TestCreatorRequestIds:
    def test_generation_zero_keeps_the_old_token_and_every_generation_is_recognized(self):
        parts = ("rule", "mesh", "node", "us-east-2.amazonaws.com")
        assert token(*parts) == token(*parts, generation=0)
        assert len({token(*parts, generation=g) for g in range(TOKEN_GENERATIONS)}) == TOKEN_GENERATIONS
        assert all(is_token_of(token(*parts, generation=g), *parts) for g in range(TOKEN_GENERATIONS))
        assert not is_token_of(token("rule", "mesh", "other", "us-east-2.amazonaws.com"), *parts)

    def test_a_used_id_with_nothing_visible_moves_to_the_next_generation(self):
        used = {token("x"), token("x", generation=1)}
        tried = []

        def create(request_id):
            tried.append(request_id)
            if request_id in used:
                raise AwsCallError("route53resolver:CreateResolverRule failed", "ResourceExistsException")
            return "made"

        assert create_with_tokens(create, lambda _id: [], ("x",), "rule r") == ("made", None)
        assert tried == [token("x"), token("x", generation=1), token("x", generation=2)]

    def test_a_used_id_whose_resource_is_visible_is_adopted(self):
        def create(_request_id):
            raise AwsCallError("exists", "ResourceExistsException")

        assert create_with_tokens(create, lambda _id: ["found"], ("x",), "rule r") == (None, ["found"])

    def test_other_errors_pass_and_spent_generations_are_refused_with_advice(self):
        def denied(_request_id):
            raise AwsCallError("denied", "AccessDeniedException")

        with pytest.raises(AwsCallError, match="denied"):
            create_with_tokens(denied, lambda _id: [], ("x",), "rule r")

        def exists(_request_id):
            raise AwsCallError("exists", "ResourceExistsException")

        with pytest.raises(ResolverError, match=f"the {TOKEN_GENERATIONS} CreatorRequestIds derived for this rule r"):
            create_with_tokens(exists, lambda _id: [], ("x",), "rule r")


class FakeModule:
    def __init__(self):
        self.failed = None

    def fail_json(self, *args, **kwargs):
        self.failed = kwargs
        raise SystemExit(1)


class TestProgress:
    def test_a_failure_after_writes_reports_them_and_what_was_left(self):
        module = FakeModule()
        plan = [Action("ec2:CreateSecurityGroup", "r"), Action("ec2:AuthorizeSecurityGroupIngress", "r"),
                Action("route53resolver:CreateResolverEndpoint", "r")]
        expect(module, plan)
        applied(module, plan[0])
        with pytest.raises(SystemExit):
            module.fail_json(msg="boom")
        assert module.failed["msg"] == "boom" and module.failed["changed"] is True
        assert [a["call"] for a in module.failed["actions"]] == ["ec2:CreateSecurityGroup"]
        assert [a["call"] for a in module.failed["actions_left"]] == [
            "ec2:AuthorizeSecurityGroupIngress", "route53resolver:CreateResolverEndpoint"]

    def test_a_failure_before_any_plan_or_write_is_left_as_it_was(self):
        module = FakeModule()
        expect(module, [])
        module2 = FakeModule()
        applied(module2, Action("ec2:CreateRoute", "r"))
        with pytest.raises(SystemExit):
            FakeModule().fail_json(msg="bad input")
        with pytest.raises(SystemExit):
            module.fail_json(msg="no writes", changed=False)
        assert module.failed == dict(msg="no writes", changed=False, actions=[], actions_left=[])
        with pytest.raises(SystemExit):
            module2.fail_json(msg="after a write", actions=["given"])
        assert module2.failed["changed"] is True and module2.failed["actions"] == ["given"]


def test_region_of_a_mesh_domain():
    assert [region_of_domain(d) for d in ("us-west-2.amazonaws.com", "eu-central-1.vpce.amazonaws.com",
                                          "us-gov-west-1.amazonaws.com", "corp.example", "s3.us-east-1.amazonaws.com")] \
        == ["us-west-2", "eu-central-1", "us-gov-west-1", None, None]
