"""Interceptors for `RecordingProxy.interceptors`: answers AWS would give that moto never does.

An interceptor is `(call, request) -> (status, headers, body) | None`; see proxy.py. This file
holds the error-body builders and one example, `throttle_once`; seeded throttling, 5xx, resets,
slow answers and eventual consistency belong here too.
"""

from __future__ import annotations

import json
import threading
import uuid
from xml.sax.saxutils import escape

QUERY_XML_SERVICES = {"ec2"}  # EC2's own <Response><Errors> shape


def error_response(service: str, code: str, message: str, status: int) -> tuple:
    """An error answer in the wire shape `service` uses.

    EC2 (AWSEC2/latest/APIReference/errors-overview.html, "Example error response"):
        <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
    Other query services (STS, IAM, ELBv2) and Route 53 use
        <ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>
    JSON services: {"__type": code, "message": message} with X-Amzn-ErrorType.
    """
    request_id = str(uuid.uuid4())
    if service in QUERY_XML_SERVICES:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>"
        )
        return status, {"Content-Type": "text/xml;charset=UTF-8"}, body.encode()
    if service in ("route53resolver",):
        body = json.dumps({"__type": code, "message": message})
        headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amzn-ErrorType": code,
                   "x-amzn-RequestId": request_id}
        return status, headers, body.encode()
    kind = "Receiver" if status >= 500 else "Sender"
    body = (
        f"<ErrorResponse><Error><Type>{kind}</Type><Code>{escape(code)}</Code>"
        f"<Message>{escape(message)}</Message></Error>"
        f"<RequestId>{request_id}</RequestId></ErrorResponse>"
    )
    return status, {"Content-Type": "text/xml"}, body.encode()


def throttle_once(service: str, action: str):
    """Answer the first matching call with the service's throttling error, then step aside.

    EC2 throttles with `RequestLimitExceeded` and HTTP 503 (EC2 API reference, error codes:
    "RequestLimitExceeded: The maximum request rate permitted by the Amazon EC2 APIs has been
    exceeded for your account"); others with `Throttling` / HTTP 400. boto3 retries both, so a
    throttled call is recorded twice: once with the error status, once with moto's answer.
    `interceptor.fired` counts how often it answered.
    """
    lock = threading.Lock()

    def interceptor(call, request):
        if call.service != service or call.action != action:
            return None
        with lock:
            if interceptor.fired:
                return None
            interceptor.fired += 1
        if service == "ec2":
            return error_response(service, "RequestLimitExceeded", "Request limit exceeded.", 503)
        return error_response(service, "Throttling", "Rate exceeded", 400)

    interceptor.fired = 0
    return interceptor
