"""Numbers of thousands of digits where the core reads a number from a name (issue 19):
int() refuses more than 4,300 digits, and reads other scripts' digits as numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.editing.edits import AddSpan
from annotator.core.model import Cardinality
from annotator.core.model.records import DocumentRecord, SpanRecord
from annotator.core.project import Project

HUGE = "9" * 5000


def test_a_new_span_next_to_an_imported_uid_of_thousands_of_digits(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.annot") as project:
        project.import_records(
            [DocumentRecord(text="Ada met Bob.", spans=[SpanRecord("T" + HUGE, 0, 3, "PER")])]
        )
        doc = project.document_ids()[0]
        project.apply(AddSpan(doc, 8, 11, "PER"))
        uids = sorted(span.uid for span in project.annotations(doc).spans)
        assert uids == ["T1", "T" + HUGE]


def test_a_cardinality_of_thousands_of_digits_is_a_schema_error() -> None:
    with pytest.raises(ValueError, match="invalid cardinality"):
        Cardinality.parse("{" + HUGE + "}")
    with pytest.raises(ValueError, match="invalid cardinality"):
        Cardinality.parse("{\u0663}")  # Arabic-Indic three: not brat's digits
