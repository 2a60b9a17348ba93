"""Issue 17's rules on hand-built data: gateway-associated route tables, an accept owed by another owner, and
zone associations listed with the wrong region."""

import pytest

from ansible_collections.vpcmesh.aws.plugins.module_utils.peering import summarize
from ansible_collections.vpcmesh.aws.plugins.module_utils.peering_dns import owed_acceptance
from ansible_collections.vpcmesh.aws.plugins.module_utils.phz import PhzError, plan
from ansible_collections.vpcmesh.aws.plugins.module_utils.routes import RouteError, edge_gateways, select_tables
from tests.unit.test_peering import conn

VPC = dict(vpc_id="vpc-a", region="us-east-1")
ZONE = dict(id="Z1", name="internal.", account="111111111111", endpoint_region="us-east-1")


def table(table_id, main=False, gateway=None, state="associated", tags=None):
    associations = [dict(Main=True)] if main else []
    if gateway:
        associations.append(dict(Main=False, GatewayId=gateway, AssociationState=dict(State=state)))
    return dict(RouteTableId=table_id, VpcId="vpc-a", Routes=[], Associations=associations,
                Tags=[dict(Key=k, Value=v) for k, v in (tags or {}).items()])


TABLES = [table("rtb-1", main=True), table("rtb-2", gateway="igw-1", tags={"tier": "edge"}),
          table("rtb-3", gateway="vgw-1", state="disassociated", tags={"tier": "edge"})]


def test_edge_gateways_are_the_associated_internet_and_virtual_private_gateways():
    assert [edge_gateways(t) for t in TABLES] == [[], ["igw-1"], []]


@pytest.mark.parametrize("selector, expected", [
    (dict(kind="all"), ["rtb-1", "rtb-3"]),
    (dict(kind="tags", tags={"tier": ["edge"]}), ["rtb-3"]),
    (dict(kind="main"), ["rtb-1"]),
])
def test_all_tags_and_main_never_select_a_gateway_associated_table(selector, expected):
    assert [t["RouteTableId"] for t in select_tables(selector, TABLES, VPC, "requester")] == expected


def test_a_gateway_associated_table_named_by_id_is_refused_with_the_reason():
    with pytest.raises(RouteError) as error:
        select_tables(dict(kind="ids", ids=["rtb-1", "rtb-2"]), TABLES, VPC, "requester")
    assert "requester_route_tables: rtb-2 (associated with igw-1)" in str(error.value)
    assert "edge association" in str(error.value)


def test_an_accept_owed_by_an_account_the_caller_cannot_act_for_is_reported_at_once():
    pending = summarize(conn("pcx-1", "pending-acceptance", acc=("vpc-b", "eu-west-1", "222222222222")))
    [left] = owed_acceptance(pending, {"111111111111"})
    assert left["side"] == "accepter" and left["account_id"] == "222222222222" and "must accept pcx-1" in left["message"]
    assert owed_acceptance(pending, {"111111111111", "222222222222"}) == []
    assert owed_acceptance(summarize(conn("pcx-1", "provisioning")), {"111111111111"}) == []


def wanted(vpc_id, region, account="111111111111"):
    return dict(vpc_id=vpc_id, region=region, account=account, acting=True, dns=None)


def test_absent_for_a_vpc_associated_in_another_region_is_refused():
    current = [dict(vpc_id="vpc-a", region="us-east-1"), dict(vpc_id="vpc-b", region="us-east-1")]
    with pytest.raises(PhzError) as error:
        plan(ZONE, [wanted("vpc-b", "eu-west-1")], current, None, state="absent")
    assert "vpcs[0]: VPC vpc-b is associated with internal." in str(error.value)
    assert "give region: us-east-1" in str(error.value)


def test_absent_deletes_a_pending_authorization_of_a_vpc_listed_without_its_account():
    current = [dict(vpc_id="vpc-a", region="us-east-1")]
    decided = plan(ZONE, [wanted("vpc-x", "eu-west-1")], current, {("vpc-x", "eu-west-1")}, state="absent")
    assert [a.call for a in decided["actions"]] == ["route53:DeleteVPCAssociationAuthorization"]
    assert decided["after"]["authorizations"] == []
