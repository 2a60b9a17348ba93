"""The five field guides as the reliability suites run them: seed a guide's VPCs, run its playbook,
read the end state (tests/emulator/snapshot.py) with IDs normalised, and run it again under faults on a second
emulator, beside the clean runs (FaultedRun)."""

from __future__ import annotations

import threading
from pathlib import Path

import yaml

from tests.emulator import snapshot
from tests.emulator.accounts import DEFAULT_ACCOUNT
from tests.emulator.faults import FaultPlan

PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"
GUIDES = {
    "guide1": "guide1_peering_phz.yml",
    "guide2": "guide2_privatelink.yml",
    "guide3": "guide3_resolver_mesh.yml",
    "guide4": "guide4_shared_data_chain.yml",
    "guide5": "guide5_symmetric_peering.yml",
}
FAULTS_SEED = 909  # the FaultPlan seed of suite 1 (issue 9; docs/reliability.md, "Faults")
DEMO = yaml.safe_load((PLAYBOOKS / "vars" / "demo_vpcs.yml").read_text())


def vpcs_of(guide: str) -> list:
    return [v for v in DEMO["demo_vpcs"] if v["name"].startswith(f"{guide}-")]


def regions_of(guide: str) -> list:
    return sorted({v["region"] for v in vpcs_of(guide)})


def accounts_of(guide: str) -> list:
    return sorted({v.get("account", DEFAULT_ACCOUNT) for v in vpcs_of(guide)})


def seed(aws, guide: str) -> None:
    """Create `guide`'s VPCs as playbooks/demo_vpcs.yml does, through boto3 (seconds instead of minutes)."""
    seed_vpcs(aws, vpcs_of(guide))


def seed_vpcs(aws, specs: list) -> None:
    """Create the VPCs `specs` describes (entries of playbooks/vars/demo_vpcs.yml) as demo_vpcs.yml does:
    VPC (tags Name, vpcmesh-demo; DNS attributes), subnets (Name, tier), one route table per subnet
    (Name, tier), and per host a security group allowing its port and a network interface with its IP.
    Molecule's prepare step runs demo_vpcs.yml itself (test_molecule_guides.py)."""
    for spec in specs:
        ec2 = aws.client("ec2", spec["region"], spec.get("account"))
        name = spec["name"]
        vpc_id = ec2.create_vpc(CidrBlock=spec["cidr"], TagSpecifications=_tags("vpc", {
            "Name": name, "vpcmesh-demo": name}))["Vpc"]["VpcId"]
        ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": True})
        ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": spec.get("dns_hostnames", True)})
        subnets = {}
        for sub in spec["subnets"]:
            sub_name = f"{name}-{sub['tier']}-{sub['az']}"
            tags = {"Name": sub_name, "tier": sub["tier"]}
            subnets[sub["cidr"]] = subnet_id = ec2.create_subnet(
                VpcId=vpc_id, CidrBlock=sub["cidr"], AvailabilityZone=f"{spec['region']}{sub['az']}",
                TagSpecifications=_tags("subnet", tags))["Subnet"]["SubnetId"]
            table = ec2.create_route_table(VpcId=vpc_id, TagSpecifications=_tags("route-table", tags))
            ec2.associate_route_table(RouteTableId=table["RouteTable"]["RouteTableId"], SubnetId=subnet_id)
        for host in spec.get("hosts", []):
            group = ec2.create_security_group(
                GroupName=f"{name}-host-{host['ip']}", VpcId=vpc_id,
                Description=f"{name} host {host['ip']}: tcp {host['port']} from peered VPCs")["GroupId"]
            ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
                "IpProtocol": "tcp", "FromPort": host["port"], "ToPort": host["port"],
                "IpRanges": [{"CidrIp": cidr} for cidr in host["allow_from"]]}])
            ec2.create_network_interface(SubnetId=subnets[host["subnet"]], PrivateIpAddress=host["ip"],
                                         Groups=[group], Description=f"{name} host {host['ip']}")
    aws.reset_calls()


def _tags(resource: str, tags: dict) -> list:
    return [{"ResourceType": resource, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}]


def run(aws, guide: str, **kwargs):
    return aws.run(PLAYBOOKS / GUIDES[guide], **kwargs)


def end_state(aws, guide: str) -> dict:
    """The normalised snapshot of every region and account the guide touches (interceptors off)."""
    saved = list(aws.interceptors)
    aws.interceptors.clear()
    try:
        return snapshot.normalise(snapshot.take(aws, regions_of(guide), accounts_of(guide)))
    finally:
        aws.interceptors.extend(saved)


def clean_state(aws, guide: str) -> dict:
    """The end state of a fault-free first run of `guide` on a fresh emulator (left reset afterwards)."""
    aws.reset()
    seed(aws, guide)
    run(aws, guide).assert_ok()
    state = end_state(aws, guide)
    aws.reset()
    return state


def faulted_run(aws, guide: str) -> tuple:
    """Suite 1's run (issue 9): on a fresh emulator with `guide` seeded, the guide's playbook under 20% throttling,
    5% server errors and 2% connection resets (seeded FaultPlan on every call). (the plan, the end state, the
    number of calls); the emulator is left in the faulted run's end state, without the faults."""
    aws.reset()
    seed(aws, guide)
    plan = FaultPlan(FAULTS_SEED, throttle=0.2, server_error=0.05, reset=0.02)
    aws.interceptors.append(plan)
    try:
        run(aws, guide).assert_ok()
    finally:
        aws.interceptors.remove(plan)
    return plan, end_state(aws, guide), len(aws.calls)


BACKGROUND_RUN = "faulted-"  # the name of a FaultedRun's thread starts so (the aws_spare fixture waits for it)


class FaultedRun:
    """The faulted run of `guide` on another emulator (the `aws_spare` fixture), in a thread while the test goes on
    with its clean runs: a faulted run spends much of its time sleeping between retries (botocore's backoff), so
    the two overlap instead of adding up. `check(clean, capsys)` waits for it and asserts that it ended in
    `clean`, the end state of the fault-free run: same resources, no duplicates, nothing else changed; it prints
    the faults injected and retried."""

    def __init__(self, spare, guide: str):
        self.guide = guide
        self._outcome: dict = {}
        self._thread = threading.Thread(target=self._run, args=(spare,), name=BACKGROUND_RUN + guide, daemon=True)
        self._thread.start()

    def _run(self, spare) -> None:
        try:
            self._outcome["value"] = faulted_run(spare, self.guide)
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread by check()
            self._outcome["error"] = error

    def check(self, clean: dict, capsys, timeout: float = 1800) -> FaultPlan:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), f"the faulted run of {self.guide} did not end within {timeout} s"
        if "error" in self._outcome:
            raise self._outcome["error"]
        plan, state, calls = self._outcome["value"]
        assert state == clean, snapshot.differences(clean, state)
        assert plan.stats.by_kind["throttle"] > 0 and plan.stats.failed_attempts > 0
        with capsys.disabled():
            print(f"\n[faults] {self.guide}: {calls} calls, {plan.stats.failed_attempts} failed and were retried "
                  f"({dict(plan.stats.by_kind)}); end state equals the clean run's, 0 duplicates")
        return plan
