# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> check for ``connectivity_check``; the module file only wires it up. Nothing is ever written."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import result
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext, has_credentials
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_flows import (
    FlowError, check_flow, parse_port_range, provider_services, roots_of, validate_flows)
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_read import SnapshotReader
from ansible_collections.vpcmesh.aws.plugins.module_utils.verify_topology import describe


class ConnectivityCheckRunner:
    def __init__(self, module):
        self.module = module
        self.p = module.params
        self.ctx = AwsContext(module)

    def account_of(self, creds):
        return self.ctx.account_id(creds if has_credentials(creds) else None)

    def accounts(self, flows):
        """Account ID -> credentials (None: the caller) for every identity the flows give."""
        accounts = {self.account_of(None): None}
        for flow in flows:
            for side in (flow["source"], flow["destination"]):
                creds = side.get("credentials")
                if has_credentials(creds):
                    accounts.setdefault(self.account_of(creds), creds)
        return accounts

    def run(self):
        try:
            flows = validate_flows(self.p["flows"], self.module.region)
            ephemeral = parse_port_range(self.p["ephemeral_ports"])
        except FlowError as e:
            self.module.fail_json(msg=str(e))
        reader = SnapshotReader(self.ctx, self.accounts(flows))
        snapshot, missing = reader.read(roots_of(flows, self.account_of))
        if missing:
            self.module.fail_json(msg="; ".join(
                f"VPC {vpc_id} was not found in {region} (account {account}); check the VPC ID, its region, and "
                "give credentials of the account that owns it" for account, region, vpc_id in missing))
        reader.read_providers(provider_services(snapshot, flows))
        checked = [check_flow(snapshot, flow, ephemeral) for flow in flows]
        out = result([], {}, {}, flows=checked, reachable=all(f["reachable"] for f in checked),
                     as_expected=all(f["as_expected"] for f in checked), topology=describe(snapshot))
        unexpected = [f for f in checked if not f["as_expected"]]
        if self.p["fail_on_unreachable"] and unexpected:
            self.module.fail_json(msg="; ".join(_unexpected(f) for f in unexpected), **out)
        return out


def _unexpected(flow):
    if flow["expect"] == "reachable":
        return f"{flow['name']} is not reachable: {flow['reason']}"
    return f"{flow['name']} is reachable, but was expected not to be"
