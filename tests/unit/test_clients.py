"""How AwsContext builds its clients: botocore's adaptive retry mode for throttling, 5xx and dropped connections,
and a decorator for the caller's eventual-consistency codes only."""

import botocore.exceptions
import pytest

from ansible_collections.amazon.aws.plugins.module_utils import botocore as amazon_botocore
from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.vpcmesh.aws.plugins.module_utils import clients


def test_clients_retry_throttling_5xx_and_dropped_connections_ten_times_in_botocore(monkeypatch):
    made = []
    monkeypatch.setattr(clients, "make_client", lambda module, service, **params: made.append((service, params)))
    clients.AwsContext(module=None).client("route53resolver", "eu-west-1")
    [(service, params)] = made
    assert service == "route53resolver" and params["region"] == "eu-west-1"
    assert params["config"].retries == {"mode": "adaptive", "max_attempts": 10}


def test_the_decorator_retries_the_callers_codes_only_not_throttling_or_server_errors(monkeypatch):
    """botocore's adaptive mode retries throttling and 5xx; the decorator retries only the eventual-consistency
    codes it is given, so neither AWSRetry's own list nor botocore's throttling codes are retried twice."""
    monkeypatch.setattr(cloud.time, "sleep", lambda seconds: None)
    calls = []

    @clients.retry_decorator(["InvalidVpcPeeringConnectionID.NotFound", "ConcurrentModification"])
    def flaky(codes):
        calls.append(codes[0])
        if len(codes) > 1:
            raise _client_error(codes.pop(0))
        return "ok"

    assert flaky(["InvalidVpcPeeringConnectionID.NotFound", "ConcurrentModification", "done"]) == "ok"
    assert calls == ["InvalidVpcPeeringConnectionID.NotFound", "ConcurrentModification", "done"]
    # amazon.aws AWSRetry's default codes, and throttling codes only botocore knows
    for code in ("RequestLimitExceeded", "Throttling", "TooManyRequestsException", "Unavailable", "ServiceUnavailable",
                 "InternalFailure", "InternalError", "ThrottlingException", "PriorRequestNotComplete"):
        calls.clear()
        with pytest.raises(botocore.exceptions.ClientError, match=code):
            flaky([code, "done"])
        assert calls == [code]


def test_the_decorator_without_codes_retries_nothing_and_gives_up_after_ten_tries(monkeypatch):
    monkeypatch.setattr(cloud.time, "sleep", lambda seconds: None)
    calls = []

    def not_yet():
        calls.append(1)
        raise _client_error("InvalidVpcID.NotFound")

    with pytest.raises(botocore.exceptions.ClientError):
        clients.retry_decorator()(not_yet)()
    assert len(calls) == 1
    calls.clear()
    with pytest.raises(botocore.exceptions.ClientError):
        clients.retry_decorator(["InvalidVpcID.NotFound"])(not_yet)()
    assert len(calls) == 10


def _client_error(code):
    return botocore.exceptions.ClientError({"Error": {"Code": code, "Message": code}}, "Op")


def test_a_users_aws_config_wins_over_our_retry_settings():
    class Module:
        params = dict(region="us-east-1", endpoint_url="http://127.0.0.1:1", access_key="AK", secret_key="SK",
                      aws_config={"retries": {"mode": "standard", "max_attempts": 4}})

        def fail_json(self, **kwargs):
            raise AssertionError(kwargs)

    ours = clients.Config(retries=dict(clients.BOTOCORE_RETRIES), connect_timeout=7)
    client = clients.make_client(Module(), "ec2", region="eu-west-1", config=ours)
    # botocore keeps max_attempts as total_max_attempts: the first attempt plus the retries
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 5}
    assert client.meta.config.connect_timeout == 7 and client.meta.region_name == "eu-west-1"
    plain = Module()
    plain.params = dict(plain.params, aws_config=None)
    assert clients.make_client(plain, "ec2", config=ours).meta.config.retries == {"mode": "adaptive",
                                                                                  "total_max_attempts": 11}


def test_sts_region_is_the_given_region_else_the_default_region_of_the_role_arns_partition():
    assert clients.sts_region("eu-west-1", "arn:aws-cn:iam::123456789012:role/net") == "eu-west-1"
    assert clients.sts_region(None, "arn:aws-cn:iam::123456789012:role/net") == "cn-northwest-1"
    assert clients.sts_region("", "arn:aws-us-gov:iam::123456789012:role/net") == "us-gov-west-1"
    assert clients.sts_region(None, "arn:aws-iso-b:iam::123456789012:role/net") == "us-isob-east-1"
    assert clients.sts_region(None, "arn:aws:iam::123456789012:role/net") == "us-east-1"
    assert clients.sts_region(None) == clients.sts_region(None, "not-an-arn") == "us-east-1"
    assert clients.sts_region(None, "arn:aws-mars:iam::123456789012:role/net") is None


