# -*- coding: utf-8 -*-
# Copyright: vpcmesh.aws contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options shared by modules that act as the other side of a connection."""


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  peer_credentials:
    description:
      - Credentials of the account that owns the peer VPC, used for every call the peer side must make
        itself (accepting, its DNS option, its routes, its tags), in the peer side's region.
      - Give exactly one of O(peer_credentials.profile), O(peer_credentials.role_arn) or
        O(peer_credentials.access_key). A role is assumed with the module's own credentials.
      - Not needed when both VPCs belong to the caller's account.
      - The same C(endpoint_url) serves both sides (for an emulator); without it each side uses its
        regional AWS endpoint.
    type: dict
    suboptions:
      profile:
        description: Named profile (from the AWS config/credentials files) of the peer account.
        type: str
      role_arn:
        description: ARN of a role in the peer account to assume with C(sts:AssumeRole).
        type: str
      role_session_name:
        description: Session name used when assuming O(peer_credentials.role_arn).
        type: str
        default: vpcmesh-aws
      external_id:
        description: External ID required by the role's trust policy, if any.
        type: str
      access_key:
        description: Access key ID of the peer account.
        type: str
      secret_key:
        description: Secret access key going with O(peer_credentials.access_key).
        type: str
      session_token:
        description: Session token for temporary keys.
        type: str
"""
