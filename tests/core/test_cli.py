"""The command line: each headless command, in-process, plus a few real subprocesses.

In-process calls use ``annotator.cli.main(argv)`` and ``capsys``; subprocesses are
kept for what only a real process shows (exit status, the ``-m`` entry point,
running with PySide6 blocked).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import annotator
from annotator.cli import main

# -- helpers -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stay out of the user's folders; run every test in its own temporary folder."""
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "_config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "_data"))
    monkeypatch.chdir(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()  # drop anything printed before
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return out


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert err.startswith("annotator: error:"), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def exported(
    capsys: pytest.CaptureFixture[str], project: str | Path, *extra: str
) -> list[dict[str, Any]]:
    out = ok(capsys, "export", project, *extra)
    return [json.loads(line) for line in out.splitlines()]


def write_jsonl(path: Path, objects: list[dict[str, Any]], *, ascii: bool = False) -> Path:
    path.write_text(
        "".join(json.dumps(o, ensure_ascii=ascii) + "\n" for o in objects),
        encoding="utf-8",
        newline="",
    )
    return path


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONSTARTUP", None)
    return env


BLOCKED_QT = (
    "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None; "
    "from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
)


def run_blocked_qt(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKED_QT, *args],
        cwd=cwd,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


# -- the "Done when" data set: emoji, CRLF, nested and shared events ---------------------


def _span(text: str, uid: str, needle: str, label: str, occurrence: int = 1) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return {"id": uid, "start": start, "end": start + len(needle), "label": label, "text": needle}


def done_when_documents(new_labels: bool = False) -> list[dict[str, Any]]:
    """Three documents exercising every kind of annotation, offsets in code points.

    With ``new_labels``, a fourth uses labels the news schema lacks.
    """
    text1 = (
        "Breaking \U0001f6a8: Alice \U0001f469\U0001f3fd\u200d\U0001f4bb met Bob in Paris "
        "\U0001f1eb\U0001f1f7 on Monday.\r\n"
        "Later, an attack \U0001f4a5 in Lyon killed two people; police arrested Carol.\r\n"
        "The army moved \U0001f69a UN staff to Lyon \u2014 caf\u00e9 na\u00efve \U0001f600.\r\n"
    )
    spans1 = [
        _span(text1, "T1", "Alice", "PER"),
        _span(text1, "T2", "Bob", "PER"),
        _span(text1, "T3", "Paris \U0001f1eb\U0001f1f7", "GPE"),
        _span(text1, "T4", "Monday", "DATE"),
        _span(text1, "T5", "met", "Contact:Meet"),
        _span(text1, "T6", "attack", "Conflict:Attack"),
        _span(text1, "T7", "Lyon", "GPE"),
        _span(text1, "T8", "killed", "Life:Die"),
        _span(text1, "T9", "Carol", "PER"),
        _span(text1, "T10", "moved", "Movement:Transport"),
        _span(text1, "T11", "UN staff", "ORG"),
        _span(text1, "T12", "Lyon", "GPE", occurrence=2),
        _span(text1, "T13", "arrested", "Justice:Arrest-Jail"),
        # overlapping, covering a ZWJ emoji sequence
        _span(text1, "T14", "Alice \U0001f469\U0001f3fd\u200d\U0001f4bb", "PER"),
        _span(text1, "T15", "\U0001f600", "LOC"),  # an emoji alone, before the last CRLF
    ]
    events1 = [
        {
            "id": "E1",
            "type": "Contact:Meet",
            "trigger": "T5",
            "arguments": [
                {"role": "Entity", "ref": "T1"},
                {"role": "Entity", "ref": "T2"},
                {"role": "Place", "ref": "T3"},
                {"role": "Time", "ref": "T4"},
            ],
        },
        {
            "id": "E2",
            "trigger": "T6",
            "arguments": [{"role": "Place", "ref": "T7"}, {"role": "Target", "ref": "T9"}],
        },
        # an event that is an argument of other events
        {
            "id": "E3",
            "type": "Life:Die",
            "trigger": "T8",
            "arguments": [{"role": "Place", "ref": "T7"}, {"role": "Cause", "ref": "E2"}],
        },
        # two events sharing one trigger span ("killed")
        {"id": "E4", "trigger": "T8", "arguments": [{"role": "Place", "ref": "T7"}]},
        {
            "id": "E5",
            "trigger": "T13",
            "arguments": [{"role": "Person", "ref": "T9"}, {"role": "Cause", "ref": "E2"}],
        },
        # refers to an event defined later in the list
        {
            "id": "E6",
            "type": "Movement:Transport",
            "trigger": "T10",
            "arguments": [
                {"role": "Artifact", "ref": "T11"},
                {"role": "Destination", "ref": "T12"},
                {"role": "Purpose", "ref": "E7"},
            ],
        },
        {"id": "E7", "trigger": "T6", "arguments": []},  # second event on "attack"
    ]
    relations1 = [
        {"id": "R1", "type": "PHYS:Located", "head": "T2", "tail": "T3"},
        {"id": "R2", "type": "PHYS:Located", "head": "T9", "tail": "T7"},
        {"id": "R3", "type": "PART-WHOLE:Geographical", "head": "T7", "tail": "T3"},
    ]
    text2 = (
        "\U0001f468\u200d\U0001f469\u200d\U0001f467 Family \U0001f3e0 news\r\n\r\n"
        "Dana joined ACME\u2028today\x85ok.\r\n"
        "Dana"
    )
    spans2 = [
        _span(text2, "T1", "Dana", "PER"),
        _span(text2, "T2", "ACME", "ORG"),
        _span(text2, "T3", "Dana", "PER", occurrence=2),  # ends at the very end of the text
        _span(text2, "T4", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "PER"),  # at offset 0
    ]
    relations2 = [{"id": "R1", "type": "ORG-AFF:Employment", "head": "T1", "tail": "T2"}]
    text3 = "Nothing to see \U0001f440 here.\r\n"
    documents = [
        {
            "text": text1,
            "meta": {"source": "wire", "n": 1},
            "status": "todo",
            "spans": spans1,
            "events": events1,
            "relations": relations1,
        },
        {
            "id": "doc-two",
            "text": text2,
            "meta": {"title": "Family \U0001f3e0"},
            "status": "done",
            "spans": spans2,
            "relations": relations2,
        },
        {"id": 3, "text": text3, "status": "skipped"},
    ]
    if new_labels:
        text4 = "Rebels \U0001f52b fired rockets\r\nat the base \U0001f3e2, wounding 3.\r\n"
        documents.append(
            {
                "text": text4,
                "spans": [
                    _span(text4, "T1", "Rebels", "ARMED-GROUP"),
                    _span(text4, "T2", "fired", "Conflict:Shoot"),
                    _span(text4, "T3", "rockets", "WEAPON"),
                    _span(text4, "T4", "base \U0001f3e2", "FACILITY"),
                    _span(text4, "T5", "wounding", "Life:Injure"),
                ],
                "events": [
                    {
                        "id": "E1",
                        "trigger": "T2",
                        "arguments": [
                            {"role": "Instrument", "ref": "T3"},
                            {"role": "Target", "ref": "T4"},
                        ],
                    },
                    {"id": "E2", "trigger": "T5", "arguments": [{"role": "Cause", "ref": "E1"}]},
                ],
                "relations": [{"id": "R1", "type": "USES", "head": "T1", "tail": "T3"}],
            }
        )
    return documents


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


@pytest.mark.parametrize("new_labels", [False, True])
def test_done_when_round_trip_keeps_every_annotation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], new_labels: bool
) -> None:
    documents = done_when_documents(new_labels)
    source = write_jsonl(tmp_path / "x.jsonl", documents)
    ok(capsys, "new", "p")
    out = ok(capsys, "import", "p", source)
    assert out.splitlines()[0] == (
        "imported 4 document(s) with 24 span(s), 9 event(s) and 5 relation(s)"
        if new_labels
        else "imported 3 document(s) with 19 span(s), 7 event(s) and 4 relation(s)"
    )
    result = exported(capsys, "p")
    assert len(result) == len(documents)
    for given, got in zip(documents, result, strict=True):
        text = given["text"]
        assert got["text"] == text  # CRLF, U+2028, U+0085 and emoji kept exactly
        assert got["status"] == given.get("status", "todo")
        assert got["meta"] == given.get("meta", {})
        if "id" in given:
            assert got["id"] == str(given["id"])
        spans = _by_id(got["spans"])
        assert set(spans) == {s["id"] for s in given.get("spans", [])}
        labels = {}
        for span in given.get("spans", []):
            out_span = spans[span["id"]]
            assert (out_span["start"], out_span["end"], out_span["label"]) == (
                span["start"],
                span["end"],
                span["label"],
            )
            assert out_span["text"] == text[span["start"] : span["end"]] == span["text"]
            labels[span["id"]] = span["label"]
        events = _by_id(got["events"])
        assert set(events) == {e["id"] for e in given.get("events", [])}
        for event in given.get("events", []):
            out_event = events[event["id"]]
            assert out_event["trigger"] == event["trigger"]
            assert out_event["type"] == labels[event["trigger"]]
            assert out_event["arguments"] == event["arguments"]  # order kept
        relations = _by_id(got["relations"])
        assert relations == _by_id(given.get("relations", []))

    # export -> import into a new project -> export: byte-identical
    first = ok(capsys, "export", "p")
    (tmp_path / "first.jsonl").write_text(first, encoding="utf-8", newline="")
    ok(capsys, "new", "q")
    ok(capsys, "import", "q", tmp_path / "first.jsonl")
    second = ok(capsys, "export", "q")
    assert second.encode("utf-8") == first.encode("utf-8")
    # and through -o files as well
    ok(capsys, "export", "q", "-o", tmp_path / "second.jsonl")
    assert (tmp_path / "second.jsonl").read_bytes() == first.encode("utf-8")
    # one document per line: the line separators in the text are escaped
    assert len(first.splitlines()) == len(documents)
    assert "\u2028" not in first and "\x85" not in first


