"""`EventualConsistency`: a new resource is invisible for a few reads, as AWS's APIs are.

AWS (EC2 API reference, "Eventual consistency in the Amazon EC2 API"): right after a create, the
new resource's ID may not have propagated yet, and describing or modifying it answers that it
does not exist; Route 53 and Resolver behave alike, and a cross-region peering is seen late in
the accepter's region. moto is strongly consistent, so this interceptor rewrites its answers:

    aws.interceptors.append(EventualConsistency(reads=2))

After a successful create of a tracked kind (KINDS), the new resource is hidden from the next
`reads` answers that would show it, in every region and account:
- a describe/get naming its ID answers the service's not-found error (EC2
  `InvalidVpcPeeringConnectionID.NotFound`, Route 53 `NoSuchHostedZone`, Resolver
  `ResourceNotFoundException`), as AWS does for an ID it does not know yet;
- a list/describe answer (filtered or not) has its entry removed.
With `writes=True`, a write naming the ID (accept, tag, modify, route to it) also answers the
not-found error, and counts as one of the N. A created route (CreateRoute) is removed from its
table in DescribeRouteTables answers.

Limits (what rewriting answers cannot do reliably): pagination tokens and counts are left as
moto sent them; side effects stay visible (a route to a hidden peering, the VPCs listed in a
hidden zone); a resource is learnt only from a 2xx create answer through the proxy (state
seeded behind the proxy is never hidden); the N reads are shared by every region and account.
`stats` counts the answers altered per kind; `hidden` maps each still-hidden key to the reads
left.
"""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

from .faults import error_response


@dataclass(frozen=True)
class Kind:
    name: str
    service: str
    create: str            # the create action
    id_field: str          # element / key naming the new ID in the create answer
    reads: tuple           # actions whose answers show this kind
    items: tuple           # (element or list key of one resource, its ID field) in list answers
    by_id: tuple           # request parameters (prefixes; "path" for REST) naming IDs in a read
    not_found: tuple       # (code, status)


KINDS = (
    Kind("peering", "ec2", "CreateVpcPeeringConnection", "vpcPeeringConnectionId",
         ("DescribeVpcPeeringConnections",), (("item", "vpcPeeringConnectionId"),),
         ("VpcPeeringConnectionId.",), ("InvalidVpcPeeringConnectionID.NotFound", 400)),
    Kind("endpoint_service", "ec2", "CreateVpcEndpointServiceConfiguration", "serviceId",
         ("DescribeVpcEndpointServiceConfigurations",), (("item", "serviceId"),),
         ("ServiceId.",), ("InvalidVpcEndpointServiceId.NotFound", 400)),
    Kind("endpoint", "ec2", "CreateVpcEndpoint", "vpcEndpointId", ("DescribeVpcEndpoints",),
         (("item", "vpcEndpointId"),), ("VpcEndpointId.",), ("InvalidVpcEndpointId.NotFound", 400)),
    Kind("hosted_zone", "route53", "CreateHostedZone", "Id",
         ("ListHostedZones", "ListHostedZonesByName", "ListHostedZonesByVPC", "GetHostedZone"),
         (("HostedZone", "Id"), ("HostedZoneSummary", "HostedZoneId")), ("path",),
         ("NoSuchHostedZone", 404)),
    Kind("resolver_rule", "route53resolver", "CreateResolverRule", "Id",
         ("ListResolverRules", "GetResolverRule"), (("ResolverRules", "Id"),),
         ("ResolverRuleId",), ("ResourceNotFoundException", 400)),
    Kind("resolver_endpoint", "route53resolver", "CreateResolverEndpoint", "Id",
         ("ListResolverEndpoints", "GetResolverEndpoint"), (("ResolverEndpoints", "Id"),),
         ("ResolverEndpointId",), ("ResourceNotFoundException", 400)),
    Kind("resolver_rule_association", "route53resolver", "AssociateResolverRule", "Id",
         ("ListResolverRuleAssociations", "GetResolverRuleAssociation"),
         (("ResolverRuleAssociations", "Id"),), ("ResolverRuleAssociationId",),
         ("ResourceNotFoundException", 400)),
)
ROUTE_CREATE, ROUTE_READ = "CreateRoute", "DescribeRouteTables"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _bare(resource_id: str) -> str:
    """Route 53 answers '/hostedzone/Z1' in some places and 'Z1' in others."""
    return resource_id.rsplit("/", 1)[-1]


