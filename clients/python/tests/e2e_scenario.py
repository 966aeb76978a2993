"""Driven by test/pythonClient.e2e.test.ts against a real expacti server (EXPACTI_URL/EXPACTI_TOKEN).

    python3 tests/e2e_scenario.py check|request|run|tool COMMAND [CWD]

Prints one JSON line {"waiting": id} when a reviewer is needed (the test decides through the API),
then one JSON line with the outcome; an ExpactiError prints {"error": code, "message": …} and exits 3.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from expacti import Expacti, ExpactiError, guarded_shell  # noqa: E402


def say(value):
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def main(argv):
    what, command = argv[1], argv[2]
    cwd = argv[3] if len(argv) > 3 else None
    gate = Expacti()
    waiting = lambda info: say({"waiting": info["requestId"], "tier": info["analysis"].get("tier")})  # noqa: E731
    try:
        if what == "check":
            checked = gate.check(command)
            say({"decision": checked["decision"], "justification": checked["justification"]})
        elif what == "request":
            r = gate.request(command, cwd=cwd, reason="python e2e", on_waiting=waiting)
            say({"allowed": r.allowed, "by": getattr(r, "by", None), "outcome": getattr(r, "outcome", None),
                 "note": r.note, "justification": r.justification, "requestId": r.request_id,
                 "command": getattr(r, "command", None)})
        elif what == "run":
            r = gate.run(command, cwd=cwd, on_waiting=waiting)
            if r.ran:
                say({"ran": True, "exitCode": r.exit_code, "stdout": r.stdout, "stderr": r.stderr,
                     "requestId": r.approval.request_id, "by": r.approval.by})
            else:
                say({"ran": False, "outcome": r.outcome, "note": getattr(r, "note", None), "requestId": r.request_id})
        elif what == "tool":
            # The framework wrapper: text for the model, never an exception (it prints no "waiting").
            say({"text": guarded_shell(command, cwd)})
        else:
            raise SystemExit("unknown scenario " + what)
    except ExpactiError as error:
        say({"error": error.code, "message": error.message})
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
