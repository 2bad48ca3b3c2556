"""Hugging Face ``datasets`` token classification (docs/formats/hf.md): a folder.

One JSON line per sentence, ``{"id", "tokens", "ner_tags"}`` with the tags as
integers, in ``train.jsonl`` (and ``dev.jsonl``/``test.jsonl`` with a split);
``label_names.json`` lists the tag names by index, and ``README.md`` is a
dataset card whose YAML declares ``ner_tags`` a sequence of ``ClassLabel`` and
maps the files to splits, so ``datasets.load_dataset(folder)`` gives the
ClassLabel names by itself.

Tags are the schema's entity labels in schema order, and its event types too
with ``--triggers`` (trigger spans are otherwise counted, not tagged); events
themselves are counted as lost.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.io.base import ExportContext, Parts
from annotator.core.io.jsonl import dumps
from annotator.core.io.tags import TITLES, check_scheme, span_labels, tag_document, tag_names

LABEL_FILE = "label_names.json"
# datasets maps a file named dev.* to the "validation" split by itself; the card
# says so explicitly anyway
_SPLITS = {"train": "train", "dev": "validation", "test": "test"}


def export(parts: Parts, target: Path, ctx: ExportContext) -> None:
    scheme = check_scheme(ctx.options.scheme)
    ctx.tokenizer  # noqa: B018 - load it now, so its note comes before ours
    ctx.notes.append(f"tags: {TITLES[scheme]}")
    labels = span_labels(ctx.schema, ctx.options.triggers)
    names = tag_names(labels, scheme)
    index = {name: number for number, name in enumerate(names)}
    rows: dict[str, int] = {}
    for part, items in parts.items():
        split = part or "train"
        rows[split] = 0
        with (target / f"{split}.jsonl").open("w", encoding="utf-8", newline="\n") as out:
            for document, annotations in items:
                sentences = tag_document(document, annotations, ctx, scheme)
                for number, sentence in enumerate(sentences):
                    for tag in sentence.tags:
                        if tag not in index:  # a label the schema lacks: add it at the end
                            label = tag.split("-", 1)[1]
                            labels.append(label)
                            for name in tag_names([label], scheme)[1:]:
                                index[name] = len(names)
                                names.append(name)
                            ctx.notes.append(f"label {label!r} is not in the schema; added last")
                    row = {
                        "id": f"{document.uid}-{number}",
                        "tokens": sentence.tokens,
                        "ner_tags": [index[tag] for tag in sentence.tags],
                    }
                    out.write(dumps(row) + "\n")
                    rows[split] += 1
    (target / LABEL_FILE).write_text(
        json.dumps(names, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (target / "README.md").write_text(_card(names, rows, scheme, ctx), encoding="utf-8")
    empty = [split for split, count in rows.items() if not count]
    if empty:
        ctx.notes.append(
            f"{', '.join(f'{s}.jsonl' for s in empty)} empty: left out of README.md's "
            "configs (datasets cannot load an empty split)"
        )


def _card(names: list[str], rows: dict[str, int], scheme: str, ctx: ExportContext) -> str:
    """A dataset card: YAML features and configs, then what the files hold."""
    lines = [
        "---",
        "dataset_info:",
        "  features:",
        "  - name: id",
        "    dtype: string",
        "  - name: tokens",
        "    sequence: string",  # "list:" in datasets 4+; they still read "sequence:"
        "  - name: ner_tags",
        "    sequence:",
        "      class_label:",
        "        names:",
    ]
    lines += [f"          '{number}': {_yaml_string(name)}" for number, name in enumerate(names)]
    lines += ["configs:", "- config_name: default", "  data_files:"]
    for split, count in rows.items():
        if count:
            lines += [f"  - split: {_SPLITS.get(split, split)}", f"    path: {split}.jsonl"]
    if not any(rows.values()):
        lines.pop()  # no data: leave data_files out rather than write an empty list
        lines.pop()
        lines.pop()
    lines += [
        "---",
        "",
        "# Token classification data exported by annotator",
        "",
        "One JSON line per sentence: `id` (document id, a dash, the sentence number),",
        "`tokens` and `ner_tags` (indexes into the names above, also in",
        f"`{LABEL_FILE}`).",
        "",
        f"- Tags: {TITLES[scheme]}",
        f"- Tokens and sentences: {ctx.tokenizer.description}",
        "- Sentences: " + ", ".join(f"{split} {count}" for split, count in rows.items()),
        "",
        "```python",
        "import datasets",
        'data = datasets.load_dataset("path/to/this/folder")',
        'names = data["train"].features["ner_tags"].feature.names',
        "```",
        "",
    ]
    return "\n".join(lines)


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar; anything unprintable (line separators too) escaped."""
    out = ['"']
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)
