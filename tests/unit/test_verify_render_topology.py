"""scripts/render-topology: DOT or a saved result in, `dot -Tsvg` called, a clear message without Graphviz."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "render-topology"
DOT = 'digraph vpcmesh {\n  "vpc-1" -> "vpc-2";\n}\n'


def render(tmp_path, *args, with_dot=True):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if with_dot:  # a stand-in for Graphviz: records its arguments and writes what it was given
        fake = bin_dir / "dot"
        fake.write_text(f"#!{sys.executable}\nimport pathlib, sys\n"
                        "pathlib.Path(__file__).with_name('args').write_text(' '.join(sys.argv[1:]))\n"
                        "pathlib.Path(sys.argv[3]).write_text(sys.stdin.read())\n")
        fake.chmod(0o755)
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False,
                          env={"PATH": str(bin_dir)}, cwd=tmp_path)


def test_dot_file_is_rendered_next_to_itself(tmp_path):
    (tmp_path / "guide1.dot").write_text(DOT)
    done = render(tmp_path, "guide1.dot")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "guide1.svg").read_text() == DOT
    assert (tmp_path / "bin" / "args").read_text().split()[:2] == ["-Tsvg", "-o"]


def test_saved_module_result_gives_its_topology_dot(tmp_path):
    (tmp_path / "result.json").write_text(json.dumps(dict(flows=[], topology=dict(dot=DOT, mermaid="graph LR"))))
    done = render(tmp_path, "result.json", "-o", "out.svg")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.svg").read_text() == DOT


def test_json_without_a_topology_is_refused(tmp_path):
    (tmp_path / "other.json").write_text(json.dumps(dict(changed=False)))
    done = render(tmp_path, "other.json")
    assert done.returncode == 1 and "has no topology.dot text" in done.stderr


def test_without_graphviz_it_says_what_to_install(tmp_path):
    (tmp_path / "guide1.dot").write_text(DOT)
    done = render(tmp_path, "guide1.dot", with_dot=False)
    assert done.returncode == 2
    assert "Graphviz's `dot` command was not found on PATH" in done.stderr and "topology.mermaid" in done.stderr
    assert not (tmp_path / "guide1.svg").exists()
