# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A VPC's two DNS attributes, which both remote DNS resolution over a peering and a private hosted zone need
on: the ``ec2:ModifyVpcAttribute`` calls that turn the missing ones on. Pure: no AWS access here, shared by the
peering DNS options' plan (peering_dns.py) and the private zone associations' plan (phz.py)."""

from __future__ import annotations

from ansible_collections.vpcmesh.aws.plugins.module_utils.actions import Action

# AWS's names, in the order they must be turned on (DNS hostnames needs DNS support).
VPC_DNS_ATTRIBUTES = ("enableDnsSupport", "enableDnsHostnames")


def param_key(attribute):
    """ModifyVpcAttribute's parameter for ``attribute``: ``EnableDnsSupport`` for ``enableDnsSupport``."""
    return attribute[0].upper() + attribute[1:]


def missing(current):
    """The attributes off in ``current`` ({attribute: bool}), in the order to turn them on."""
    return [a for a in VPC_DNS_ATTRIBUTES if not current[a]]


def turn_on(vpc_id, region, current, **where):
    """(actions, attributes after) turning on what ``current`` has off in ``vpc_id``; ``where`` goes to each
    Action (side, account)."""
    after, actions = dict(current), []
    for attribute in missing(current):
        actions.append(Action("ec2:ModifyVpcAttribute", region, {"VpcId": vpc_id, param_key(attribute): {"Value": True}},
                              description=f"turn on {attribute} in {vpc_id}", **where))
        after[attribute] = True
    return actions, after
