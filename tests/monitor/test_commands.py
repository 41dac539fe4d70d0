"""``veerkracht score_responses``, ``export_instrument`` and ``import_instrument``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.monitor.helpers import make_doc, rows_csv
from tests.monitor.reference import assert_documents_match, reference_score
from tests.waiting import PATIENCE
from veerkracht.monitor.models import Instrument

DOC = make_doc([[False, False, True], [False, True, False, False]])
ROWS = [
    (f"r{i}", ["zorg", "wonen", "onderwijs", ""][i % 4], {
        "D1_1": 1 + i % 5, "D1_2": 1 + (i * 3) % 5, "D1_3": 1 + (i * 2) % 5,
        "D2_1": 1 + (i * 7) % 5, "D2_2": None if i % 6 == 0 else 1 + i % 3,
        "D2_3": 9 if i % 5 == 0 else 2 + i % 4,
        "D2_4": 1 + (i + 1) % 5,
    })
    for i in range(40)
]  # fmt: skip


def run(tmp_path: Path, *, doc=DOC, csv_text: str | bytes | None = None, extra=(), bench=None):
    instrument = tmp_path / "instrument.json"
    instrument.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    answers = tmp_path / "answers.csv"
    data = rows_csv(DOC, ROWS) if csv_text is None else csv_text
    answers.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    args = ["--instrument", str(instrument), "--responses", str(answers), *extra]
    if bench is not None:
        (tmp_path / "bench.json").write_text(json.dumps(bench), encoding="utf-8")
        args += ["--benchmark", str(tmp_path / "bench.json")]
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("score_responses", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_valid_run_gives_the_reference_document(tmp_path):
    bench = {"D1": [2 + i / 10 for i in range(25)]}
    code, out, err = run(tmp_path, extra=["--k", "4"], bench=bench)
    assert code == 0, err
    assert_documents_match(json.loads(out), reference_score(DOC, ROWS, 4, bench))


def test_null_for_what_cannot_be_computed(tmp_path):
    code, out, _ = run(tmp_path, extra=["--k", "50"])
    dim = json.loads(out)["dimensions"]["D1"]
    assert (
        code == 0 and dim["label"] == "onderdrukt" and dim["headline"] is None and dim["alpha_ci95"] is None
    )
    assert "NaN" not in out


def _bad(tmp_path, **kwargs):
    code, out, err = run(tmp_path, **kwargs)
    assert code == 2 and out == ""
    return err


def test_missing_columns_are_named(tmp_path):
    text = rows_csv(DOC, ROWS).replace("D1_2", "D1_X").replace("group", "groep")
    err = _bad(tmp_path, csv_text=text)
    assert "row 1, column group: this column is missing" in err and "column D1_2" in err


def test_invalid_values_name_row_and_column(tmp_path):
    lines = rows_csv(DOC, ROWS).splitlines()
    lines[3] = lines[3].replace(",", ",x", 3)  # row 4: group and two items get an x prefix
    lines[5] = "r4,zorg,6,1,1,1,1,1,1"
    err = _bad(tmp_path, csv_text="\n".join(lines) + "\n")
    assert "row 4, column D1_1" in err and "row 4, column D1_2" in err and "row 6, column D1_1: '6'" in err


def test_invalid_as_missing_is_counted(tmp_path):
    lines = rows_csv(DOC, ROWS).splitlines()
    lines[5] = "r4,zorg,6,1,1,1,1,1,x"
    code, out, err = run(tmp_path, csv_text="\n".join(lines) + "\n", extra=["--invalid", "missing"])
    assert code == 0 and json.loads(out)["respondents"]["total"] == 40
    assert "2 invalid values were treated as missing" in err


def test_more_than_twenty_problems_end_with_a_count(tmp_path):
    text = "respondent,group,D1_1,D1_2,D1_3,D2_1,D2_2,D2_3,D2_4\n" + "".join(
        f"r{i},a,0,0,0,1,1,1,1\n" for i in range(10)
    )
    err = _bad(tmp_path, csv_text=text)
    assert len(err.strip().splitlines()) == 21 and err.strip().endswith("... and 10 more problems")


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (make_doc([[False]]), "needs at least 2 items"),
        ({**make_doc([[False, False]]), "scale": {"min": 5, "max": 1, "missing": []}}, "must be smaller"),
        ({**make_doc([[False, False]]), "scale": {"min": 1, "max": 5, "missing": [3]}}, "inside the scale"),
        ("{not json", "cannot read the JSON"),
    ],
)
def test_bad_instrument_files(tmp_path, doc, message):
    assert message in _bad(tmp_path, doc=doc)


def test_bad_benchmark_and_encoding_and_duplicates(tmp_path):
    assert "unknown dimension code 'D9'" in _bad(tmp_path, bench={"D9": [1, 2]})
    assert "not UTF-8" in _bad(
        tmp_path, csv_text=rows_csv(DOC, ROWS).encode("utf-8") + b"r99,\xff,1,1,1,1,1,1,1\n"
    )
    dup = rows_csv(DOC, ROWS) + "r1,zorg,1,2,3,4,5,1,2\n"
    assert "respondent 'r1' also appears in row 3" in _bad(tmp_path, csv_text=dup)


def test_the_real_process_exits_2_with_empty_stdout(tmp_path):
    (tmp_path / "i.json").write_text(json.dumps(DOC))
    (tmp_path / "a.csv").write_text("respondent,group,D1_1\nr1,a,3\n")
    env = {**os.environ, "SECRET_KEY": "x"}
    done = subprocess.run(
        [sys.executable, "-m", "veerkracht", "score_responses", "--instrument", str(tmp_path / "i.json"),
         "--responses", str(tmp_path / "a.csv")],
        capture_output=True, text=True, env=env, timeout=PATIENCE,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == "" and "column D1_2" in done.stderr


@pytest.mark.django_db
def test_exported_v1_scores_with_the_command(tmp_path):
    out = io.StringIO()
    call_command("export_instrument", "--code", "innovatiemonitor", "--version", "1", stdout=out)
    doc = json.loads(out.getvalue())
    codes = [item["code"] for dim in doc["dimensions"] for item in dim["items"]]
    text = "respondent,group," + ",".join(codes) + "\n"
    text += "".join(f"r{i},g{i % 3},{','.join(str(1 + (i + j) % 5) for j in range(35))}\n" for i in range(30))
    (tmp_path / "v1.json").write_text(out.getvalue())
    (tmp_path / "a.csv").write_text(text)
    result = io.StringIO()
    call_command(
        "score_responses", "--instrument", str(tmp_path / "v1.json"), "--responses", str(tmp_path / "a.csv"),
        stdout=result,
    )  # fmt: skip
    document = json.loads(result.getvalue())
    assert (
        list(document["dimensions"]) == [f"D{d}" for d in range(1, 8)]
        and document["respondents"]["total"] == 30
    )


@pytest.mark.django_db
def test_export_to_file_and_unknown_version(tmp_path):
    call_command("export_instrument", "--output", str(tmp_path / "x.json"), stderr=io.StringIO())
    assert json.loads((tmp_path / "x.json").read_text())["version"] == 1
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_instrument", "--version", "7")


@pytest.mark.django_db
def test_import_instrument_command(tmp_path):
    good = {**make_doc([[False, False], [True, False, False]]), "code": "variant", "version": 3}
    (tmp_path / "good.json").write_text(json.dumps(good))
    out = io.StringIO()
    call_command("import_instrument", str(tmp_path / "good.json"), stdout=out)
    assert "imported variant v3 (5 items)" in out.getvalue()
    bad = {
        **good,
        "version": 4,
        "dimensions": [{"code": "D1", "items": [{"code": "D2_1", "text": {"nl": "x"}}]}],
    }
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_instrument", str(tmp_path / "bad.json"), stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2
    assert "needs at least 2 items" in err.getvalue() and "the 'en' text is missing" in err.getvalue()
    assert "dimension D1: name" in err.getvalue()
    assert not Instrument.objects.filter(code="variant", version=4).exists()
