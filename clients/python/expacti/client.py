"""`Expacti`: ask the expacti server before running a command — check, request, run.

    from expacti import Expacti
    gate = Expacti()                      # EXPACTI_URL / EXPACTI_TOKEN, else `expacti login`'s file
    gate.check("npm test")                # what would happen, without asking anyone
    gate.request("npm test")              # ask and wait: Allowed or Refused
    gate.run("npm test")                  # ask, then run exactly what was approved

Only an explicit server approval of exactly the command asked for lets anything run. Denied and
expired are results; everything that prevents a decision (server down, token refused, a timeout,
an answer that cannot be understood) raises ExpactiError, and nothing ran.
"""

import os
import time
import urllib.request

from .config import resolve_config
from .context import run_context
from .errors import ExpactiError
from .http import Transport
from .results import Allowed, Ran, Refused, NotRun
from .runner import run_captured

#: Slack after the server-side expiry for its automatic denial to reach us.
EXPIRY_GRACE_S = 5.0
_STATUSES = ("pending", "approved", "denied", "expired")


class Expacti:
    def __init__(self, url=None, token=None, env=None, session=None, http_timeout=30.0):
        self._env = dict(os.environ if env is None else env)
        self._url = url
        self._token = token
        self._session = session
        self._http_timeout = http_timeout
        self._transport = None

    # -- the three calls ----------------------------------------------------------------------

    def check(self, command):
        """What the gate would do now: {'decision': 'allow'|'deny'|'review', 'justification', 'analysis'}.
        Advice, not permission: only request() / run() let a command run."""
        answer = self._connect().call("POST", "/check", {"command": to_command_input(command)})
        if (
            not isinstance(answer.get("analysis"), dict)
            or answer.get("decision") not in ("allow", "deny", "review")
            or not isinstance(answer.get("justification"), str)
        ):
            raise ExpactiError("bad_response", "the server answered the check with an unexpected body")
        return answer

    def request(self, command, cwd=None, reason=None, session=None, wait_timeout=None, on_waiting=None):
        """Asks and waits for the decision. Allowed: the single-use approval is already claimed — run
        exactly `result.command` in `result.cwd`, once, then report(). Refused: do not run it."""
        transport = self._connect()
        asked = to_command_input(command)
        cwd = os.path.abspath(cwd or os.getcwd())
        body = {"command": asked}
        body.update(run_context(cwd, self._env, session or self._session))
        if reason:
            body["reason"] = reason
        submitted = transport.call("POST", "/requests", body)
        request = submitted.get("request")
        if not is_request(request) or not isinstance(submitted.get("dashboardUrl"), str):
            raise ExpactiError("bad_response", "the server answered the submission with an unexpected body")
        execute = submitted.get("exec")
        if execute is not None:
            if not isinstance(execute, dict):
                raise ExpactiError("bad_response", "the server answered the submission with an unexpected body")
            return _allowed(request, _same(asked, execute.get("command")), cwd, execute.get("confine"))
        decided = request
        if request["status"] == "pending":
            if on_waiting is not None:
                on_waiting(
                    {
                        "requestId": request["id"],
                        "dashboardUrl": submitted["dashboardUrl"],
                        "expiresAt": request["expiresAt"],
                        "analysis": request["analysis"],
                    }
                )
            decided = self._wait(transport, request, wait_timeout)
        status = decided["status"]
        if status == "approved":
            claimed = transport.call("POST", "/requests/%s/execute" % _quote(decided["id"]), {})
            command_now = _same(asked, claimed.get("command"))
            claimed_cwd = claimed.get("cwd")
            if not isinstance(claimed_cwd, str):
                raise ExpactiError("bad_response", "the server's claim names no directory; refusing to run it")
            return _allowed(decided, command_now, claimed_cwd, claimed.get("confine"))
        if status in ("denied", "expired"):
            decision = decided.get("decision") or {}
            return Refused(
                outcome=status,
                request_id=decided["id"],
                justification=decision.get("justification") or status,
                note=decision.get("note"),
                request=decided,
            )
        raise ExpactiError("bad_response", 'unexpected request status "%s"' % status)

    def run(self, command, cwd=None, reason=None, session=None, wait_timeout=None, on_waiting=None,
            run_timeout=None, env=None, max_output_bytes=1024 * 1024):
        """request(), then runs exactly what was approved (stdin closed, output captured) and reports
        how it ended. Returns Ran, Refused (ran False) or NotRun (approved, but it could not run as the
        org requires)."""
        approval = self.request(command, cwd, reason, session, wait_timeout, on_waiting)
        if not approval.allowed:
            return approval
        why = _cannot_run_here(approval)
        if why is not None:
            self._report_quietly(approval.request_id, {"exitCode": None, "durationMs": 0,
                                                       "confinement": "unavailable", "notRun": why})
            return NotRun(request_id=approval.request_id, why=why, approval=approval)
        result = run_captured(approval.command, approval.cwd, env, run_timeout, max_output_bytes)
        report = {
            "exitCode": result["exit_code"] if result["exit_code"] is None else max(-1, min(255, result["exit_code"])),
            "signal": result["signal"],
            "durationMs": result["duration_ms"],
            "confinement": "unconfined",
        }
        self._report_quietly(approval.request_id, report)
        return Ran(approval=approval, **result)

    # -- the rest ----------------------------------------------------------------------------

    def report(self, request_id, exit_code, duration_ms, signal=None):
        """Tells the server how an allowed command ended (the reviewers' timeline)."""
        self._connect().call(
            "POST",
            "/requests/%s/result" % _quote(request_id),
            {"exitCode": exit_code, "signal": signal, "durationMs": int(duration_ms), "confinement": "unconfined"},
        )

    def cancel(self, request_id, reason):
        """Stops waiting for good: the server cancels the request (audited)."""
        self._connect().call("POST", "/requests/%s/cancel" % _quote(request_id), {"reason": reason}, timeout_s=2.0)

    def _connect(self):
        if self._transport is None:
            url, token = resolve_config(self._url, self._token, self._env)
            self._transport = Transport(url, token, self._http_timeout)
        return self._transport

    def _wait(self, transport, request, wait_timeout):
        expires = _epoch(request["expiresAt"])
        if expires is None:
            raise ExpactiError("bad_response", "the server sent no valid expiry time")
        deadline = time.monotonic() + max(0.0, expires - time.time()) + EXPIRY_GRACE_S
        if wait_timeout is not None:
            deadline = min(deadline, time.monotonic() + wait_timeout)
        try:
            return transport.wait_for_decision(request["id"], deadline, is_request)
        except ExpactiError as error:
            # Nobody will run it: it must not stay on a reviewer's screen.
            if error.code == "timeout" and wait_timeout is not None:
                try:
                    self.cancel(request["id"], "its time limit of %g s passed" % wait_timeout)
                except ExpactiError:
                    pass
            raise

    def _report_quietly(self, request_id, body):
        try:
            self._connect().call("POST", "/requests/%s/result" % _quote(request_id), body)
        except ExpactiError:
            pass  # the reviewers miss the result; the command's outcome is still the caller's