def test_arn_partition_reads_the_second_field_of_an_arn_only():
    assert clients.arn_partition("arn:aws-us-gov:iam::123456789012:role/a:b") == "aws-us-gov"
    assert [clients.arn_partition(v) for v in (None, "", "aws-cn", "arn::iam::1:role/x", "arn:aws-cn:iam")] == [None] * 5


class _Sts:
    def __init__(self, region):
        self.region = region

    def assume_role(self, **params):
        return {"Credentials": {"AccessKeyId": "AK", "SecretAccessKey": "SK", "SessionToken": "ST"}}

    def get_caller_identity(self, **params):
        return {"Account": "210987654321"}


def test_without_a_region_sts_is_called_in_the_partition_of_the_role_and_with_one_in_that_region(monkeypatch):
    made = []

    def make_client(module, service, region=None, **params):
        made.append((service, region, params.get("aws_access_key_id")))
        return _Sts(region)

    class Module:
        region = None

        def fail_json(self, **kwargs):
            raise AssertionError(kwargs)

    monkeypatch.setattr(clients, "make_client", make_client)
    role = dict(role_arn="arn:aws-cn:iam::210987654321:role/net")
    assert clients.AwsContext(Module()).account_id(role) == "210987654321"
    # AssumeRole as the caller, then GetCallerIdentity as the role, both in China's default STS region
    assert made == [("sts", "cn-northwest-1", None), ("sts", "cn-northwest-1", "AK")]
    made.clear()
    clients.AwsContext(Module()).account_id()
    assert made == [("sts", "us-east-1", None)]
    made.clear()
    Module.region = "cn-north-1"
    clients.AwsContext(Module()).account_id(role)
    assert made == [("sts", "cn-north-1", None), ("sts", "cn-north-1", "AK")]


def test_a_role_of_a_partition_botocore_does_not_know_fails_naming_it_before_any_call(monkeypatch):
    monkeypatch.setattr(clients, "make_client", lambda *args, **kwargs: pytest.fail("no client may be made"))

    class Module:
        region = None

        def fail_json(self, **kwargs):
            raise RuntimeError(kwargs["msg"])

    with pytest.raises(RuntimeError, match="arn:aws-mars:iam::210987654321:role/net: botocore knows no partition 'aws-mars'"):
        clients.AwsContext(Module()).account_id(dict(role_arn="arn:aws-mars:iam::210987654321:role/net"))


def _sent_user_agent(client):
    """The User-Agent header of the client's next request (stopped before it is sent)."""

    class Sent(Exception):
        pass

    def stop(request, **kwargs):
        raise Sent(request.headers["User-Agent"].decode())

    client.meta.events.register("before-send", stop)
    with pytest.raises(Sent) as sent:
        client.get_caller_identity()
    return str(sent.value)


def test_clients_carry_amazon_aws_user_agent_merged_with_our_config_and_the_users():
    class Module:
        params = dict(region="us-east-1", endpoint_url="http://127.0.0.1:1", access_key="AK", secret_key="SK",
                      aws_config={"user_agent_extra": "site-run/7"})

        def fail_json(self, **kwargs):
            raise AssertionError(kwargs)

    expected = amazon_botocore._get_user_agent_string()  # pylint: disable=protected-access
    assert expected.startswith("APN/1.0 Ansible/") and " amazon.aws/" in expected
    # what amazon.aws's own clients send begins with the same string (boto3 appends Botocore/<version>)
    theirs = amazon_botocore.boto3_conn(Module(), conn_type="client", resource="sts", region="us-east-1",
                                        endpoint="http://127.0.0.1:1", aws_access_key_id="AK",
                                        aws_secret_access_key="SK")
    assert _sent_user_agent(theirs).startswith(expected)
    ours = clients.make_client(Module(), "sts", config=clients.Config(retries=dict(clients.BOTOCORE_RETRIES)))
    assert ours.meta.config.user_agent_extra == f"{expected} site-run/7"
    assert ours.meta.config.retries == {"mode": "adaptive", "total_max_attempts": 11}
    assert _sent_user_agent(ours).endswith(f" {expected} site-run/7")


def test_clients_keep_the_application_id_a_user_sets(monkeypatch):
    """AWS_SDK_UA_APP_ID (botocore's user_agent_appid) stays in the user agent beside amazon.aws's string."""
    class Module:
        params = dict(region="us-east-1", endpoint_url="http://127.0.0.1:1", access_key="AK", secret_key="SK")

        def fail_json(self, **kwargs):
            raise AssertionError(kwargs)

    monkeypatch.setenv("AWS_SDK_UA_APP_ID", "nightly-drift")
    sent = _sent_user_agent(clients.make_client(Module(), "sts"))
    assert "app/nightly-drift" in sent and " amazon.aws/" in sent
