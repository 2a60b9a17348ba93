"""Every page of ListHostedZonesByVPC is read: boto3 has no paginator for it, so phz_runner follows NextToken."""

from ansible_collections.vpcmesh.aws.plugins.module_utils.phz_runner import PhzRunner, token_pages

ME = "111111111111"


class TwoPages:
    """A fake ``call``: the first page carries a NextToken, the second none; records what each call asked."""

    def __init__(self):
        self.asked = []

    def __call__(self, operation, creds=None, hint="", **params):
        self.asked.append((operation, creds, params))
        if "NextToken" not in params:
            return {"HostedZoneSummaries": [{"HostedZoneId": "Z1", "Name": "a.internal."}], "NextToken": "page-2"}
        assert params["NextToken"] == "page-2"
        return {"HostedZoneSummaries": [{"HostedZoneId": "Z2", "Name": "internal."}], "MaxItems": "1"}


def test_token_pages_follows_next_token_until_a_page_has_none():
    call = TwoPages()

    listed = token_pages(call, "list_hosted_zones_by_vpc", "HostedZoneSummaries", creds="theirs", VPCId="vpc-1",
                         VPCRegion="eu-west-1")

    assert [s["HostedZoneId"] for s in listed] == ["Z1", "Z2"]
    assert call.asked == [
        ("list_hosted_zones_by_vpc", "theirs", dict(VPCId="vpc-1", VPCRegion="eu-west-1")),
        ("list_hosted_zones_by_vpc", "theirs", dict(VPCId="vpc-1", VPCRegion="eu-west-1", NextToken="page-2"))]


def test_token_pages_of_one_page_makes_one_call():
    asked = []

    def call(operation, **params):
        asked.append(params)
        return {"HostedZoneSummaries": []}

    assert token_pages(call, "list_hosted_zones_by_vpc", "HostedZoneSummaries", VPCId="vpc-1") == []
    assert asked == [dict(VPCId="vpc-1")]


def test_a_same_named_zone_on_the_second_page_is_a_conflict():
    runner = PhzRunner.__new__(PhzRunner)
    runner.p, runner.creds = dict(state="present"), {"vpc-1": None}
    runner.route53 = TwoPages()
    zone = dict(id="Z9", name="internal.", account=ME, vpcs=[])
    wanted = [dict(vpc_id="vpc-1", region="eu-west-1", account=ME, acting=True)]

    assert runner.read_conflicts(zone, wanted) == {("vpc-1", "eu-west-1"): ["Z2"]}
    assert len(runner.route53.asked) == 2
