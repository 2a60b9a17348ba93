# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of option values that an argument spec cannot express, made before any AWS call.

Every module builds its ``AnsibleAWSModule`` through ``aws_module.aws_module`` (or ``batch.BatchForm``, which calls
it), which runs these checks, so every module, and every item of a list form (``peerings``, ``endpoints``), is checked
the same way:

- a dict option (or an element of a list of dicts) given something that is not a dict is refused naming the
  option path and the value, instead of ansible-core's bare "dictionary requested";
- regions are looked up in the partitions botocore ships (offline, exact case), all in the partition of the
  module's own region;
- account IDs are 12 digits; resource IDs (VPC, subnet, security group, route table, peering connection,
  hosted zone, Resolver endpoint, endpoint service, load balancer and role ARNs) have AWS's shape;
- CIDRs and IP addresses parse;
- a list given empty is refused where empty makes no sense (``EMPTY_ALLOWED`` lists where it does, and why).

The rules are keyed by option name (``SHAPES``) or by option path (``EMPTY_ALLOWED``), so a new option named
like an existing one is checked without new code. Messages name the option path (``vpcs[1].region``) and
the value. Everything here is pure apart from reading botocore's partitions file, and imports neither boto3 nor
amazon.aws's module class: the inventory filters (plugins/filter/inventory.py) use these checks in every task's
worker process of a play, where importing boto3 cost about 0.5 s of CPU each time.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re

from ansible_collections.vpcmesh.aws.plugins.module_utils.routes import RouteError, parse_selector

try:
    from ansible.module_utils.common.validation import check_type_dict
except ImportError:  # pragma: no cover - ansible-core always has it
    check_type_dict = None

HEX = r"[0-9a-f]{8}(?:[0-9a-f]{9})?"


def _id(prefix):
    return re.compile(rf"^{prefix}-{HEX}$")


