"""What one AWS API request was: service, region, action, account, and whether it writes.

`describe_request()` turns a raw HTTP request (method, path, headers, body) into a `Call`
without the response fields; the recording proxy fills `status` and `elapsed` afterwards.

How each field is found:
- service, region: the SigV4 credential scope in the Authorization header,
  `Credential=AKID/20240101/REGION/SERVICE/aws4_request` (ELBv2 signs as `elasticloadbalancing`).
- action: query protocols (EC2, STS, ELBv2, IAM) carry `Action=` in the form body or the query
  string; JSON protocols (Route 53 Resolver) name it in `X-Amz-Target: Prefix.Operation`;
  REST protocols (Route 53) are matched against botocore's request URIs
  (`POST /2013-04-01/hostedzone/Z1/associatevpc` -> `AssociateVPCWithHostedZone`), else
  `"METHOD /path"`.
- account: see `AccountBook`.
- write: False for Describe*/List*/Get*/Search*/Check* actions, every STS call and every GET;
  True otherwise.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

DEFAULT_ACCOUNT = "123456789012"
READ_PREFIXES = ("Describe", "List", "Get", "Search", "Check")
_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")


@dataclass
class Call:
    service: str
    region: str
    action: str
    account: str
    write: bool
    method: str = "POST"
    path: str = "/"
    status: int = 0
    elapsed: float = 0.0
    intercepted: bool = False  # answered by a proxy interceptor, not by moto
    access_key: str = field(default="", repr=False)
    params: dict = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        kind = "write" if self.write else "read"
        return f"{self.account} {self.region} {self.service}:{self.action} {kind} -> {self.status}"


class AccountBook:
    """Maps access keys to the account they act as.

    Unknown keys act as the default account (moto's 123456789012). Keys returned by an STS
    AssumeRole answer act as the account in that answer's AssumedRoleUser Arn; the proxy feeds
    every STS answer to `learn_from_sts()`. An `x-moto-account-id` header wins over both.
    """

    def __init__(self, default: str = DEFAULT_ACCOUNT):
        self.default = default
        self._keys: dict[str, str] = {}
        self._lock = threading.Lock()

    def account_for(self, access_key: str, headers: dict) -> str:
        override = _header(headers, "x-moto-account-id")
        if override:
            return override
        with self._lock:
            return self._keys.get(access_key, self.default)

    def remember(self, access_key: str, account: str) -> None:
        with self._lock:
            self._keys[access_key] = account

    def forget_all(self) -> None:
        with self._lock:
            self._keys.clear()

    def learn_from_sts(self, body: bytes) -> None:
        """Read AccessKeyId and the AssumedRoleUser Arn's account out of an STS XML answer."""
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            return
        key = arn = None
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "AccessKeyId":
                key = (element.text or "").strip()
            elif tag == "Arn" and arn is None:
                arn = (element.text or "").strip()
        if key and arn and arn.count(":") >= 5:
            self.remember(key, arn.split(":")[4])


def describe_request(method: str, path: str, headers: dict, body: bytes, book: AccountBook) -> Call:
    """Build the `Call` for one request (status and elapsed left at 0)."""
    access_key, region, service = _credential_scope(headers)
    url = urlsplit(path)
    params = _form_params(url.query, headers, body)
    target = _header(headers, "X-Amz-Target")
    if "Action" in params:
        action = params["Action"]
    elif target:
        action = target.rsplit(".", 1)[-1]
    else:
        action = rest_operation(service, method, url.path) or f"{method} {url.path}"
    write = not (
        action.startswith(READ_PREFIXES) or service == "sts" or method in ("GET", "HEAD")
    )
    return Call(
        service=service,
        region=region,
        action=action,
        account=book.account_for(access_key, headers),
        write=write,
        method=method,
        path=path,
        access_key=access_key,
        params=params,
    )


def _header(headers: dict, name: str) -> str:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return ""


def _credential_scope(headers: dict) -> tuple[str, str, str]:
    match = _SCOPE.search(_header(headers, "Authorization"))
    if not match:
        return "", "", ""
    return match.group(1), match.group(2), match.group(3)


def _form_params(query: str, headers: dict, body: bytes) -> dict:
    params = {k: v[0] for k, v in parse_qs(query).items()}
    content_type = _header(headers, "Content-Type")
    if body and "x-www-form-urlencoded" in content_type:
        text = body.decode("utf-8", "replace")
        params.update({k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()})
    return params


def rest_operation(service: str, method: str, path: str) -> str:
    """Name the REST operation of `service` that `method path` calls, or ''."""
    for op_method, pattern, name in _rest_routes(service):
        if op_method == method and pattern.fullmatch(path):
            return name
    return ""


@lru_cache(maxsize=None)
def _rest_routes(service: str) -> tuple:
    """(method, regex, operation) for every operation of a rest-xml/rest-json service.

    Routes with more literal characters come first, so `/hostedzone/{Id}/rrset/` beats
    `/hostedzone/{Id}`.
    """
    if not service:
        return ()
    try:
        import botocore.session

        model = botocore.session.get_session().get_service_model(service)
    except Exception:
        return ()
    if not model.protocol.startswith("rest"):
        return ()
    routes = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        uri = http.get("requestUri", "/").split("?", 1)[0]
        regex, literal = _uri_regex(uri)
        routes.append((literal, http.get("method", "GET"), re.compile(regex), name))
    routes.sort(key=lambda r: -r[0])
    return tuple((method, pattern, name) for _literal, method, pattern, name in routes)


def _uri_regex(uri: str) -> tuple[str, int]:
    parts = re.split(r"(\{[^}]+\})", uri.rstrip("/") or "/")
    regex, literal = "", 0
    for part in parts:
        if part.startswith("{"):
            regex += ".+" if part.endswith("+}") else "[^/]+"
        else:
            regex += re.escape(part)
            literal += len(part)
    return regex + "/?", literal