# -- new -----------------------------------------------------------------------------


def test_new_adds_the_suffix_and_the_bare_name_finds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ok(capsys, "new", "p")
    assert (tmp_path / "p.annot").is_file()
    assert not (tmp_path / "p").exists()
    assert out.startswith("created p.annot with the News schema (")
    (tmp_path / "a.txt").write_text("An article.", encoding="utf-8")
    out = ok(capsys, "import", "p", "a.txt")
    assert out.startswith("imported 1 document(s)")
    assert not (tmp_path / "p").exists()
    assert [d["text"] for d in exported(capsys, "p")] == ["An article."]
    assert "Documents: 1" in ok(capsys, "stats", "p")
    assert "Schema: News" in ok(capsys, "schema", "p")


def test_new_keeps_a_given_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "new", "work.db")
    assert (tmp_path / "work.db").is_file()
    assert not (tmp_path / "work.db.annot").exists()
    assert "Schema: News" in ok(capsys, "schema", "work.db")


@pytest.mark.parametrize("content", [None, b"my notes, not a project\n"])
def test_new_refuses_an_existing_file_and_leaves_it_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    path = tmp_path / "p.annot"
    if content is None:
        ok(capsys, "new", "p")
        (tmp_path / "a.txt").write_text("Keep me.", encoding="utf-8")
        ok(capsys, "import", "p", "a.txt")
    else:
        path.write_bytes(content)
    before = sha256(path)
    for name in ("p", "p.annot"):
        code, out, err = run(capsys, "new", name)
        assert code == 1
        assert out == ""
        assert_one_line_error(err, "p.annot", "already exists")
        assert sha256(path) == before
    assert not Path(str(path) + "-wal").exists()


