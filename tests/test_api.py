"""The public API: every name is documented, and the example web service answers over real HTTP."""

from __future__ import annotations

import json
import re
import runpy
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

import evalrules

ROOT = Path(__file__).resolve().parent.parent
API = ROOT / "docs" / "api.md"
SERVICE = ROOT / "docs" / "examples" / "service.py"
SEED = ROOT / "examples" / "suzhou-2024-party-building.yaml"


@pytest.mark.parametrize("name", evalrules.__all__)
def test_every_public_name_is_documented_in_the_api_reference(name: str) -> None:
    assert re.search(rf"`{re.escape(name)}[`(]", API.read_text(encoding="utf-8")), f"{name} is not in docs/api.md"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    """The example service on a free port of the loopback address, for the tests of this module."""
    app = runpy.run_path(str(SERVICE))["app"]
    server = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _post(url: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _seed_as_json() -> bytes:
    record = evalrules.read_record(SEED)
    return record.model_dump_json(exclude_none=True).encode("utf-8")


def test_the_service_scores_a_posted_form_as_the_library_does(service: str) -> None:
    status, data = _post(f"{service}/score?lang=en", _seed_as_json())
    assert status == 200
    expected = json.loads(evalrules.load("suzhou-2024").score(evalrules.read_record(SEED), "posted form").to_json("en"))
    assert data == expected


def test_a_form_with_float_numbers_scores_exactly(service: str) -> None:
    data = json.loads(_seed_as_json())
    data["budget"] = {name: float(amount) for name, amount in data["budget"].items()}  # 29.16 as a float
    status, result = _post(f"{service}/score", json.dumps(data).encode("utf-8"))
    assert status == 200 and result["total"] == "81.94"


def test_an_unusable_form_is_answered_400_with_every_problem_at_its_field_path(service: str) -> None:
    data = json.loads(_seed_as_json())
    data["indicators"][3]["weight"] = "12%"
    data["indicators"][5]["colour"] = "red"
    status, answer = _post(f"{service}/score", json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert status == 400
    assert [e["path"] for e in answer["errors"]] == ["indicators[3].weight", "indicators[5].colour"]
    assert all(e["message"]["zh"] and e["message"]["en"] for e in answer["errors"])


def test_a_body_that_is_not_json_is_answered_400(service: str) -> None:
    status, answer = _post(f"{service}/score", b"project: {name: x")
    assert status == 400 and answer["errors"][0]["path"] == ""
