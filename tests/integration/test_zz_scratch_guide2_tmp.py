from pathlib import Path
import yaml
REPO = Path(__file__).resolve().parents[2]
DEMO = yaml.safe_load((REPO / "playbooks/vars/demo_vpcs.yml").read_text())
EV = {"demo_vpcs": [v for v in DEMO["demo_vpcs"] if v["name"].startswith("guide2-")]}


def test_guide2(aws):
    aws.run(REPO / "playbooks/demo_vpcs.yml", extravars=EV).assert_ok()
    aws.reset_calls()
    r = aws.run(REPO / "playbooks/guide2_privatelink.yml", extravars=EV)
    print("RUN1 writes", len(aws.writes()))
    r.assert_ok()
    print([t["result"].get("msg") for t in r.tasks if t["name"].endswith("Show what the consumer uses")])
    aws.reset_calls()
    r = aws.run(REPO / "playbooks/guide2_privatelink.yml", extravars=EV)
    r.assert_ok()
    print("RUN2 writes", [str(c) for c in aws.writes()], [t["name"] for t in r.changed_tasks()])
    aws.reset_calls()
    r = aws.run(REPO / "playbooks/guide2_privatelink.yml", check=True, extravars=EV)
    r.assert_ok()
    print("CHECK writes", [str(c) for c in aws.writes()], [t["name"] for t in r.changed_tasks()])
    aws.reset_calls()
    r = aws.run(REPO / "playbooks/guide2_privatelink.yml", extravars=dict(EV, guide2_state="absent"))
    r.assert_ok()
    print("ABSENT writes", [c.action for c in aws.writes()])