@pytest.mark.parametrize(
    ("schema", "name", "labels", "event_types"),
    [
        ("conll2003", "CoNLL-2003", ["PER", "ORG", "LOC", "MISC"], 0),
        ("ace2005", None, ["PER", "ORG", "GPE", "Movement:Transport", "Life:Die"], 33),
    ],
)
def test_new_with_a_built_in_schema(
    capsys: pytest.CaptureFixture[str],
    schema: str,
    name: str | None,
    labels: list[str],
    event_types: int,
) -> None:
    out = ok(capsys, "new", "p", "--schema", schema)
    assert out.startswith("created p.annot with the ")
    printed = ok(capsys, "schema", "p")
    if name is not None:
        assert out.startswith(f"created p.annot with the {name} schema")
        assert printed.startswith(f"Schema: {name}")
    for label in labels:
        assert re.search(rf"^  {re.escape(label)}\s", printed, re.M), label
    assert len(_event_type_lines(printed)) == event_types


def _event_type_lines(printed: str) -> list[str]:
    if "\nEvent types:\n" not in printed:
        return []
    section = printed.split("\nEvent types:\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in section.splitlines() if re.match(r"^  \S", line)]


SCHEMA_TOML = """\
name = "Tiny"
description = "A schema for tests"

[[entities]]
name = "Person"
color = "#112233"
key = "p"

[[entities]]
name = "Place"

[[events]]
name = "Trip"
key = "t"
description = "Someone goes somewhere"
  [[events.roles]]
  name = "Traveller"
  cardinality = "1"
  fillers = ["Person"]
  [[events.roles]]
  name = "To"
  cardinality = "?"
  fillers = ["Place"]
  [[events.roles]]
  name = "Via"
  cardinality = "*"
  [[events.roles]]
  name = "With"
  cardinality = "+"
  fillers = ["Person"]
  [[events.roles]]
  name = "Legs"
  cardinality = "{1-3}"

[[relations]]
name = "LivesIn"
heads = ["Person"]
tails = ["Place"]
"""


def test_new_with_a_schema_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema_file = tmp_path / "schemas" / "tiny.toml"
    schema_file.parent.mkdir()
    schema_file.write_text(SCHEMA_TOML, encoding="utf-8")
    out = ok(capsys, "new", "p", "--schema", "schemas/tiny.toml")
    assert out == "created p.annot with the Tiny schema (4 labels)\n"
    printed = ok(capsys, "schema", "p")
    assert printed.startswith("Schema: Tiny - A schema for tests\n")
    assert re.search(r"^  Person\s+key p\s+#112233$", printed, re.M)
    assert re.search(r"^  Place\s+#[0-9A-Fa-f]{6}$", printed, re.M)  # colour assigned
    assert re.search(r"^  Trip\s+key t\s+#[0-9A-Fa-f]{6}\s+Someone goes somewhere$", printed, re.M)
    assert re.search(r"^      Traveller\s+1\s+Person$", printed, re.M)
    assert re.search(r"^      To\s+\?\s+Place$", printed, re.M)
    assert re.search(r"^      Via\s+\*\s+any$", printed, re.M)
    assert re.search(r"^      With\s+\+\s+Person$", printed, re.M)
    assert re.search(r"^      Legs\s+\{1-3\}\s+any$", printed, re.M)
    assert re.search(r"^  LivesIn\s+#[0-9A-Fa-f]{6}\s+Person -> Place$", printed, re.M)


def test_schema_lists_attributes_and_saves_a_file_a_new_project_starts_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p", "--schema", "ace2005")
    printed = ok(capsys, "schema", "p", "--save", "ace.toml")
    assert re.search(r"^  Mention\s+NAM \| NOM \| PRO  on FAC, GPE, LOC, ORG, PER", printed, re.M)
    assert re.search(r"^  Polarity\s+Positive \| Negative  on event$", printed, re.M)
    assert printed.endswith("wrote the schema to ace.toml\n")
    ok(capsys, "new", "q", "--schema", "ace.toml")
    assert ok(capsys, "schema", "q") == printed.removesuffix("\nwrote the schema to ace.toml\n")


def test_new_with_an_unknown_schema_name_lists_the_built_ins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "new", "p", "--schema", "newz")
    assert code == 1
    assert out == ""
    assert_one_line_error(err, "'newz'", "built-in", "ace2005", "conll2003", "news")
    assert not (tmp_path / "p.annot").exists()