def to_command_input(command):
    """A shell string, an argv list/tuple, or the wire form {'shell': …} / {'argv': […]}."""
    if isinstance(command, str):
        if not command.strip():
            raise ExpactiError("rejected", "the command is empty")
        return {"shell": command}
    if isinstance(command, (list, tuple)):
        if not command or not all(isinstance(w, str) for w in command):
            raise ExpactiError("rejected", "an argv command must be a non-empty list of strings")
        return {"argv": list(command)}
    if is_command_input(command):
        return dict(command)
    raise ExpactiError("rejected", "a command is a shell string, a list of words, or {'shell'|'argv': …}")


def is_command_input(value):
    if not isinstance(value, dict):
        return False
    if "argv" in value:
        argv = value["argv"]
        return isinstance(argv, list) and len(argv) > 0 and all(isinstance(w, str) for w in argv)
    return isinstance(value.get("shell"), str)


def is_request(value):
    return (
        isinstance(value, dict)
        and isinstance(value.get("id"), str)
        and value.get("status") in _STATUSES
        and isinstance(value.get("expiresAt"), str)
        and is_command_input(value.get("command"))
        and isinstance(value.get("analysis"), dict)
    )


def _same(asked, approved):
    """The approval must be for exactly what was asked; anything else is refused."""
    if not is_command_input(approved) or ("argv" in asked) != ("argv" in approved):
        raise ExpactiError("bad_response", "the server approved a different command than the one asked for; refusing to run it")
    key = "argv" if "argv" in asked else "shell"
    if approved[key] != asked[key]:
        raise ExpactiError("bad_response", "the server approved a different command than the one asked for; refusing to run it")
    return dict(approved)


def _allowed(request, command, cwd, confine):
    decision = request.get("decision") or {}
    by = decision.get("by") or {}
    return Allowed(
        request_id=request["id"],
        command=command,
        cwd=cwd,
        by="whitelist" if by.get("kind") == "whitelist" else "reviewer",
        justification=decision.get("justification") or "approved",
        note=decision.get("note"),
        request=request,
        confine=confine if isinstance(confine, dict) else None,
    )


def _cannot_run_here(approval):
    """Why an approved command may not run from this client (it cannot hold a command to a scope)."""
    plan = approval.confine
    if not plan:
        return None
    if plan.get("required") is not False:
        tier = (approval.request.get("analysis") or {}).get("tier", "this")
        return (
            "the Python client cannot hold a command to its scope, and the org requires %s commands to run "
            "confined: run it through `expacti run` on a machine that can confine it" % tier
        )
    if plan.get("checkpoint"):
        return "the Python client cannot checkpoint the project first, as this auto-allow requires: ask a reviewer"
    return None


def _epoch(text):
    from datetime import datetime

    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except (ValueError, AttributeError):
        return None


def _quote(request_id):
    return urllib.request.quote(request_id, safe="")
