"""The client's one error family: a stable code and a message an agent or a person can act on.

Denied and expired are results, not errors. An ExpactiError means no decision was reached, and
the command did not run.
"""

CODES = (
    "unavailable",  # the server could not be reached, or answered 5xx
    "unauthorized",  # the token is unknown or revoked
    "rejected",  # the server refused the request (4xx other than 401)
    "bad_response",  # the server's answer could not be understood
    "timeout",  # no decision within wait_timeout
    "config",  # no server URL or token configured
)


class ExpactiError(Exception):
    """No decision: the command was not run. `code` is one of CODES."""

    def __init__(self, code, message, status=None, wire_code=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.wire_code = wire_code

    def __str__(self):
        return self.message