# option name -> (what it is, pattern, an example of the shape)
SHAPES = {
    "vpc_id": ("a VPC ID", _id("vpc"), "vpc-0123456789abcdef0"),
    "peer_vpc_id": ("a VPC ID", _id("vpc"), "vpc-0123456789abcdef0"),
    "vpc_ids": ("a VPC ID", _id("vpc"), "vpc-0123456789abcdef0"),
    "peering_id": ("a VPC peering connection ID", _id("pcx"), "pcx-0123456789abcdef0"),
    "subnet_id": ("a subnet ID", _id("subnet"), "subnet-0123456789abcdef0"),
    "subnet_ids": ("a subnet ID", _id("subnet"), "subnet-0123456789abcdef0"),
    "security_group_ids": ("a security group ID", _id("sg"), "sg-0123456789abcdef0"),
    "hosted_zone_id": ("a hosted zone ID", re.compile(r"^(?:/hostedzone/)?[A-Z0-9]{1,32}$"), "Z0123456789ABCDEFGHIJ"),
    "inbound_endpoint_id": ("an inbound Resolver endpoint ID", _id("rslvr-in"), "rslvr-in-0123456789abcdef0"),
    "outbound_endpoint_id": ("an outbound Resolver endpoint ID", _id("rslvr-out"), "rslvr-out-0123456789abcdef0"),
    "service_id": ("an endpoint service ID", _id("vpce-svc"), "vpce-svc-0123456789abcdef0"),
    "account_id": ("an account ID", re.compile(r"^\d{12}$"), "123456789012"),
    "peer_owner_id": ("an account ID", re.compile(r"^\d{12}$"), "123456789012"),
    "network_load_balancer_arns": (
        "a load balancer ARN",
        re.compile(r"^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer/(?:net|app|gwy)/[^/]+/[0-9a-f]+$"),
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/0123456789abcdef"),
    "role_arn": ("an IAM role ARN", re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/.+$"),
                 "arn:aws:iam::123456789012:role/network-automation"),
}
CIDR_OPTIONS = {"destinations", "allowed_cidrs", "cidr"}
IP_OPTIONS = {"ip", "private_ip"}
REGION_OPTIONS = {"region", "peer_region", "supported_regions", "service_region"}
ROUTE_TABLE_OPTIONS = {"requester_route_tables", "accepter_route_tables"}

# Lists that may be given empty, by option path ("[]" stands for every element), and why.
EMPTY_ALLOWED = {
    "accept_from": "no connection request is accepted",
    "allowed_principals": "with purge_principals, every principal is removed",
    "supported_regions": "the service is offered in its own region only",
    "dns_security_group.allowed_cidrs": "the group admits the VPC's own CIDR blocks only",
    "nodes[].domains": "the node forwards its queries but serves no domain",
    "nodes[].vpc_ids": "the node answers queries but no VPC of it forwards",
    "peerings": "a list built from an inventory may be empty; nothing is done",
    "endpoints": "a list built from an inventory may be empty; nothing is done",
}


class Invalid(ValueError):
    """One or more option values are wrong; the message names each option path and value."""


# -- regions ---------------------------------------------------------------------------------------------
_PARTITIONS = {}
_GLOBAL_REGIONS = {}


def partitions():
    """{partition: set of region names} from botocore's partitions data (no network)."""
    if not _PARTITIONS:
        from ansible_collections.vpcmesh.aws.plugins.module_utils.sessions import shared_loader

        for partition in shared_loader().load_data("partitions")["partitions"]:
            _PARTITIONS[partition["id"]] = {r for r in partition.get("regions", {}) if not r.endswith("-global")}
            _GLOBAL_REGIONS[partition["id"]] = partition.get("outputs", {}).get("implicitGlobalRegion")
    return _PARTITIONS


def arn_partition(arn):
    """The partition an ARN names (``arn:aws-cn:iam::...`` -> ``aws-cn``), or None for anything else."""
    parts = arn.split(":") if isinstance(arn, str) else []
    return parts[1] if len(parts) >= 6 and parts[0] == "arn" and parts[1] else None


def global_region(partition):
    """The region botocore signs a partition's global services in (its ``implicitGlobalRegion``: us-east-1,
    cn-northwest-1, us-gov-west-1, ...), or None for a partition botocore does not know. The one value held
    here, ``aws``'s us-east-1, is for botocore releases whose partitions data has no ``implicitGlobalRegion``."""
    partitions()
    return _GLOBAL_REGIONS.get(partition) or ("us-east-1" if partition == "aws" else None)


def sts_region(region, role_arn=None):
    """The region to call STS in: ``region`` when one is given (STS's regional endpoint there); without one,
    the global region of the role ARN's partition, else of ``aws`` (us-east-1). None: the ARN names a
    partition botocore does not know."""
    if region:
        return region
    return global_region(arn_partition(role_arn) or "aws")


def partition_of(region):
    return next((name for name, regions in partitions().items() if region in regions), None)


def check_region(path, region, partition=None):
    """An error message for a region name botocore does not know (or of another partition), else None."""
    if not isinstance(region, str):
        return f"{path} is {region!r}; give a region name such as 'us-east-1'"
    found = partition_of(region)
    if found is None:
        if partition_of(region.lower()):
            return f"{path} is {region!r}; region names are lower case: {region.lower()!r}"
        known = sorted(set().union(*partitions().values()))
        close = difflib.get_close_matches(region, known, n=2)
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
        return (f"{path} is {region!r}, which is not an AWS region{hint}; give one of the regions botocore knows, "
                "such as 'us-east-1' or 'eu-west-1'")
    if partition and found != partition:
        return (f"{path} is {region!r}, a region of partition {found}, but the module's region is in partition "
                f"{partition}; VPCs of different partitions cannot be connected")
    return None


# -- shapes ----------------------------------------------------------------------------------------------
def check_shape(path, name, value):
    """An error message for a value of option ``name`` that does not have its shape, else None."""
    if name in REGION_OPTIONS:
        return None  # checked with the partition, by check_regions
    if name in SHAPES:
        what, pattern, example = SHAPES[name]
        if not isinstance(value, str) or not pattern.match(value):
            return f"{path} is {value!r}, which is not {what} (like {example!r})"
    elif name in CIDR_OPTIONS:
        try:
            ipaddress.ip_network(str(value), strict=False)
        except ValueError:
            return f"{path} is {value!r}, which is not a CIDR block (like '10.0.0.0/16')"
    elif name in IP_OPTIONS:
        try:
            ipaddress.ip_address(str(value))
        except ValueError:
            return f"{path} is {value!r}, which is not an IP address (like '10.0.0.10')"
    elif name in ROUTE_TABLE_OPTIONS:
        try:
            parse_selector(value, path)
        except RouteError as e:
            return str(e)
    return None


def _generic(path):
    return re.sub(r"\[\d+\]", "[]", path)


def check_values(spec, params, prefix=""):
    """Error messages for every option of ``spec`` in ``params`` (recursively into dict options and lists of
    dicts): shapes, CIDRs, IPs, empty lists, and the regions found as (path, value) pairs."""
    errors, regions = [], []
    for name, option in spec.items():
        value = params.get(name) if isinstance(params, dict) else None
        if value is None:
            continue
        path = f"{prefix}{name}"
        kind = option.get("type", "str")
        if kind == "list":
            if not isinstance(value, list):
                continue
            if not value and _generic(path) not in EMPTY_ALLOWED:
                errors.append(f"{path} is an empty list; give at least one item, or omit it")
            for index, item in enumerate(value):
                item_path = f"{path}[{index}]"
                if option.get("elements") == "dict" and option.get("options"):
                    more, found = check_values(option["options"], item, f"{item_path}.")
                    errors += more
                    regions += found
                elif name in REGION_OPTIONS:
                    regions.append((item_path, item))
                else:
                    message = check_shape(item_path, name, item)
                    if message:
                        errors.append(message)
        elif kind == "dict" and option.get("options"):
            more, found = check_values(option["options"], value, f"{path}.")
            errors += more
            regions += found
        elif name in REGION_OPTIONS:
            regions.append((path, value))
        elif kind == "str" or name in ROUTE_TABLE_OPTIONS:
            message = check_shape(path, name, value)
            if message:
                errors.append(message)
    return errors, regions


def check_regions(regions, module_region=None):
    """Messages for the (path, region) pairs; all must be in the module region's partition."""
    errors = []
    partition = None
    if module_region is not None:
        message = check_region("region", module_region)
        if message:
            errors.append(message)
        partition = partition_of(module_region)
    for path, region in regions:
        message = check_region(path, region, partition)
        if message:
            errors.append(message)
        elif partition is None:
            partition = partition_of(region)
    return errors


def check_params(spec, params, module_region=None, items=None):
    """Every message for ``params``; ``items`` is (key, item spec) of a list form whose items use ``spec``."""
    errors, regions = check_values(spec, params)
    if items:
        key, item_spec = items
        for index, item in enumerate(params.get(key) or []):
            more, found = check_values(item_spec, item, f"{key}[{index}].")
            errors += more
            regions += found
    return errors + check_regions(regions, module_region)


# -- dict-typed options given something else -------------------------------------------------------------
def _shown(value):
    text = json.dumps(value, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _secret_names(option):
    names = set()
    for name, sub in (option.get("options") or {}).items():
        if sub.get("no_log"):
            names.add(name)
        names |= _secret_names(sub)
    return names


def _safe(option, value):
    """The value for a message, unless it may hold a secret sub-option (``secret_key=...``)."""
    text = _shown(value)
    if any(name in text for name in _secret_names(option)):
        return "a value that is not shown (it names a secret option)"
    return text


def _as_dict(value):
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and check_type_dict is not None:
        try:
            return check_type_dict(value)
        except TypeError:
            return None
    return None


def check_structure(spec, params, prefix=""):
    """Messages for dict options (and elements of lists of dicts) given a value that is not a dict."""
    errors = []
    if not isinstance(params, dict):
        return errors
    for name, option in spec.items():
        keys = [name] + list(option.get("aliases") or [])
        given = next((k for k in keys if params.get(k) is not None), None)
        if given is None:
            continue
        value, path = params[given], f"{prefix}{given}"
        kind, sub = option.get("type", "str"), option.get("options")
        if kind == "dict" and sub is not None:
            parsed = _as_dict(value)
            if parsed is None:
                errors.append(f"{path} must be a dictionary of {', '.join(sorted(sub))}; got {_safe(option, value)}")
            else:
                errors += check_structure(sub, parsed, f"{path}.")
        elif kind == "list" and option.get("elements") == "dict" and isinstance(value, list):
            for index, item in enumerate(value):
                parsed = _as_dict(item)
                item_path = f"{path}[{index}]"
                if parsed is None:
                    wanted = f" of {', '.join(sorted(sub))}" if sub else ""
                    errors.append(f"{item_path} must be a dictionary{wanted}; got {_safe(option, item)}")
                elif sub:
                    errors += check_structure(sub, parsed, f"{item_path}.")
    return errors
