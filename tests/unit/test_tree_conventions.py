"""Conventions of the tree that the tools check only late (the packaging test builds a tarball; pytest collects the
whole suite): every test file's name is unique across tests/ (pytest imports them by basename, and two files of the
same name break the collection of the whole run), and every filter a filter plugin registers has its documentation
file beside it (plugins/filter/<name>.yml), or ansible-doc lists it as UNDOCUMENTED."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def registered_filters(path):
    """The names a FilterModule's filters() returns, read from its dict literal."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "filters":
            for ret in ast.walk(node):
                if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Dict):
                    return [key.value for key in ret.value.keys if isinstance(key, ast.Constant)]
    return []


def test_every_test_file_name_is_unique_across_the_suite():
    names = Counter(path.name for path in (ROOT / "tests").rglob("test_*.py"))
    assert sorted(name for name, count in names.items() if count > 1) == []


def test_every_registered_filter_has_its_documentation_file():
    plugins = sorted((ROOT / "plugins/filter").glob("*.py"))
    registered = {name: path.name for path in plugins for name in registered_filters(path)}
    assert len(registered) > 40
    undocumented = sorted(name for name in registered if not (ROOT / "plugins/filter" / f"{name}.yml").is_file())
    assert undocumented == []


def test_the_filter_reader_sees_every_name_a_filter_module_returns():
    names = registered_filters(ROOT / "plugins/filter/privatelink.py")
    assert "privatelink_accept_writes" in names and "privatelink_stock_writes" in names
