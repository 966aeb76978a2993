"""Where the client finds the server and its token, in three steps: explicit arguments, then the
environment (EXPACTI_URL, EXPACTI_TOKEN), then the file `expacti login` writes
($EXPACTI_CONFIG, else $XDG_CONFIG_HOME/expacti/config.json or ~/.config/expacti/config.json).
"""

import json
import os

from .errors import ExpactiError


def config_file_path(env):
    if env.get("EXPACTI_CONFIG"):
        return env["EXPACTI_CONFIG"]
    base = env.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "expacti", "config.json")


def read_config_file(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ExpactiError("config", "cannot read %s: %s" % (path, error)) from None
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise ExpactiError(
            "config", "%s is not valid JSON; fix or delete it, or run `expacti login`" % path
        )
    return parsed


def resolve_config(url=None, token=None, env=None):
    """Returns (url, token) or raises ExpactiError('config')."""
    env = os.environ if env is None else env
    url = url or env.get("EXPACTI_URL")
    token = token or env.get("EXPACTI_TOKEN")
    if not url or not token:
        found = read_config_file(config_file_path(env))
        url = url or found.get("url")
        token = token or found.get("token")
    if not isinstance(url, str) or not url:
        raise ExpactiError(
            "config",
            "no server configured: set EXPACTI_URL (e.g. http://127.0.0.1:7878) "
            "or run `expacti login --url URL --token TOKEN`",
        )
    if not isinstance(token, str) or not token:
        raise ExpactiError("config", "no token configured: set an agent token (EXPACTI_TOKEN)")
    if not (url.startswith("http://") or url.startswith("https://")):
        raise ExpactiError(
            "config", '"%s" is not an http(s) URL; set EXPACTI_URL to e.g. http://127.0.0.1:7878' % url
        )
    return url.rstrip("/"), token
