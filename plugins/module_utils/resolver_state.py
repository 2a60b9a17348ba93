# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads of Route 53 Resolver state (filtered, paginated), and AWS calls that raise instead of failing the
module, so they can run in worker threads (one per region) and be reported together."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AWS_ERRORS, api_name, retry_decorator, unparsable
from ansible_collections.vpcmesh.aws.plugins.module_utils.resolver import ResolverError

from ansible_collections.amazon.aws.plugins.module_utils.botocore import paginated_query_with_retries

try:
    import botocore
except ImportError:  # handled by AnsibleAWSModule
    pass

RESOLVER = "route53resolver"


class AwsCallError(ResolverError):
    """An AWS call that failed; ``code`` is AWS's error code (empty for a connection error)."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.code = code


class SafeCalls:
    """``call``/``paginate`` like ``AwsContext``, raising ``AwsCallError`` naming the API call and region.

    ``fail_json`` from a worker thread would print a result per thread and leave the others running, so the
    workers raise and the main thread fails once. Clients are made up front (``prepare``) in the main thread:
    creating boto3 clients is not thread-safe, using them is.
    """

    def __init__(self, ctx):
        self.ctx = ctx

    def prepare(self, service, region, creds, extra_codes=None):
        self.ctx.client(service, region, creds, extra_codes)

    def call(self, service, region, creds, operation, error_hint="", extra_codes=None, **params):
        client = self.ctx.client(service, region, creds, extra_codes)
        try:
            return getattr(client, operation)(aws_retry=True, **params)
        except AWS_ERRORS as e:
            raise _error(client, operation, region, error_hint, e) from None

    def paginate(self, service, region, creds, operation, result_key, **params):
        client = self.ctx.client(service, region, creds)
        try:
            pages = paginated_query_with_retries(client, operation, retry_decorator=retry_decorator(), **params)
        except AWS_ERRORS as e:
            raise _error(client, operation, region, "", e) from None
        return pages.get(result_key, [])


def _error(client, operation, region, hint, exc):
    info = getattr(exc, "response", {}).get("Error", {}) if hasattr(exc, "response") else {}
    code = info.get("Code", "")
    if code:
        detail = f"{code}: {info.get('Message', '')}"
    elif not isinstance(exc, (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError)):
        detail = unparsable(exc)
    else:
        detail = str(exc)
    return AwsCallError(f"{api_name(client, operation)} in {region} failed{hint}: {detail}", code)


def _filters(**named):
    return [dict(Name=k, Values=sorted(set(v))) for k, v in named.items() if v]


def list_endpoints(calls, region, creds, **filters):
    """Resolver endpoints of the account in ``region`` (filters by API name, e.g. ``Name=[...]``)."""
    return calls.paginate(RESOLVER, region, creds, "list_resolver_endpoints", "ResolverEndpoints",
                          Filters=_filters(**filters))


def endpoint_ips(calls, region, creds, endpoint_id):
    return calls.paginate(RESOLVER, region, creds, "list_resolver_endpoint_ip_addresses", "IpAddresses",
                          ResolverEndpointId=endpoint_id)


def list_rules(calls, region, creds, **filters):
    return calls.paginate(RESOLVER, region, creds, "list_resolver_rules", "ResolverRules",
                          Filters=_filters(**filters))


def list_associations(calls, region, creds, **filters):
    """Rule associations matching every filter given (``VPCId=[...]``, ``ResolverRuleId=[...]``)."""
    if not any(filters.values()):
        return []
    return calls.paginate(RESOLVER, region, creds, "list_resolver_rule_associations", "ResolverRuleAssociations",
                          Filters=_filters(**filters))


def all_associations(calls, region, creds):
    """Every rule association of the account in ``region``, unfiltered (what the associations quota counts)."""
    return calls.paginate(RESOLVER, region, creds, "list_resolver_rule_associations", "ResolverRuleAssociations")


def resource_tags(calls, region, creds, arn):
    tags = calls.paginate(RESOLVER, region, creds, "list_tags_for_resource", "Tags", ResourceArn=arn)
    return {t["Key"]: t["Value"] for t in tags}


# -- EC2 reads the Resolver modules need (candidates for ec2_state.py) -------------------------------------
GONE_IPV6_BLOCK_STATES = ("disassociating", "disassociated", "failing", "failed")


def describe_subnets(calls, region, creds, subnet_ids):
    """{subnet_id: {vpc_id, az, cidr, ipv6_cidrs}} for the given IDs in one filtered call (unknown IDs are left
    out); ``ipv6_cidrs`` are the subnet's IPv6 blocks that are not going or gone (AWS says ``associated``; moto 5.2.5
    answers a stringified dict there, docs/emulator-gaps.md)."""
    ids = sorted(set(subnet_ids))
    found = calls.paginate("ec2", region, creds, "describe_subnets", "Subnets",
                           Filters=[dict(Name="subnet-id", Values=ids)]) if ids else []
    return {s["SubnetId"]: dict(vpc_id=s["VpcId"], az=s["AvailabilityZone"], cidr=s.get("CidrBlock"),
                                ipv6_cidrs=sorted(a["Ipv6CidrBlock"] for a in s.get("Ipv6CidrBlockAssociationSet") or []
                                                  if (a.get("Ipv6CidrBlockState") or {}).get("State")
                                                  not in GONE_IPV6_BLOCK_STATES))
            for s in found}


def describe_security_groups(calls, region, creds, group_ids):
    """{group_id: vpc_id} for the given IDs in one filtered call (unknown IDs are left out)."""
    ids = sorted(set(group_ids))
    found = calls.paginate("ec2", region, creds, "describe_security_groups", "SecurityGroups",
                           Filters=[dict(Name="group-id", Values=ids)]) if ids else []
    return {g["GroupId"]: g.get("VpcId") for g in found}


def find_security_group(calls, region, creds, vpc_id, name):
    """The security group called ``name`` in ``vpc_id`` (None when there is none)."""
    found = calls.paginate("ec2", region, creds, "describe_security_groups", "SecurityGroups",
                           Filters=[dict(Name="vpc-id", Values=[vpc_id]), dict(Name="group-name", Values=[name])])
    return next((g for g in found if g.get("GroupName") == name), None)


def interfaces_using(calls, region, creds, group_id):
    """Network interfaces that use a security group."""
    return calls.paginate("ec2", region, creds, "describe_network_interfaces", "NetworkInterfaces",
                          Filters=[dict(Name="group-id", Values=[group_id])])
