"""Every malformed objectives document is refused with a message: by the parser (``DocumentError``),
by the management command (``CommandError``, exit status 2, nothing written) and by the console script
(exit status 2, a message on standard error, nothing on standard output)."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from veerkracht.governance.indicators import DocumentError, loads, parse_document, status_of

from .helpers import document, indicator, run_process, write


def base() -> dict[str, Any]:
    return document(
        indicator("I1", measurements=[(10, 12), (20, 18)], tolerance=0.1, weight=2),
        indicator("I2", baseline=50, target=30),
        as_of=30,
    )


def ind(doc: dict[str, Any], k: int = 0) -> dict[str, Any]:
    return doc["objectives"][0]["indicators"][k]


def _cases() -> list[tuple[str, Any]]:
    cases: list[tuple[str, Any]] = []

    def case(name: str, change: Callable[[dict[str, Any]], Any]) -> None:
        doc = base()
        change(doc)
        cases.append((name, doc))

    # missing fields
    case("missing as_of", lambda d: d.pop("as_of"))
    case("missing objectives", lambda d: d.pop("objectives"))
    case("missing objective code", lambda d: d["objectives"][0].pop("code"))
    case("missing objective name", lambda d: d["objectives"][0].pop("name"))
    case("missing indicators", lambda d: d["objectives"][0].pop("indicators"))
    for key in ("code", "name", "unit", "baseline", "target", "measurements"):
        case(f"missing indicator {key}", lambda d, key=key: ind(d).pop(key))
    case("missing baseline date", lambda d: ind(d)["baseline"].pop("date"))
    case("missing baseline value", lambda d: ind(d)["baseline"].pop("value"))
    case("missing target value", lambda d: ind(d)["target"].pop("value"))
    case("missing measurement date", lambda d: ind(d)["measurements"][0].pop("date"))
    case("missing measurement value", lambda d: ind(d)["measurements"][1].pop("value"))
    # mistyped fields
    case("as_of a number", lambda d: d.update(as_of=20270101))
    case("objectives an object", lambda d: d.update(objectives={"O1": {}}))
    case("objective a list", lambda d: d["objectives"].append(["O2"]))
    case("objective code a number", lambda d: d["objectives"][0].update(code=1))
    case("objective code empty", lambda d: d["objectives"][0].update(code=""))
    case("indicators an object", lambda d: d["objectives"][0].update(indicators={}))
    case("indicator a string", lambda d: d["objectives"][0]["indicators"].append("I3"))
    case("indicator code a number", lambda d: ind(d).update(code=7))
    case("unit null", lambda d: ind(d).update(unit=None))
    case("baseline a number", lambda d: ind(d).update(baseline=40))
    case("value a string", lambda d: ind(d)["baseline"].update(value="40"))
    case("value a boolean", lambda d: ind(d)["target"].update(value=True))
    case("value null", lambda d: ind(d)["measurements"][0].update(value=None))
    case("measurements an object", lambda d: ind(d).update(measurements={"date": "2026-01-02", "value": 1}))
    case("measurement a number", lambda d: ind(d)["measurements"].append(5))
    case("tolerance a string", lambda d: ind(d).update(tolerance="0.1"))
    case("weight a boolean", lambda d: ind(d).update(weight=True))
    # dates
    case("date out of range", lambda d: ind(d)["baseline"].update(date="2026-13-01"))
    case("no such day", lambda d: ind(d)["target"].update(date="2027-02-29"))
    case("date in another form", lambda d: ind(d)["measurements"][0].update(date="10-01-2026"))
    case("date without zeros", lambda d: d.update(as_of="2026-1-30"))
    case("date compact", lambda d: d.update(as_of="20260130"))
    case("date with time", lambda d: ind(d)["measurements"][0].update(date="2026-01-11T00:00:00"))
    # not finite
    cases.append(("value NaN", json.dumps(base()).replace('"value": 12', '"value": NaN')))
    cases.append(("value Infinity", json.dumps(base()).replace('"value": 12', '"value": Infinity')))
    cases.append(("value -Infinity", json.dumps(base()).replace('"value": 12', '"value": -Infinity')))
    cases.append(("value 1e400", json.dumps(base()).replace('"value": 12', '"value": 1e400')))
    # the rules
    case("D = 0", lambda d: ind(d)["target"].update(value=0))
    case("D = 0 written differently", lambda d: ind(d, 1)["target"].update(value=50.0))
    case("target date = baseline date", lambda d: ind(d)["target"].update(date=ind(d)["baseline"]["date"]))
    case("target date before baseline date", lambda d: ind(d)["target"].update(date="2025-12-31"))
    case("measurement before baseline", lambda d: ind(d)["measurements"][0].update(date="2025-12-31"))
    case(
        "two measurements on one date",
        lambda d: ind(d)["measurements"][1].update(date=ind(d)["measurements"][0]["date"]),
    )
    case("tolerance 0", lambda d: ind(d).update(tolerance=0))
    case("tolerance negative", lambda d: ind(d).update(tolerance=-0.1))
    case("tolerance above 0.5", lambda d: ind(d).update(tolerance=0.5000001))
    case("tolerance 1", lambda d: ind(d).update(tolerance=1))
    case("weight 0", lambda d: ind(d).update(weight=0))
    case("weight negative", lambda d: ind(d).update(weight=-1))
    case("duplicate objective codes", lambda d: d["objectives"].append(copy.deepcopy(d["objectives"][0])))
    case("duplicate indicator codes", lambda d: ind(d, 1).update(code="I1"))
    case("objective without indicators", lambda d: d["objectives"][0].update(indicators=[]))
    # not a document
    cases.append(("not JSON", '{"as_of": "2027-01-01", "objectives": ['))
    cases.append(("empty file", ""))
    cases.append(("a list", [base()]))
    cases.append(("a string", '"as_of"'))
    return cases  # fmt: skip


CASES = _cases()
IDS = [name for name, _ in CASES]


def text_of(doc: Any) -> str:
    return doc if isinstance(doc, str) else json.dumps(doc)


def test_the_base_document_is_valid() -> None:
    got = status_of(json.dumps(base()))
    assert [i["status"] for i in got["objectives"][0]["indicators"]] == ["op koers", "geen meting"]


@pytest.mark.parametrize(("name", "doc"), CASES, ids=IDS)
def test_parser_refuses(name: str, doc: Any) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_document(loads(text_of(doc)))
    assert caught.value.problems and all(p.strip() for p in caught.value.problems)


@pytest.mark.parametrize(("name", "doc"), CASES, ids=IDS)
def test_management_command_refuses(name: str, doc: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("indicator_status", "--input", write(tmp_path, text_of(doc)), stdout=out)
    assert caught.value.returncode == 2
    assert "malformed" in str(caught.value) or "JSON" in str(caught.value)
    assert out.getvalue() == ""


@pytest.mark.parametrize(("name", "doc"), CASES, ids=IDS)
def test_console_script_refuses(name: str, doc: Any, tmp_path: Path) -> None:
    done = run_process("indicator_status", "--input", write(tmp_path, text_of(doc)))
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("indicator_status: ")


def test_every_problem_is_named() -> None:
    doc = base()
    ind(doc).update(tolerance=0.7, weight=0)
    ind(doc, 1)["target"].update(value=50)
    with pytest.raises(DocumentError) as caught:
        parse_document(loads(json.dumps(doc)))
    assert caught.value.problems == [
        "objectives[0].indicators[0].tolerance: must be more than 0 and at most 0.5 (is 0.7)",
        "objectives[0].indicators[0].weight: must be more than 0 (is 0)",
        "objectives[0].indicators[1].target.value: "
        "equals the baseline value: the target must differ from the baseline",
    ]


def test_unreadable_file(tmp_path: Path) -> None:
    for path in (str(tmp_path / "missing.json"), str(tmp_path)):
        done = run_process("indicator_status", "--input", path)
        assert (done.returncode, done.stdout) == (2, "")
        assert "cannot read" in done.stderr
        with pytest.raises(CommandError) as caught:
            call_command("indicator_status", "--input", path, stdout=io.StringIO())
        assert caught.value.returncode == 2


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(base()).replace("Indicator", "Indicatór").encode("latin-1"))
    done = run_process("indicator_status", "--input", str(path))
    assert (done.returncode, done.stdout) == (2, "")


@pytest.mark.parametrize(
    ("change", "check"),
    [
        (lambda d: ind(d).update(tolerance=0.5), "op koers"),  # the upper bound is allowed
        (lambda d: ind(d).update(tolerance=None, weight=None), "op koers"),  # null = default
        (lambda d: [ind(d).pop("tolerance"), ind(d).pop("weight")], "op koers"),
        (
            lambda d: ind(d)["measurements"].append({"date": ind(d)["baseline"]["date"], "value": 1}),
            "op koers",
        ),
        (lambda d: ind(d).update(source="CBS", extra={"x": [1]}), "op koers"),  # other fields are ignored
        (lambda d: ind(d).update(unit=""), "op koers"),
    ],
)
def test_accepted_variants(change: Callable[[dict[str, Any]], Any], check: str) -> None:
    doc = base()
    change(doc)
    assert status_of(json.dumps(doc))["objectives"][0]["indicators"][0]["status"] == check
