"""The vpc_peering role and the guide 5 playbook through real ansible-playbook against the emulator."""

from pathlib import Path

import pytest

from tests.reliability import guides

ME, OTHER = "123456789012", "222222222222"
OPTION = "AllowDnsResolutionFromRemoteVpc"
PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"


def side(vpc, **extra):
    return dict(vpc_id=vpc["vpc_id"], region=vpc["region"], **extra)


def role_play(requester, accepter, **role_vars):
    """One play including the role; `vpc_peering_result` is echoed by the task 'result'."""
    return [dict(hosts="localhost", gather_facts=False, tasks=[
        dict(name="peer", **{"ansible.builtin.include_role": dict(name="vpcmesh.aws.vpc_peering")},
             vars=dict(vpc_peering_requester=requester, vpc_peering_accepter=accepter, **role_vars)),
        dict(name="result", **{"ansible.builtin.debug": dict(var="vpc_peering_result")}),
    ])]


def run_role(aws, requester, accepter, check=False, env=None, **role_vars):
    result = aws.run(role_play(requester, accepter, **role_vars), check=check, env=env)
    out = result.task("result")["vpc_peering_result"] if result.rc == 0 else None
    return result, out


def role_task(result, name):
    """The result of the role's task called `name`."""
    return result.task(f"vpcmesh.aws.vpc_peering : {name}")


def as_account(keys):
    """Environment that makes the play's own credentials act as another account."""
    return {"AWS_ACCESS_KEY_ID": keys["access_key"], "AWS_SECRET_ACCESS_KEY": keys["secret_key"],
            "AWS_SESSION_TOKEN": keys["session_token"]}


def connections(aws, a, b):
    found = aws.client("ec2", a["region"], a["owner_id"]).describe_vpc_peering_connections(Filters=[
        {"Name": "requester-vpc-info.vpc-id", "Values": [a["vpc_id"]]},
        {"Name": "accepter-vpc-info.vpc-id", "Values": [b["vpc_id"]]}])["VpcPeeringConnections"]
    return [c for c in found if c["Status"]["Code"] not in ("deleted", "rejected")]


def dns_options(conn):
    return conn["RequesterVpcInfo"]["PeeringOptions"][OPTION], conn["AccepterVpcInfo"]["PeeringOptions"][OPTION]


