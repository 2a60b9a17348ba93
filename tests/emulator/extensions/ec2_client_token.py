"""EC2 idempotency: a ``ClientToken`` is remembered, with the request it came with and its result.

AWS behaviour reproduced (EC2 API Reference, "Ensuring idempotency in Amazon EC2 API requests"): a
request repeated with the same client token and the same parameters returns the result of the first
request without doing anything again, even once the resource it made is gone; the same token with
different parameters is refused with ``IdempotentParameterMismatch``. AWS keeps a token for at least
24 hours after the request; here it is kept until the emulator is reset.

Calls covered: ``CreateVpcEndpointServiceConfiguration`` (the one EC2 create of this collection that
takes a token). The replayed answer is the configuration as it was created (its state then, not now).
Parameters compare as the query string sends them (``ClientToken`` left out), so the order of list items
matters, as it may on AWS. Not reproduced: tokens of other accounts are separate here (they are per
account on AWS too), and a token's expiry.

moto 5.2.5 ignores ``ClientToken``: every repeated request creates a new service.
"""

from __future__ import annotations

import copy

_APPLIED = False
_ATTR = "_vpcmesh_client_tokens"
IGNORED = ("Action", "Version", "ClientToken")


def remembered(backend) -> dict:
    """{token: (parameters, result)} of one account and region (forgotten when moto resets)."""
    return backend.__dict__.setdefault(_ATTR, {})


def fingerprint(querystring) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in querystring.items()
                        if k not in IGNORED))


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.vpc_service_configuration import VPCEndpointServiceConfiguration

    create = VPCEndpointServiceConfiguration.create_vpc_endpoint_service_configuration

    def create_with_token(self):
        token = self._get_param("ClientToken")
        if not token:
            return create(self)
        tokens, params = remembered(self.ec2_backend), fingerprint(self.querystring)
        if token in tokens:
            if tokens[token][0] != params:
                raise EC2ClientError("IdempotentParameterMismatch",
                                     f"The client token '{token}' was used before with different parameters; "
                                     "use a new client token for a different request")
            return ActionResult({"ServiceConfiguration": tokens[token][1]})
        answer = create(self)
        tokens[token] = (params, copy.copy(answer.result["ServiceConfiguration"]))
        return answer

    VPCEndpointServiceConfiguration.create_vpc_endpoint_service_configuration = create_with_token
    _APPLIED = True
