# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of the modules that check AWS quotas before their first write (module_utils/quotas.py)."""


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  quotas:
    description:
      - Quota values to check against instead of reading them, as a dict of quota code to value (for example
        C(L-93826ACB) set to C(100) after an increase of the routes per route table). Give it when the caller may
        not read Service Quotas, or to plan for a lower value than the applied one.
      - "Codes: C(L-7E9ECCDB) (Amazon VPC, active VPC peering connections per VPC; AWS default 50, adjustable up to
        125), C(L-DC9F7029) (Amazon VPC, outstanding VPC peering connection requests per account and region; default
        25), C(L-93826ACB) (Amazon VPC, routes per route table, non-propagated, IPv4 and IPv6 counted separately;
        default 50, adjustable up to 1000), C(MAX_VPCS_ASSOCIATED_BY_ZONE) (Route 53, VPCs associated with a private
        hosted zone; default 300, raised through a support case), C(L-4A669CC0) (Route 53 Resolver, endpoints per
        account and region, inbound and outbound; default 4), C(L-D2FE9758) (Route 53 Resolver, IP addresses per
        endpoint; default 6), C(L-51D8A1FB) (Route 53 Resolver, rules per account and region; default 1000),
        C(L-94E19253) (Route 53 Resolver, associations of rules with VPCs per account and region; default 2000)."
      - A module checks only the quotas its writes count against and ignores the other codes, so one dict serves
        every module of a play; an unknown code, or a value that is not a whole number of at least 1, fails the
        module before any call.
      - Before any write, in check mode too, the module counts what its plan would reach (for a list form, what all
        items reach together) and, when a count passes its quota, fails with one message naming the resource, the
        count it would reach, the quota's name, value and code, having written nothing.
    type: dict
  read_quotas:
    description:
      - Read the values applied to the account, for the quotas not given in O(quotas), once per quota, region and
        account in a run (C(servicequotas:GetServiceQuota) in the resource's region and account;
        C(route53:GetHostedZoneLimit) for a private hosted zone).
      - A value that cannot be read (access denied, no such quota, any error) never fails the run; AWS's default is
        used instead and a warning names the quota code.
      - V(false) checks against AWS's defaults without reading.
    type: bool
    default: true
"""
