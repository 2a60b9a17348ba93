"""extensions/ram_invitations.py: accounts outside the organization accept an invitation before they use a share."""

import pytest
from botocore.exceptions import ClientError

from tests.emulator.ram_seeding import HUB, SPOKE, hub_rules

REGION = "us-east-1"


def test_outside_account_gets_a_pending_invitation_and_sees_the_share_once_accepted(aws):
    hub = hub_rules(aws)
    ram = aws.client("ram", REGION, HUB)
    arn = ram.create_resource_share(name="dns", resourceArns=[hub["rules"][0]["Arn"]],
                                    principals=[SPOKE])["resourceShare"]["resourceShareArn"]
    spoke = aws.client("ram", REGION, SPOKE)

    invitations = spoke.get_resource_share_invitations()["resourceShareInvitations"]
    assert [(i["resourceShareArn"], i["senderAccountId"], i["status"]) for i in invitations] == [(arn, HUB, "PENDING")]
    principals = ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[arn])
    assert [a["status"] for a in principals["resourceShareAssociations"]] == ["ASSOCIATING"]
    assert spoke.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"] == []
    pending = spoke.list_pending_invitation_resources(
        resourceShareInvitationArn=invitations[0]["resourceShareInvitationArn"])["resources"]
    assert [r["arn"] for r in pending] == [hub["rules"][0]["Arn"]]

    answer = spoke.accept_resource_share_invitation(
        resourceShareInvitationArn=invitations[0]["resourceShareInvitationArn"], clientToken="x")
    assert answer["resourceShareInvitation"]["status"] == "ACCEPTED"
    assert [s["resourceShareArn"] for s in spoke.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]] \
        == [arn]
    principals = ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[arn])
    assert [a["status"] for a in principals["resourceShareAssociations"]] == ["ASSOCIATED"]
    with pytest.raises(ClientError) as caught:
        spoke.accept_resource_share_invitation(resourceShareInvitationArn=invitations[0]["resourceShareInvitationArn"])
    assert caught.value.response["Error"]["Code"] == "ResourceShareInvitationAlreadyAcceptedException"


def test_member_of_an_organization_with_sharing_enabled_gets_no_invitation(aws):
    hub = hub_rules(aws)
    org = aws.client("organizations", REGION, HUB)
    org.create_organization(FeatureSet="ALL")
    member = org.create_account(AccountName="spoke", Email="spoke@example.com")["CreateAccountStatus"]["AccountId"]
    ram = aws.client("ram", REGION, HUB)
    first = ram.create_resource_share(name="before", resourceArns=[hub["rules"][0]["Arn"]], principals=[member])
    ram.enable_sharing_with_aws_organization()
    second = ram.create_resource_share(name="after", resourceArns=[hub["rules"][0]["Arn"]], principals=[member])

    invitations = aws.client("ram", REGION, member).get_resource_share_invitations()["resourceShareInvitations"]
    assert [i["resourceShareArn"] for i in invitations] == [first["resourceShare"]["resourceShareArn"]]
    principals = ram.get_resource_share_associations(
        associationType="PRINCIPAL", resourceShareArns=[second["resourceShare"]["resourceShareArn"]])
    assert [a["status"] for a in principals["resourceShareAssociations"]] == ["ASSOCIATED"]


def test_outside_account_is_refused_when_external_principals_are_not_allowed(aws):
    hub = hub_rules(aws)
    ram = aws.client("ram", REGION, HUB)
    arn = ram.create_resource_share(name="dns", resourceArns=[hub["rules"][0]["Arn"]],
                                    allowExternalPrincipals=False)["resourceShare"]["resourceShareArn"]
    with pytest.raises(ClientError) as caught:
        ram.associate_resource_share(resourceShareArn=arn, principals=[SPOKE])
    assert caught.value.response["Error"]["Code"] == "OperationNotPermittedException"
