"""How AwsContext builds its clients: botocore's standard retry mode under the AWSRetry wrapper."""

import botocore.exceptions

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.vpcmesh.aws.plugins.module_utils import clients


def test_clients_retry_throttling_5xx_and_dropped_connections_ten_times_in_botocore(monkeypatch):
    made = []
    monkeypatch.setattr(clients, "make_client", lambda module, service, **params: made.append((service, params)))
    clients.AwsContext(module=None).client("route53resolver", "eu-west-1")
    [(service, params)] = made
    assert service == "route53resolver" and params["region"] == "eu-west-1"
    assert params["config"].retries == {"mode": "standard", "max_attempts": 10}


def test_awsretry_layer_retries_resolver_and_route53_throttling_and_the_callers_codes(monkeypatch):
    monkeypatch.setattr(cloud.time, "sleep", lambda seconds: None)
    calls = []

    @clients.retry_decorator(["InvalidVpcPeeringConnectionID.NotFound"])
    def flaky(codes):
        calls.append(codes[0])
        if len(codes) > 1:
            raise _client_error(codes.pop(0))
        return "ok"

    codes = ["ThrottlingException", "PriorRequestNotComplete", "InvalidVpcPeeringConnectionID.NotFound", "done"]
    assert flaky(codes) == "ok"
    assert calls == ["ThrottlingException", "PriorRequestNotComplete", "InvalidVpcPeeringConnectionID.NotFound", "done"]


def _client_error(code):
    return botocore.exceptions.ClientError({"Error": {"Code": code, "Message": code}}, "Op")


def test_a_users_aws_config_wins_over_our_retry_settings():
    class Module:
        params = dict(region="us-east-1", endpoint_url="http://127.0.0.1:1", access_key="AK", secret_key="SK",
                      aws_config={"retries": {"mode": "adaptive", "max_attempts": 4}})

        def fail_json(self, **kwargs):
            raise AssertionError(kwargs)

    ours = clients.Config(retries=dict(clients.BOTOCORE_RETRIES), connect_timeout=7)
    client = clients.make_client(Module(), "ec2", region="eu-west-1", config=ours)
    # botocore keeps max_attempts as total_max_attempts: the first attempt plus the retries
    assert client.meta.config.retries == {"mode": "adaptive", "total_max_attempts": 5}
    assert client.meta.config.connect_timeout == 7 and client.meta.region_name == "eu-west-1"
    plain = Module()
    plain.params = dict(plain.params, aws_config=None)
    assert clients.make_client(plain, "ec2", config=ours).meta.config.retries == {"mode": "standard",
                                                                                  "total_max_attempts": 11}
