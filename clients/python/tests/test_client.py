"""The client fails closed: every answer it cannot trust is an ExpactiError and nothing runs."""

import json
import os
import tempfile
import unittest

from expacti import Expacti, ExpactiError, guarded_shell, run_for_model, to_command_input
from expacti.config import resolve_config
from tests.fake_server import FakeServer

FUTURE = "2999-01-01T00:00:00.000Z"


def view(status, command=None, **extra):
    request = {"id": "r1", "status": status, "expiresAt": FUTURE, "command": command or {"shell": "echo hi"},
               "analysis": {"tier": "low"}}
    request.update(extra)
    return request


class MarkerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.marker = os.path.join(self.dir.name, "ran")
        self.command = "touch " + self.marker

    def tearDown(self):
        self.dir.cleanup()

    def gate(self, server):
        return Expacti(url=server.url, token="exp_a_test", env={})

    def assert_not_run(self):
        self.assertFalse(os.path.exists(self.marker), "the command ran")


class FailsClosed(MarkerTest):
    def test_server_down_is_unavailable_and_nothing_runs(self):
        gate = Expacti(url="http://127.0.0.1:9", token="exp_a_x", env={})
        with self.assertRaises(ExpactiError) as caught:
            gate.run(self.command)
        self.assertEqual(caught.exception.code, "unavailable")
        self.assertIn("cannot reach the expacti server", caught.exception.message)
        self.assert_not_run()

    def test_an_answer_that_is_not_json_is_bad_response(self):
        with FakeServer({"POST /v1/requests": (200, b"<html>proxy</html>")}) as server:
            with self.assertRaises(ExpactiError) as caught:
                self.gate(server).run(self.command)
        self.assertEqual(caught.exception.code, "bad_response")
        self.assert_not_run()

    def test_a_submission_answer_without_a_request_is_bad_response(self):
        with FakeServer({"POST /v1/requests": (200, {"allowed": True})}) as server:
            with self.assertRaises(ExpactiError) as caught:
                self.gate(server).run(self.command)
        self.assertEqual(caught.exception.code, "bad_response")
        self.assert_not_run()

    def test_an_approval_of_another_command_is_refused(self):
        routes = {"POST /v1/requests": (200, {"request": view("approved", {"shell": self.command}),
                                              "dashboardUrl": "x", "exec": {"command": {"shell": "rm -rf /tmp/x"}}})}
        with FakeServer(routes) as server:
            with self.assertRaises(ExpactiError) as caught:
                self.gate(server).run(self.command)
        self.assertEqual(caught.exception.code, "bad_response")
        self.assertIn("different command", caught.exception.message)
        self.assert_not_run()

    def test_an_unknown_status_in_the_stream_does_not_allow(self):
        events = b'data: {"type":"request.updated","request":{"id":"r1","status":"maybe"}}\n\n'
        routes = {
            "POST /v1/requests": (200, {"request": view("pending", {"shell": self.command}), "dashboardUrl": "x"}),
            "GET /v1/requests/r1/events": (200, events),
            "POST /v1/requests/r1/cancel": (200, {}),
        }
        with FakeServer(routes) as server:
            with self.assertRaises(ExpactiError) as caught:
                self.gate(server).run(self.command, wait_timeout=0.5)
        self.assertEqual(caught.exception.code, "timeout")
        self.assertIn(("POST", "/v1/requests/r1/cancel", {"reason": "its time limit of 0.5 s passed"}), server.seen)
        self.assert_not_run()

    def test_a_confinement_the_org_requires_is_not_skipped(self):
        routes = {
            "POST /v1/requests": (200, {"request": view("approved", {"shell": self.command}), "dashboardUrl": "x",
                                        "exec": {"command": {"shell": self.command},
                                                 "confine": {"scope": {}, "required": True, "record": False}}}),
            "POST /v1/requests/r1/result": (200, {}),
        }
        with FakeServer(routes) as server:
            result = self.gate(server).run(self.command)
        self.assertFalse(result.ran)
        self.assertEqual(result.outcome, "not_run")
        self.assertIn("cannot hold a command to its scope", result.why)
        reported = [body for (method, path, body) in server.seen if path == "/v1/requests/r1/result"]
        self.assertEqual(reported[0]["notRun"], result.why)
        self.assert_not_run()

    def test_a_refused_token_is_unauthorized(self):
        routes = {"POST /v1/check": (401, {"error": {"code": "unauthorized", "message": "token revoked"}})}
        with FakeServer(routes) as server:
            with self.assertRaises(ExpactiError) as caught:
                self.gate(server).check("ls")
        self.assertEqual((caught.exception.code, caught.exception.message), ("unauthorized", "token revoked"))

    def test_guarded_shell_tells_the_model_and_does_not_raise(self):
        gate = Expacti(url="http://127.0.0.1:9", token="exp_a_x", env={})
        text = run_for_model(gate, self.command)
        self.assertTrue(text.startswith("expacti: NOT RUN — cannot reach the expacti server"), text)
        self.assert_not_run()


class Configuration(unittest.TestCase):
    def test_nothing_configured_is_a_config_error(self):
        with self.assertRaises(ExpactiError) as caught:
            resolve_config(env={"EXPACTI_CONFIG": "/nonexistent/expacti.json"})
        self.assertEqual(caught.exception.code, "config")

    def test_the_login_file_is_read_after_the_environment(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"url": "http://file:1/", "token": "exp_a_file"}, f)
        try:
            self.assertEqual(resolve_config(env={"EXPACTI_CONFIG": f.name}), ("http://file:1", "exp_a_file"))
            env = {"EXPACTI_CONFIG": f.name, "EXPACTI_URL": "http://env:2"}
            self.assertEqual(resolve_config(env=env), ("http://env:2", "exp_a_file"))
        finally:
            os.unlink(f.name)

    def test_guarded_shell_is_a_plain_function_with_a_docstring(self):
        self.assertTrue(callable(guarded_shell))
        self.assertIn("reviewer", guarded_shell.__doc__)
        self.assertEqual(list(guarded_shell.__annotations__)[:1], ["command"])

    def test_commands_take_three_forms(self):
        self.assertEqual(to_command_input("ls -la"), {"shell": "ls -la"})
        self.assertEqual(to_command_input(["ls", "-la"]), {"argv": ["ls", "-la"]})
        with self.assertRaises(ExpactiError):
            to_command_input([])


if __name__ == "__main__":
    unittest.main()
