# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read -> plan -> apply for ``endpoint_service``; the module file only wires it up.

Every call is made by the caller (the service owner) in the module's region. Reads: the account's endpoint
service configurations (one paginated call; AWS has no filter on load balancer ARNs), and for the service
found, its allowed principals and its endpoint connections (one paginated call each). The load balancers are
read only when the plan would attach new ones.
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code, paginated_query_with_retries

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import applied, expect, result, run_action
from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import AwsContext, has_credentials, retry_decorator
from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service import (
    GONE_STATES, NEW_ID, TOKEN_GENERATIONS, EndpointServiceError, check_nlb_arns, check_nlb_types, client_token,
    is_planned_nlb, normalize_principals, parse_accept_from, pick_service, plan_service, planned_nlb_arns,
    remote_regions, summarize, token_details)
from ansible_collections.vpcmesh.aws.plugins.module_utils.endpoint_service_dns import (
    FAILED, NEW_DIGEST, VERIFICATION_TAG, VERIFIED, DnsError, check_ipv6_load_balancers, normalize_dns_name,
    normalize_ip_types, record_name, txt, verification_digest, verification_record)
from ansible_collections.vpcmesh.aws.plugins.module_utils.phz import route53_region
from ansible_collections.vpcmesh.aws.plugins.module_utils.waiting import wait_for

try:
    import botocore
except ImportError:  # handled by AnsibleAWSModule
    pass

NOT_FOUND = "InvalidVpcEndpointServiceId.NotFound"
# Seconds a service returned by a create may take to be visible before its token is taken for one whose
# service is gone (EC2 reads are eventually consistent; a replayed token answers with the old service ID).
VISIBLE_WAIT = 5


def describe_service_configurations(ctx, region, creds=None, service_ids=None):
    """The account's endpoint service configurations in ``region`` (only ``service_ids`` when given;
    an unknown ID gives an empty list)."""
    params = dict(ServiceIds=list(service_ids)) if service_ids else {}
    client = ctx.client("ec2", region, creds)
    try:
        pages = paginated_query_with_retries(client, "describe_vpc_endpoint_service_configurations",
                                             retry_decorator=retry_decorator(), **params)
        return pages.get("ServiceConfigurations", [])
    except is_boto3_error_code(NOT_FOUND):
        return []
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:  # pylint: disable=duplicate-except
        ctx.module.fail_json_aws(e, msg=f"ec2:DescribeVpcEndpointServiceConfigurations in {region} failed")


def describe_service_details(ctx, region, creds, config):
    """(allowed principals, endpoint connections) of one service: one paginated call each."""
    service_id = config["ServiceId"]
    principals = ctx.paginate("ec2", region, creds, "describe_vpc_endpoint_service_permissions",
                              "AllowedPrincipals", ServiceId=service_id)
    connections = ctx.paginate("ec2", region, creds, "describe_vpc_endpoint_connections", "VpcEndpointConnections",
                               Filters=[dict(Name="service-id", Values=[service_id])])
    return principals, connections


def load_balancers(ctx, region, arns):
    """{arn: description} of the load balancers that exist among ``arns`` (one call; up to 20 ARNs)."""
    client = ctx.client("elbv2", region)
    try:
        found = client.describe_load_balancers(aws_retry=True, LoadBalancerArns=sorted(arns))["LoadBalancers"]
    except is_boto3_error_code("LoadBalancerNotFound"):
        # AWS refuses the whole call when one ARN is unknown; ask one by one to name the missing ones.
        return {arn: lb for arn in arns for lb in _one_load_balancer(client, arn)}
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:  # pylint: disable=duplicate-except
        ctx.module.fail_json_aws(e, msg=f"elasticloadbalancing:DescribeLoadBalancers in {region} failed")
    return {lb["LoadBalancerArn"]: lb for lb in found}


def load_balancer_types(ctx, region, arns):
    """{arn: type} of the load balancers that exist among ``arns``."""
    return {arn: lb.get("Type") for arn, lb in load_balancers(ctx, region, arns).items()}