def test_new_with_an_invalid_schema_file_names_it_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Bad"\n[[entities]]\nname = "A"\ncolor = "red"\n', encoding="utf-8")
    code, _, err = run(capsys, "new", "p", "--schema", bad)
    assert code == 1
    assert_one_line_error(err, str(bad), "colour")
    code, _, err = run(capsys, "new", "p", "--schema", tmp_path / "missing.toml")
    assert code == 1
    assert_one_line_error(err, "missing.toml", "no such schema file")
    assert not (tmp_path / "p.annot").exists()


# -- import --------------------------------------------------------------------------


def test_import_a_text_file_keeps_the_text_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    raw = "\ufeffHeadline \U0001f600\r\n\r\nBody\u00a0text.\r\n"
    (tmp_path / "article.txt").write_bytes(raw.encode("utf-8"))
    out = ok(capsys, "import", "p", "article.txt")
    assert out == "imported 1 document(s) with 0 span(s), 0 event(s) and 0 relation(s)\n"
    [document] = exported(capsys, "p")
    assert document["text"] == raw[1:]  # only the BOM dropped; CRLF and NBSP kept
    assert document["meta"] == {"file": "article.txt"}
    assert document["status"] == "todo"
    assert (document["spans"], document["events"], document["relations"]) == ([], [], [])


def test_import_a_folder_recursively_skipping_hidden_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    files = {
        "b.txt": "Second article.",
        "a.txt": "First article.",
        "sub/c.txt": "In a subfolder.",
        "sub/deeper/d.TXT": "Deeper, upper-case suffix.",
        "notes.md": "not a text file",
        "sub/data.jsonl": '{"text": "not read from a folder"}\n',
        ".hidden.txt": "hidden file",
        ".git/e.txt": "hidden folder",
        "sub/.cache/f.txt": "nested hidden folder",
    }
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    ok(capsys, "new", "p")
    out = ok(capsys, "import", "p", folder)
    assert out.startswith("imported 4 document(s)")
    documents = exported(capsys, "p")
    assert [(d["meta"]["file"], d["text"]) for d in documents] == [
        ("a.txt", "First article."),
        ("b.txt", "Second article."),
        ("sub/c.txt", "In a subfolder."),
        ("sub/deeper/d.TXT", "Deeper, upper-case suffix."),
    ]


