"""Bad input derived from every module's argument spec (issue 17): each case is refused, names its option, and
is decided before any AWS call.

The argument spec of each module is captured by running its main() with AnsibleAWSModule stopped at
construction (and BatchForm noting the single form of a list form). For every option, recursively into dict
options, lists of dicts and the items of a list form (``peerings[0].vpc_id``), bad values are derived from what
the spec says: a wrong type (int, bool, list, dict), a choice that is not one, a malformed value of an option
that has a shape (IDs, account IDs, ARNs, CIDRs, IPs: ``validation.SHAPES``), an unknown region and a region in
the wrong case, an empty list (unless ``validation.EMPTY_ALLOWED`` says why empty is fine), a dict option given a
string, and an unknown key inside a dict option. A new option is therefore covered without writing a case.

Each case is one ``aws.run_module`` run of the module on a valid baseline with that one value changed; it must
fail, its message must name the option (and the value where there is one), and the emulator must have seen no
call at all: these are decided offline. The hand-written catalogue (test_bad_input.py) covers what needs AWS.
"""

from __future__ import annotations

import copy
import importlib
from pathlib import Path

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.vpcmesh.aws.plugins.module_utils import batch, validation

MODULES_DIR = Path(__file__).resolve().parents[2] / "plugins" / "modules"
MODULES = sorted(p.stem for p in MODULES_DIR.glob("*.py") if not p.stem.startswith("_"))

VPC, VPC2 = "vpc-0123456789abcdef0", "vpc-0123456789abcdef1"
SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/0123456789abcdef"
NODE = dict(region="us-east-1", inbound_endpoint_id="rslvr-in-0123456789abcdef0",
            outbound_endpoint_id="rslvr-out-0123456789abcdef0", vpc_ids=[VPC])
# A valid baseline per module (nothing in it exists; every case fails before the first call).
BASELINES = {
    "connectivity_check": dict(flows=[dict(source=dict(vpc_id=VPC, region="us-east-1"),
                                           destination=dict(ip="10.1.0.10"))]),
    "cross_region_peering": dict(region="us-east-1", vpc_id=VPC, peer_vpc_id=VPC2, peer_region="eu-west-1"),
    "endpoint_service": dict(region="us-east-1", network_load_balancer_arns=[NLB]),
    "interface_endpoint": dict(region="us-east-1", vpc_id=VPC, service_region="us-west-2", subnet_ids=SUBNETS[:1],
                               service_name="com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0"),
    "estate_info": dict(regions=["us-east-1"], accounts=[dict(account_id="123456789012", regions=["eu-west-1"])]),
    "peer_routes": dict(region="us-east-1", peering_id="pcx-0123456789abcdef0"),
    "peering_dns_options": dict(region="us-east-1", peering_id="pcx-0123456789abcdef0",
                                requester_dns_resolution=True),
    "phz_association": dict(hosted_zone_id="Z0123456789ABCDEFGHIJ", vpcs=[dict(vpc_id=VPC, region="us-east-1")]),
    "resolver_endpoint": dict(region="us-east-1", name="gen", direction="inbound", subnet_ids=SUBNETS,
                              security_group_ids=["sg-0123456789abcdef0"]),
    "resolver_forward_mesh": dict(name="gen", nodes=[NODE, dict(NODE, region="eu-west-1")]),
    "resolver_rule_share": dict(region="us-east-1", name="gen", rule_ids=["rslvr-rr-0123456789abcdef0"],
                                principals=["222222222222"]),
    "shared_rule_association": dict(region="us-east-1", share_name="gen", share_owner="111111111111", vpc_ids=[VPC]),
    "vpc_info": dict(vpcs=[dict(name="gen", region="us-east-1", vpc_id=VPC)]),
}
# The first item of a list of dicts that the baseline does not give (its required sub-options).
# Valid values of dicts (and of a list's first element) that the baselines leave out, for their suboptions' cases.
ITEM_BASES = {"ip_addresses": dict(subnet_id=SUBNETS[0]),
              "planned_zone": dict(name="internal", vpc_id=VPC, region="us-east-1"),
              "private_dns_verification": dict(hosted_zone_id="Z0123456789ABCDEFGHIJ")}
