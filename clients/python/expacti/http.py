"""JSON over HTTP and the server's push stream (server-sent events), with urllib only.

Every failure becomes an ExpactiError; nothing here decides that a command may run.
"""

import json
import socket
import time
import urllib.error
import urllib.request

from .errors import ExpactiError

#: The server pings every 15 s: a stream silent for longer than this is dead.
STREAM_IDLE_S = 45.0


class Transport:
    def __init__(self, url, token, timeout_s=30.0):
        self.url = url
        self.token = token
        self.timeout_s = timeout_s

    def call(self, method, path, body=None, timeout_s=None):
        """Sends a JSON request to /v1{path}; returns the decoded JSON object of a 2xx answer."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"authorization": "Bearer " + self.token, "accept": "application/json"}
        if data is not None:
            headers["content-type"] = "application/json"
        request = urllib.request.Request(self.url + "/v1" + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout_s or self.timeout_s) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise _http_error(error) from None
        except (urllib.error.URLError, OSError) as error:
            raise self._unreachable(error) from None
        try:
            parsed = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            raise ExpactiError("bad_response", "the server's answer to %s %s is not JSON" % (method, path)) from None
        if not isinstance(parsed, dict):
            raise ExpactiError("bad_response", "the server's answer to %s %s is not a JSON object" % (method, path))
        return parsed

    def wait_for_decision(self, request_id, deadline, is_request):
        """Follows /v1/requests/:id/events until the request leaves `pending` (returns it), reconnecting
        with back-off when the stream breaks, until `deadline` (time.monotonic()); then ExpactiError('timeout')."""
        path = "/v1/requests/%s/events" % urllib.request.quote(request_id, safe="")
        backoff = 0.1
        last_problem = None
        while time.monotonic() < deadline:
            headers = {"authorization": "Bearer " + self.token, "accept": "text/event-stream"}
            request = urllib.request.Request(self.url + path, headers=headers)
            left = deadline - time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=max(0.05, min(STREAM_IDLE_S, left))) as response:
                    decided = _read_stream(response, deadline, is_request)
                    if decided is not None:
                        return decided
                    backoff = 0.1
            except urllib.error.HTTPError as error:
                problem = _http_error(error)
                if problem.code in ("unauthorized", "rejected"):
                    raise problem from None
                last_problem = problem
            except (urllib.error.URLError, OSError) as error:
                last_problem = self._unreachable(error)
            time.sleep(max(0.0, min(backoff, deadline - time.monotonic())))
            backoff = min(backoff * 2, 2.0)
        message = "no decision arrived in time"
        if last_problem is not None:
            message += " (last problem: %s)" % last_problem.message
        raise ExpactiError("timeout", message)

    def _unreachable(self, error):
        reason = getattr(error, "reason", error)
        if isinstance(reason, socket.timeout) or isinstance(error, socket.timeout):
            return ExpactiError("unavailable", "the expacti server at %s did not answer in time" % self.url)
        return ExpactiError("unavailable", "cannot reach the expacti server at %s (%s)" % (self.url, reason))


def _read_stream(response, deadline, is_request):
    """Reads events until a decided request arrives (returned), the stream ends or the deadline passes (None)."""
    data = []
    while time.monotonic() < deadline:
        line = response.readline()
        if not line:
            return None
        text = line.decode("utf-8").rstrip("\r\n")
        if text == "":
            if data:
                try:
                    message = json.loads("\n".join(data))
                except ValueError:
                    message = None  # an event we cannot read is skipped; the next full state follows
                data = []
                if (
                    isinstance(message, dict)
                    and message.get("type") in ("request.updated", "request.created")
                    and is_request(message.get("request"))
                    and message["request"]["status"] != "pending"
                ):
                    return message["request"]
        elif text.startswith("data:"):
            data.append(text[6:] if text.startswith("data: ") else text[5:])
    return None


def _http_error(error):
    status = error.code
    message = "the server answered %d" % status
    wire_code = None
    try:
        body = json.loads(error.read().decode("utf-8"))
        wire = body.get("error") if isinstance(body, dict) else None
        if isinstance(wire, dict) and isinstance(wire.get("message"), str):
            message = wire["message"]
            wire_code = wire.get("code")
    except Exception:  # noqa: BLE001 -- the status line is enough
        pass
    if status == 401:
        return ExpactiError("unauthorized", message, status, wire_code)
    if status >= 500:
        return ExpactiError("unavailable", "server error: " + message if status not in (502, 503, 504) else message, status, wire_code)
    return ExpactiError("rejected", message, status, wire_code)
