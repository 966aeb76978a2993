"""Runs exactly an approved command with its output captured: stdin closed, its own process group,
a time limit that ends the whole group (SIGTERM, then SIGKILL 2 s later)."""

import os
import signal
import subprocess
import time

KILL_GRACE_S = 2.0


def shell():
    return "/bin/bash" if os.path.exists("/bin/bash") else "/bin/sh"


def argv_of(command):
    return list(command["argv"]) if "argv" in command else [shell(), "-c", command["shell"]]


def run_captured(command, cwd, env=None, timeout=None, max_output_bytes=1024 * 1024):
    started = time.monotonic()
    argv = argv_of(command)
    try:
        child = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        code = 127 if isinstance(error, FileNotFoundError) else 126
        return _result(code, None, b"", str(error).encode(), started, max_output_bytes, spawn_error=str(error))
    killed = None
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        killed = "timeout"
        _signal_group(child, signal.SIGTERM)
        try:
            out, err = child.communicate(timeout=KILL_GRACE_S)
        except subprocess.TimeoutExpired:
            _signal_group(child, signal.SIGKILL)
            out, err = child.communicate()
    code = child.returncode
    if code is not None and code < 0:
        return _result(None, signal.Signals(-code).name, out, err, started, max_output_bytes, killed=killed)
    return _result(code, None, out, err, started, max_output_bytes, killed=killed)


def _signal_group(child, sig):
    try:
        os.killpg(child.pid, sig)
    except OSError:
        pass


def _bounded(data, limit):
    """The whole output, or its head and tail with the middle cut when it is over `limit` bytes."""
    if len(data) <= limit:
        return data.decode("utf-8", "replace")
    half = limit // 2
    omitted = len(data) - 2 * half
    return (
        data[:half].decode("utf-8", "replace")
        + "\n[… %d bytes omitted …]\n" % omitted
        + data[len(data) - half :].decode("utf-8", "replace")
    )


def _result(exit_code, sig, out, err, started, limit, killed=None, spawn_error=None):
    return {
        "exit_code": exit_code,
        "signal": sig,
        "stdout": _bounded(out or b"", limit),
        "stderr": _bounded(err or b"", limit),
        "duration_ms": int(round((time.monotonic() - started) * 1000)),
        "killed": killed,
        "spawn_error": spawn_error,
    }
