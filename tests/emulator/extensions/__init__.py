"""Extensions: each module here reproduces one AWS behaviour that moto lacks.

Contract for a module `extensions/<name>.py`:
- its docstring names the AWS behaviour, the AWS documentation (or observed error) it follows,
  and anything it could not reproduce exactly;
- `apply()` monkeypatches moto's backend or responses classes, and is safe to call twice;
- a test in tests/emulator/test_extensions_<name>.py proves it against the live server;
- a row in docs/emulator-gaps.md points at it.

`VPCMESH_EMULATOR_EXTENSIONS` picks what launch.py loads: unset or `all` -> every module,
`none` (or empty) -> none, `a,b` -> those. Files starting with `_` are helpers, not extensions.
"""

from __future__ import annotations

import importlib
import pkgutil

ENV_VAR = "VPCMESH_EMULATOR_EXTENSIONS"


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def selected(value: str | None) -> list[str]:
    """The extension names an `ENV_VAR` value asks for (unknown names raise ValueError)."""
    if value is None or value.strip().lower() == "all":
        return available()
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names or names == ["none"]:
        return []
    unknown = sorted(set(names) - set(available()))
    if unknown:
        raise ValueError(f"unknown emulator extensions {unknown}; available: {available()}")
    return names


def load(names: list[str]) -> list[str]:
    """Import each extension and call its `apply()`; returns the names applied."""
    for name in names:
        importlib.import_module(f"{__name__}.{name}").apply()
    return list(names)
