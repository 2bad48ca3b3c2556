"""A reader's warnings about a whole file say where to look (issue 19): the line of the
first case, as its errors do."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.io import labelstudio, prodigy
from annotator.core.io.base import ReadContext


def _read(module: object, path: Path) -> list[str]:
    ctx = ReadContext()
    module.load(path, ctx)  # type: ignore[attr-defined]
    return ctx.warnings


def test_label_studio_warnings_name_the_first_task_of_each_kind(tmp_path: Path) -> None:
    tasks = [
        {"id": 1, "data": {"text": "Ada met Bob."}, "annotations": [{"result": []}]},
        {
            "id": 2,
            "data": {"text": "Bob met Ada."},
            "annotations": [{"result": []}, {"result": []}],
        },
        {
            "id": 3,
            "data": {"text": "Cy left."},
            "annotations": [{"was_cancelled": True, "result": []}],
        },
        {"id": 4, "data": {"text": "Di came."}, "predictions": [{"result": []}]},
    ]
    path = tmp_path / "tasks.json"
    path.write_text("[\n" + ",\n".join(json.dumps(task) for task in tasks) + "\n]\n", "utf-8")
    warnings = _read(labelstudio, path)
    assert any("several annotations" in w and "line 3 (task 2)" in w for w in warnings), warnings
    assert any("all cancelled" in w and "line 4 (task 3)" in w for w in warnings), warnings
    assert any("latest prediction" in w and "line 5 (task 4)" in w for w in warnings), warnings


def test_prodigy_warnings_name_their_lines(tmp_path: Path) -> None:
    lines = [
        {"text": "A b.", "meta": {"id": "x"}, "answer": "reject"},
        {"text": "C d.", "meta": {"id": "y", "k": 0}, "k": 1},
        {"text": "E f.", "meta": {"id": "x"}},
    ]
    path = tmp_path / "tasks.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    warnings = _read(prodigy, path)
    assert any("'x' names different texts (line 1 and line 3)" in w for w in warnings), warnings
    assert any("rejected" in w and "the first at line 1" in w for w in warnings), warnings
    assert any("not copied to meta" in w and "the first at line 2" in w for w in warnings), warnings
