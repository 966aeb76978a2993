"""The facts sent with every command, read cheaply: cwd, host, OS user, session, git branch."""

import getpass
import os
import re
import socket


def fnv1a64(text):
    """FNV-1a, 64 bits, as 16 hex digits (the same id the Node agent computes)."""
    value = 0xCBF29CE484222325
    for ch in text:
        value ^= ord(ch)
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % value


def process_session(host, pid=None):
    """One session per agent process: host, pid and the process's start time (a reused pid is new)."""
    pid = os.getpid() if pid is None else pid
    started = ""
    try:
        with open("/proc/%d/stat" % pid, encoding="utf-8") as f:
            stat = f.read()
        started = stat[stat.rindex(")") + 2 :].split(" ")[19]
    except (OSError, ValueError, IndexError):
        pass  # not Linux: the pid alone
    return "py-" + fnv1a64("%s\0%d\0%s" % (host, pid, started))


def git_branch(cwd):
    directory = os.path.abspath(cwd)
    for _ in range(64):
        dot_git = os.path.join(directory, ".git")
        try:
            git_dir = dot_git
            if os.path.isfile(dot_git):
                with open(dot_git, encoding="utf-8") as f:
                    m = re.search(r"^gitdir:\s*(.+)$", f.read(), re.M)
                if not m:
                    return None
                git_dir = os.path.join(directory, m.group(1).strip())
            with open(os.path.join(git_dir, "HEAD"), encoding="utf-8") as f:
                head = f.read().strip()
            ref = re.match(r"^ref:\s*refs/heads/(.+)$", head)
            if ref:
                return ref.group(1)
            return head[:12] if re.match(r"^[0-9a-f]{40,64}$", head) else None
        except OSError:
            parent = os.path.dirname(directory)
            if parent == directory:
                return None
            directory = parent
    return None


def run_context(cwd, env, session=None):
    host = socket.gethostname()
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 -- no passwd entry in a container
        user = env.get("USER", "unknown")
    context = {
        "cwd": cwd,
        "host": host,
        "osUser": user,
        "session": session or env.get("EXPACTI_SESSION") or process_session(host),
    }
    branch = git_branch(cwd)
    if branch:
        context["gitBranch"] = branch
    return context
