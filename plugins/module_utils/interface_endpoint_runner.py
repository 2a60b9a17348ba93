# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``interface_endpoint``; the module file only wires it up.

Every call is made by the caller (the endpoint's owner) in the module's region. Read: the VPC's endpoints to the
service (one paginated DescribeVpcEndpoints filtered on VPC and service name).
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import expect, result, run_action
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext
from ansible_collections.vpcmesh.aws.plugins.module_utils.interface_endpoint import (
    InterfaceEndpointError, check_service_types, check_subnets, client_token, pick_endpoint, plan, summarize)
from ansible_collections.vpcmesh.aws.plugins.module_utils.waiting import wait_for

try:
    import botocore
except ImportError:  # handled by AnsibleAWSModule
    pass

# States a new endpoint settles in: available, or waiting for the provider to accept it.
SETTLED = ("available", "pendingacceptance")


class InterfaceEndpointRunner:
    def __init__(self, module):
        if not module.region:
            module.fail_json(msg="region is required: the region of the consumer VPC and of its endpoint")
        self.module, self.p, self.region = module, module.params, module.region
        self.ctx = AwsContext(module)

    def read_endpoints(self):
        return self.ctx.paginate("ec2", self.region, None, "describe_vpc_endpoints", "VpcEndpoints",
                                 Filters=[dict(Name="vpc-id", Values=[self.p["vpc_id"]]),
                                          dict(Name="service-name", Values=[self.p["service_name"]])])

    def read(self):
        return summarize(pick_endpoint(self.read_endpoints(), self.service_region(), self.region), self.region)

    def service_region(self):
        return self.p["service_region"] or self.region

    def want(self):
        return dict(state=self.p["state"], region=self.region, vpc_id=self.p["vpc_id"],
                    service_name=self.p["service_name"], service_region=self.service_region(),
                    subnet_ids=self.p["subnet_ids"], security_group_ids=self.p["security_group_ids"],
                    tags=self.p["tags"], purge_tags=self.p["purge_tags"],
                    private_dns_enabled=self.p["private_dns_enabled"],
                    ip_address_type=self.p["ip_address_type"], dns_options=self.p["dns_options"],
                    client_token=client_token(self.region, self.ctx.account_id(), self.p["vpc_id"],
                                              self.p["service_name"], self.service_region()))

    def run(self):
        try:
            current = self.read()
            actions, after = plan(self.want(), current)
            self.check_ip_type(actions, after)
        except InterfaceEndpointError as e:
            self.module.fail_json(msg=str(e))
        if actions and not self.module.check_mode:
            after = self.apply(actions, current)
        resource = after or {}
        return result(actions, current or {}, resource, endpoint=resource,
                      vpc_endpoint_id=resource.get("vpc_endpoint_id"))

    def check_ip_type(self, actions, after):
        """Before any write, when the plan sets the endpoint's IP address type (on create, or a change) or adds
        subnets to a non-IPv4 endpoint: the service must support the type (one DescribeVpcEndpointServices, asked
        for the service's region) and the subnets must have the ranges it needs (one DescribeSubnets)."""
        params = {}
        for action in actions:
            params.update(action.params if action.call in ("ec2:CreateVpcEndpoint", "ec2:ModifyVpcEndpoint") else {})
        ip_type = (after or {}).get("ip_address_type") or "ipv4"
        if "IpAddressType" in params:
            check_service_types(ip_type, self.service_ip_types(), self.p["service_name"])
        if ip_type != "ipv4" and ("IpAddressType" in params or "AddSubnetIds" in params):
            check_subnets(ip_type, self.ctx.paginate("ec2", self.region, None, "describe_subnets", "Subnets",
                                                     SubnetIds=sorted(after["subnet_ids"])))

    def service_ip_types(self):
        """The service's SupportedIpAddressTypes (None when the caller cannot see it, as with a check-mode stand-in
        for a service still to be made: AWS then refuses the write itself)."""
        params = dict(ServiceNames=[self.p["service_name"]])
        if self.service_region() != self.region:
            params["ServiceRegions"] = [self.service_region()]
        client = self.ctx.client("ec2", self.region)
        try:
            found = client.describe_vpc_endpoint_services(aws_retry=True, **params).get("ServiceDetails", [])
        except is_boto3_error_code("InvalidServiceName"):
            return None
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:  # pylint: disable=duplicate-except
            self.module.fail_json_aws(e, msg=f"ec2:DescribeVpcEndpointServices in {self.region} failed")
        found = [d for d in found if d.get("ServiceName") == self.p["service_name"]]
        return set(found[0].get("SupportedIpAddressTypes") or ["ipv4"]) if found else None

    def apply(self, actions, current):
        expect(self.module, actions)
        endpoint_id = current["vpc_endpoint_id"] if current else None
        for action in actions:
            answer = run_action(self.ctx, action, None)
            if action.operation == "create_vpc_endpoint":
                endpoint_id = answer["VpcEndpoint"]["VpcEndpointId"]
        if self.p["state"] == "absent":
            return None
        return summarize(self.wait(endpoint_id), self.region)

    def wait(self, endpoint_id):
        """The endpoint once it is available or waits for acceptance (at once with wait=false)."""
        def read():
            found = [e for e in self.read_endpoints() if e["VpcEndpointId"] == endpoint_id]
            return found[0] if found else {}

        if not self.p["wait"]:
            return read()
        endpoint, ok = wait_for(read, lambda e: (e.get("State") or "").lower() in SETTLED + ("failed",),
                                self.p["wait_timeout"])
        if not ok or (endpoint.get("State") or "").lower() == "failed":
            self.module.fail_json(msg=f"interface endpoint {endpoint_id} is {endpoint.get('State') or 'not visible'} "
                                      f"instead of available {self.p['wait_timeout']}s after creation",
                                  endpoint=summarize(endpoint, self.region))
        return endpoint
