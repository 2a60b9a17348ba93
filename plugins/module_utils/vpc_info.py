# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> describe for ``vpc_info``: many VPCs, found by ID or Name tag, each in its own account and region.

The entries are grouped by (credentials, region); each group is read with one filtered, paginated describe per
kind (VPCs by ID, VPCs by Name tag, subnets, route tables), groups concurrently (bounded). The pure parts
(grouping, matching an entry to what was found, the facts of a VPC) are unit-tested without AWS.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.amazon.aws.plugins.module_utils.botocore import paginated_query_with_retries
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import (
    AWS_ERRORS, AwsContext, api_name, creds_key, fail_call, retry_decorator)


# -- pure ------------------------------------------------------------------------------------------------
def groups(entries):
    """{(credentials key, region): [entries]} in first-seen order: the entries one set of describes serves."""
    out = {}
    for entry in entries:
        out.setdefault((creds_key(entry.get("credentials")), entry["region"]), []).append(entry)
    return out


def wanted_name(entry):
    return entry.get("vpc_name") or entry["name"]


def lookups(entries):
    """(VPC IDs, Name tags) to describe for a group's entries."""
    ids = sorted({e["vpc_id"] for e in entries if e.get("vpc_id")})
    names = sorted({wanted_name(e) for e in entries if not e.get("vpc_id")})
    return ids, names


def candidates(entry, vpcs):
    """The described VPCs that `entry` names: by ID, or by its Name tag."""
    if entry.get("vpc_id"):
        return [v for v in vpcs if v["VpcId"] == entry["vpc_id"]]
    return [v for v in vpcs if boto3_tag_list_to_ansible_dict(v.get("Tags", [])).get("Name") == wanted_name(entry)]


def problem(entry, found):
    """Why `found` (the entry's candidates) is not exactly one VPC of the expected account, or None."""
    wanted = entry["vpc_id"] if entry.get("vpc_id") else f"the VPC named {wanted_name(entry)}"
    if not found:
        issue = "was not found"
    elif len(found) > 1:
        issue = f"matches {len(found)} VPCs ({', '.join(sorted(v['VpcId'] for v in found))})"
    elif entry.get("account_id") and found[0]["OwnerId"] != str(entry["account_id"]):
        issue = f"belongs to account {found[0]['OwnerId']}, not account_id {entry['account_id']}"
    else:
        return None
    return f"{entry['name']}: {wanted} {issue} in {entry['region']}"


def facts(entry, vpc, subnets, tables):
    """What the main job knows of a VPC: ID, region, account, associated IPv4 blocks, subnets, route tables."""
    def tags(item):
        return boto3_tag_list_to_ansible_dict(item.get("Tags", []))
    mine = vpc["VpcId"]
    return {
        "name": entry["name"],
        "vpc_id": mine,
        "region": entry["region"],
        "account_id": vpc["OwnerId"],
        "cidrs": [a["CidrBlock"] for a in vpc.get("CidrBlockAssociationSet", [])
                  if a.get("CidrBlockState", {}).get("State") == "associated"],
        "subnets": [{"subnet_id": s["SubnetId"], "cidr": s["CidrBlock"], "az": s["AvailabilityZone"], "tags": tags(s)}
                    for s in subnets if s["VpcId"] == mine],
        "route_tables": [{"route_table_id": t["RouteTableId"], "tags": tags(t)} for t in tables if t["VpcId"] == mine],
    }


def describe(entries, state):
    """({name: facts}, [problems]) from one group's `state` (Vpcs, Subnets, RouteTables lists)."""
    found, problems = {}, []
    for entry in entries:
        matched = candidates(entry, state["Vpcs"])
        issue = problem(entry, matched)
        if issue:
            problems.append(issue)
        else:
            found[entry["name"]] = facts(entry, matched[0], state["Subnets"], state["RouteTables"])
    return found, problems


# -- reads -------------------------------------------------------------------------------------------------
class ReadFailed(Exception):
    def __init__(self, error, call):
        super().__init__(call)
        self.error, self.call = error, call


class VpcInfoRunner:
    def __init__(self, module):
        self.module = module
        self.ctx = AwsContext(module)

    def _all(self, client, operation, key, region, **params):
        try:
            return paginated_query_with_retries(client, operation, retry_decorator=retry_decorator(),
                                                **params).get(key, [])
        except AWS_ERRORS as e:
            raise ReadFailed(e, f"{api_name(client, operation)} in {region} failed") from None

    def read_group(self, client, region, entries):
        """One group's state: VPCs by ID and by Name tag, then the subnets and route tables of those found."""
        ids, names = lookups(entries)
        vpcs = []
        if ids:
            vpcs += self._all(client, "describe_vpcs", "Vpcs", region, Filters=[{"Name": "vpc-id", "Values": ids}])
        if names:
            vpcs += self._all(client, "describe_vpcs", "Vpcs", region, Filters=[{"Name": "tag:Name", "Values": names}])
        vpcs = list({v["VpcId"]: v for v in vpcs}.values())  # one VPC may be named both by ID and by Name tag
        state = {"Vpcs": vpcs, "Subnets": [], "RouteTables": []}
        found = sorted({v["VpcId"] for v in vpcs})
        if found:
            by_vpc = [{"Name": "vpc-id", "Values": found}]
            state["Subnets"] = self._all(client, "describe_subnets", "Subnets", region, Filters=by_vpc)
            state["RouteTables"] = self._all(client, "describe_route_tables", "RouteTables", region, Filters=by_vpc)
        return state

    def run(self):
        entries = self.module.params["vpcs"]
        names = [e["name"] for e in entries]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            self.module.fail_json(msg=f"vpcs: the names {', '.join(twice)} are given more than once; each entry's "
                                      "name is the key of its result")
        work = groups(entries)
        # Clients (and any role assumption) are made here, one thread; the reads then run concurrently.
        clients = {key: self.ctx.client("ec2", key[1], members[0].get("credentials")) for key, members in work.items()}
        workers = max(1, min(self.module.params["max_concurrency"], len(work)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {key: pool.submit(self._guarded, clients[key], key[1], members) for key, members in work.items()}
        vpcs, problems = {}, []
        for key, members in work.items():
            state = futures[key].result()
            if isinstance(state, ReadFailed):
                fail_call(self.module, state.error, state.call)
            found, issues = describe(members, state)
            vpcs.update(found)
            problems += issues
        out = {"changed": False, "vpcs": {name: vpcs[name] for name in names if name in vpcs}, "problems": problems}
        if problems and self.module.params["fail_on_problems"]:
            self.module.fail_json(msg="; ".join(problems), **out)
        return out

    def _guarded(self, client, region, members):
        try:
            return self.read_group(client, region, members)
        except ReadFailed as failed:
            return failed
