"""Helper of the Resolver endpoint extensions (resolver_endpoint_protocols, resolver_endpoint_ipv6): one wrapper each
of moto's CreateResolverEndpoint and UpdateResolverEndpoint answers and of the endpoint's description, into which
every extension hooks its own parameter, so that they compose in any order.

- ``on_create(check)``: ``check(response)`` runs before moto creates (raise to refuse) and returns
  ``apply(endpoint)``, run on the endpoint made.
- ``on_update(check)``: ``check(response, endpoint)`` runs before any change and returns ``apply()`` or None.
  UpdateResolverEndpoint then changes the name only when `Name` is given (moto 5.2.5 sets it to null otherwise).
- ``on_describe(extra)``: ``extra(endpoint)`` -> dict merged into the description (Get, List, Create, Update).
"""

from __future__ import annotations

import json

_CREATE, _UPDATE, _DESCRIBE = [], [], []
_INSTALLED = False


def _install():
    global _INSTALLED
    if _INSTALLED:
        return
    from moto.route53resolver.models import ResolverEndpoint
    from moto.route53resolver.responses import Route53ResolverResponse

    original_description = ResolverEndpoint.description
    original_create = Route53ResolverResponse.create_resolver_endpoint

    def description(self):
        out = original_description(self)
        for extra in _DESCRIBE:
            out.update(extra(self))
        return out

    def create_resolver_endpoint(self):
        appliers = [check(self) for check in _CREATE]
        answer = json.loads(original_create(self))
        endpoint = self.route53resolver_backend.resolver_endpoints[answer["ResolverEndpoint"]["Id"]]
        for apply in appliers:
            apply(endpoint)
        return json.dumps({"ResolverEndpoint": endpoint.description()})

    def update_resolver_endpoint(self):
        backend = self.route53resolver_backend
        endpoint_id = self._get_param("ResolverEndpointId")
        backend._validate_resolver_endpoint_id(endpoint_id)
        endpoint = backend.resolver_endpoints[endpoint_id]
        appliers = [check(self, endpoint) for check in _UPDATE]
        if self._get_param("Name") is not None:
            backend.update_resolver_endpoint(resolver_endpoint_id=endpoint_id, name=self._get_param("Name"))
        for apply in appliers:
            if apply:
                apply()
        return json.dumps({"ResolverEndpoint": endpoint.description()})

    ResolverEndpoint.description = description
    Route53ResolverResponse.create_resolver_endpoint = create_resolver_endpoint
    Route53ResolverResponse.update_resolver_endpoint = update_resolver_endpoint
    _INSTALLED = True


def on_create(check):
    _install()
    _CREATE.append(check)


def on_update(check):
    _install()
    _UPDATE.append(check)


def on_describe(extra):
    _install()
    _DESCRIBE.append(extra)
