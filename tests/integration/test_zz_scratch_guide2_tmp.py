from pathlib import Path
REPO = Path(__file__).resolve().parents[2]


def test_guide2(aws):
    aws.run(REPO / "playbooks/demo_vpcs.yml").assert_ok()
    aws.reset_calls()
    r = aws.run(REPO / "playbooks/guide2_privatelink.yml")
    print("RUN1 writes", len(aws.writes()))
    r.assert_ok()
    print([t["result"].get("msg") for t in r.tasks if t["name"].endswith("Show what the consumer uses")])
    aws.reset_calls()
    r = aws.run(REPO / "playbooks/guide2_privatelink.yml")
    r.assert_ok()
    print("RUN2 writes", [str(c) for c in aws.writes()], [t["name"] for t in r.changed_tasks()])
    aws.reset_calls()
    r = aws.run(REPO / "playbooks/guide2_privatelink.yml", check=True)
    r.assert_ok()
    print("CHECK writes", [str(c) for c in aws.writes()], [t["name"] for t in r.changed_tasks()])
    aws.reset_calls()
    r = aws.run(REPO / "playbooks/guide2_privatelink.yml", extravars={"guide2_state": "absent"})
    r.assert_ok()
    print("ABSENT writes", [c.action for c in aws.writes()])