UNKNOWN_KEY = "no_such_option"


class Captured(Exception):
    pass


def capture(module_name):
    """(argument spec, constructor keywords, (list-form key, item spec) or None) of a module."""
    seen = {}
    original_init, original_form = AnsibleAWSModule.__init__, batch.BatchForm.module

    def fake_init(self, **kwargs):
        seen["kwargs"] = kwargs
        raise Captured()

    def noting_form(form):
        seen["items"] = (form.key, dict(form.spec, region=dict(type="str")), form.constraints)
        return original_form(form)

    main = importlib.import_module(f"ansible_collections.vpcmesh.aws.plugins.modules.{module_name}").main
    AnsibleAWSModule.__init__, batch.BatchForm.module = fake_init, noting_form
    try:
        with patch_module_args({}), pytest.raises(Captured):
            main()
    finally:
        AnsibleAWSModule.__init__, batch.BatchForm.module = original_init, original_form
    kwargs = dict(seen["kwargs"])
    return kwargs.pop("argument_spec"), kwargs, seen.get("items")


def _generic(path):
    return validation._generic(path)


def bad_values(name, option, path):
    """(label, bad value, words the message must contain) for one option."""
    kind = option.get("type", "str")
    out = []
    if option.get("choices"):
        out.append(("not a choice", "not-a-choice", [name, "not-a-choice"]))
    if name in validation.REGION_OPTIONS:
        out += [("unknown region", "us-east-9", [name, "us-east-9"]),
                ("region in capitals", "US-EAST-1", [name, "US-EAST-1"])]
    elif kind == "str" and (name in validation.SHAPES or name in validation.CIDR_OPTIONS
                            or name in validation.IP_OPTIONS):
        out.append(("malformed", "bad-value", [name, "bad-value"]))
    if kind == "int":
        out.append(("wrong type", "not-a-number", [name, "not-a-number"]))
    elif kind == "bool":
        out.append(("wrong type", "maybe", [name, "maybe"]))
    elif kind == "raw":
        out.append(("wrong type", 12345, [name, "12345"]))
    elif kind == "dict":
        if option.get("options") is not None:
            out.append(("not a dict", "not-a-dict", [name, "not-a-dict"]))
        else:
            out.append(("wrong type", ["a", "list"], [name]))
    elif kind == "list":
        out.append(("wrong type", {"not": "a list"}, [name]))
        if _generic(path) not in validation.EMPTY_ALLOWED:
            out.append(("empty list", [], [name, "empty"]))
        elements = option.get("elements")
        if elements == "dict":
            out.append(("element not a dict", ["not-a-dict"], [name, "not-a-dict"]))
        elif elements == "str" and (name in validation.SHAPES or name in validation.CIDR_OPTIONS
                                    or name in validation.REGION_OPTIONS):
            out.append(("malformed element", ["bad-value"], [name, "bad-value"]))
    return out


def _example(name):
    if name in validation.SHAPES:
        example = validation.SHAPES[name][2]
        return [example] if name.endswith("s") else example
    return "x"


def complete(args, name, constraints):
    """``args`` with ``name`` set: drop options mutually exclusive with it, give its required partners."""
    for group in constraints.get("mutually_exclusive", []):
        if name in group:
            for other in group:
                if other != name:
                    args.pop(other, None)
    for group in constraints.get("required_together", []):
        if name in group:
            for other in group:
                args.setdefault(other, _example(other))
    return args