def hostnames_on(aws, vpc):
    ec2 = aws.client("ec2", vpc["region"], vpc["owner_id"])
    return ec2.describe_vpc_attribute(VpcId=vpc["vpc_id"], Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"]


def peering_routes(aws, vpc, pcx):
    """{route table ID: [destinations routed to pcx]} for every route table of the VPC."""
    tables = aws.client("ec2", vpc["region"], vpc["owner_id"]).describe_route_tables(
        Filters=[{"Name": "vpc-id", "Values": [vpc["vpc_id"]]}])["RouteTables"]
    return {t["RouteTableId"]: sorted(r.get("DestinationCidrBlock") for r in t["Routes"]
                                      if r.get("VpcPeeringConnectionId") == pcx) for t in tables}


def writes(aws):
    return [(c.action, c.region, c.account) for c in aws.writes()]


@pytest.fixture
def pair(aws):
    """Guide 1's peering: us-east-1 10.0.0.0/16 (3 route tables) <-> eu-west-1 172.30.0.0/16 (2), DNS hostnames off."""
    a = aws.make_vpc("us-east-1", "10.0.0.0/16", subnets=2, route_tables=2)
    b = aws.make_vpc("eu-west-1", "172.30.0.0/16", subnets=1, route_tables=1)
    return a, b


def test_same_account_cross_region_pair_is_peered_rerun_without_writes_then_removed(aws, pair):
    """One pair through its life: peering, DNS and routes in one run; a second run writes nothing; absent
    removes the routes then the connection, and a second absent writes nothing."""
    a, b = pair
    result, out = run_role(aws, side(a), side(b), vpc_peering_tags={"Name": "guide1"})
    assert result.rc == 0, result
    [conn] = connections(aws, a, b)
    pcx = conn["VpcPeeringConnectionId"]
    assert out["peering_id"] == pcx and out["status"] == "active" and conn["Status"]["Code"] == "active"
    assert dns_options(conn) == (True, True)
    assert hostnames_on(aws, a) and hostnames_on(aws, b)
    assert all(v == ["172.30.0.0/16"] for v in peering_routes(aws, a, pcx).values())
    assert all(v == ["10.0.0.0/16"] for v in peering_routes(aws, b, pcx).values())
    assert len(peering_routes(aws, a, pcx)) == 3 and len(peering_routes(aws, b, pcx)) == 2
    calls = writes(aws)
    assert calls[:2] == [("CreateVpcPeeringConnection", "us-east-1", ME), ("AcceptVpcPeeringConnection", "eu-west-1", ME)]
    assert ("ModifyVpcPeeringConnectionOptions", "us-east-1", ME) in calls
    assert ("ModifyVpcPeeringConnectionOptions", "eu-west-1", ME) in calls
    assert sorted(c for c in calls if c[0] == "CreateRoute") == sorted(
        [("CreateRoute", "us-east-1", ME)] * 3 + [("CreateRoute", "eu-west-1", ME)] * 2)
    assert out["left_to_other_owner"] == []

    # a second run makes no write call
    aws.reset_calls()
    result = run_role(aws, side(a), side(b), vpc_peering_tags={"Name": "guide1"})[0]
    assert result.rc == 0, result
    assert aws.writes() == []
    assert result.changed_tasks() == []

    # absent removes the routes then the connection; a second absent writes nothing
    aws.reset_calls()
    result = run_role(aws, side(a), side(b), vpc_peering_state="absent")[0]
    assert result.rc == 0, result
    actions = [w[0] for w in writes(aws)]
    assert actions[-1] == "DeleteVpcPeeringConnection" and actions.count("DeleteRoute") == 5
    assert connections(aws, a, b) == []
    assert all(v == [] for v in peering_routes(aws, a, pcx).values())
    assert all(v == [] for v in peering_routes(aws, b, pcx).values())
    aws.reset_calls()
    result = run_role(aws, side(a), side(b), vpc_peering_state="absent")[0]
    assert result.rc == 0, result
    assert aws.writes() == []


def test_check_mode_on_a_new_pair_reports_the_request_and_writes_nothing(aws, pair):
    a, b = pair
    result = run_role(aws, side(a), side(b), check=True)[0]
    assert result.rc == 0, result
    assert role_task(result, "Request and accept the peering connection")["changed"] is True
    assert aws.writes() == [] and connections(aws, a, b) == []


def test_check_mode_on_an_active_pair_predicts_dns_and_routes_exactly(aws, pair):
    a, b = pair
    ec2 = aws.client("ec2", "us-east-1")
    pcx = ec2.create_vpc_peering_connection(VpcId=a["vpc_id"], PeerVpcId=b["vpc_id"],
                                            PeerRegion="eu-west-1")["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    aws.client("ec2", "eu-west-1").accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    aws.reset_calls()

    result = run_role(aws, side(a), side(b), check=True)[0]
    assert result.rc == 0, result
    assert aws.writes() == []
    predicted = [role_task(result, "Allow DNS resolution from the remote VPC on each side"),
                 role_task(result, "Route each VPC's route tables to the other VPC's CIDR blocks")]
    assert all(t["changed"] for t in predicted)

    result = run_role(aws, side(a), side(b))[0]
    assert result.rc == 0, result
    real = [role_task(result, "Allow DNS resolution from the remote VPC on each side"),
            role_task(result, "Route each VPC's route tables to the other VPC's CIDR blocks")]
    assert [t["actions"] for t in predicted] == [t["actions"] for t in real]
    planned = [(action["call"].split(":")[1], action["region"]) for task in real for action in task["actions"]]
    assert [(c.action, c.region) for c in aws.writes()] == planned


def test_vpc_dns_attribute_off_fails_naming_the_vpc_unless_enable_vpc_dns(aws, pair):
    a, b = pair
    result = run_role(aws, side(a), side(b), vpc_peering_enable_vpc_dns=False)[0]
    assert result.rc != 0
    failed = role_task(result, "Allow DNS resolution from the remote VPC on each side")
    assert f"{a['vpc_id']} (requester, us-east-1) has enableDnsHostnames off" in failed["msg"]
    assert not [w for w in writes(aws) if w[0] in ("ModifyVpcAttribute", "ModifyVpcPeeringConnectionOptions")]

    aws.reset_calls()
    result, out = run_role(aws, side(a), side(b))
    assert result.rc == 0, result
    assert out["options"]["requester"]["vpc_dns"] == dict(enable_dns_support=True, enable_dns_hostnames=True)
    assert [w[:2] for w in writes(aws) if w[0] == "ModifyVpcAttribute"] == [
        ("ModifyVpcAttribute", "us-east-1"), ("ModifyVpcAttribute", "eu-west-1")]


def test_per_side_inputs_choose_dns_and_route_tables(aws, pair):
    a, b = pair
    result = run_role(aws, side(a, route_tables="main", dns_resolution=False),
                      side(b, route_tables=[b["route_table_ids"][0]]))[0]
    assert result.rc == 0, result
    [conn] = connections(aws, a, b)
    pcx = conn["VpcPeeringConnectionId"]
    assert dns_options(conn) == (False, True)
    assert {t for t, dests in peering_routes(aws, a, pcx).items() if dests} == {a["main_route_table_id"]}
    assert {t for t, dests in peering_routes(aws, b, pcx).items() if dests} == {b["route_table_ids"][0]}


def test_caller_owning_neither_vpc_is_refused_before_any_write(aws, pair):
    a, b = pair
    result = run_role(aws, side(a, account_id=OTHER), side(b, account_id="333333333333"))[0]
    assert result.rc != 0
    assert f"account {ME} owns neither VPC" in role_task(result, "Fail when the caller owns neither VPC")["msg"]
    assert aws.writes() == []


class TestCrossAccount:
    @pytest.fixture
    def accounts_pair(self, aws):
        """Guide 4: shared-data us-east-1 10.41.0.0/16 <-> data team eu-west-1 10.0.0.0/16 in another account."""
        a = aws.make_vpc("us-east-1", "10.41.0.0/16", subnets=2, route_tables=1)
        b = aws.make_vpc("eu-west-1", "10.0.0.0/16", account=OTHER, subnets=1, route_tables=1)
        return a, b

    def test_accepter_credentials_do_both_sides_in_one_run(self, aws, accounts_pair):
        a, b = accounts_pair
        keys = aws.assume(OTHER)
        aws.reset_calls()
        result, out = run_role(aws, side(a), side(b, account_id=OTHER, credentials=keys))
        assert result.rc == 0, result
        [conn] = connections(aws, a, b)
        pcx = conn["VpcPeeringConnectionId"]
        assert out["status"] == "active" and dns_options(conn) == (True, True)
        assert all(v == ["10.0.0.0/16"] for v in peering_routes(aws, a, pcx).values())
        assert all(v == ["10.41.0.0/16"] for v in peering_routes(aws, b, pcx).values())
        calls = writes(aws)
        assert ("AcceptVpcPeeringConnection", "eu-west-1", OTHER) in calls
        assert ("ModifyVpcPeeringConnectionOptions", "eu-west-1", OTHER) in calls
        assert {c[2] for c in calls if c[0] == "CreateRoute" and c[1] == "eu-west-1"} == {OTHER}
        assert out["left_to_other_owner"] == []

    def test_two_runs_when_the_other_owner_accepts_later(self, aws, accounts_pair):
        a, b = accounts_pair
        requester, accepter = side(a), side(b, account_id=OTHER)

        result, first = run_role(aws, requester, accepter)
        assert result.rc == 0, result
        assert first["status"] == "pending-acceptance"
        assert writes(aws) == [("CreateVpcPeeringConnection", "us-east-1", ME)]
        said = role_task(result, "Say why DNS options and routes were not set")["msg"]
        assert f"account {OTHER}" in said and "must accept it in eu-west-1" in said

        keys = aws.assume(OTHER)
        aws.reset_calls()
        result, theirs = run_role(aws, side(a, account_id=ME), side(b), env=as_account(keys))
        assert result.rc == 0, result
        pcx = theirs["peering_id"]
        assert writes(aws)[0] == ("AcceptVpcPeeringConnection", "eu-west-1", OTHER)
        assert {c[2] for c in writes(aws)} == {OTHER}
        assert all(v == ["10.41.0.0/16"] for v in peering_routes(aws, b, pcx).values())
        assert {e["side"] for e in theirs["left_to_other_owner"]} >= {"requester"}

        aws.reset_calls()
        result, second = run_role(aws, requester, accepter)
        assert result.rc == 0, result
        assert second["status"] == "active" and second["left_to_other_owner"] == [
            e for e in second["left_to_other_owner"] if e["side"] == "accepter"]
        [conn] = connections(aws, a, b)
        assert dns_options(conn) == (True, True)
        assert all(v == ["10.0.0.0/16"] for v in peering_routes(aws, a, pcx).values())
        assert {c[2] for c in writes(aws)} == {ME}


def test_guide5_playbook_peers_symmetrically_refuses_the_overlapping_vpc_and_converges_under_faults(
        aws, aws_spare, capsys):
    faulted = guides.FaultedRun(aws_spare, "guide5")  # the faults suite, on the second emulator meanwhile
    guides.seed(aws, "guide5")  # as demo_vpcs.yml makes them, through boto3, on the fresh emulator of `aws`
    checked = aws.run(PLAYBOOKS / "guide5_symmetric_peering.yml", check=True)
    assert checked.rc == 0, checked
    assert aws.writes() == []
    assert checked.task("Assert the refusal names both CIDR blocks")["failed"] is False

    result = aws.run(PLAYBOOKS / "guide5_symmetric_peering.yml")
    assert result.rc == 0, result
    refusal = result.task("Assert the refusal names both CIDR blocks")
    assert "10.50.0.0/16" in refusal["msg"] and "10.50.128.0/17" in refusal["msg"]
    creates = [c for c in aws.writes() if c.action == "CreateVpcPeeringConnection"]
    assert len(creates) == 1  # guide5-a -> guide5-b only; the overlapping pair made no write
    assert "security group" in result.task("Remind that security groups must use CIDRs across this peering")["msg"]

    aws.reset_calls()
    again = aws.run(PLAYBOOKS / "guide5_symmetric_peering.yml")
    assert again.rc == 0, again
    assert aws.writes() == []

    # the faults suite (tests/reliability/test_faults_guides.py): the faulted run on a fresh emulator ended here too
    faulted.check(guides.end_state(aws, "guide5"), capsys)
