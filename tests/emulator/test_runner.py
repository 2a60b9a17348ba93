"""run_playbook runs real ansible-playbook against the recording proxy."""

import pytest

VPC_PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: create the VPC
      amazon.aws.ec2_vpc_net:
        name: runner-demo
        cidr_block: "{{ cidr }}"
        region: us-east-1
"""


def test_playbook_task_result_is_returned(aws):
    result = aws.run(VPC_PLAYBOOK, extravars={"cidr": "10.20.0.0/16"})

    assert result.rc == 0
    created = result.task("create the VPC")
    assert created["changed"] is True and created["failed"] is False
    assert created["vpc"]["cidr_block"] == "10.20.0.0/16"
    assert result.stats["localhost"]["changed"] == 1
    assert "CreateVpc" in [c.action for c in aws.writes()]
    vpcs = aws.client("ec2").describe_vpcs(VpcIds=[created["vpc"]["id"]])["Vpcs"]
    assert vpcs[0]["CidrBlock"] == "10.20.0.0/16"


def test_check_mode_run_makes_no_write_calls(aws):
    result = aws.run(VPC_PLAYBOOK, extravars={"cidr": "10.21.0.0/16"}, check=True)

    assert result.rc == 0
    assert result.task("create the VPC")["changed"] is True
    assert aws.calls and aws.writes() == []


def test_failed_run_explains_itself():
    from tests.emulator.runner import PlaybookResult, parse_json_callback

    stdout = ('{"plays": [{"tasks": [{"task": {"name": "boom"}, "hosts": {"localhost": '
              '{"failed": true, "msg": "VPC vpc-1 not found"}}}]}], "stats": {}}')
    tasks, stats = parse_json_callback(stdout)
    result = PlaybookResult(2, stdout, "ERROR! something\n", tasks, stats)

    assert result.failed_tasks()[0]["name"] == "boom"
    assert "VPC vpc-1 not found" in repr(result) and "ERROR! something" in repr(result)
    with pytest.raises(KeyError, match="tasks: \\['boom'\\]"):
        result.task("missing")
