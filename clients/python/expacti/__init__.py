"""expacti: ask the approval gate before an agent runs a shell command (standard library only)."""

from .client import Expacti, to_command_input
from .errors import ExpactiError
from .results import Allowed, NotRun, Ran, Refused
from .tool import guarded_shell, run_for_model

__all__ = [
    "Expacti",
    "ExpactiError",
    "Allowed",
    "Refused",
    "Ran",
    "NotRun",
    "guarded_shell",
    "run_for_model",
    "to_command_input",
]
__version__ = "0.1.0"
