"""A small web service that scores posted forms, built on evalrules and the standard library only.

    POST /score?lang=zh|en   body: a record (the record format) as JSON
    200  the result as JSON (`Result.to_json`)
    400  the record cannot be used: {"errors": [{"path", "line", "column", "id", "message": {"zh", "en"}}]}
    404 / 405 / 413          other paths, other methods, bodies over 1 MB

Run it with `python docs/examples/service.py` (it listens on 127.0.0.1:8000). The rule set is loaded
once, when the service starts: a `RuleSet` is immutable and is shared by every request and thread.
JSON numbers arrive as Python floats from `json.loads`; evalrules reads each from its shortest
decimal form, so 29.16 stays exactly 29.16.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import make_server

import evalrules

RULES = evalrules.load("suzhou-2024")
LIMIT = 1_000_000  # bytes: no real form comes near it


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The WSGI application: any WSGI server (gunicorn, waitress, wsgiref) can serve it."""
    if environ.get("PATH_INFO") != "/score":
        return _reply(start_response, "404 Not Found", {"errors": [{"path": "", "message": "POST a record to /score"}]})
    if environ["REQUEST_METHOD"] != "POST":
        return _reply(start_response, "405 Method Not Allowed", {"errors": [{"path": "", "message": "use POST"}]})
    lang = parse_qs(environ.get("QUERY_STRING", "")).get("lang", ["zh"])[0]
    if lang not in ("zh", "en"):
        return _reply(start_response, "400 Bad Request", {"errors": [{"path": "lang", "message": "zh or en"}]})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > LIMIT:
        return _reply(start_response, "413 Content Too Large", {"errors": [{"path": "", "message": "over 1 MB"}]})
    try:
        data = json.loads(environ["wsgi.input"].read(length))
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested beyond reason
        return _reply(start_response, "400 Bad Request", {"errors": [{"path": "", "message": "not a JSON document"}]})
    try:
        result = RULES.score(data, "posted form")
    except evalrules.RecordError as error:  # every problem of the form, each at its field path
        return _reply(start_response, "400 Bad Request", {"errors": [p.to_dict() for p in error.problems]})
    body = result.to_json(lang).encode("utf-8")
    start_response("200 OK", [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def _reply(start_response: Callable[..., Any], status: str, data: dict[str, Any]) -> list[bytes]:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    start_response(status, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__":
    with make_server("127.0.0.1", 8000, app) as server:
        print("scoring forms on http://127.0.0.1:8000/score")
        server.serve_forever()