def _one_load_balancer(client, arn):
    try:
        return client.describe_load_balancers(aws_retry=True, LoadBalancerArns=[arn])["LoadBalancers"][:1]
    except is_boto3_error_code("LoadBalancerNotFound"):
        return []


class EndpointServiceRunner:
    def __init__(self, module):
        self.module = module
        self.p = module.params
        self.ctx = AwsContext(module)
        self.region = module.region
        self.verification = None
        if not self.region:
            module.fail_json(msg="region is required: the region of the Network Load Balancers and of the service")

    # -- read --------------------------------------------------------------------------------------
    def read(self):
        """The service's summary (None when there is none), found by service_id or by load balancer ARN."""
        if self.p["service_id"]:
            configs = describe_service_configurations(self.ctx, self.region, service_ids=[self.p["service_id"]])
            if not configs and self.p["state"] == "present":
                self.module.fail_json(msg=f"endpoint service {self.p['service_id']} was not found in {self.region}; "
                                          "check the ID and the region, or leave service_id out to create one")
            config = configs[0] if configs else None
        elif self.p["network_load_balancer_arns"]:
            config = pick_service(describe_service_configurations(self.ctx, self.region),
                                  self.p["network_load_balancer_arns"])
        else:  # only load balancers this check-mode run plans: no service can serve them yet
            config = None
        if config is None:
            return None
        return summarize(config, *describe_service_details(self.ctx, self.region, None, config), region=self.region)

    # -- plan --------------------------------------------------------------------------------------
    def nlb_arns(self):
        """The load balancers of the service: network_load_balancer_arns, and in check mode the stand-ins of
        planned_load_balancers (None when neither is given)."""
        given, planned = self.p["network_load_balancer_arns"], self.p["planned_load_balancers"]
        if not (self.module.check_mode and planned):
            return given
        return sorted(set(given or []) | set(planned_nlb_arns(planned)))

    def want(self):
        nlb_arns = self.nlb_arns()
        if self.p["state"] == "present" and not nlb_arns and not self.p["service_id"]:
            raise EndpointServiceError(
                "network_load_balancer_arns is required (planned_load_balancers counts in check mode only): give the "
                "ARNs of the Network Load Balancers to publish")
        partition = check_nlb_arns([arn for arn in nlb_arns or [] if not is_planned_nlb(arn)], self.region)
        principals = self.p["allowed_principals"]
        try:
            private_dns_name = normalize_dns_name(self.p["private_dns_name"])
            ip_types = normalize_ip_types(self.p["supported_ip_address_types"])
        except DnsError as e:
            raise EndpointServiceError(str(e)) from None
        if self.p["private_dns_verification"] and private_dns_name == "":
            raise EndpointServiceError("private_dns_verification needs a private DNS name, but private_dns_name is "
                                       "empty (remove it); leave private_dns_verification out to remove the name")
        return dict(
            private_dns_name=private_dns_name, ip_address_types=ip_types,
            state=self.p["state"], region=self.region, nlb_arns=sorted(set(nlb_arns)) if nlb_arns else None,
            acceptance_required=self.p["acceptance_required"],
            principals=None if principals is None else normalize_principals(principals, partition),
            purge_principals=self.p["purge_principals"], accept_connections=self.p["accept_connections"],
            accept_from=parse_accept_from(self.p["accept_from"]), tags=self.p["tags"],
            purge_tags=self.p["purge_tags"], reject_connections=self.p["reject_connections"],
            supported_regions=self.p["supported_regions"], purge_supported_regions=self.p["purge_supported_regions"],
            client_token=self.token(0) if nlb_arns and self.p["state"] == "present" else None)

    def token(self, generation):
        """The ClientToken of this create, in its ``generation`` (see endpoint_service.client_token)."""
        acceptance = self.p["acceptance_required"]
        tags = dict(self.p["tags"] or {}, **{"vpcmesh:managed-by": "vpcmesh.aws"})
        return client_token(self.region, self.ctx.account_id(), self.nlb_arns(),
                            token_details(True if acceptance is None else acceptance, tags,
                                          remote_regions(self.p["supported_regions"], self.region),
                                          normalize_dns_name(self.p["private_dns_name"]),
                                          normalize_ip_types(self.p["supported_ip_address_types"])), generation)

    def check_new_load_balancers(self, actions, after):
        """Load balancers the plan attaches must exist and be Network Load Balancers, and when the plan adds IPv6 or
        attaches load balancers to a service supporting IPv6, every load balancer of the service must be dualstack
        (one read, before any write)."""
        attached = set()
        for action in actions:
            attached.update(action.params.get("NetworkLoadBalancerArns", []))
            attached.update(action.params.get("AddNetworkLoadBalancerArns", []))
        attached = {arn for arn in attached if not is_planned_nlb(arn)}
        ipv6 = "ipv6" in ((after or {}).get("supported_ip_address_types") or []) and (bool(attached) or any(
            "SupportedIpAddressTypes" in a.params or "AddSupportedIpAddressTypes" in a.params for a in actions))
        serving = {arn for arn in (after or {}).get("network_load_balancer_arns") or [] if not is_planned_nlb(arn)}
        wanted = attached | (serving if ipv6 else set())
        if not wanted:
            return
        found = load_balancers(self.ctx, self.region, wanted)
        if attached:
            check_nlb_types({arn: lb.get("Type") for arn, lb in found.items()}, sorted(attached))
        if ipv6:
            try:
                check_ipv6_load_balancers(["ipv6"], {arn: lb.get("IpAddressType") for arn, lb in found.items()})
            except DnsError as e:
                raise EndpointServiceError(str(e)) from None

    # -- private DNS name verification ---------------------------------------------------------------
    def with_record(self, summary):
        """The summary with the verification record to create (in the zone of private_dns_verification, else under
        the private DNS name itself); {} stays {}."""
        if not summary:
            return {}
        zone = (self.verification or {}).get("zone")
        return dict(summary, private_dns_verification_record=verification_record(
            summary.get("private_dns_name_configuration"), zone, summary.get("private_dns_name")))

    def verification_creds(self):
        option = self.p["private_dns_verification"] or {}
        return option.get("credentials") if has_credentials(option.get("credentials")) else None

    def route53(self, operation, **params):
        return self.ctx.call("route53", route53_region(self.region), self.verification_creds(), operation, **params)

    def read_verification(self, current, want):
        """The verification option with what the plan needs: the zone ({id, name, private}), and the TXT values now
        at the record's name when AWS's verification name and value are known and not verified yet."""
        option = self.p["private_dns_verification"]
        if not option or self.p["state"] != "present":
            return None
        zone_id = option["hosted_zone_id"].replace("/hostedzone/", "")
        answer = self.route53("get_hosted_zone", Id=zone_id)["HostedZone"]
        zone = dict(id=zone_id, name=answer["Name"], private=bool((answer.get("Config") or {}).get("PrivateZone")))
        creds = self.verification_creds()
        verification = dict(option, zone=zone, r53_region=route53_region(self.region),
                            zone_account=self.ctx.account_id(creds) if creds else None, record_values=None)
        configuration = (current or {}).get("private_dns_name_configuration")
        same_name = want["private_dns_name"] in (None, (current or {}).get("private_dns_name"))
        record = verification_record(configuration, zone) if same_name else None
        if record and configuration.get("state") != VERIFIED and not zone["private"]:
            verification["record_values"] = self.record_values(zone_id, record["name"])
        return verification

    def record_values(self, zone_id, name):
        """The TXT values at ``name`` in the zone (one ListResourceRecordSets call)."""
        answer = self.route53("list_resource_record_sets", HostedZoneId=zone_id, StartRecordName=name,
                              StartRecordType="TXT", MaxItems="1")
        found = [r for r in answer.get("ResourceRecordSets", [])
                 if r.get("Type") == "TXT" and r.get("Name", "").lower() == name.lower()]
        return [v["Value"] for v in found[0].get("ResourceRecords", [])] if found else []

    def run(self):
        try:
            want = self.want()
            current = self.read()
            self.verification = want["verification"] = self.read_verification(current, want)
            actions, after = plan_service(want, current)
            self.check_new_load_balancers(actions, after)
        except EndpointServiceError as e:
            self.module.fail_json(msg=str(e))
        if actions and not self.module.check_mode:
            after = self.apply(actions, current)
        resource = self.with_record(after)
        current = self.with_record(current)
        return result(actions, current or {}, resource, service=resource, service_id=resource.get("service_id"),
                      service_name=resource.get("service_name"))

    # -- apply -------------------------------------------------------------------------------------
    def apply(self, actions, current):
        service_id = current["service_id"] if current else None
        expect(self.module, actions)
        for action in actions:
            if action.params.get("ServiceId") == NEW_ID:
                action.params["ServiceId"] = service_id
            if action.params.get("Resources") == [NEW_ID]:
                action.params["Resources"] = [service_id]
            if action.call == "ec2:CreateTags":
                self._fill_digest(action, service_id)
            if action.operation == "create_vpc_endpoint_service_configuration":
                service_id = self.create(action)
                self._wait_available(service_id)
                continue
            if action.call == "route53:ChangeResourceRecordSets":
                self.put_record(action, service_id)
                continue
            answer = run_action(self.ctx, action, None)
            self._fail_on_unsuccessful(action, answer)
        if self.p["state"] == "absent":
            return None
        config = describe_service_configurations(self.ctx, self.region, service_ids=[service_id])[0]
        if any(a.operation == "start_vpc_endpoint_service_private_dns_verification" for a in actions):
            config = self._wait_verified(service_id, config)
        return summarize(config, *describe_service_details(self.ctx, self.region, None, config), region=self.region)

    def put_record(self, action, service_id):
        """UPSERT the verification TXT record, with AWS's name and value read now when the plan could not know them
        (a name set in this run), keeping the other values at that name; then wait until Route 53 is INSYNC."""
        change = action.params["ChangeBatch"]["Changes"][0]["ResourceRecordSet"]
        if not change["Name"].endswith("."):  # a stand-in: the name was set in this run
            config = describe_service_configurations(self.ctx, self.region, service_ids=[service_id])[0]
            found = (config.get("PrivateDnsNameConfiguration") or {})
            if not found.get("Name") or not found.get("Value"):
                self.module.fail_json(msg=f"endpoint service {service_id} has no domain verification name and value "
                                          f"for {config.get('PrivateDnsName')} after it was set; run again")
            zone = self.verification["zone"]
            change["Name"] = record_name(found["Name"], zone)
            values = self.record_values(zone["id"], change["Name"])
            value = txt(found["Value"])
            change["ResourceRecords"] = [dict(Value=v) for v in values + ([value] if value not in values else [])]
        answer = run_action(self.ctx, action, self.verification_creds())
        change_id = answer["ChangeInfo"]["Id"]
        timeout = self.p["private_dns_verification"]["wait_timeout"]
        status, ok = wait_for(lambda: self.route53("get_change", Id=change_id)["ChangeInfo"]["Status"],
                              lambda s: s == "INSYNC", timeout)
        if not ok:
            self.module.fail_json(msg=f"route53:ChangeResourceRecordSets ({action.description}) is {status}, not "
                                      f"INSYNC, {timeout}s later; AWS would not find the record yet: run again")

    def _fill_digest(self, action, service_id):
        """The verification tag's value of a name set in this run, from AWS's value read now."""
        for tag in action.params["Tags"]:
            if tag["Key"] == VERIFICATION_TAG and tag["Value"] == NEW_DIGEST:
                config = describe_service_configurations(self.ctx, self.region, service_ids=[service_id])[0]
                found = config.get("PrivateDnsNameConfiguration") or {}
                tag["Value"] = verification_digest(config.get("PrivateDnsName"), found.get("Value"))

    def _wait_verified(self, service_id, config):
        """With private_dns_verification.wait, the configuration once the name is verified (or failed)."""
        option = self.p["private_dns_verification"] or {}
        if not option.get("wait"):
            return config

        def read():
            return describe_service_configurations(self.ctx, self.region, service_ids=[service_id])[0]

        def state(found):
            return (found.get("PrivateDnsNameConfiguration") or {}).get("State")

        config, ok = wait_for(read, lambda c: state(c) in (VERIFIED, FAILED), option["wait_timeout"])
        if state(config) != VERIFIED:
            record = (config.get("PrivateDnsNameConfiguration") or {})
            how = "failed" if ok else f"is {state(config)} after {option['wait_timeout']}s"
            self.module.fail_json(msg=f"the verification of {config.get('PrivateDnsName')} for endpoint service "
                                      f"{service_id} {how}: AWS did not find the TXT record {record.get('Name')} "
                                      f"with value {record.get('Value')} under the domain in public DNS; check the "
                                      "zone is the domain's delegated public zone, then run again")
        return config

    def create(self, action):
        """Create the service; the ID of the live service made with this create's token.

        A token AWS answers for with a service that is gone (it replays the result of the first request with
        that token, even once deleted) or refuses with ``IdempotentParameterMismatch`` belongs to an earlier
        create: the next generation's token is tried, up to TOKEN_GENERATIONS.
        """
        hint = f" ({action.description})"
        for generation in range(TOKEN_GENERATIONS):
            action.params["ClientToken"] = self.token(generation)
            answer = self.ctx.call_allowing("ec2", self.region, None, action.operation,
                                            ["IdempotentParameterMismatch"], error_hint=hint, **action.params)
            if answer == "IdempotentParameterMismatch":
                continue
            service_id = answer["ServiceConfiguration"]["ServiceId"]
            if self._live(service_id):
                applied(self.module, action)
                return service_id
        return self.module.fail_json(
            msg=f"{action.call} in {self.region}{hint}: the {TOKEN_GENERATIONS} client tokens this module derives for "
                "this create were all used by endpoint services that are gone (AWS remembers a token for at least "
                "24 hours); retry later, or change a parameter (tags, acceptance_required) to get new tokens")

    def _live(self, service_id):
        """Whether the service a create answered with exists and is not deleting, deleted or failed."""
        def read():
            configs = describe_service_configurations(self.ctx, self.region, service_ids=[service_id])
            return (configs[0].get("ServiceState") or "pending").lower() if configs else None

        state, _visible = wait_for(read, lambda s: s is not None, VISIBLE_WAIT)
        return state is not None and state not in GONE_STATES

    def _fail_on_unsuccessful(self, action, answer):
        """Batch calls report per-item refusals in ``Unsuccessful`` instead of raising."""
        failed = (answer or {}).get("Unsuccessful") or []
        if failed:
            items = "; ".join(f"{u.get('ResourceId')}: {u.get('Error', {}).get('Code')} "
                              f"{u.get('Error', {}).get('Message')}" for u in failed)
            self.module.fail_json(msg=f"{action.call} in {action.region} ({action.description}) was refused for "
                                      f"{items}", unsuccessful=failed)

    def _wait_available(self, service_id):
        """A new service is ``Pending`` for a moment; consumers can connect once it is ``Available``."""
        if not self.p["wait"]:
            return

        def read():
            configs = describe_service_configurations(self.ctx, self.region, service_ids=[service_id])
            return (configs[0].get("ServiceState") or "") if configs else ""

        timeout = self.p["wait_timeout"]
        state, ok = wait_for(read, lambda s: s.lower() in ("available", "failed"), timeout)
        if state.lower() == "failed" or not ok:
            when = "after creation" if ok else f"{timeout}s after creation"
            self.module.fail_json(msg=f"endpoint service {service_id} is {state or 'not visible'} instead of "
                                      f"Available {when}")