def test_import_a_folder_without_text_files_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    (tmp_path / "empty" / ".hidden").mkdir(parents=True)
    (tmp_path / "empty" / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    code, _, err = run(capsys, "import", "p", tmp_path / "empty")
    assert code == 1
    assert_one_line_error(err, "empty", "no .txt files")


def test_import_jsonl_with_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "new", "p")
    text = "Alice met Bob in Paris."
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": "a1",
                "text": text,
                "meta": {"url": "https://example.invalid/1"},
                "status": "done",
                "spans": [
                    _span(text, "T1", "Alice", "PER"),
                    _span(text, "T2", "Bob", "PER"),
                    _span(text, "T3", "met", "Contact:Meet"),
                    _span(text, "T4", "Paris", "GPE"),
                ],
                "events": [
                    {
                        "id": "E1",
                        "trigger": "T3",
                        "arguments": [
                            {"role": "Entity", "ref": "T1"},
                            {"role": "Entity", "ref": "T2"},
                        ],
                    }
                ],
                "relations": [{"id": "R1", "type": "PHYS:Located", "head": "T1", "tail": "T4"}],
            },
            {"text": "A plain second document."},
        ],
    )
    out = ok(capsys, "import", "p", source)
    assert out == "imported 2 document(s) with 4 span(s), 1 event(s) and 1 relation(s)\n"
    first, second = exported(capsys, "p")
    assert first["id"] == "a1" and first["status"] == "done"
    assert first["meta"] == {"url": "https://example.invalid/1"}
    assert [s["text"] for s in first["spans"]] == ["Alice", "met", "Bob", "Paris"]
    assert first["events"] == [
        {
            "id": "E1",
            "type": "Contact:Meet",
            "trigger": "T3",
            "arguments": [{"role": "Entity", "ref": "T1"}, {"role": "Entity", "ref": "T2"}],
        }
    ]
    assert second["text"] == "A plain second document." and second["status"] == "todo"


def test_import_jsonl_with_format_option_and_ndjson_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    write_jsonl(tmp_path / "a.data", [{"text": "One."}])
    write_jsonl(tmp_path / "b.ndjson", [{"text": "Two."}])
    (tmp_path / "c.text").write_text("Three.", encoding="utf-8")
    ok(capsys, "import", "p", "--format", "jsonl", "a.data")
    ok(capsys, "import", "p", "b.ndjson")
    ok(capsys, "import", "p", "--format", "txt", "c.text")
    assert [d["text"] for d in exported(capsys, "p")] == ["One.", "Two.", "Three."]


def test_import_skips_text_already_in_the_project_across_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    (tmp_path / "a.txt").write_text("The same article.", encoding="utf-8")
    ok(capsys, "import", "p", "a.txt")
    out = ok(capsys, "import", "p", "a.txt")
    assert out.splitlines() == [
        "imported 0 document(s) with 0 span(s), 0 event(s) and 0 relation(s)",
        "skipped a.txt: the same text is already in the project",
    ]
    # the same text from a JSONL line (with annotations) is a duplicate too
    source = write_jsonl(
        tmp_path / "again.jsonl",
        [
            {"text": "The same article.", "spans": [{"start": 4, "end": 8, "label": "PER"}]},
            {"text": "A new one."},
        ],
    )
    out = ok(capsys, "import", "p", source)
    assert out.splitlines()[0].startswith("imported 1 document(s) with 0 span(s)")
    assert f"skipped {source} line 1: the same text is already in the project" in out
    assert [d["text"] for d in exported(capsys, "p")] == ["The same article.", "A new one."]


def test_import_skips_a_repeated_text_within_one_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    source = write_jsonl(
        tmp_path / "x.jsonl",
        [
            {"text": "Once."},
            {"text": "Twice."},
            {"text": "Once."},
            {"text": "Twice."},
        ],
    )
    out = ok(capsys, "import", "p", source)
    assert out.splitlines() == [
        "imported 2 document(s) with 0 span(s), 0 event(s) and 0 relation(s)",
        f"skipped {source} line 3: the same text is already in the project",
        f"skipped {source} line 4: the same text is already in the project",
    ]
    assert [d["text"] for d in exported(capsys, "p")] == ["Once.", "Twice."]


