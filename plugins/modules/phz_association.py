#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: phz_association
short_description: Associate a Route 53 private hosted zone with VPCs across regions and accounts
version_added: 0.1.0
description:
  - Ensures that a private hosted zone, named by O(hosted_zone_id) or O(zone), is associated with each VPC of
    O(vpcs), whatever its region and account, and with O(purge=true) with those VPCs only.
  - The module runs with the credentials of the account that owns the zone (the usual AWS options). A VPC of
    that account is associated by the zone's owner. A VPC of another account goes through AWS's
    authorization flow, each call made by the account AWS requires, in Route 53's global endpoint
    (C(us-east-1), or the partition's one) - the zone's owner calls C(CreateVPCAssociationAuthorization), the
    VPC's owner (O(vpcs[].credentials)) calls C(AssociateVPCWithHostedZone), then the zone's owner deletes the
    authorization, as AWS recommends. Without credentials for that VPC, only the authorization is created, and
    RV(left_to_other_owner) says what the VPC's owner must still do; a later run deletes the authorization once
    the VPC is associated.
  - "Before any write: each listed VPC must exist in its region (C(DescribeVpcs) with its owner's credentials);
    a VPC that is still to be associated must not carry another private zone of the same name (AWS allows one
    per VPC); DNS support and DNS hostnames must be on in every listed VPC the caller can read, since a private
    zone answers only there (O(enable_vpc_dns=true) turns them on, in the VPC's region with its owner's
    credentials, support first); and the zone must keep at least one VPC (AWS cannot disassociate the last)."
  - Route 53 allows a few requests per second per account. The module reads the zone once (C(GetHostedZone),
    after one C(ListHostedZonesByName) when O(zone) is given), lists the zone's authorizations once and only
    when a listed VPC belongs to another account, and retries throttling and C(PriorRequestNotComplete) with
    backoff.
  - A second run finds the associations and makes no write call. Supports check mode (RV(actions) lists the
    calls a real run makes, and nothing is written) and diff. In check mode, O(planned_zone) and
    O(planned_actions) let it plan over what earlier tasks of the same run only plan (a zone to be created, DNS
    attributes to be turned on), so that RV(actions) are the writes the real run then makes.
author:
  - vpcmesh.aws developers (@vpcmesh)
options:
  hosted_zone_id:
    description:
      - ID of the private hosted zone (C(Z0123...) or C(/hostedzone/Z0123...)), owned by the caller's account.
      - Exactly one of O(hosted_zone_id) and O(zone) is required, except in check mode with O(planned_zone).
    type: str
    aliases: [zone_id]
  zone:
    description:
      - Name of the private hosted zone, for example C(internal). It must name exactly one private zone of the
        caller's account; when several private zones share the name, the module fails listing their IDs, and
        O(hosted_zone_id) must say which one.
    type: str
  planned_zone:
    description:
      - Check mode only; ignored when O(hosted_zone_id) or O(zone) is given. A real run with neither fails.
      - The private zone that an earlier task of the same check-mode run only plans to create
        (C(route53:CreateHostedZone), which associates the zone with one VPC). The module then plans over it as
        the real run finds it - associated with O(planned_zone.vpc_id) only, with no association authorizations -
        and reports its ID as C((new hosted zone)). The VPCs and their private zones (C(ListHostedZonesByVPC)) are
        read as in a real run.
      - The C(vpcmesh.aws.private_zone) role passes it in check mode when the zone does not exist yet.
    type: dict
    suboptions:
      name:
        description: Name of the zone, for example C(internal).
        type: str
        required: true
      vpc_id:
        description: The VPC the zone is created on (the first VPC of O(vpcs), normally).
        type: str
        required: true
      region:
        description: Region of that VPC.
        type: str
        required: true
  planned_actions:
    description:
      - Check mode only; ignored in a real run.
      - Actions that earlier tasks of the same check-mode run plan (the RV(actions) of vpcmesh.aws modules, for
        example of M(vpcmesh.aws.peering_dns_options)). Their C(ec2:ModifyVpcAttribute) calls that turn on DNS
        support or DNS hostnames in a listed VPC (same VPC ID and region) are taken as made, so the module does
        not plan them a second time; other actions are ignored.
    type: list
    elements: dict
  vpcs:
    description:
      - The VPCs the zone must be associated with (O(state=present)) or disassociated from (O(state=absent)).
    type: list
    elements: dict
    required: true
    suboptions:
      vpc_id:
        description: ID of the VPC.
        type: str
        required: true
      region:
        description: Region of the VPC. Its DNS attributes are read and changed there.
        type: str
        required: true
      account_id:
        description:
          - Account that owns the VPC. Not needed when the VPC can be read, with the caller's credentials or
            with O(vpcs[].credentials) (C(DescribeVpcs) tells its owner).
          - For a VPC of another account without O(vpcs[].credentials), it says which account the
            authorization is for; the association is then left to that account.
        type: str
      credentials:
        description:
          - Credentials of the account that owns the VPC, when it is not the zone's account. They make that
            account's calls - C(DescribeVpcs), C(DescribeVpcAttribute) and C(ModifyVpcAttribute) in the VPC's
            region, C(ListHostedZonesByVPC) and C(AssociateVPCWithHostedZone) in Route 53.
          - Give exactly one of O(vpcs[].credentials.profile), O(vpcs[].credentials.role_arn) or
            O(vpcs[].credentials.access_key). A role is assumed with the module's own credentials.
        type: dict
        suboptions:
          profile:
            description: Named profile of the VPC's account.
            type: str
          role_arn:
            description: ARN of a role in the VPC's account to assume with C(sts:AssumeRole).
            type: str
          role_session_name:
            description: Session name used when assuming O(vpcs[].credentials.role_arn).
            type: str
            default: vpcmesh-aws
          external_id:
            description: External ID required by the role's trust policy, if any.
            type: str
          access_key:
            description: Access key ID of the VPC's account.
            type: str
          secret_key:
            description: Secret access key going with O(vpcs[].credentials.access_key).
            type: str
          session_token:
            description: Session token for temporary keys.
            type: str
  state:
    description:
      - V(present) associates every listed VPC (and with O(purge=true) disassociates the others).
      - V(absent) disassociates the listed VPCs that are associated, and deletes their association
        authorizations, if any, whatever account they are for (no O(vpcs[].account_id) needed). VPCs are not
        read, so a deleted VPC can be listed. A listed VPC that the zone has (associated or authorized) in
        another region than O(vpcs[].region) is an error naming the right region.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), disassociate every VPC of the zone that O(vpcs) does not list (the zone's owner
        may disassociate VPCs of any account).
    type: bool
    default: false
  enable_vpc_dns:
    description:
      - Turn on DNS support and DNS hostnames in each listed VPC where one is off. When false, a VPC with one
        off makes the module fail before any write, naming the VPC and attribute.
    type: bool
    default: false
  wait:
    description:
      - Wait until Route 53 reports each association change C(INSYNC) (C(GetChange)).
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for each change.
    type: int
    default: 300
