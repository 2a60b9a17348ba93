"""Route 53 Resolver: a ``CreatorRequestId`` is used once, and stays used after its resource is deleted.

AWS behaviour reproduced (Route 53 Resolver API Reference, CreateResolverEndpoint / CreateResolverRule:
``CreatorRequestId`` is "a unique string that identifies the request and that allows failed requests to
be retried without the risk of running the operation twice"; the error list names
``ResourceExistsException``, "The resource that you tried to create already exists"): a create that
repeats a ``CreatorRequestId`` already used for an endpoint (or a rule) of the account in the region is
refused with ``ResourceExistsException``, also when the endpoint or rule made with it has been deleted.
How long AWS remembers a used ID is not documented; here it is until the emulator is reset.

moto 5.2.5 refuses an ID only while an endpoint or rule carrying it exists.
"""

from __future__ import annotations

_APPLIED = False
_ATTR = "_vpcmesh_creator_request_ids"


def used(backend, kind: str) -> set:
    """The IDs used by creates of ``kind`` (``endpoint`` or ``rule``) in one account and region."""
    return backend.__dict__.setdefault(_ATTR, {}).setdefault(kind, set())


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.route53resolver.exceptions import ResourceExistsException
    from moto.route53resolver.models import Route53ResolverBackend

    originals = {"endpoint": Route53ResolverBackend.create_resolver_endpoint,
                 "rule": Route53ResolverBackend.create_resolver_rule}
    labels = {"endpoint": "Resolver endpoint", "rule": "Resolver rule"}

    def remembering(kind):
        original = originals[kind]

        def create(self, region, creator_request_id, *args, **kwargs):
            if creator_request_id in used(self, kind):
                raise ResourceExistsException(
                    f"{labels[kind]} with creator request ID '{creator_request_id}' already exists")
            made = original(self, region, creator_request_id, *args, **kwargs)
            used(self, kind).add(creator_request_id)
            return made
        return create

    Route53ResolverBackend.create_resolver_endpoint = remembering("endpoint")
    Route53ResolverBackend.create_resolver_rule = remembering("rule")
    _APPLIED = True