class EventualConsistency:
    def __init__(self, reads: int = 2, writes: bool = False, kinds=KINDS):
        self.reads = reads
        self.writes = writes
        self.kinds = kinds
        self.hidden: dict = {}    # bare ID or (route table, destination) -> answers left
        self._kind_of: dict = {}  # bare ID -> Kind that created it
        self.stats: Counter = Counter()
        self._lock = threading.Lock()

    # -- before moto: reads by ID and (writes=True) writes naming a hidden ID --------------------
    def __call__(self, call, request):
        named = self._named_ids(call, request)
        with self._lock:
            for resource_id in named:
                if self.hidden.get(resource_id, 0) > 0:
                    kind = self._kind_of[resource_id]
                    self._consume(resource_id, kind.name)
                    code, status = kind.not_found
                    return error_response(call.service, code,
                                          f"The ID '{resource_id}' does not exist", status)
        return None

    def _named_ids(self, call, request) -> list:
        """Hidden IDs this request names where AWS would answer not-found."""
        if not self.hidden:
            return []
        if call.write:
            return self._any_ids(call, request) if self.writes else []
        found = []
        for kind in self.kinds:
            if kind.service != call.service or call.action not in kind.reads:
                continue
            for prefix in kind.by_id:
                if prefix == "path":
                    found += [_bare(p) for p in call.path.split("?")[0].split("/")]
                elif call.service == "route53resolver":
                    found.append(_json(request.body).get(prefix, ""))
                else:
                    found += [v for k, v in call.params.items() if k.startswith(prefix)]
        return [i for i in found if i in self._kind_of]

    def _any_ids(self, call, request) -> list:
        values = list(call.params.values()) + [_bare(p) for p in call.path.split("/")]
        if call.service == "route53resolver":
            values += [v for v in _json(request.body).values() if isinstance(v, str)]
        return [v for v in values if v in self._kind_of]

    # -- after moto: learn creates, filter list answers ------------------------------------------
    def answered(self, call, request, response):
        status, headers, body = response
        if not 200 <= status < 300:
            return None
        if call.action == ROUTE_CREATE and call.service == "ec2":
            self._learn_route(call)
            return None
        for kind in self.kinds:
            if kind.service == call.service and kind.create == call.action:
                self._learn(kind, body)
        if not self.hidden or call.write:
            return None
        if call.service == "ec2" and call.action == ROUTE_READ:
            return self._rewrite_xml(response, self._hide_routes)
        listing = [k for k in self.kinds if k.service == call.service and call.action in k.reads]
        if not listing:
            return None
        if call.service == "route53resolver":
            return self._rewrite_json(response, listing)
        return self._rewrite_xml(response, lambda root: self._hide_items(root, listing))

    def _learn(self, kind: Kind, body: bytes) -> None:
        if kind.service == "route53resolver":
            new_id = next(iter(_json(body).values()), {}).get(kind.id_field, "")
        else:
            root = _xml(body)
            new_id = "" if root is None else next(
                (e.text or "" for e in root.iter() if _local(e.tag) == kind.id_field), "")
        if new_id:
            with self._lock:
                self.hidden[_bare(new_id)] = self.reads
                self._kind_of[_bare(new_id)] = kind

    def _learn_route(self, call) -> None:
        destination = (call.params.get("DestinationCidrBlock")
                       or call.params.get("DestinationIpv6CidrBlock"))
        with self._lock:
            self.hidden[(call.params.get("RouteTableId"), destination)] = self.reads

    def _consume(self, key, kind_name: str) -> None:
        self.hidden[key] -= 1
        self.stats[kind_name] += 1
        if self.hidden[key] <= 0:
            del self.hidden[key]

    def _hide_items(self, root, kinds) -> bool:
        changed = False
        parents = {child: parent for parent in root.iter() for child in parent}
        with self._lock:
            for kind in kinds:
                for item, id_tag in kind.items:
                    for element in [e for e in root.iter() if _local(e.tag) == item]:
                        ident = next((_bare(c.text or "") for c in element
                                      if _local(c.tag) == id_tag), "")
                        if self.hidden.get(ident, 0) > 0 and element in parents:
                            parents[element].remove(element)
                            self._consume(ident, kind.name)
                            changed = True
        return changed

    def _hide_routes(self, root) -> bool:
        changed = False
        with self._lock:
            for table in [e for e in root.iter() if _local(e.tag) == "item"
                          and any(_local(c.tag) == "routeSet" for c in e)]:
                table_id = next((c.text for c in table if _local(c.tag) == "routeTableId"), "")
                route_set = next(c for c in table if _local(c.tag) == "routeSet")
                for route in list(route_set):
                    dest = next((c.text for c in route if _local(c.tag) in
                                 ("destinationCidrBlock", "destinationIpv6CidrBlock")), "")
                    if self.hidden.get((table_id, dest), 0) > 0:
                        route_set.remove(route)
                        self._consume((table_id, dest), "route")
                        changed = True
        return changed

    def _rewrite_xml(self, response, hide):
        status, headers, body = response
        root = _xml(body)
        if root is None or not hide(root):
            return None
        namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
        ET.register_namespace("", namespace)
        text = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
        return status, headers, text.encode()

    def _rewrite_json(self, response, kinds):
        status, headers, body = response
        data, changed = _json(body), False
        with self._lock:
            for kind in kinds:
                key, id_field = kind.items[0]
                items = data.get(key)
                if not isinstance(items, list):
                    continue
                kept = []
                for item in items:
                    ident = item.get(id_field, "")
                    if self.hidden.get(ident, 0) > 0:
                        self._consume(ident, kind.name)
                        changed = True
                    else:
                        kept.append(item)
                data[key] = kept
        return (status, headers, json.dumps(data).encode()) if changed else None


def _xml(body: bytes):
    try:
        return ET.fromstring(body)
    except ET.ParseError:
        return None


def _json(body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