extends_documentation_fragment:
  - vpcmesh.aws.quotas
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "Quota checked before any write (see O(quotas)): C(MAX_VPCS_ASSOCIATED_BY_ZONE), the VPCs associated with the
    zone (those it has plus those the plan associates, less those it disassociates), read with Route 53's
    GetHostedZoneLimit. Route 53 has no Service Quotas code for it; an increase is asked for in a support case."
  - O(region) is not needed for Route 53; when given, it picks the partition's Route 53 endpoint and the region
    of C(sts:GetCallerIdentity) and C(sts:AssumeRole).
  - "Permissions of the zone's account: C(route53:GetHostedZone), C(route53:ListHostedZonesByName),
    C(route53:AssociateVPCWithHostedZone), C(route53:DisassociateVPCFromHostedZone),
    C(route53:CreateVPCAssociationAuthorization), C(route53:ListVPCAssociationAuthorizations),
    C(route53:DeleteVPCAssociationAuthorization), C(route53:ListHostedZonesByVPC), C(route53:GetChange),
    C(ec2:DescribeVpcs), C(ec2:DescribeVpcAttribute), C(ec2:ModifyVpcAttribute) and C(sts:GetCallerIdentity);
    C(route53:GetHostedZoneLimit) to read the zone's applied quota (optional, see O(read_quotas)).
    Of another VPC's account: C(route53:AssociateVPCWithHostedZone), C(route53:ListHostedZonesByVPC),
    C(route53:GetChange) and the three EC2 permissions."
  - Creating the zone and its records is left to M(amazon.aws.route53_zone) and M(amazon.aws.route53); the
    C(vpcmesh.aws.private_zone) role runs them and this module together.
"""

EXAMPLES = r"""
- name: Associate zone internal with a second VPC of the same account, in another region
  vpcmesh.aws.phz_association:
    zone: internal
    vpcs:
      - vpc_id: vpc-0a1b2c3d4e5f60002
        region: eu-west-1
      - vpc_id: vpc-0a1b2c3d4e5f60001
        region: us-east-1
    enable_vpc_dns: true

- name: Associate a VPC of another account (authorize, associate as its owner, delete the authorization)
  vpcmesh.aws.phz_association:
    hosted_zone_id: Z0123456789ABCDEFGHIJ
    vpcs:
      - vpc_id: vpc-0a1b2c3d4e5f60004
        region: eu-west-1
        credentials:
          role_arn: arn:aws:iam::222222222222:role/network-automation

- name: Only authorize a VPC of another account; its owner associates it later
  vpcmesh.aws.phz_association:
    hosted_zone_id: Z0123456789ABCDEFGHIJ
    vpcs:
      - vpc_id: vpc-0a1b2c3d4e5f60004
        region: eu-west-1
        account_id: "222222222222"
  register: phz

