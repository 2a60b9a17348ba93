"""BatchContext: which reads of a batch's items AWS answers, and which a snapshot or an earlier answer does."""

import threading
import time

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils import batch
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext

PCX = [dict(VpcPeeringConnectionId=f"pcx-{i}", RequesterVpcInfo=dict(VpcId=a), AccepterVpcInfo=dict(VpcId=b))
       for i, (a, b) in enumerate([("vpc-a", "vpc-b"), ("vpc-a", "vpc-c"), ("vpc-b", "vpc-c")])]


class Module:
    region = "us-east-1"
    check_mode = False
    params = {}


class Aws:
    """Stands for AWS under AwsContext: answers describe_vpc_peering_connections by its filters, records calls."""

    def __init__(self, delay=0.0):
        self.calls, self.delay = [], delay

    def paginate(self, service, region, creds, operation, result_key, **params):
        self.calls.append((region, operation, params))
        time.sleep(self.delay)
        query = {f["Name"]: set(f["Values"]) for f in params["Filters"]}
        return [c for c in PCX if all(batch.FILTER_FIELDS[n](c) in v for n, v in query.items())]

    def call(self, service, region, creds, operation, error_hint="", extra_codes=None, **params):
        self.calls.append((region, operation, params))
        time.sleep(self.delay)
        return {}


@pytest.fixture
def world(monkeypatch):
    aws = Aws()
    monkeypatch.setattr(AwsContext, "paginate", aws.paginate)
    monkeypatch.setattr(AwsContext, "call", aws.call)
    ctx = batch.BatchContext(Module())
    return aws, ctx


def ask(ctx, **filters):
    ctx.start_item(batch.ItemModule(Module(), {}))
    return ctx.paginate("ec2", "us-east-1", None, "describe_vpc_peering_connections", "VpcPeeringConnections",
                        Filters=[dict(Name=n, Values=v) for n, v in filters.items()])


def between(a, b):
    return {"requester-vpc-info.vpc-id": [a, b], "accepter-vpc-info.vpc-id": [a, b]}


def test_a_snapshot_answers_queries_it_provably_covers_and_nothing_else(world):
    aws, ctx = world
    every = ["vpc-a", "vpc-b", "vpc-c"]
    ctx.prefetch("us-east-1", None, "describe_vpc_peering_connections", "VpcPeeringConnections",
                 {"requester-vpc-info.vpc-id": every, "accepter-vpc-info.vpc-id": every})
    assert len(aws.calls) == 1
    assert [c["VpcPeeringConnectionId"] for c in ask(ctx, **between("vpc-a", "vpc-c"))] == ["pcx-1"]
    assert [c["VpcPeeringConnectionId"] for c in ask(ctx, **{"vpc-peering-connection-id": ["pcx-2"]})] == ["pcx-2"]
    assert len(aws.calls) == 1
    # wider than the snapshot (a VPC outside it), or an ID it does not hold: AWS answers
    ask(ctx, **between("vpc-a", "vpc-x"))
    ask(ctx, **{"vpc-peering-connection-id": ["pcx-9"]})
    assert len(aws.calls) == 3


def test_an_item_repeating_its_read_polls_aws_and_any_write_ends_what_is_known(world):
    aws, ctx = world
    ctx.start_item(batch.ItemModule(Module(), {}))
    query = dict(Filters=[dict(Name="vpc-peering-connection-id", Values=["pcx-0"])])
    for _attempt in range(3):  # polling, as wait_for does
        ctx.paginate("ec2", "us-east-1", None, "describe_vpc_peering_connections", "VpcPeeringConnections", **query)
    assert len(aws.calls) == 3
    ask(ctx, **{"vpc-peering-connection-id": ["pcx-0"]})  # another item: the last answer
    assert len(aws.calls) == 3
    ctx.call("ec2", "eu-west-1", None, "create_route", RouteTableId="rtb-1")
    ask(ctx, **{"vpc-peering-connection-id": ["pcx-0"]})
    assert len(aws.calls) == 5


def test_items_asking_the_same_thing_at_once_share_one_call(world):
    aws, ctx = world
    aws.delay = 0.2
    answers = []

    def item():
        ctx.start_item(batch.ItemModule(Module(), {}))
        answers.append(ctx.call("ec2", "us-east-1", None, "describe_vpc_attribute", VpcId="vpc-a",
                                Attribute="enableDnsSupport"))

    threads = [threading.Thread(target=item) for _index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(aws.calls) == 1 and answers == [{}] * 4


def test_items_start_one_region_at_a_time_in_turn_and_keep_list_order_within_a_region():
    regions = ["us-east-1"] * 3 + ["eu-west-1"] * 2 + [None]  # None: the module's region
    items = [dict(region=r) for r in regions]
    assert batch.spread_by_region(items, "ap-south-1") == [0, 3, 5, 1, 4, 2]
    assert batch.spread_by_region([], "us-east-1") == []
