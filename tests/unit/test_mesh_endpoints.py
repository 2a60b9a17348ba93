"""The resolver_mesh role's endpoints as list-form runs (plugins/filter/resolver_mesh.py): one group per account
credentials, each node's endpoints sharing its DNS security group, the results mapped back to node and direction, the
forwarding mesh's nodes and the role's report made from them, and the names the role and teardown.yml share."""

from ansible_collections.vpcmesh.aws.plugins.filter.resolver_mesh import (
    endpoint_results, mesh_endpoints, mesh_forward_nodes, mesh_report_nodes, mesh_resource_names, mesh_s3_writes)

KEYS = {"access_key": "AKIA", "secret_key": "s"}
NODES = {
    "use1": {"region": "us-east-1", "subnet_ids": ["subnet-1", "subnet-2"]},
    "euw1": {"region": "eu-west-1", "subnet_ids": ["subnet-3", "subnet-4"], "credentials": KEYS},
    "use2": {"region": "us-east-2", "subnet_ids": ["subnet-5", "subnet-6"], "credentials": None},
}


def test_nodes_of_the_same_credentials_share_one_run_and_each_node_its_dns_group():
    groups = mesh_endpoints(["use1", "euw1", "use2"], NODES, "m", ["10.0.0.0/16"], {"team": "net"})
    assert [g["credentials"] for g in groups] == [{}, KEYS]
    assert groups[0]["ends"] == [["use1", "inbound"], ["use1", "outbound"], ["use2", "inbound"], ["use2", "outbound"]]
    first = groups[0]["endpoints"][0]
    assert first == {"region": "us-east-1", "name": "m-use1-inbound", "direction": "inbound",
                     "subnet_ids": ["subnet-1", "subnet-2"], "tags": {"team": "net"},
                     "dns_security_group": {"name": "m-use1-dns", "allowed_cidrs": ["10.0.0.0/16"]}}
    assert {e["dns_security_group"]["name"] for e in groups[0]["endpoints"][:2]} == {"m-use1-dns"}
    assert [e["name"] for e in groups[1]["endpoints"]] == ["m-euw1-inbound", "m-euw1-outbound"]


def test_only_the_directions_asked_for_are_made():
    [group] = mesh_endpoints(["use1"], NODES, "m", [], directions=["inbound"])
    assert group["ends"] == [["use1", "inbound"]] and len(group["endpoints"]) == 1


def test_results_are_given_back_per_endpoint_with_its_node_and_direction():
    groups = mesh_endpoints(["use1", "euw1"], NODES, "m", [])
    registered = {"results": [{"group": groups[0], "results": [{"endpoint_id": "in1"}, {"endpoint_id": "out1"}]},
                              {"group": groups[1], "results": [{"endpoint_id": "in2"}, {"endpoint_id": "out2"}]}]}
    assert endpoint_results(registered) == [
        {"endpoint_id": "in1", "item": ["use1", "inbound"]}, {"endpoint_id": "out1", "item": ["use1", "outbound"]},
        {"endpoint_id": "in2", "item": ["euw1", "inbound"]}, {"endpoint_id": "out2", "item": ["euw1", "outbound"]}]
    assert endpoint_results({"results": []}) == []


ENDS = [{"item": ["use1", "inbound"], "endpoint_id": "in1", "ip_addresses": ["10.0.0.5", "10.0.1.5"]},
        {"item": ["use1", "outbound"], "endpoint_id": "out1", "ip_addresses": ["10.0.0.6", "10.0.1.6"]},
        {"item": ["euw1", "inbound"], "endpoint_id": None, "ip_addresses": []},
        {"item": ["euw1", "outbound"], "endpoint_id": None, "ip_addresses": []}]
VPCS = {"use1": dict(NODES["use1"], vpc_id="vpc-1", domains=["x.internal"]), "euw1": dict(NODES["euw1"], vpc_id="vpc-2")}


def test_forwarding_nodes_carry_each_nodes_vpc_domains_credentials_and_endpoint_ids_none_when_not_made():
    assert mesh_forward_nodes(["use1", "euw1"], VPCS, ENDS) == [
        {"name": "use1", "region": "us-east-1", "vpc_ids": ["vpc-1"], "inbound_endpoint_id": "in1",
         "outbound_endpoint_id": "out1", "domains": ["x.internal"], "credentials": None},
        {"name": "euw1", "region": "eu-west-1", "vpc_ids": ["vpc-2"], "inbound_endpoint_id": None,
         "outbound_endpoint_id": None, "domains": None, "credentials": KEYS}]