def test_import_adds_and_reports_labels_the_schema_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    text = "Rebels fired rockets at the base."
    source = write_jsonl(
        tmp_path / "x.jsonl",
        [
            {
                "text": text,
                "spans": [
                    _span(text, "T1", "Rebels", "ARMED-GROUP"),
                    _span(text, "T2", "fired", "Conflict:Shoot"),
                    _span(text, "T3", "rockets", "WEAPON"),
                    _span(text, "T4", "base", "FACILITY"),
                ],
                "events": [
                    {
                        "id": "E1",
                        "trigger": "T2",
                        "arguments": [{"role": "Instrument", "ref": "T3"}],
                    }
                ],
                "relations": [{"id": "R1", "type": "USES", "head": "T1", "tail": "T3"}],
            }
        ],
    )
    out = ok(capsys, "import", "p", source)
    lines = out.splitlines()
    assert lines[0] == "imported 1 document(s) with 4 span(s), 1 event(s) and 1 relation(s)"
    assert sorted(lines[1:]) == sorted(
        [
            "added entity label 'ARMED-GROUP', which the schema did not have",
            "added event label 'Conflict:Shoot', which the schema did not have",
            "added entity label 'WEAPON', which the schema did not have",
            "added entity label 'FACILITY', which the schema did not have",
            "added relation label 'USES', which the schema did not have",
        ]
    )
    printed = ok(capsys, "schema", "p")
    entities = printed.split("Entity labels:")[1].split("Event types:")[0]
    assert "WEAPON" in entities and "FACILITY" in entities and "ARMED-GROUP" in entities
    assert any(line.split()[0] == "Conflict:Shoot" for line in _event_type_lines(printed))
    assert re.search(r"^  USES\s", printed.split("Relation types:")[1], re.M)
    # a second import using them reports nothing new
    again = write_jsonl(
        tmp_path / "y.jsonl",
        [{"text": "More rockets.", "spans": [{"start": 5, "end": 12, "label": "WEAPON"}]}],
    )
    assert ok(capsys, "import", "p", again).splitlines() == [
        "imported 1 document(s) with 1 span(s), 0 event(s) and 0 relation(s)"
    ]


def test_import_warns_about_unknown_fields_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    source = write_jsonl(
        tmp_path / "x.jsonl", [{"text": "A.", "extra": 1}, {"text": "B.", "extra": 2}]
    )
    code, out, err = run(capsys, "import", "p", source)
    assert code == 0
    assert out.startswith("imported 2 document(s)")
    assert err == f"warning: {source}: ignored the unknown field 'extra' on 2 line(s)\n"


def test_import_of_an_empty_file_says_there_is_nothing_to_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    (tmp_path / "blank.jsonl").write_text("\n  \n\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "p", "blank.jsonl")
    assert code == 1
    assert_one_line_error(err, "nothing to import", "blank.jsonl")


# -- export --------------------------------------------------------------------------


def _three_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "new", "p")
    source = write_jsonl(
        tmp_path / "s.jsonl",
        [
            {"id": "t", "text": "To do.", "status": "todo"},
            {
                "id": "d",
                "text": "Done.",
                "status": "done",
                "spans": [{"start": 0, "end": 4, "label": "PER"}],
            },
            {"id": "s", "text": "Skipped.", "status": "skipped"},
            {"id": "d2", "text": "Done too.", "status": "done"},
        ],
    )
    ok(capsys, "import", "p", source)


def test_export_to_stdout_and_to_a_file_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _three_statuses(tmp_path, capsys)
    code, stdout_export, err = run(capsys, "export", "p")
    assert code == 0 and err == ""
    assert stdout_export.endswith("\n") and len(stdout_export.splitlines()) == 4
    code, out, err = run(capsys, "export", "p", "-o", "out.jsonl")
    assert code == 0
    assert out == ""
    assert err == "exported 4 document(s) as jsonl to out.jsonl\n"
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == stdout_export
    # "-o -" is standard output; --output is the long form and overwrites
    assert ok(capsys, "export", "p", "-o", "-") == stdout_export
    (tmp_path / "old.jsonl").write_text("old content\n", encoding="utf-8")
    ok(capsys, "export", "p", "--output", "old.jsonl")
    assert (tmp_path / "old.jsonl").read_text(encoding="utf-8") == stdout_export
    # no temporary files left behind
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_key_order_and_span_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _three_statuses(tmp_path, capsys)
    line = ok(capsys, "export", "p", "--status", "done").splitlines()[0]
    assert line == (
        '{"id":"d","text":"Done.","meta":{},"status":"done","spans":'
        '[{"id":"T1","start":0,"end":4,"label":"PER","text":"Done"}],'
        '"events":[],"relations":[]}'
    )


