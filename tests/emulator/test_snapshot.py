"""snapshot.normalise: the same resources under other random IDs compare equal; a duplicate does not."""

from tests.emulator import snapshot

EMPTY = dict(subnets=[], security_groups=[], endpoints=[], endpoint_services=[], resolver_endpoints=[],
             resolver_rules=[], resolver_rule_associations=[], load_balancers=[], target_groups=[])


def region(vpc_a, vpc_b, pcx_ids, rtb):
    peerings = [dict(VpcPeeringConnectionId=p, Status=dict(Code="active"), RequesterVpcInfo=dict(VpcId=vpc_a),
                     AccepterVpcInfo=dict(VpcId=vpc_b)) for p in pcx_ids]
    return dict(EMPTY, vpcs=[dict(VpcId=vpc_a, CidrBlock="10.0.0.0/16", Tags=[dict(Key="Name", Value="a")]),
                             dict(VpcId=vpc_b, CidrBlock="10.1.0.0/16")],
                peerings=peerings,
                route_tables=[dict(RouteTableId=rtb, VpcId=vpc_a, Associations=[dict(Main=True)],
                                   Routes=[dict(DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=pcx_ids[0])])])


def snap(*args):
    return {"123456789012": {"route53": [], "us-east-1": region(*args)}}


def test_the_same_resources_under_other_ids_normalise_equal():
    one = snapshot.normalise(snap("vpc-0123456789abcdef0", "vpc-00000000000000001", ["pcx-0aaaaaaaaaaaaaaa1"],
                                  "rtb-0bbbbbbbbbbbbbbb1"))
    two = snapshot.normalise(snap("vpc-0fedcba9876543210", "vpc-00000000000000002", ["pcx-0ccccccccccccccc2"],
                                  "rtb-0ddddddddddddddd2"))
    assert one == two
    [route] = one["123456789012"]["us-east-1"]["route_tables"][0]["Routes"]
    assert route["VpcPeeringConnectionId"] == "pcx[vpc[a@us-east-1]->vpc[10.1.0.0/16@us-east-1]]"


def test_a_duplicate_peering_makes_the_snapshots_differ():
    one = snap("vpc-0123456789abcdef0", "vpc-00000000000000001", ["pcx-0aaaaaaaaaaaaaaa1"], "rtb-0bbbbbbbbbbbbbbb1")
    two = snap("vpc-0123456789abcdef0", "vpc-00000000000000001", ["pcx-0aaaaaaaaaaaaaaa1", "pcx-0aaaaaaaaaaaaaaa2"],
               "rtb-0bbbbbbbbbbbbbbb1")
    assert snapshot.normalise(one) != snapshot.normalise(two)
    assert "+" in snapshot.differences(snapshot.normalise(one), snapshot.normalise(two))
