"""A small client of ``pgtestbed serve``'s own route, on the standard library only."""

import json
import re
import urllib.error
import urllib.request


class ServeError(RuntimeError):
    """The service answered with an error, or could not be reached."""


def redact_url(url):
    """The URL with its password replaced by ``***``, for reports."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


class DatabaseUrl(str):
    """A database URL whose repr hides the password (pytest prints fixture values on failures)."""

    def __repr__(self):
        return repr(redact_url(str(self)))


class ServeClient:
    """Hands out databases of the project's template: ``acquire()`` and ``release(id)``."""

    def __init__(self, url, token, timeout=120.0):
        self.url = url.rstrip("/")
        self._token = token
        self._timeout = timeout

    def __repr__(self):
        # The token stays out of reprs (pytest prints fixtures' values on failures).
        return "ServeClient(%r)" % self.url

    def _post(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method="POST",
            headers={"Authorization": "Bearer " + self._token, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            try:
                message = json.loads(err.read()).get("message", "")
            except ValueError:
                message = ""
            raise ServeError("pgtestbed serve answered %s for %s: %s" % (err.code, path, message)) from None
        except urllib.error.URLError as err:
            raise ServeError("pgtestbed serve at %s is not reachable: %s" % (self.url, err.reason)) from None

    def acquire(self):
        """A fresh database: a dict with ``id``, ``name`` and ``url``."""
        db = self._post("/pgtestbed/v1/databases")
        db["url"] = DatabaseUrl(db["url"])
        return db

    def release(self, database_id, failed=False, test=None):
        """Gives a database back; a failed test's is kept when the project keeps failures.

        ``test`` (``name``, ``file``, ``line``, ``suites``, ``acquireMs``, ``bodyMs``) names the test
        that used it: with perf tracking on, the service records it before dropping the database.
        """
        body = {"outcome": "failed" if failed else "passed"}
        if test is not None:
            body["test"] = test
        return self._post("/pgtestbed/v1/databases/%d/release" % database_id, body)