def test_export_status_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _three_statuses(tmp_path, capsys)
    assert [d["id"] for d in exported(capsys, "p")] == ["t", "d", "s", "d2"]
    assert [d["id"] for d in exported(capsys, "p", "--status", "done")] == ["d", "d2"]
    assert [d["id"] for d in exported(capsys, "p", "--status", "todo")] == ["t"]
    assert [d["id"] for d in exported(capsys, "p", "--status", "done", "--status", "skipped")] == [
        "d",
        "s",
        "d2",
    ]
    assert [
        d["id"]
        for d in exported(
            capsys, "p", "--status", "todo", "--status", "done", "--status", "skipped"
        )
    ] == ["t", "d", "s", "d2"]
    code, out, err = run(capsys, "export", "p", "--status", "skipped", "-o", "f.jsonl")
    assert code == 0 and out == "" and err == "exported 1 document(s) as jsonl to f.jsonl\n"
    assert [json.loads(x)["id"] for x in (tmp_path / "f.jsonl").read_text().splitlines()] == ["s"]


def test_export_of_an_empty_project_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "new", "p")
    assert ok(capsys, "export", "p") == ""


def test_export_to_a_missing_folder_or_a_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    code, _, err = run(capsys, "export", "p", "-o", tmp_path / "no" / "such" / "x.jsonl")
    assert code == 1
    assert_one_line_error(err, "no such folder")
    (tmp_path / "dir").mkdir()
    code, _, err = run(capsys, "export", "p", "-o", "dir")
    assert code == 1
    assert_one_line_error(err, "dir", "folder")
    assert list((tmp_path / "dir").iterdir()) == []


# -- stats and schema ----------------------------------------------------------------


def test_stats_counts_documents_per_status_and_annotations_per_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "new", "p")
    ok(capsys, "import", "p", write_jsonl(tmp_path / "x.jsonl", done_when_documents()))
    extra = write_jsonl(tmp_path / "y.jsonl", [{"text": "Another done one.", "status": "done"}])
    ok(capsys, "import", "p", extra)
    out = ok(capsys, "stats", "p")
    lines = out.splitlines()
    assert lines[0] == "Project: p.annot  (schema: News)"
    assert lines[1] == "Documents: 4  (todo 1, done 2, skipped 1)"

    def row(name: str) -> list[str]:
        found = [line.split() for line in lines if line.split()[:1] == [name]]
        assert len(found) == 1, (name, out)
        return found[0]

    assert row("label") == ["label", "kind", "spans", "events"]
    assert row("PER") == ["PER", "entity", "7", "-"]
    assert row("GPE") == ["GPE", "entity", "3", "-"]
    assert row("ORG") == ["ORG", "entity", "2", "-"]
    assert row("LOC") == ["LOC", "entity", "1", "-"]
    assert row("DATE") == ["DATE", "entity", "1", "-"]
    assert row("Life:Die") == ["Life:Die", "event", "1", "2"]  # two events share "killed"
    assert row("Conflict:Attack") == ["Conflict:Attack", "event", "1", "2"]
    assert row("Contact:Meet") == ["Contact:Meet", "event", "1", "1"]
    assert row("Justice:Arrest-Jail") == ["Justice:Arrest-Jail", "event", "1", "1"]
    assert row("Movement:Transport") == ["Movement:Transport", "event", "1", "1"]
    assert row("Personnel:End-Position") == ["Personnel:End-Position", "event", "0", "0"]
    assert row("relation") == ["relation", "count"]
    assert row("PHYS:Located") == ["PHYS:Located", "2"]
    assert row("ORG-AFF:Employment") == ["ORG-AFF:Employment", "1"]
    assert row("PART-WHOLE:Geographical") == ["PART-WHOLE:Geographical", "1"]


def test_stats_of_an_empty_project(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "new", "p", "--schema", "conll2003")
    out = ok(capsys, "stats", "p")
    assert "Documents: 0  (todo 0, done 0, skipped 0)" in out
    assert re.search(r"^MISC\s+entity\s+0\s+-$", out, re.M)
    assert not any(line.startswith("relation") for line in out.splitlines())


