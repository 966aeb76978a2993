"""What request() and run() return. Denied and expired are results (allowed False), not errors."""

from dataclasses import dataclass, field
from typing import Any, Dict, Optional


@dataclass
class Allowed:
    request_id: str
    #: Exactly what may run, once: {'shell': …} or {'argv': […]} (the approval is already claimed).
    command: Dict[str, Any]
    cwd: str
    #: 'whitelist' or 'reviewer'
    by: str
    #: e.g. "approved by ana: fine"
    justification: str
    note: Optional[str] = None
    request: Dict[str, Any] = field(default_factory=dict, repr=False)
    #: How the server wants it run (scope, required); run() refuses what it cannot honour.
    confine: Optional[Dict[str, Any]] = field(default=None, repr=False)
    allowed: bool = True


@dataclass
class Refused:
    #: 'denied' or 'expired'
    outcome: str
    request_id: str
    justification: str
    #: The reviewer's note for the agent.
    note: Optional[str] = None
    request: Dict[str, Any] = field(default_factory=dict, repr=False)
    allowed: bool = False
    ran: bool = False


@dataclass
class Ran:
    approval: Allowed
    #: None when it ended by a signal.
    exit_code: Optional[int]
    signal: Optional[str]
    stdout: str
    stderr: str
    duration_ms: int
    #: Set when run_timeout ended it ('timeout').
    killed: Optional[str] = None
    #: Set when the program could not start (exit code 127 or 126).
    spawn_error: Optional[str] = None
    ran: bool = True
    allowed: bool = True


@dataclass
class NotRun:
    """Approved, but it could not run as the org requires (held to its scope): nothing ran."""

    request_id: str
    why: str
    approval: Allowed
    outcome: str = "not_run"
    ran: bool = False
    allowed: bool = True
