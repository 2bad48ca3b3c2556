"""Bad input: one clear line naming the file (and line), and a project left untouched.

Every refused import must leave the project file byte-for-byte as it was: the
checksum of the ``.annot`` file is compared before and after the CLI call returns,
and no write-ahead log with content may be left behind. Files that are not
projects (or are damaged, or newer) are refused without a byte being written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main

# -- helpers -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "_config"))
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "_data"))
    monkeypatch.chdir(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wal(path: Path) -> Path:
    return Path(str(path) + "-wal")


def state(path: Path) -> tuple[str, bytes]:
    """The project file's checksum and any write-ahead log content not yet in it."""
    log = wal(path)
    return sha256(path), (log.read_bytes() if log.exists() else b"")


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert err.startswith("annotator: error: "), err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


SEED = [
    {
        "id": "doc-1",
        "text": "Seed document: Alice met Bob in Paris.",
        "status": "done",
        "spans": [
            {"id": "T1", "start": 15, "end": 20, "label": "PER"},
            {"id": "T2", "start": 21, "end": 24, "label": "Contact:Meet"},
            {"id": "T3", "start": 25, "end": 28, "label": "PER"},
            {"id": "T4", "start": 32, "end": 37, "label": "GPE"},
        ],
        "events": [{"id": "E1", "trigger": "T2", "arguments": [{"role": "Entity", "ref": "T1"}]}],
        "relations": [{"id": "R1", "type": "PHYS:Located", "head": "T3", "tail": "T4"}],
    },
    {"text": "A second seed document."},
]


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A closed project with two documents; no write-ahead log left."""
    path = tmp_path / "p.annot"
    seed = tmp_path / "seed.jsonl"
    seed.write_text("".join(json.dumps(d) + "\n" for d in SEED), encoding="utf-8")
    assert main(["new", str(path)]) == 0
    assert main(["import", str(path), str(seed)]) == 0
    capsys.readouterr()
    assert not wal(path).exists() or wal(path).stat().st_size == 0
    return path


def export_text(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    code, out, err = run(capsys, "export", path)
    assert code == 0, err
    return out


def assert_refused(
    capsys: pytest.CaptureFixture[str], project: Path, args: list[str | Path], *fragments: str
) -> str:
    """Run a command that must fail; the project must be exactly as before."""
    before = state(project)
    exported_before = export_text(capsys, project)
    assert state(project) == before  # exporting writes nothing
    code, out, err = run(capsys, *args)
    assert code == 1, (out, err)
    assert out == ""
    assert_one_line_error(err, *fragments)
    assert state(project) == before
    assert export_text(capsys, project) == exported_before
    assert state(project) == before
    return err


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


GOOD = json.dumps({"text": "A good first document that would import fine."})


def lines(*items: object) -> bytes:
    """JSONL: a good first line, then the items (dicts are dumped, str/bytes kept raw)."""
    out = [GOOD.encode()]
    for item in items:
        if isinstance(item, bytes):
            out.append(item)
        elif isinstance(item, str):
            out.append(item.encode("utf-8"))
        else:
            out.append(json.dumps(item).encode("utf-8"))
    return b"\n".join(out) + b"\n"


def span(
    start: object, end: object, label: str = "PER", uid: str = "T1", **extra: object
) -> dict[str, object]:
    return {"id": uid, "start": start, "end": end, "label": label, **extra}


EMOJI_TEXT = "Emoji \U0001f600 then Bob spoke."
_BOB = EMOJI_TEXT.index("Bob")

# (case id, file name, content, fragments expected in the message besides the file)
JSONL_CASES: list[tuple[str, str, bytes, list[str]]] = [
    ("txt-invalid-utf8", "bad.txt", b"Caf\xe9 au lait\n", ["not valid UTF-8", "byte 3"]),
    (
        "txt-invalid-utf8-later-line",
        "bad.txt",
        b"ok\nok\nbad \xff\xfe\n",
        ["not valid UTF-8", "byte 10", "line 3"],
    ),
    (
        "jsonl-invalid-utf8",
        "bad.jsonl",
        lines(b'{"text": "caf\xe9"}'),
        ["not valid UTF-8", "line 2"],
    ),
    (
        "malformed-json",
        "bad.jsonl",
        lines({"text": "second"}, '{"text": "third",'),
        ["line 3", "malformed JSON"],
    ),
    (
        "malformed-json-trailing-garbage",
        "bad.jsonl",
        lines('{"text": "x"} extra'),
        ["line 2", "malformed JSON"],
    ),
    (
        "deeply-nested-json",
        "bad.jsonl",
        lines("[" * 100_000 + "]" * 100_000),
        ["line 2", "malformed JSON"],
    ),
    ("array-not-object", "bad.jsonl", lines('["text", "x"]'), ["line 2", "object", "array"]),
    ("string-not-object", "bad.jsonl", lines('"just text"'), ["line 2", "object", "a string"]),
    ("missing-text", "bad.jsonl", lines({"txt": "typo"}), ["line 2", 'missing "text"']),
    ("text-number", "bad.jsonl", lines({"text": 42}), ["line 2", '"text" must be a string']),
    ("text-null", "bad.jsonl", lines({"text": None}), ["line 2", '"text" must be a string']),
    ("text-array", "bad.jsonl", lines({"text": ["a", "b"]}), ["line 2", '"text" must be a string']),
    ("empty-text", "bad.jsonl", lines({"text": ""}), ["line 2", "empty"]),
    (
        "span-end-past-text",
        "bad.jsonl",
        lines({"text": "abc", "spans": [span(0, 9)]}),
        ["line 2", "span T1", "end 9", "past the end"],
    ),
    (
        "span-empty",
        "bad.jsonl",
        lines({"text": "abc", "spans": [span(1, 1)]}),
        ["line 2", "span T1", "empty span"],
    ),
    (
        "span-reversed",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [span(4, 2)]}),
        ["line 2", "span T1", "empty span"],
    ),
    (
        "span-negative-start",
        "bad.jsonl",
        lines({"text": "abc", "spans": [span(-1, 2)]}),
        ["line 2", "span T1", "negative"],
    ),
    (
        "span-start-string",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [span("5", 6)]}),
        ["line 2", "start must be an integer", 'not "5"'],
    ),
    (
        "span-start-float",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [span(5.0, 6)]}),
        ["line 2", "start must be an integer", "5.0"],
    ),
    (
        "span-start-bool",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [span(True, 6)]}),
        ["line 2", "start must be an integer", "not true"],
    ),
    (
        "span-end-string",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [span(0, "5")]}),
        ["line 2", "end must be an integer"],
    ),
    (
        "span-end-float",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [span(0, 5.0)]}),
        ["line 2", "end must be an integer"],
    ),
    (
        "span-start-missing",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [{"end": 2, "label": "PER"}]}),
        ["line 2", 'missing "start"'],
    ),
    (
        "span-text-mismatch-utf16",
        "bad.jsonl",
        lines({"text": EMOJI_TEXT, "spans": [span(_BOB + 1, _BOB + 4, text="Bob")]}),
        ["line 2", "span T1", "'Bob'", "differs", "code points"],
    ),
    (
        "span-text-mismatch",
        "bad.jsonl",
        lines({"text": "Alice and Bob", "spans": [span(0, 5, text="Bob")]}),
        ["line 2", "span T1", "differs", "text[0:5] = 'Alice'"],
    ),
    (
        "duplicate-span-ids",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [span(0, 1), span(2, 3)]}),
        ["line 2", "'T1'", "twice"],
    ),
    (
        "span-and-event-share-an-id",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1, "Life:Die", uid="X1")],
                "events": [{"id": "X1", "trigger": "X1"}],
            }
        ),
        ["line 2", "'X1'", "twice"],
    ),
    (
        "event-trigger-missing",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1, "Life:Die")],
                "events": [{"id": "E1", "trigger": "T9"}],
            }
        ),
        ["line 2", "event E1", "trigger 'T9'", "not a span id"],
    ),
    (
        "event-type-differs",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1, "Life:Die")],
                "events": [{"id": "E1", "type": "Conflict:Attack", "trigger": "T1"}],
            }
        ),
        ["line 2", "event E1", "'Conflict:Attack'", "'Life:Die'"],
    ),
    (
        "argument-ref-missing",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1, "Life:Die")],
                "events": [
                    {"id": "E1", "trigger": "T1", "arguments": [{"role": "Victim", "ref": "T7"}]}
                ],
            }
        ),
        ["line 2", "event E1", "'Victim'", "'T7'", "not a span or event id"],
    ),
    (
        "argument-ref-is-a-relation",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [
                    span(0, 1, "Life:Die"),
                    span(2, 3, uid="T2"),
                    span(3, 4, "GPE", uid="T3"),
                ],
                "events": [
                    {"id": "E1", "trigger": "T1", "arguments": [{"role": "Victim", "ref": "R1"}]}
                ],
                "relations": [{"id": "R1", "type": "PHYS:Located", "head": "T2", "tail": "T3"}],
            }
        ),
        ["line 2", "event E1", "'R1'", "not a span or event id"],
    ),
    (
        "argument-role-missing",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1, "Life:Die")],
                "events": [{"id": "E1", "trigger": "T1", "arguments": [{"ref": "T1"}]}],
            }
        ),
        ["line 2", "event 1 argument 1", 'missing "role"'],
    ),
    (
        "relation-head-missing",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1)],
                "relations": [{"id": "R1", "type": "PHYS:Located", "head": "T5", "tail": "T1"}],
            }
        ),
        ["line 2", "relation R1", "head 'T5'", "not a span id"],
    ),
    (
        "relation-tail-missing",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1)],
                "relations": [{"id": "R1", "type": "PHYS:Located", "head": "T1"}],
            }
        ),
        ["line 2", "relation 1", 'missing "tail"'],
    ),
    (
        "relation-tail-is-an-event",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1, "Life:Die"), span(2, 3, uid="T2")],
                "events": [{"id": "E1", "trigger": "T1"}],
                "relations": [{"id": "R1", "type": "PHYS:Located", "head": "T2", "tail": "E1"}],
            }
        ),
        ["line 2", "relation R1", "tail 'E1'", "not a span id"],
    ),
    (
        "event-own-argument",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1, "Life:Die")],
                "events": [
                    {"id": "E1", "trigger": "T1", "arguments": [{"role": "Cause", "ref": "E1"}]}
                ],
            }
        ),
        ["line 2", "event E1", "own argument"],
    ),
    (
        "unknown-status",
        "bad.jsonl",
        lines({"text": "abc", "status": "finished"}),
        ["line 2", "unknown status 'finished'", "todo, done or skipped"],
    ),
    (
        "status-not-a-string",
        "bad.jsonl",
        lines({"text": "abc", "status": 1}),
        ["line 2", "unknown status"],
    ),
    (
        "document-id-already-in-project",
        "bad.jsonl",
        lines({"id": "doc-1", "text": "Different text, same id."}),
        ["line 2", "'doc-1'", "already in the project"],
    ),
    (
        "document-id-twice-in-file",
        "bad.jsonl",
        lines({"id": "n1", "text": "One."}, {"id": "n1", "text": "Two."}),
        ["line 3", "'n1'", "twice"],
    ),
    (
        "document-id-not-a-string",
        "bad.jsonl",
        lines({"id": None, "text": "a null id is no id"}, {"id": [1], "text": "x"}),
        ["line 3", '"id" must be a string or an integer'],
    ),
    (
        "new-label-span-then-relation",
        "bad.jsonl",
        lines(
            {"text": "abcdef", "spans": [span(0, 1, "X")]},
            {
                "text": "ghijkl",
                "spans": [span(0, 1), span(2, 3, uid="T2")],
                "relations": [{"id": "R1", "type": "X", "head": "T1", "tail": "T2"}],
            },
        ),
        ["line 3", "'X'", "a relation type", "a span label"],
    ),
    (
        "new-label-relation-then-span",
        "bad.jsonl",
        lines(
            {
                "text": "ghijkl",
                "spans": [span(0, 1), span(2, 3, uid="T2")],
                "relations": [{"id": "R1", "type": "Y", "head": "T1", "tail": "T2"}],
            },
            {"text": "abcdef", "spans": [span(0, 1, "Y")]},
        ),
        ["line 3", "'Y'", "a span label", "a relation type"],
    ),
    (
        "schema-relation-used-as-span-label",
        "bad.jsonl",
        lines({"text": "abcdef", "spans": [span(0, 1, "PHYS:Located")]}),
        ["line 2", "'PHYS:Located'", "a span label", "a relation type"],
    ),
    (
        "schema-entity-used-as-relation",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1), span(2, 3, uid="T2")],
                "relations": [{"id": "R1", "type": "PER", "head": "T1", "tail": "T2"}],
            }
        ),
        ["line 2", "'PER'", "a relation type", "a span label"],
    ),
    (
        "schema-entity-used-as-event-type",
        "bad.jsonl",
        lines(
            {
                "text": "abcdef",
                "spans": [span(0, 1, "PER")],
                "events": [{"id": "E1", "trigger": "T1"}],
            }
        ),
        ["line 2", "'PER'", "an event type", "a span label"],
    ),
    (
        "unpaired-surrogate-in-text",
        "bad.jsonl",
        lines(r'{"text": "abc\ud800def"}'),
        ["line 2", "unpaired surrogate", "U+D800"],
    ),
    (
        "unpaired-low-surrogate-in-text",
        "bad.jsonl",
        lines(r'{"text": "\udc00"}'),
        ["line 2", "unpaired surrogate", "U+DC00"],
    ),
    (
        "unpaired-surrogate-in-document-id",
        "bad.jsonl",
        lines(r'{"id": "\ud800", "text": "t"}'),
        ["line 2", "unpaired surrogate"],
    ),
    (
        "unpaired-surrogate-in-span-label",
        "bad.jsonl",
        lines(r'{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "P\ud800"}]}'),
        ["line 2", "unpaired surrogate"],
    ),
    (
        "unpaired-surrogate-in-role",
        "bad.jsonl",
        lines(
            r'{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "Life:Die"}],'
            r' "events": [{"trigger": "T1", "arguments": [{"role": "\udfff", "ref": "T1"}]}]}'
        ),
        ["line 2", "unpaired surrogate"],
    ),
    (
        "spans-not-an-array",
        "bad.jsonl",
        lines({"text": "abc", "spans": {"start": 0}}),
        ["line 2", '"spans" must be an array'],
    ),
    (
        "span-not-an-object",
        "bad.jsonl",
        lines({"text": "abc", "spans": [[0, 1, "PER"]]}),
        ["line 2", "span 1", "object"],
    ),
    (
        "span-label-missing",
        "bad.jsonl",
        lines({"text": "abc", "spans": [{"start": 0, "end": 1}]}),
        ["line 2", "span 1", 'missing "label"'],
    ),
    (
        "span-label-blank",
        "bad.jsonl",
        lines({"text": "abc", "spans": [span(0, 1, "  ")]}),
        ["line 2", "label is empty"],
    ),
    (
        "meta-not-an-object",
        "bad.jsonl",
        lines({"text": "abc", "meta": ["x"]}),
        ["line 2", '"meta" must be an object'],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "fragments"), [pytest.param(*case[1:], id=case[0]) for case in JSONL_CASES]
)
def test_bad_file_is_refused_with_one_line_naming_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    project: Path,
    name: str,
    content: bytes,
    fragments: list[str],
) -> None:
    bad = write(tmp_path / "input" / name, content)
    assert_refused(capsys, project, ["import", project, bad], str(bad), *fragments)


def test_the_whole_import_is_refused_when_the_last_file_is_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    good_txt = write(tmp_path / "in" / "good.txt", "A good text file.")
    folder = tmp_path / "in" / "folder"
    write(folder / "one.txt", "Folder article one.")
    write(folder / "sub" / "two.txt", "Folder article two.")
    good_jsonl = write(
        tmp_path / "in" / "good.jsonl",
        lines(
            {"text": "A JSONL document with a new label.", "spans": [span(2, 7, "NEWLABEL")]},
            {"text": "A JSONL document with a span.", "spans": [span(2, 7)]},
        ),
    )
    bad = write(tmp_path / "in" / "last.jsonl", lines({"text": "ok"}, "{not json"))
    assert_refused(
        capsys,
        project,
        ["import", project, good_txt, folder, good_jsonl, bad],
        str(bad),
        "line 3",
        "malformed JSON",
    )


def test_the_whole_import_is_refused_when_the_last_file_of_a_folder_is_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    folder = tmp_path / "folder"
    write(folder / "a.txt", "Fine.")
    write(folder / "b" / "c.txt", "Also fine.")
    bad = write(folder / "z" / "zz.txt", b"Broken \xc3\x28 UTF-8")
    assert_refused(
        capsys, project, ["import", project, folder], str(bad), "not valid UTF-8", "byte 7"
    )


def test_the_whole_import_is_refused_when_a_later_document_breaks_a_rule_checked_late(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    """Ids already in the project are checked after parsing; earlier files still not kept."""
    first = write(tmp_path / "first.jsonl", lines({"text": "Brand new document."}))
    second = write(tmp_path / "second.jsonl", lines({"id": "doc-1", "text": "Another text."}))
    assert_refused(
        capsys,
        project,
        ["import", project, first, second],
        str(second),
        "line 2",
        "'doc-1'",
        "already in the project",
    )


def test_a_nonexistent_input_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    good = write(tmp_path / "good.txt", "Good.")
    missing = tmp_path / "missing.txt"
    assert_refused(
        capsys, project, ["import", project, good, missing], str(missing), "no such file or folder"
    )


def test_an_unknown_extension_without_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    notes = write(tmp_path / "notes.csv", "a,b\n")
    assert_refused(
        capsys,
        project,
        ["import", project, notes],
        str(notes),
        "cannot tell the format",
        "--format",
        "jsonl, txt",
    )
    no_suffix = write(tmp_path / "README", "text")
    assert_refused(capsys, project, ["import", project, no_suffix], str(no_suffix), "--format")


def test_a_folder_with_format_jsonl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    folder = tmp_path / "folder"
    write(folder / "a.jsonl", lines())
    assert_refused(
        capsys,
        project,
        ["import", project, "--format", "jsonl", folder],
        str(folder),
        "is a folder",
    )


def test_a_jsonl_file_read_as_txt_is_just_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    """--format txt on invalid UTF-8 still names the file and the byte."""
    bad = write(tmp_path / "x.jsonl", b'{"text": "\xff"}\n')
    assert_refused(
        capsys,
        project,
        ["import", project, "--format", "txt", bad],
        str(bad),
        "not valid UTF-8",
        "byte 10",
    )


# -- found while writing these tests: each was a traceback or a lost project --------------


@pytest.mark.parametrize(
    "line",
    [
        r'{"text": "abc", "meta": {"source": "\ud800"}}',
        r'{"text": "abc", "meta": {"\udc00": 1}}',
    ],
    ids=["value", "key"],
)
def test_an_unpaired_surrogate_in_meta(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path, line: str
) -> None:
    bad = write(tmp_path / "bad.jsonl", lines(line))
    assert_refused(capsys, project, ["import", project, bad], str(bad), "line 2", "surrogate")


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs byte file names")
def test_a_text_file_name_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
            handle.write(b"An article with an odd file name.")
    except OSError:
        pytest.skip("the file system refuses non-UTF-8 names")
    before = state(project)
    code, _, err = run(capsys, "import", project, folder)
    # Either refused with a clear line, or imported: never a traceback.
    assert "Traceback" not in err
    if code == 1:
        assert_one_line_error(err, str(folder))
        assert state(project) == before
    else:
        assert code == 0


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_json_constants_never_reach_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path, constant: str
) -> None:
    line = '{"text": "abc", "meta": {"x": CONSTANT}}'.replace("CONSTANT", constant)
    source = write(tmp_path / "odd.jsonl", lines(line))
    code, _, err = run(capsys, "import", project, source)
    if code == 1:
        assert_one_line_error(err, str(source), "line 2")
        return

    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    for line in export_text(capsys, project).splitlines():
        json.loads(line, parse_constant=refuse)


@pytest.mark.parametrize("output", ["p.annot", "./p.annot"])
def test_export_onto_the_project_file_itself_is_refused(
    capsys: pytest.CaptureFixture[str], project: Path, output: str
) -> None:
    before = state(project)
    code, _, err = run(capsys, "export", project, "-o", output)
    assert state(project) == before
    assert code == 1
    assert_one_line_error(err, "p.annot")


# -- files that are not (usable) projects ---------------------------------------------------


def _make_random(path: Path, project: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _make_text(path: Path, project: Path) -> None:
    path.write_text('{"text": "I am a JSONL file, not a project"}\n', encoding="utf-8")


def _make_empty(path: Path, project: Path) -> None:
    path.write_bytes(b"")


def _make_sqlite(path: Path, project: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('hello')")
    connection.commit()
    connection.close()


def _make_truncated(path: Path, project: Path) -> None:
    data = project.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _make_header_only(path: Path, project: Path) -> None:
    path.write_bytes(project.read_bytes()[:60])


def _make_newer(path: Path, project: Path) -> None:
    shutil.copyfile(project, path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    assert not wal(path).exists() or wal(path).stat().st_size == 0


NOT_PROJECTS = {
    "random-bytes": (_make_random, ["not an Annotator project"]),
    "text-file": (_make_text, ["not an Annotator project"]),
    "empty-file": (_make_empty, ["empty", "not an Annotator project"]),
    "other-sqlite-database": (_make_sqlite, ["SQLite file", "not an Annotator project"]),
    "truncated-project": (_make_truncated, ["damaged"]),
    "header-fragment": (_make_header_only, ["truncated or damaged"]),
    "newer-project": (_make_newer, ["newer version of Annotator", "99", "upgrade"]),
}

COMMANDS = {
    "import": lambda p, tmp: ["import", p, write(tmp / "in.txt", "Would be imported.")],
    "export": lambda p, tmp: ["export", p],
    "export-to-file": lambda p, tmp: ["export", p, "-o", tmp / "out.jsonl"],
    "export-done": lambda p, tmp: ["export", p, "--status", "done"],
    "stats": lambda p, tmp: ["stats", p],
    "schema": lambda p, tmp: ["schema", p],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("kind", list(NOT_PROJECTS))
def test_a_file_that_is_not_a_project_is_refused_and_never_modified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path, kind: str, command: str
) -> None:
    make, fragments = NOT_PROJECTS[kind]
    target = tmp_path / "target.annot"
    make(target, project)
    before = sha256(target)
    code, out, err = run(capsys, *COMMANDS[command](target, tmp_path))
    assert code == 1, (out, err)
    assert out == ""
    assert_one_line_error(err, str(target), *fragments)
    assert sha256(target) == before
    assert not wal(target).exists() or wal(target).stat().st_size == 0
    assert not (tmp_path / "out.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_nonexistent_project_is_refused_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    for name in ("missing", "missing.annot", str(tmp_path / "no" / "such" / "dir.annot")):
        code, out, err = run(capsys, *COMMANDS[command](name, tmp_path))
        assert code == 1
        assert out == ""
        expected = name if name.endswith(".annot") else name + ".annot"
        assert_one_line_error(err, expected, "no such project file")
    assert not (tmp_path / "missing.annot").exists()
    assert not (tmp_path / "missing").exists()
    assert not wal(tmp_path / "missing.annot").exists()
    assert not (tmp_path / "no").exists()
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("command", ["import", "export", "stats"])
def test_a_folder_is_not_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (tmp_path / "folder.annot").mkdir()
    code, _, err = run(capsys, *COMMANDS[command](tmp_path / "folder.annot", tmp_path))
    assert code == 1
    assert_one_line_error(err, "folder.annot", "folder")
    assert list((tmp_path / "folder.annot").iterdir()) == []


# -- the same refusals from a real process: exit status 1, one line, no traceback -----------


def _subprocess(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_bad_inputs_from_a_real_process(tmp_path: Path, project: Path) -> None:
    before = state(project)
    bad_json = write(tmp_path / "bad.jsonl", lines({"text": "second"}, '{"text": '))
    bad_txt = write(tmp_path / "bad.txt", b"\x80 leading continuation byte")
    utf16 = write(
        tmp_path / "utf16.jsonl",
        lines({"text": EMOJI_TEXT, "spans": [span(_BOB + 1, _BOB + 4, text="Bob")]}),
    )
    cases = [
        ((bad_json,), [str(bad_json), "line 3", "malformed JSON"]),
        ((bad_txt,), [str(bad_txt), "not valid UTF-8", "byte 0"]),
        ((write(tmp_path / "ok.txt", "fine"), utf16), [str(utf16), "line 2", "code points"]),
    ]
    for paths, fragments in cases:
        result = _subprocess(tmp_path, "import", project, *paths)
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        assert_one_line_error(result.stderr, *fragments)
        assert state(project) == before  # compared after the process has exited


def test_not_a_project_from_a_real_process(tmp_path: Path, project: Path) -> None:
    newer = tmp_path / "newer.annot"
    _make_newer(newer, project)
    truncated = tmp_path / "truncated.annot"
    _make_truncated(truncated, project)
    for target, fragment in ((newer, "newer version"), (truncated, "damaged")):
        before = sha256(target)
        for args in (("export", target), ("import", target, write(tmp_path / "a.txt", "A."))):
            result = _subprocess(tmp_path, *args)
            assert result.returncode == 1
            assert result.stdout == ""
            assert_one_line_error(result.stderr, str(target), fragment)
            assert sha256(target) == before
            assert not wal(target).exists() or wal(target).stat().st_size == 0