def test_schema_prints_ace2005_event_types_with_roles(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "new", "p", "--schema", "ace2005")
    printed = ok(capsys, "schema", "p")
    types = _event_type_lines(printed)
    assert len(types) == 33
    names = [line.split()[0] for line in types]
    assert len(set(names)) == 33
    assert {"Movement:Transport", "Life:Die", "Conflict:Attack", "Justice:Arrest-Jail"} <= set(
        names
    )
    section = printed.split("\nEvent types:\n", 1)[1]
    transport = section.split("  Movement:Transport", 1)[1]
    roles_block = []
    for line in transport.splitlines()[1:]:
        if not line.startswith("      "):
            break
        roles_block.append(line.split())
    roles = {parts[0]: parts[1:] for parts in roles_block}
    assert "Artifact" in roles
    assert roles["Artifact"][0] == "*"
    assert "VEH" in " ".join(roles["Artifact"][1:])
    assert {"Agent", "Artifact", "Origin", "Destination"} <= set(roles)


def test_schema_prints_news_keys_and_cardinalities(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "new", "p")
    printed = ok(capsys, "schema", "p")
    assert printed.startswith("Schema: News - ")
    assert "\nEntity labels:\n" in printed and "\nRelation types:\n" in printed
    assert re.search(r"^  PER\s+key p\s+#77AADD\s+Person$", printed, re.M)
    assert re.search(r"^      Entity\s+\+\s+PER, ORG, GPE$", printed, re.M)  # Contact:Meet
    assert re.search(
        r"^  PHYS:Located\s+key l\s+#[0-9A-Fa-f]{6}\s+PER, ORG -> GPE, LOC$", printed, re.M
    )


# -- version and entry points ----------------------------------------------------------


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"annotator {annotator.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+.*", annotator.__version__)


def test_python_dash_m_annotator_version(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"],
        cwd=tmp_path,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"annotator {annotator.__version__}\n"
    assert result.stderr == ""


def test_python_dash_m_annotator_reports_errors_with_exit_status_1(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "export", "missing"],
        cwd=tmp_path,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert_one_line_error(result.stderr, "missing.annot", "no such project file")


def test_headless_commands_work_without_pyside6(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Alice met Bob.", encoding="utf-8")
    write_jsonl(
        tmp_path / "b.jsonl",
        [
            {
                "text": "Paris \U0001f1eb\U0001f1f7.",
                "status": "done",
                "spans": [{"start": 0, "end": 5, "label": "GPE"}],
            }
        ],
    )
    steps = [
        (("new", "p"), "created p.annot"),
        (("import", "p", "a.txt", "b.jsonl"), "imported 2 document(s) with 1 span(s)"),
        (("export", "p", "--status", "done"), '"text":"Paris \U0001f1eb\U0001f1f7."'),
        (("stats", "p"), "Documents: 2  (todo 1, done 1, skipped 0)"),
        (("schema", "p"), "Schema: News"),
    ]
    for args, expected in steps:
        result = run_blocked_qt(tmp_path, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert expected in result.stdout, (args, result.stdout)
        assert "Traceback" not in result.stderr
    export = run_blocked_qt(tmp_path, "export", "p", "-o", "out.jsonl")
    assert export.returncode == 0, export.stderr
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_the_window_without_pyside6_fails_with_one_clear_line(tmp_path: Path) -> None:
    assert run_blocked_qt(tmp_path, "new", "p").returncode == 0
    before = sha256(tmp_path / "p.annot")
    result = run_blocked_qt(tmp_path, "p.annot")
    assert result.returncode == 1
    assert result.stdout == ""
    assert_one_line_error(result.stderr, "PySide6")
    assert sha256(tmp_path / "p.annot") == before


def test_the_progress_bar_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from annotator import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    clock = iter([0.0, 1.0, 1.05, 1.3, 2.0])
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    screen = Terminal()
    bar = cli._ProgressBar("importing", screen)  # started at 0.0
    bar(10, 100)  # 1.0: shown
    bar(20, 100)  # 1.05: too soon after the last, skipped
    bar(50, 100)  # 1.3: shown
    bar.close()
    drawn = screen.getvalue().split("\r")
    assert drawn[1] == "importing [###" + "-" * 27 + "]  10%  10/100"
    assert drawn[2].endswith(" 50%  50/100")
    assert drawn[-1] == ""  # the line is cleared at the end
    piped = io.StringIO()
    quiet = cli._ProgressBar("importing", piped)
    quiet(50, 100)
    quiet.close()
    assert piped.getvalue() == ""
