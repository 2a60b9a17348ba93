# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``aws_module``: the ``AnsibleAWSModule`` of every module, its option values checked first (validation.py) so a
wrong value fails the module before any AWS call; ``non_empty_nodes`` for list options that need a minimum.

Kept apart from validation.py because it imports amazon.aws's module class (and with it boto3), which the
controller-side filters that share validation.py's checks must not load.
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule, aws_argument_spec

from ansible_collections.vpcmesh.aws.plugins.module_utils.validation import check_params, check_structure


def _raw_params():
    from ansible.module_utils.basic import _load_params

    try:
        return _load_params()
    except Exception:  # noqa: BLE001 - AnsibleModule reports unreadable arguments itself
        return {}


def _refuse_unvalidated(spec, raw, message):
    """Fail the module with ``message`` when its arguments cannot be validated (the spec is relaxed to raw)."""
    from ansible.module_utils.basic import AnsibleModule

    # The arguments are not echoed back (invocation is empty), so no value needs masking: the message shows
    # only values that name no secret option (_safe).
    full = dict(aws_argument_spec(), **spec)
    relaxed = {name: dict(type="raw", aliases=option.get("aliases") or [], no_log=False)
               for name, option in full.items()}
    known = set(relaxed) | {a for o in relaxed.values() for a in o["aliases"]}
    for name in raw:
        if name not in known and not name.startswith("_ansible"):
            relaxed[name] = dict(type="raw", no_log=False)
    module = AnsibleModule(argument_spec=relaxed, supports_check_mode=True)
    module.fail_json(msg=message, invocation=dict(module_args={}))


# -- the module ------------------------------------------------------------------------------------------
def aws_module(argument_spec, items=None, **kwargs):
    """``AnsibleAWSModule(argument_spec=..., supports_check_mode=True, **kwargs)`` with its values checked as
    this file describes; a wrong value fails the module before any AWS call. ``items`` = (key, item spec)
    for a list form whose items take the single form's options."""
    raw = _raw_params()
    raw = raw if isinstance(raw, dict) else {}
    errors = check_structure(argument_spec, raw)
    if items and isinstance(raw.get(items[0]), list):
        for index, item in enumerate(raw[items[0]]):
            errors += check_structure({f"{items[0]}[{index}]": dict(type="dict", options=items[1])},
                                      {f"{items[0]}[{index}]": item})
    if errors:
        _refuse_unvalidated(argument_spec, raw, "; ".join(errors))
    kwargs.setdefault("supports_check_mode", True)
    module = AnsibleAWSModule(argument_spec=argument_spec, **kwargs)
    problems = check_params(argument_spec, module.params, module.region, items)
    if problems:
        module.fail_json(msg="; ".join(problems))
    return module


def non_empty_nodes(module, key="nodes", minimum=2, what="a mesh needs at least two nodes"):
    """Refuse a list of fewer than ``minimum`` items (``key`` is checked for emptiness by aws_module)."""
    count = len(module.params.get(key) or [])
    if count < minimum:
        module.fail_json(msg=f"{key} has {count} item{'s' if count != 1 else ''}; {what}")
