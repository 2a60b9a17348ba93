"""Route 53 ListHostedZonesByVPC: every private zone of the VPC, whoever owns it, in the VPC's region.

AWS behaviour reproduced (Route 53 API Reference, ListHostedZonesByVPC: "Lists all the private hosted
zones that a specified VPC is associated with, regardless of which Amazon Web Services account or
Amazon Web Services service owns the hosted zones"; VPCId and VPCRegion are both required):
- zones of other accounts associated with the VPC are listed, each with Owner.OwningAccount set to the
  zone's account;
- only associations of the VPC in VPCRegion count;
- pages of MaxItems zones (default 100); a page with more to come carries an opaque NextToken, the last page
  none; a NextToken that is not one of ours is InvalidPaginationToken, a MaxItems that is not a positive
  integer InvalidInput.
Approximations: the caller is not checked to own the VPC; zones are listed in hosted zone ID order (AWS
documents no order), and a NextToken names the first zone of the next page, so a zone deleted between two
pages is skipped rather than invalidating the token.

moto 5.2.5 lists only the caller's own zones, names the caller as owner, and ignores VPCRegion.
"""

from __future__ import annotations

import base64
import binascii

from ._route53_zones import private_zones_of_vpc

_APPLIED = False
DEFAULT_MAX_ITEMS = 100
_TOKEN_PREFIX = "zones-by-vpc:"


def summaries(vpc_id: str, region: str) -> list:
    found = [{"HostedZoneId": zone.resource_id, "Name": zone.name,
              "Owner": {"OwningAccount": backend.account_id}}
             for backend, zone in private_zones_of_vpc(vpc_id, region)]
    return sorted(found, key=lambda s: s["HostedZoneId"])


def encode_token(zone_id: str) -> str:
    return base64.urlsafe_b64encode((_TOKEN_PREFIX + zone_id).encode()).decode()


def decode_token(token: str) -> str | None:
    """The zone ID a NextToken of ours starts at, or None when it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return text[len(_TOKEN_PREFIX):] if text.startswith(_TOKEN_PREFIX) else None


def page(found: list, max_items: int, token: str | None) -> tuple[list, str | None]:
    """(this page's summaries, NextToken or None): ``token`` is None for the first page."""
    if token is not None:
        start_id = decode_token(token)
        found = [s for s in found if s["HostedZoneId"] >= start_id]
    more = found[max_items:]
    return found[:max_items], encode_token(more[0]["HostedZoneId"]) if more else None


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from moto.core.responses import ActionResult
    from moto.route53.exceptions import InvalidInput, Route53ClientError
    from moto.route53.responses import Route53

    def list_hosted_zones_by_vpc(self):
        raw_max, token = self._get_param("MaxItems"), self._get_param("NextToken")
        try:
            max_items = DEFAULT_MAX_ITEMS if raw_max in (None, "") else int(raw_max)
        except ValueError:
            max_items = 0
        if max_items < 1:
            raise InvalidInput(f"1 validation error detected: Value '{raw_max}' at 'maxItems' failed to satisfy "
                               "constraint: Member must be a positive integer")
        if token is not None and decode_token(token) is None:
            raise Route53ClientError("InvalidPaginationToken", "The value that you specified for NextToken in a "
                                     "List request isn't valid.")
        found, next_token = page(summaries(self._get_param("VPCId"), self._get_param("VPCRegion")), max_items, token)
        answer = {"HostedZoneSummaries": found, "MaxItems": str(max_items)}
        if next_token:
            answer["NextToken"] = next_token
        return ActionResult(answer)

    Route53.list_hosted_zones_by_vpc = list_hosted_zones_by_vpc
    _APPLIED = True