- name: Make the zone's VPCs exactly these two
  vpcmesh.aws.phz_association:
    zone: internal
    purge: true
    vpcs:
      - {vpc_id: vpc-0a1b2c3d4e5f60001, region: us-east-1}
      - {vpc_id: vpc-0a1b2c3d4e5f60002, region: eu-west-1}

- name: In check mode, plan the associations of a zone that the task before only plans to create
  vpcmesh.aws.phz_association:
    planned_zone:
      name: internal
      vpc_id: vpc-0a1b2c3d4e5f60002
      region: eu-west-1
    vpcs:
      - {vpc_id: vpc-0a1b2c3d4e5f60002, region: eu-west-1}
      - {vpc_id: vpc-0a1b2c3d4e5f60001, region: us-east-1}
  check_mode: true

- name: Disassociate one VPC
  vpcmesh.aws.phz_association:
    zone: internal
    state: absent
    vpcs:
      - {vpc_id: vpc-0a1b2c3d4e5f60001, region: us-east-1}
"""

RETURN = r"""
hosted_zone_id:
  description: ID of the zone, without C(/hostedzone/); C((new hosted zone)) in check mode over O(planned_zone).
  returned: always
  type: str
  sample: Z0123456789ABCDEFGHIJ
zone:
  description: Name of the zone, with its trailing dot.
  returned: always
  type: str
  sample: internal.
vpcs:
  description: The VPCs associated with the zone after the run (predicted in check mode), sorted by ID.
  returned: always
  type: list
  elements: dict
  contains:
    vpc_id:
      description: VPC ID.
      type: str
    region:
      description: Region of the VPC.
      type: str
vpc_dns:
  description: DNS attributes after the run of each listed VPC that was read (none with O(state=absent)).
  returned: always
  type: list
  elements: dict
  contains:
    vpc_id:
      description: VPC ID.
      type: str
    region:
      description: Region of the VPC.
      type: str
    enable_dns_support:
      description: Whether DNS support is on.
      type: bool
    enable_dns_hostnames:
      description: Whether DNS hostnames are on.
      type: bool
left_to_other_owner:
  description: What the owner of a VPC of another account must still do (the caller had no credentials for it).
  returned: always
  type: list
  elements: dict
  contains:
    vpc_id:
      description: The VPC.
      type: str
    region:
      description: Its region.
      type: str
    account_id:
      description: Its account.
      type: str
    message:
      description: What to do, in words.
      type: str
changed:
  description: Whether any write call was made (or would be, in check mode).
  returned: always
  type: bool
actions:
  description: The AWS write calls made, or planned in check mode, in order.
  returned: always
  type: list
  elements: dict
  contains:
    call:
      description: Service and API name, for example C(route53:AssociateVPCWithHostedZone).
      type: str
    region:
      description: Region the call is made in (Route 53 calls are signed for its global endpoint's region).
      type: str
    side:
      description: Whose account makes the call, C(zone_owner) or C(vpc_owner).
      type: str
    account:
      description: The account that makes the call.
      type: str
    params:
      description: Parameters of the call.
      type: dict
    description:
      description: What the call does, in words.
      type: str
diff:
  description:
    - The zone's VPCs before and after (C(vpcs)), and its association authorizations (C(authorizations)) when
      they were read (a listed VPC belongs to another account).
  returned: always
  type: dict
"""

from ansible_collections.vpcmesh.aws.plugins.module_utils.clients import credentials_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.phz_runner import PhzRunner
from ansible_collections.vpcmesh.aws.plugins.module_utils.quota_reads import quota_spec
from ansible_collections.vpcmesh.aws.plugins.module_utils.aws_module import aws_module


def main():
    argument_spec = dict(
        hosted_zone_id=dict(type="str", aliases=["zone_id"]),
        zone=dict(type="str"),
        planned_zone=dict(type="dict", options=dict(
            name=dict(type="str", required=True),
            vpc_id=dict(type="str", required=True),
            region=dict(type="str", required=True),
        )),
        planned_actions=dict(type="list", elements="dict"),
        vpcs=dict(type="list", elements="dict", required=True, options=dict(
            vpc_id=dict(type="str", required=True),
            region=dict(type="str", required=True),
            account_id=dict(type="str"),
            credentials=credentials_spec(),
        )),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        purge=dict(type="bool", default=False),
        enable_vpc_dns=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
        **quota_spec(),
    )
    module = aws_module(
        argument_spec,
        required_one_of=[["hosted_zone_id", "zone", "planned_zone"]],
        mutually_exclusive=[["hosted_zone_id", "zone"]],
        supports_check_mode=True,
    )
    module.exit_json(**PhzRunner(module).run())


if __name__ == "__main__":
    main()
