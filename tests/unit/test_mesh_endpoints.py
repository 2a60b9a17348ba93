"""The resolver_mesh role's endpoints as list-form runs (plugins/filter/resolver_mesh.py): one group per account
credentials, each node's endpoints sharing its DNS security group, and the results mapped back to node and direction."""

from ansible_collections.vpcmesh.aws.plugins.filter.resolver_mesh import endpoint_results, mesh_endpoints

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