def test_the_report_gives_each_nodes_endpoints_ips_and_s3_endpoint_when_one_was_made():
    s3 = [{"item": "use1", "result": {"vpc_endpoint_id": "vpce-1"}}, {"item": "euw1", "skipped": True}]
    report = mesh_report_nodes(["use1", "euw1"], VPCS, ENDS, s3)
    assert report["use1"] == {"region": "us-east-1", "vpc_id": "vpc-1", "inbound_endpoint_id": "in1",
                              "inbound_ips": ["10.0.0.5", "10.0.1.5"], "outbound_endpoint_id": "out1",
                              "outbound_ips": ["10.0.0.6", "10.0.1.6"], "s3_endpoint_id": "vpce-1"}
    assert report["euw1"]["s3_endpoint_id"] is None and report["euw1"]["inbound_ips"] == []
    assert mesh_report_nodes(["use1"], VPCS, ENDS)["use1"]["s3_endpoint_id"] is None
    checked = [{"item": "use1", "result": "Would have created VPC Endpoint if not in check mode"}]
    assert mesh_report_nodes(["use1"], VPCS, ENDS, checked)["use1"]["s3_endpoint_id"] is None


def test_the_role_and_teardown_share_one_set_of_names_per_node():
    assert mesh_resource_names("m", "use1") == {
        "inbound": "m-use1-inbound", "outbound": "m-use1-outbound", "dns_security_group": "m-use1-dns",
        "s3_endpoint": "m-use1-s3", "s3_security_group": "m-use1-s3", "s3_gateway_endpoint": "m-use1-s3-gateway"}
    [group] = mesh_endpoints(["use1"], NODES, "m", [])
    names = mesh_resource_names("m", "use1")
    assert [e["name"] for e in group["endpoints"]] == [names["inbound"], names["outbound"]]
    assert group["endpoints"][0]["dns_security_group"]["name"] == names["dns_security_group"]


def test_in_check_mode_endpoints_not_made_yet_are_the_nodes_planned_endpoints():
    use1, euw1 = mesh_forward_nodes(["use1", "euw1"], VPCS, ENDS, True)
    assert "planned_endpoints" not in use1
    assert euw1["planned_endpoints"] == ["inbound", "outbound"] and euw1["inbound_endpoint_id"] is None
    assert "planned_endpoints" not in mesh_forward_nodes(["euw1"], VPCS, ENDS)[0]


S3_NODES = {"use1": dict(NODES["use1"], vpc_id="vpc-1", route_table_ids=["rtb-1"]),
            "use2": dict(NODES["use2"], vpc_id="vpc-5", route_table_ids=[])}
S3_CIDRS = ["10.30.0.0/16", "10.31.0.0/16"]


def s3_group(cidrs):
    return {"group_name": "m-use1-s3", "group_id": "sg-1", "vpc_id": "vpc-1", "tags": {"Name": "m-use1-s3"},
            "ip_permissions": [{"ip_protocol": "tcp", "from_port": 443, "to_port": 443,
                                "ip_ranges": [{"cidr_ip": c} for c in cidrs]}]}


def s3_endpoint(endpoint_id, tables, name):
    return {"vpc_endpoint_id": endpoint_id, "vpc_id": "vpc-1", "service_name": "com.amazonaws.us-east-1.s3",
            "route_table_ids": tables, "tags": [{"Key": "Name", "Value": name}]}


def test_s3_writes_of_new_nodes_are_the_security_group_the_gateway_when_route_tables_are_given_and_the_interface():
    empty = {"results": [{"item": "use1", "security_groups": []}, {"item": "use2", "security_groups": []}]}
    actions = mesh_s3_writes(["use1", "use2"], S3_NODES, "m", S3_CIDRS, {"team": "net"}, empty, {"results": []})
    assert [(a["call"], a["region"]) for a in actions] == [
        ("ec2:CreateSecurityGroup", "us-east-1"), ("ec2:AuthorizeSecurityGroupIngress", "us-east-1"),
        ("ec2:CreateVpcEndpoint", "us-east-1"), ("ec2:CreateVpcEndpoint", "us-east-1"),
        ("ec2:CreateSecurityGroup", "us-east-2"), ("ec2:AuthorizeSecurityGroupIngress", "us-east-2"),
        ("ec2:CreateVpcEndpoint", "us-east-2")]
    assert actions[0]["params"]["Tags"] == {"team": "net", "Name": "m-use1-s3"}
    assert actions[2]["params"]["VpcEndpointType"] == "Gateway" and actions[2]["params"]["RouteTableIds"] == ["rtb-1"]
    assert actions[3]["params"]["SecurityGroupIds"] == ["(new security group)"]


def test_s3_writes_of_a_built_node_are_none_and_a_new_cidr_is_allowed():
    groups = {"results": [{"item": "use1", "security_groups": [s3_group(S3_CIDRS)]}]}
    endpoints = {"results": [{"item": "use1", "vpc_endpoints": [
        s3_endpoint("vpce-g", ["rtb-1"], "m-use1-s3-gateway"), s3_endpoint("vpce-i", [], "m-use1-s3")]}]}
    assert mesh_s3_writes(["use1"], S3_NODES, "m", S3_CIDRS, {}, groups, endpoints) == []
    [allow] = mesh_s3_writes(["use1"], S3_NODES, "m", S3_CIDRS + ["10.32.0.0/16"], {}, groups, endpoints)
    assert allow["call"] == "ec2:AuthorizeSecurityGroupIngress"
    assert allow["params"]["IpPermissions"][0]["IpRanges"] == [{"CidrIp": "10.32.0.0/16"}]