def cases_for(spec, base, constraints, path=""):
    """(path, label, args-builder input, words): every bad value of every option under ``spec``, set into
    ``base`` (the valid value of the enclosing dict)."""
    out = []
    for name, option in sorted(spec.items()):
        here = f"{path}{name}"
        for label, value, words in bad_values(name, option, here):
            args = complete(copy.deepcopy(base), name, constraints)
            args[name] = value
            out.append((here, label, args, words))
        kind, sub = option.get("type", "str"), option.get("options")
        if sub is None:
            continue
        if kind == "dict":
            inner = copy.deepcopy(base.get(name)) if isinstance(base.get(name), dict) else dict(ITEM_BASES.get(name, {}))
            out += nest(name, base, constraints, inner, cases_for(sub, inner, option, f"{here}."), lambda v: v)
            args = complete(copy.deepcopy(base), name, constraints)
            args[name] = dict(inner, **{UNKNOWN_KEY: 1})
            out.append((here, "unknown key", args, [name, UNKNOWN_KEY]))
        elif kind == "list" and option.get("elements") == "dict":
            items = base.get(name) if isinstance(base.get(name), list) and base.get(name) else None
            first = copy.deepcopy(items[0]) if items else dict(ITEM_BASES.get(name, {}))
            rest = copy.deepcopy(items[1:]) if items else []
            out += nest(name, base, constraints, first, cases_for(sub, first, option, f"{here}[0]."),
                        lambda v: [v] + rest)
            args = complete(copy.deepcopy(base), name, constraints)
            args[name] = [dict(first, **{UNKNOWN_KEY: 1})] + rest
            out.append((here, "unknown key", args, [name, UNKNOWN_KEY]))
    return out


def nest(name, base, constraints, _inner, inner_cases, wrap):
    out = []
    for path, label, inner_args, words in inner_cases:
        args = complete(copy.deepcopy(base), name, constraints)
        args[name] = wrap(inner_args)
        out.append((path, label, args, words))
    return out


def all_cases():
    cases = []
    for module_name in MODULES:
        spec, kwargs, items = capture(module_name)
        base = BASELINES[module_name]
        spec = dict(spec, region=dict(type="str")) if "region" not in spec else spec
        for path, label, args, words in cases_for(spec, base, kwargs):
            cases.append((module_name, path, label, args, words))
        if items:
            key, item_spec, constraints = items
            identity = [k for k in item_spec if k in base and k != "region"]
            outer = {k: v for k, v in base.items() if k not in identity}
            item = {k: base[k] for k in identity}
            for path, label, item_args, words in cases_for(item_spec, item, constraints, f"{key}[0]."):
                cases.append((module_name, path, label, dict(outer, **{key: [item_args]}), words))
    return cases


# No case is excluded. (Issue 17's point "security group IDs given to resolver_endpoint are not read before its
# create" is owned by another developer; no generated case depends on that read: every one is decided offline.)
CASES = all_cases()


def test_every_module_and_every_kind_of_bad_value_is_generated():
    modules = {c[0] for c in CASES}
    labels = {c[2] for c in CASES}
    assert modules == set(MODULES) == set(BASELINES)
    assert {"wrong type", "not a choice", "malformed", "unknown region", "region in capitals", "empty list",
            "not a dict", "element not a dict", "unknown key"} <= labels
    # the items of the list forms are covered too
    assert any(path.startswith("peerings[0].") for _m, path, *_rest in CASES)
    assert any(path.startswith("endpoints[0].") for _m, path, *_rest in CASES)


def test_every_generated_bad_value_is_refused_naming_its_option_before_any_call(aws, capsys):
    problems, refused = [], 0
    aws.reset_calls()
    for module_name, path, label, args, words in CASES:
        before = len(aws.calls)
        out = aws.run_module(module_name, args, ignore_errors=True).task(module_name)
        message = str(out.get("msg", ""))
        calls = aws.calls[before:]
        if not out.get("failed"):
            problems.append(f"{module_name} {path} ({label}): not refused")
        elif "MODULE FAILURE" in message or "Traceback" in str(out.get("module_stderr", "")):
            problems.append(f"{module_name} {path} ({label}): crashed: {out.get('module_stderr', '')[-300:]}")
        elif [w for w in words if str(w).lower() not in message.lower()]:
            problems.append(f"{module_name} {path} ({label}): message lacks {words}: {message}")
        elif calls:
            problems.append(f"{module_name} {path} ({label}): {len(calls)} AWS calls before the refusal: "
                            f"{[c.action for c in calls]}")
        else:
            refused += 1
    assert not problems, f"{len(problems)} of {len(CASES)}:\n" + "\n".join(problems)
    assert aws.writes() == []
    with capsys.disabled():
        per_module = {m: sum(1 for c in CASES if c[0] == m) for m in MODULES}
        print(f"\n[bad input, generated] {refused} of {len(CASES)} bad values refused before any call: {per_module}")
