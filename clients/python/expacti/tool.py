"""A gated shell tool for Python agent frameworks: a plain function, no framework import.

    from expacti import guarded_shell
    tools = [guarded_shell]            # LangChain: StructuredTool.from_function(guarded_shell)

It always returns text the model can act on and never raises for the gate's own failures: a
denial carries the reviewer's note, and a server that is down means "NOT RUN" — the command runs
only when a reviewer or the whitelist approved it.
"""

from .client import Expacti
from .errors import ExpactiError

_default = None


def guarded_shell(command: str, cwd: str = None, reason: str = None) -> str:
    """Run a shell command after expacti approves it. A human reviewer may have to approve it first;
    if it is denied, do not retry it or a variant of it: follow the reviewer's note, or ask the user.

    Args:
        command: the bash command line to run.
        cwd: the directory to run it in (default: the current one).
        reason: why you want to run it, for the reviewer.
    """
    global _default
    if _default is None:
        _default = Expacti()
    return run_for_model(_default, command, cwd, reason)


def run_for_model(gate, command, cwd=None, reason=None, run_timeout=120.0, max_output_bytes=32 * 1024):
    """What guarded_shell does, with a given client: the outcome as text for the model."""
    try:
        result = gate.run(command, cwd=cwd, reason=reason, run_timeout=run_timeout, max_output_bytes=max_output_bytes)
    except ExpactiError as error:
        return "expacti: NOT RUN — %s" % error.message
    if not result.ran:
        if result.allowed:
            return "expacti: NOT RUN — approved, but %s (request %s)" % (result.why, result.request_id)
        lines = [
            "expacti: %s — the command was not run." % result.outcome.upper(),
            "expacti: request: %s" % result.request_id,
            "expacti: why: %s" % result.justification,
        ]
        if result.note:
            lines.append("expacti: note: %s" % result.note)
        lines.append("expacti: what now: do not retry this command or a variant of it; follow the note, or ask the user.")
        return "\n".join(lines)
    head = "exit code %s" % (result.exit_code if result.exit_code is not None else "none (signal %s)" % result.signal)
    if result.killed:
        head += " (ended: %s)" % result.killed
    return "%s\n--- stdout ---\n%s\n--- stderr ---\n%s" % (head, result.stdout, result.stderr)
