"""extensions/ram_share_lifecycle.py: tags, client tokens, filters, associate/disassociate, the principal's view."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.ram_seeding import HUB, OTHER_SPOKE, SPOKE, hub_rules

REGION = "us-east-1"


def statuses(ram, arn, kind):
    found = ram.get_resource_share_associations(associationType=kind, resourceShareArns=[arn])
    return {a["associatedEntity"]: a["status"] for a in found["resourceShareAssociations"]}


def test_create_keeps_tags_and_a_client_token_answers_the_same_share(aws):
    hub = hub_rules(aws)
    ram = aws.client("ram", REGION, HUB)
    args = dict(name="dns", resourceArns=[hub["rules"][0]["Arn"]], principals=[SPOKE],
                tags=[{"key": "vpcmesh:managed-by", "value": "vpcmesh.aws"}], clientToken="t-1")
    first = ram.create_resource_share(**args)["resourceShare"]
    again = ram.create_resource_share(**args)["resourceShare"]
    assert first["resourceShareArn"] == again["resourceShareArn"]

    shares = ram.get_resource_shares(resourceOwner="SELF", name="dns")["resourceShares"]
    assert [s["resourceShareArn"] for s in shares] == [first["resourceShareArn"]]
    assert shares[0]["tags"] == [{"key": "vpcmesh:managed-by", "value": "vpcmesh.aws"}]
    assert ram.get_resource_shares(resourceOwner="SELF", name="other")["resourceShares"] == []


def test_associate_and_disassociate_change_principals_and_resources(aws):
    hub = hub_rules(aws, domains=("a.example.com", "b.example.com"))
    ram = aws.client("ram", REGION, HUB)
    arn = ram.create_resource_share(name="dns", resourceArns=[hub["rules"][0]["Arn"]],
                                    principals=[SPOKE])["resourceShare"]["resourceShareArn"]
    before = ram.get_resource_shares(resourceOwner="SELF", resourceShareArns=[arn])["resourceShares"][0]

    ram.associate_resource_share(resourceShareArn=arn, principals=[OTHER_SPOKE],
                                 resourceArns=[hub["rules"][1]["Arn"]], clientToken="a-1")
    ram.disassociate_resource_share(resourceShareArn=arn, resourceArns=[hub["rules"][0]["Arn"]])

    assert statuses(ram, arn, "RESOURCE") == {hub["rules"][0]["Arn"]: "DISASSOCIATED",
                                              hub["rules"][1]["Arn"]: "ASSOCIATED"}
    assert set(statuses(ram, arn, "PRINCIPAL")) == {SPOKE, OTHER_SPOKE}
    after = ram.get_resource_shares(resourceOwner="SELF", resourceShareArns=[arn])["resourceShares"][0]
    assert after["lastUpdatedTime"] >= before["lastUpdatedTime"]
    listed = ram.list_resources(resourceOwner="SELF", resourceType="route53resolver:ResolverRule")["resources"]
    assert [r["arn"] for r in listed] == [hub["rules"][1]["Arn"]]


def test_principal_sees_the_share_once_associated_and_delete_disassociates(aws):
    hub = hub_rules(aws)
    ram = aws.client("ram", REGION, HUB)
    org = aws.client("organizations", REGION, HUB)
    org.create_organization(FeatureSet="ALL")
    ram.enable_sharing_with_aws_organization()
    member = org.create_account(AccountName="spoke", Email="spoke@example.com")["CreateAccountStatus"]["AccountId"]
    arn = ram.create_resource_share(name="dns", resourceArns=[hub["rules"][0]["Arn"]],
                                    principals=[member])["resourceShare"]["resourceShareArn"]

    theirs = aws.client("ram", REGION, member)
    seen = theirs.get_resource_shares(resourceOwner="OTHER-ACCOUNTS", name="dns")["resourceShares"]
    assert [(s["resourceShareArn"], s["owningAccountId"]) for s in seen] == [(arn, HUB)]
    listed = theirs.list_resources(resourceOwner="OTHER-ACCOUNTS", resourceShareArns=[arn])["resources"]
    assert [r["arn"] for r in listed] == [hub["rules"][0]["Arn"]]

    ram.delete_resource_share(resourceShareArn=arn)
    assert statuses(ram, arn, "PRINCIPAL") == {member: "DISASSOCIATED"}
    assert theirs.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []
    deleted = ram.get_resource_shares(resourceOwner="SELF", resourceShareStatus="DELETED")["resourceShares"]
    assert [s["resourceShareArn"] for s in deleted] == [arn]


def test_unknown_share_is_refused(aws):
    ram = aws.client("ram", REGION, HUB)
    with pytest.raises(ClientError) as caught:
        ram.associate_resource_share(resourceShareArn=f"arn:aws:ram:{REGION}:{HUB}:resource-share/nope",
                                     principals=[SPOKE])
    assert caught.value.response["Error"]["Code"] == "UnknownResourceException"
