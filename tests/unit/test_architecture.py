"""Layering rules of plugins/ (docs/development.md, "Layering rules"), checked on the source: every file's imports
are parsed with ast, including those inside functions and try blocks, and nothing is imported.

(a) no file under plugins/ imports tests;
(b) a pure module_utils file (PURE) imports no boto3 or botocore, nothing of amazon.aws, and none of our reads,
    runners or infrastructure (NOT_PURE); every module_utils file is in exactly one of the two lists;
(c) no module file in plugins/modules/ imports another module file;
(d) the module_utils files import each other without cycles;
(e) no file under plugins/ imports a private name (``_x``) from another file under plugins/.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
PACKAGE = "ansible_collections.vpcmesh.aws"
MODULE_UTILS = f"{PACKAGE}.plugins.module_utils"
MODULES = f"{PACKAGE}.plugins.modules"

# Decisions on plain data: what they need arrives as arguments, so they are unit-tested without AWS.
PURE = {
    "actions": "the Action a plan is made of and the result shape; run_action calls only the context it is handed",
    "cidrs": "CIDR parsing and overlap checks",
    "discovery": "estate_info's inventory from what was read, and what it leaves as found",
    "ec2_shapes": "plain values read out of EC2 answers (tags, a VPC's CIDR blocks)",
    "endpoint_service": "the endpoint_service plan",
    "endpoint_service_dns": "the endpoint_service plan of its private DNS name, verification record and IP address types",
    "interface_endpoint": "the interface_endpoint plan",
    "peering": "the cross_region_peering plan: which connection to use, whether a pair may be peered",
    "peering_dns": "the peering_dns_options plan",
    "peering_states": "the peering connection states and their groups",
    "phz": "the phz_association plan",
    "ram_share": "the resolver_rule_share and shared_rule_association plans (RAM shares of Resolver rules)",
    "quotas": "the AWS quota catalogue, what counts against each quota, and the check of a plan's counts",
    "resolver": "Resolver names, tokens and shapes shared by the Resolver plans",
    "resolver_endpoint": "the resolver_endpoint plan",
    "resolver_mesh": "the resolver_forward_mesh plan",
    "routes": "the peer_routes plan",
    "stock_writes": "the writes of amazon.aws's stock EC2 modules, predicted for the roles' check mode",
    "validation": "option checks made before any AWS call (filters import it in every task's worker)",
    "verify_dns": "name resolution on a snapshot",
    "verify_firewall": "network ACL and security group evaluation on a snapshot",
    "verify_flows": "connectivity_check's flows, checked on a snapshot",
    "verify_path": "the path of packets on a snapshot",
    "verify_snapshot": "the state a check reasons about, as plain data",
    "verify_topology": "the topology a check read, as data, Mermaid and DOT",
    "vpc_dns": "a VPC's DNS attributes and the calls that turn them on (peering DNS options and private zones)",
}
# Files that talk to AWS (reads, runners) or to Ansible and botocore (infrastructure).
NOT_PURE = {
    "discovery_read": "read: estate_info's describes of every account and region",
    "ec2_state": "read: EC2 describes through a context",
    "resolver_state": "read: Route 53 Resolver lists and describes",
    "verify_read": "read: the state a connectivity check needs, into a snapshot",
    "peering_connection": "runner part: finds the connection of a per-side module and waits for it",
    "endpoint_service_runner": "runner",
    "interface_endpoint_runner": "runner",
    "peering_dns_runner": "runner",
    "peering_runner": "runner",
    "phz_runner": "runner",
    "quota_reads": "read: applied quota values (Service Quotas, Route 53 limits) and the gate before writes",
    "ram_share_runner": "runner",
    "resolver_endpoint_runner": "runner",
    "resolver_mesh_runner": "runner",
    "routes_runner": "runner",
    "verify_runner": "runner",
    "vpc_info": "runner (with its pure helpers in the same file): reads through amazon.aws's paginator",
    "aws_module": "infrastructure: amazon.aws's module class",
    "batch": "infrastructure: a module's list form over one shared context",
    "clients": "infrastructure: clients, calls and retries",
    "sessions": "infrastructure: botocore sessions sharing one loader",
    "waiting": "infrastructure: bounded polling (sleeps)",
}
# (pure file, module it imports inside a function): why. Nothing else is excused.
EXCUSED = {
    ("validation", f"{MODULE_UTILS}.sessions"):
        "region names come from botocore's bundled partitions data (files, no AWS call), read with the run's one "
        "shared loader, imported only once a region is checked",
}
FORBIDDEN_IN_PURE = ("boto3", "botocore", "ansible_collections.amazon.aws")


def dotted(path):
    return ".".join((PACKAGE,) + path.relative_to(ROOT).with_suffix("").parts)


FILES = {dotted(p): p for p in sorted(PLUGINS.rglob("*.py")) if p.name != "__init__.py"}


def imports(path):
    """(line, module, names, inside a function) for every import of a file, names the ones ``from`` takes (or
    None), with relative imports made absolute; plus (line, module, attribute) for ``alias._x`` uses."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = dotted(path).rsplit(".", 1)[0]
    found, aliases, private_uses = [], {}, []

    def visit(node, lazy):
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append((child.lineno, alias.name, None, lazy))
                    if alias.asname:
                        aliases[alias.asname] = alias.name
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:  # from . import x, from ..module_utils import y
                    parts = package.split(".")[:len(package.split(".")) - (child.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                names = [a.name for a in child.names]
                found.append((child.lineno, base, names, lazy))
                for alias in child.names:
                    if f"{base}.{alias.name}" in FILES:
                        aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif (isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name)
                  and child.attr.startswith("_") and not child.attr.startswith("__")):
                private_uses.append((child.lineno, child.value.id, child.attr))
            visit(child, inner)

    visit(tree, False)
    uses = [(line, aliases[name], attr) for line, name, attr in private_uses if aliases.get(name) in FILES]
    return found, uses


IMPORTS = {name: imports(path) for name, path in FILES.items()}


def targets(module, names):
    """The modules an import statement loads: ``from pkg import mod`` loads ``pkg.mod`` when that is a file."""
    out = [module]
    for name in names or ():
        if f"{module}.{name}" in FILES:
            out.append(f"{module}.{name}")
    return out


def where(name, line):
    return f"{FILES[name].relative_to(ROOT)}:{line}"


def is_under(module, prefix):
    return module == prefix or module.startswith(prefix + ".")


def utils_name(module):
    return module[len(MODULE_UTILS) + 1:] if is_under(module, MODULE_UTILS) and module != MODULE_UTILS else None


def test_rule_a_no_plugin_file_imports_tests():
    bad = [f"{where(name, line)} imports {module}"
           for name, (found, _uses) in IMPORTS.items() for line, module, names, _lazy in found
           for target in targets(module, names)
           if is_under(target, "tests") or is_under(target, f"{PACKAGE}.tests")]
    assert not bad, "rule (a), plugins must not import tests: " + "; ".join(bad)


def test_rule_b_every_module_utils_file_is_classified_once():
    files = {utils_name(name) for name in FILES if utils_name(name)}
    unlisted = sorted(files - set(PURE) - set(NOT_PURE))
    both = sorted(set(PURE) & set(NOT_PURE))
    stale = sorted((set(PURE) | set(NOT_PURE)) - files)
    assert not (unlisted or both or stale), (
        f"rule (b), classify every plugins/module_utils file in tests/unit/test_architecture.py as PURE or NOT_PURE: "
        f"unlisted {unlisted}, in both {both}, listed but missing {stale}")


def test_rule_b_pure_modules_import_no_aws_and_no_reads_runners_or_infrastructure():
    bad = []
    for pure in sorted(PURE):
        name = f"{MODULE_UTILS}.{pure}"
        if name not in FILES:
            continue
        for line, module, names, lazy in IMPORTS[name][0]:
            for target in targets(module, names):
                other = utils_name(target)
                if not (any(is_under(target, p) for p in FORBIDDEN_IN_PURE) or other in NOT_PURE):
                    continue
                if lazy and (pure, target) in EXCUSED:
                    continue
                what = f"{other}, {NOT_PURE[other].split(':')[0]}" if other in NOT_PURE else target
                bad.append(f"{where(name, line)} imports {what}")
    assert not bad, "rule (b), pure module_utils files must not import AWS, reads, runners or infrastructure: " + \
        "; ".join(bad)


def test_rule_c_no_module_file_imports_another_module_file():
    bad = [f"{where(name, line)} imports {target}"
           for name, (found, _uses) in IMPORTS.items() if is_under(name, MODULES)
           for line, module, names, _lazy in found for target in targets(module, names)
           if target in FILES and is_under(target, MODULES) and target != name]
    assert not bad, "rule (c), a module file must not import another module file: " + "; ".join(bad)


def test_rule_d_module_utils_have_no_import_cycles():
    graph = {}
    for name, (found, _uses) in IMPORTS.items():
        if utils_name(name):
            graph[name] = sorted({t for _line, module, names, _lazy in found for t in targets(module, names)
                                  if t in FILES and utils_name(t) and t != name})
    cycles, state = [], {}

    def walk(node, trail):
        state[node] = "open"
        for nxt in graph[node]:
            if state.get(nxt) == "open":
                cycle = trail[trail.index(nxt):] + [nxt]
                cycles.append(" -> ".join(utils_name(n) for n in cycle))
            elif nxt not in state:
                walk(nxt, trail + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    assert not cycles, "rule (d), plugins/module_utils imports must not form a cycle: " + "; ".join(cycles)


def test_rule_e_no_private_name_is_imported_from_another_plugin_file():
    bad = []
    for name, (found, uses) in IMPORTS.items():
        for line, module, names, _lazy in found:
            private = [n for n in names or () if n.startswith("_") and not n.startswith("__")]
            if is_under(module, f"{PACKAGE}.plugins") and private:
                bad.append(f"{where(name, line)} imports {', '.join(private)} from {module}")
            if names is None and is_under(module, f"{PACKAGE}.plugins") and any(
                    part.startswith("_") for part in module.split(".")):
                bad.append(f"{where(name, line)} imports {module}")
        for line, module, attr in uses:
            if module != name:
                bad.append(f"{where(name, line)} uses {attr} of {module}")
    assert not bad, "rule (e), no private name may be imported from another plugin file: " + "; ".join(bad)


def test_the_rules_see_the_imports_they_check():
    """A parser that found nothing would pass every rule: the known imports must be seen."""
    peering = {t for _line, module, names, _lazy in IMPORTS[f"{MODULE_UTILS}.peering"][0] for t in targets(module, names)}
    assert f"{MODULE_UTILS}.actions" in peering
    lazy = [(m, lazy) for _line, m, _names, lazy in IMPORTS[f"{MODULE_UTILS}.validation"][0]
            if m == f"{MODULE_UTILS}.sessions"]
    assert lazy == [(f"{MODULE_UTILS}.sessions", True)]
    assert any(is_under(name, MODULES) for name in FILES)
