#!/usr/bin/env python3
"""Generate resources/demo/articles.jsonl, the demo data for Annotator.

Run:  python3 make_demo.py      (writes articles.jsonl next to this script)

How it works
------------
* Each article is written below with inline span markers:

      [[surface text|LABEL|key]]

  ``LABEL`` is an entity label (PER, ORG, GPE, LOC, DATE) or an event type
  (the span is then an event trigger); ``key`` is a short mnemonic name used to
  refer to the span from events and relations in this file.  Markers may nest,
  e.g. ``[[University of [[Kharkiv|GPE|kharkiv2]]|ORG|univ]]``.  The texts
  contain no other "[", "]" or "|" characters.
* The article's paragraphs (first = headline) are joined with a blank line,
  using "\\n" or, for the CRLF article, "\\r\\n" -- the joining happens
  *before* the markers are parsed, so all offsets refer to the final text.
* The parser strips the markers and records each span's start/end as Python
  str (code point) indices into the unmarked text, end exclusive.
* Spans are sorted by (start, end) and numbered T1..; events (E1..) and
  relations (R1..) are numbered in the order they are listed, and their
  key references are resolved to those ids.
* Everything is validated against the schema below (offsets, labels, trigger
  label == event type, roles and filler labels, relation head/tail labels,
  article-level properties such as the CRLF / emoji / NBSP traps) and the
  script exits with an error on the first problem.  The written file is read
  back and validated again.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent / "articles.jsonl"
SOURCE = "Annotator demo"

# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------
ENTITY_LABELS = {"PER", "ORG", "GPE", "LOC", "DATE"}

_PLACE = {"GPE", "LOC"}
_TIME = {"DATE"}
_AGENT = {"PER", "ORG", "GPE"}
EVENT_ROLES: dict[str, dict[str, set[str]]] = {
    "Conflict:Attack": {
        "Attacker": _AGENT, "Target": {"PER", "ORG", "GPE", "LOC"},
        "Place": _PLACE, "Time": _TIME,
    },
    "Movement:Transport": {
        "Agent": _AGENT, "Artifact": {"PER", "ORG"},
        "Origin": _PLACE, "Destination": _PLACE, "Time": _TIME,
    },
    "Life:Die": {"Agent": _AGENT, "Victim": {"PER"}, "Place": _PLACE, "Time": _TIME},
    "Contact:Meet": {"Entity": _AGENT, "Place": _PLACE, "Time": _TIME},
    "Justice:Arrest-Jail": {"Person": {"PER"}, "Agent": _AGENT, "Place": _PLACE, "Time": _TIME},
    "Personnel:End-Position": {"Person": {"PER"}, "Entity": {"ORG", "GPE"}, "Place": _PLACE, "Time": _TIME},
}
RELATIONS: dict[str, tuple[set[str], set[str]]] = {
    "PHYS:Located": ({"PER", "ORG"}, {"GPE", "LOC"}),
    "ORG-AFF:Employment": ({"PER"}, {"ORG", "GPE"}),
    "PART-WHOLE:Geographical": ({"GPE", "LOC"}, {"GPE", "LOC"}),
    "GEN-AFF:Citizen-Resident-Religion-Ethnicity": ({"PER"}, {"GPE", "LOC", "ORG"}),
}
ALL_SPAN_LABELS = ENTITY_LABELS | set(EVENT_ROLES)


class DemoError(Exception):
    pass


def fail(msg: str) -> None:
    raise DemoError(msg)


# --------------------------------------------------------------------------
# Articles (original, fictional wire-style text written for this demo)
# --------------------------------------------------------------------------
NBSP = "\u00a0"

ARTICLES = [
    # ---- 1: attack + evacuation, nested span, fully annotated, done -------
    {
        "id": "demo-1",
        "date": "2026-03-10",
        "status": "done",
        "newline": "\n",
        "paragraphs": [
            "Drone strike damages university campus in Kharkiv; students evacuated",
            "[[KHARKIV|GPE|kharkiv1]], [[Ukraine|GPE|ukraine]] — A drone "
            "[[strike|Conflict:Attack|strike]] hit the main building of the "
            "[[University of [[Kharkiv|GPE|kharkiv2]]|ORG|univ]] early on "
            "[[Tuesday|DATE|tue1]], [[killing|Life:Die|killing]] a "
            "[[security guard|PER|guard]] and forcing the "
            "[[evacuation|Movement:Transport|evacuation]] of more than 40 "
            "[[students|PER|students1]] from a nearby dormitory, regional "
            "officials said.",
            "[[Kharkiv|GPE|kharkiv3]] regional governor "
            "[[Oleh Marchenko|PER|marchenko1]] said the drone had been launched "
            "overnight by [[Russian forces|ORG|rusforces]] from the "
            "[[Belgorod region|LOC|belgorod]] and struck the campus shortly "
            "after 3 a.m. Firefighters contained the blaze within two hours.",
            "\"The guard, [[Serhiy Lytvyn|PER|lytvyn]], 58, "
            "[[died|Life:Die|died]] at the scene,\" "
            "[[Marchenko|PER|marchenko2]] told reporters outside the damaged "
            "building. \"He had worked there for almost twenty years.\"",
            "The [[State Emergency Service|ORG|ses]] "
            "[[bused|Movement:Transport|bused]] the "
            "[[students|PER|students2]] to a shelter in "
            "[[Poltava|GPE|poltava]] later on [[Tuesday|DATE|tue2]]. It said "
            "no other casualties had been reported.",
            "The [[university|ORG|univ2]]'s rector, "
            "[[Iryna Kovalenko|PER|kovalenko]], said lectures would move online "
            "for at least two weeks while engineers assess whether the "
            "building is safe to reopen.",
        ],
        "events": [
            ("strike", "Conflict:Attack", [
                ("Attacker", "rusforces"), ("Target", "univ"),
                ("Place", "kharkiv1"), ("Time", "tue1")]),
            ("killing", "Life:Die", [
                ("Victim", "guard"), ("Place", "kharkiv1"), ("Time", "tue1")]),
            ("evacuation", "Movement:Transport", [
                ("Artifact", "students1"), ("Origin", "kharkiv1"), ("Time", "tue1")]),
            ("died", "Life:Die", [("Victim", "lytvyn")]),
            ("bused", "Movement:Transport", [
                ("Agent", "ses"), ("Artifact", "students2"),
                ("Destination", "poltava"), ("Time", "tue2")]),
        ],
        "relations": [
            ("PART-WHOLE:Geographical", "kharkiv1", "ukraine"),
            ("PHYS:Located", "univ", "kharkiv2"),
            ("ORG-AFF:Employment", "marchenko1", "kharkiv3"),
            ("ORG-AFF:Employment", "kovalenko", "univ2"),
            ("PHYS:Located", "students2", "poltava"),
        ],
    },
    # ---- 2: non-Latin names in parentheses, fully annotated, done ---------
    {
        "id": "demo-2",
        "date": "2026-02-02",
        "status": "done",
        "newline": "\n",
        "paragraphs": [
            "Jordanian and Syrian ministers meet in Muscat to revive water-sharing talks",
            "[[MUSCAT|GPE|muscat1]], [[Oman|GPE|oman]] — Foreign ministers "
            "from [[Jordan|GPE|jordan1]] and [[Syria|GPE|syria]] "
            "[[met|Contact:Meet|met]] in [[Muscat|GPE|muscat2]] on "
            "[[Sunday|DATE|sunday]] for their first direct talks in more than "
            "a year on sharing water from the [[Yarmouk River|LOC|yarmouk]], "
            "officials from both governments said.",
            "[[Jordan|GPE|jordan2]]'s foreign minister, "
            "[[Layla Haddad|PER|haddad1]] ([[ليلى حداد|PER|haddad_ar]]), and her "
            "[[Syrian|GPE|syrian1]] counterpart, "
            "[[Karim al-Masri|PER|masri]] ([[كريم المصري|PER|masri_ar]]), spent "
            "four hours at the [[Al Bustan Palace|LOC|bustan]] with "
            "[[Omani|GPE|omani1]] mediators. A [[Russian|GPE|russian]] envoy, "
            "[[Andrei Volkov|PER|volkov]] ([[Андрей Волков|PER|volkov_ru]]), "
            "attended the opening session as an observer, as did "
            "[[Chinese|GPE|chinese]] special representative "
            "[[Zhang Wei|PER|zhang]] ([[张伟|PER|zhang_zh]]).",
            "\"We agreed on a technical committee, not on numbers,\" "
            "[[Haddad|PER|haddad2]] told reporters after the "
            "[[meeting|Contact:Meet|meeting]]. A [[Syrian|GPE|syrian2]] "
            "delegate described the atmosphere as \"correct but cautious\".",
            "The [[committee|ORG|committee]] is expected to "
            "[[convene|Contact:Meet|convene]] in [[Amman|GPE|amman]] in "
            "[[April|DATE|april]], according to a joint statement released by "
            "the [[[[Omani|GPE|omani2]] Foreign Ministry|ORG|omanimfa]].",
        ],
        "events": [
            ("met", "Contact:Meet", [
                ("Entity", "jordan1"), ("Entity", "syria"),
                ("Place", "muscat2"), ("Time", "sunday")]),
            ("meeting", "Contact:Meet", [("Entity", "haddad2")]),
            ("convene", "Contact:Meet", [
                ("Entity", "committee"), ("Place", "amman"), ("Time", "april")]),
        ],
        "relations": [
            ("PART-WHOLE:Geographical", "muscat1", "oman"),
            ("ORG-AFF:Employment", "haddad1", "jordan2"),
            ("ORG-AFF:Employment", "masri", "syrian1"),
            ("ORG-AFF:Employment", "volkov", "russian"),
            ("ORG-AFF:Employment", "zhang", "chinese"),
            ("PHYS:Located", "haddad1", "bustan"),
            ("PHYS:Located", "masri", "bustan"),
        ],
    },
    # ---- 3: emoji (flags, skin tone, ZWJ family), fully annotated, todo ---
    {
        "id": "demo-3",
        "date": "2026-01-17",
        "status": "todo",
        "newline": "\n",
        "paragraphs": [
            "Volunteer convoy brings generators to flooded towns in Moldova",
            "[[CHISINAU|GPE|chisinau]], [[Moldova|GPE|moldova1]] — A convoy of "
            "14 trucks organised by the [[Lviv|GPE|lviv1]]-based charity "
            "[[Warm Hands|ORG|warmhands]] [[crossed|Movement:Transport|crossed]] "
            "into [[Moldova|GPE|moldova2]] on [[Saturday|DATE|saturday]] carrying "
            "generators, blankets and drinking water for towns cut off by "
            "flooding along the [[Dniester River|LOC|dniester]].",
            "The [[charity|ORG|charity]]'s founder, "
            "[[Olena Petrenko|PER|petrenko1]], posted a photo of the trucks at "
            "the [[Palanca border crossing|LOC|palanca]] shortly before dawn. "
            "\"We made it 🇺🇦🤝🇲🇩 Thank you to every driver 👍🏽 Next stop: "
            "[[Soroca|GPE|soroca1]]!\" [[Petrenko|PER|petrenko2]] wrote on X.",
            "[[Moldovan police|ORG|police]] "
            "[[escorted|Movement:Transport|escorted]] the convoy to "
            "[[Soroca|GPE|soroca2]], where about 3,000 residents have been "
            "without electricity since the river burst its banks on "
            "[[January 14|DATE|jan14]]. [[Soroca|GPE|soroca3]] mayor "
            "[[Ion Rusu|PER|rusu]] said the generators would go first to the "
            "town hospital and two schools.",
            "One family sheltering in a sports hall posted a short message: "
            "\"Dry, warm, together 👨‍👩‍👧 Thank you, [[Lviv|GPE|lviv2]]!\"",
            "The [[Interior Ministry|ORG|mininterior]] said a second convoy, "
            "from [[Romania|GPE|romania]], was expected on "
            "[[Monday|DATE|monday]].",
        ],
        "events": [
            ("crossed", "Movement:Transport", [
                ("Agent", "warmhands"), ("Origin", "lviv1"),
                ("Destination", "moldova2"), ("Time", "saturday")]),
            ("escorted", "Movement:Transport", [
                ("Agent", "police"), ("Artifact", "warmhands"),
                ("Destination", "soroca2")]),
        ],
        "relations": [
            ("PART-WHOLE:Geographical", "chisinau", "moldova1"),
            ("PHYS:Located", "warmhands", "lviv1"),
            ("ORG-AFF:Employment", "petrenko1", "charity"),
            ("PHYS:Located", "petrenko1", "palanca"),
            ("ORG-AFF:Employment", "rusu", "soroca3"),
        ],
    },
    # ---- 4: court case / arrest, CRLF line endings, annotated, todo -------
    {
        "id": "demo-4",
        "date": "2026-02-19",
        "status": "todo",
        "newline": "\r\n",
        "paragraphs": [
            "Former port chief arrested in Gdansk customs bribery probe",
            "[[GDANSK|GPE|gdansk1]], [[Poland|GPE|poland1]] — Officers of "
            "[[Poland|GPE|poland2]]'s [[Central Anti-Corruption Bureau|ORG|cba1]] "
            "[[arrested|Justice:Arrest-Jail|arrested]] the "
            "[[former director|PER|director]] of the "
            "[[Port of [[Gdansk|GPE|gdansk2]]|ORG|port]] on "
            "[[Thursday|DATE|thursday]] on suspicion of accepting bribes to "
            "speed up customs clearance for container shipments, prosecutors "
            "said.",
            "[[Tomasz Wrona|PER|wrona1]], 61, was "
            "[[detained|Justice:Arrest-Jail|detained]] at his home in "
            "[[Sopot|GPE|sopot]] and taken to the regional prosecutor's office "
            "for questioning. [[Wrona|PER|wrona2]] "
            "[[resigned|Personnel:End-Position|resigned]] as head of the "
            "[[port authority|ORG|portauth]] in [[November|DATE|november]], "
            "weeks after an internal audit flagged irregular payments.",
            "The [[bureau|ORG|cba2]] said two other people, a "
            "[[customs officer|PER|officer]] and a logistics company "
            "[[executive|PER|executive]], were also "
            "[[held|Justice:Arrest-Jail|held]]. A court in "
            "[[Gdansk|GPE|gdansk3]] is due to rule on "
            "[[Saturday|DATE|saturday]] on whether to keep all three in custody "
            "for three months.",
            "[[Wrona|PER|wrona3]]'s lawyer, [[Marta Zielinska|PER|zielinska]], "
            "said her client denied any wrongdoing and would cooperate with "
            "investigators. \"He has nothing to hide,\" she said.",
            "If convicted, the suspects face up to 10 years in prison.",
        ],
        "events": [
            ("arrested", "Justice:Arrest-Jail", [
                ("Agent", "cba1"), ("Person", "director"), ("Time", "thursday")]),
            ("detained", "Justice:Arrest-Jail", [
                ("Person", "wrona1"), ("Place", "sopot")]),
            ("resigned", "Personnel:End-Position", [
                ("Person", "wrona2"), ("Entity", "portauth"), ("Time", "november")]),
            ("held", "Justice:Arrest-Jail", [
                ("Agent", "cba2"), ("Person", "officer"), ("Person", "executive")]),
        ],
        "relations": [
            ("PART-WHOLE:Geographical", "gdansk1", "poland1"),
            ("ORG-AFF:Employment", "director", "port"),
            ("PHYS:Located", "port", "gdansk2"),
            ("ORG-AFF:Employment", "wrona2", "portauth"),
            ("PHYS:Located", "wrona1", "sopot"),
        ],
    },
    # ---- 5: NBSP + curly quotes, not annotated -----------------------------
    {
        "id": "demo-5",
        "date": "2026-03-02",
        "status": "todo",
        "newline": "\n",
        "paragraphs": [
            "Wildfire forces closure of coastal highway north of Valparaíso",
            "VALPARAÍSO, Chile — Firefighters battled a wildfire on Monday that "
            "has burned more than 1,200 hectares of scrubland and forced the "
            f"closure of a 10{NBSP}km stretch of coastal highway north of the "
            "city.",
            "Chile’s National Forestry Corporation (CONAF) said gusts of up to "
            f"60{NBSP}km/h were pushing the flames toward the hills above "
            "Concón. About 150 homes were evacuated as a precaution, and two "
            "shelters were opened in school gymnasiums.",
            "“The next 24 hours are decisive,” regional presidential delegate "
            "Paula Sepúlveda said at an evening briefing. “If the wind turns in "
            "our favour, we could have the fire contained by Wednesday.”",
            "No injuries have been reported. Authorities said the cause of the "
            "fire was under investigation and asked drivers to avoid Route F-30 "
            "until at least Thursday.",
        ],
        "events": [],
        "relations": [],
    },
    # ---- 6: ferry evacuation, not annotated --------------------------------
    {
        "id": "demo-6",
        "date": "2026-03-14",
        "status": "todo",
        "newline": "\n",
        "paragraphs": [
            "Coast guard evacuates 212 passengers from burning ferry off Crete",
            "HERAKLION, Greece — The Hellenic Coast Guard evacuated 212 "
            "passengers and 31 crew members from a ferry that caught fire off "
            "the northern coast of Crete early on Friday, the shipping ministry "
            "said.",
            "The fire broke out in the engine room of the Aegean Star about two "
            "hours after the vessel left Piraeus for Heraklion. Two coast guard "
            "patrol boats and a nearby cargo ship took passengers aboard, and "
            "an air force helicopter flew three people suffering from smoke "
            "inhalation to a hospital in Chania.",
            "\"Everyone is safe, and that is what matters tonight,\" Shipping "
            "Minister Nikos Alexiou said in a televised statement. He said "
            "investigators would board the ferry once it had been towed to "
            "port.",
            "The operator, Blue Horizon Lines, said it would cover hotel costs "
            "for all passengers and arrange onward travel to the island on "
            "Saturday.",
        ],
        "events": [],
        "relations": [],
    },
]

# --------------------------------------------------------------------------
# Marker parsing
# --------------------------------------------------------------------------
_CLOSE = re.compile(r"\|([A-Za-z:\-]+)\|([a-z0-9_]+)\]\]")


def parse_markers(marked: str, doc_id: str) -> tuple[str, list[dict]]:
    """Strip [[text|LABEL|key]] markers; return (text, spans with offsets)."""
    out: list[str] = []
    stack: list[int] = []
    spans: list[dict] = []
    i = 0
    while i < len(marked):
        if marked.startswith("[[", i):
            stack.append(len(out))
            i += 2
            continue
        m = _CLOSE.match(marked, i)
        if m:
            if not stack:
                fail(f"{doc_id}: closing marker without opening at {i}: {m.group(0)!r}")
            start = stack.pop()
            spans.append({"key": m.group(2), "start": start, "end": len(out),
                          "label": m.group(1), "text": "".join(out[start:])})
            i = m.end()
            continue
        ch = marked[i]
        if ch in "[]|":
            fail(f"{doc_id}: stray marker character {ch!r} at {i}: "
                 f"{marked[max(0, i - 30):i + 30]!r}")
        out.append(ch)
        i += 1
    if stack:
        fail(f"{doc_id}: {len(stack)} unclosed marker(s)")
    return "".join(out), spans


# --------------------------------------------------------------------------
# Building and validation
# --------------------------------------------------------------------------
EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF]")


def build_doc(spec: dict) -> dict:
    doc_id = spec["id"]
    nl = spec["newline"]
    marked = (nl + nl).join(spec["paragraphs"])
    text, raw = parse_markers(marked, doc_id)

    keys = [s["key"] for s in raw]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        fail(f"{doc_id}: duplicate span keys {sorted(dup)}")

    raw.sort(key=lambda s: (s["start"], s["end"]))
    key2id: dict[str, str] = {}
    spans = []
    for n, s in enumerate(raw, 1):
        key2id[s["key"]] = f"T{n}"
        spans.append({"id": f"T{n}", "start": s["start"], "end": s["end"],
                      "label": s["label"], "text": s["text"]})

    events = []
    for n, (trig_key, etype, args) in enumerate(spec["events"], 1):
        ev_key2id = key2id  # arguments may only name spans here
        if trig_key not in key2id:
            fail(f"{doc_id}: event {n} trigger key {trig_key!r} is not a span")
        arguments = []
        for role, ref in args:
            if ref not in ev_key2id:
                fail(f"{doc_id}: event {n} argument {role} refers to unknown key {ref!r}")
            arguments.append({"role": role, "ref": ev_key2id[ref]})
        events.append({"id": f"E{n}", "type": etype, "trigger": key2id[trig_key],
                       "arguments": arguments})

    relations = []
    for n, (rtype, head, tail) in enumerate(spec["relations"], 1):
        for k in (head, tail):
            if k not in key2id:
                fail(f"{doc_id}: relation {n} refers to unknown key {k!r}")
        relations.append({"id": f"R{n}", "type": rtype,
                          "head": key2id[head], "tail": key2id[tail]})

    title = text.split(nl, 1)[0]
    return {
        "id": doc_id,
        "text": text,
        "meta": {"title": title, "source": SOURCE, "date": spec["date"]},
        "status": spec["status"],
        "spans": spans,
        "events": events,
        "relations": relations,
    }


def validate_doc(doc: dict) -> None:
    did = doc.get("id", "?")
    want_keys = {"id", "text", "meta", "status", "spans", "events", "relations"}
    if set(doc) != want_keys:
        fail(f"{did}: keys {sorted(doc)} != {sorted(want_keys)}")
    text = doc["text"]
    if not isinstance(text, str) or not text:
        fail(f"{did}: empty text")
    if doc["status"] not in {"todo", "done"}:
        fail(f"{did}: bad status {doc['status']!r}")
    meta = doc["meta"]
    if set(meta) != {"title", "source", "date"} or meta["source"] != SOURCE:
        fail(f"{did}: bad meta {meta}")
    if not re.fullmatch(r"2026-\d\d-\d\d", meta["date"]):
        fail(f"{did}: bad date {meta['date']!r}")

    # text layout: headline, blank line, paragraphs separated by blank lines
    nl = "\r\n" if "\r" in text else "\n"
    if nl == "\r\n" and re.search(r"\r(?!\n)|(?<!\r)\n", text):
        fail(f"{did}: mixed line endings")
    paras = text.split(nl + nl)
    if len(paras) < 3 or any(not p.strip() or nl in p for p in paras):
        fail(f"{did}: text is not headline + blank-line separated paragraphs")
    if paras[0] != meta["title"]:
        fail(f"{did}: meta.title does not equal the first line")
    for line in text.split(nl):
        if line != line.strip():
            fail(f"{did}: leading/trailing whitespace in line {line!r}")
    n_words = len(" ".join(paras[1:]).split())
    if not 120 <= n_words <= 300:
        fail(f"{did}: body has {n_words} words, expected 120-300")
    if unicodedata.normalize("NFC", text) != text:
        fail(f"{did}: text is not NFC")

    # spans
    spans = doc["spans"]
    span_by_id: dict[str, dict] = {}
    prev = None
    for s in spans:
        sid = s.get("id")
        if set(s) != {"id", "start", "end", "label", "text"}:
            fail(f"{did}: span {sid} has keys {sorted(s)}")
        if not re.fullmatch(r"T\d+", str(sid)) or sid in span_by_id:
            fail(f"{did}: bad or duplicate span id {sid!r}")
        span_by_id[sid] = s
        st, en = s["start"], s["end"]
        if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text)):
            fail(f"{did}: span {sid} has bad offsets {st}..{en}")
        if text[st:en] != s["text"]:
            fail(f"{did}: span {sid} text {s['text']!r} != text[{st}:{en}] {text[st:en]!r}")
        if s["text"] != s["text"].strip():
            fail(f"{did}: span {sid} has surrounding whitespace")
        if s["label"] not in ALL_SPAN_LABELS:
            fail(f"{did}: span {sid} label {s['label']!r} not in schema")
        if prev is not None and (prev["start"], prev["end"]) > (st, en):
            fail(f"{did}: spans not sorted by (start, end) at {sid}")
        prev = s

    # events
    ev_ids: set[str] = set()
    triggers_used: set[str] = set()
    for e in doc["events"]:
        eid = e.get("id")
        if set(e) != {"id", "type", "trigger", "arguments"}:
            fail(f"{did}: event {eid} has keys {sorted(e)}")
        if not re.fullmatch(r"E\d+", str(eid)) or eid in ev_ids:
            fail(f"{did}: bad or duplicate event id {eid!r}")
        ev_ids.add(eid)
    for e in doc["events"]:
        eid, etype = e["id"], e["type"]
        if etype not in EVENT_ROLES:
            fail(f"{did}: event {eid} type {etype!r} not in schema")
        trig = span_by_id.get(e["trigger"])
        if trig is None:
            fail(f"{did}: event {eid} trigger {e['trigger']!r} is not a span id")
        if trig["label"] != etype:
            fail(f"{did}: event {eid} trigger {trig['id']} label {trig['label']!r} != type {etype!r}")
        if trig["id"] in triggers_used:
            fail(f"{did}: trigger {trig['id']} used by more than one event")
        triggers_used.add(trig["id"])
        for a in e["arguments"]:
            if set(a) != {"role", "ref"}:
                fail(f"{did}: event {eid} argument has keys {sorted(a)}")
            role, ref = a["role"], a["ref"]
            allowed = EVENT_ROLES[etype].get(role)
            if allowed is None:
                fail(f"{did}: event {eid}: role {role!r} not allowed for {etype}")
            if ref in span_by_id:
                lab = span_by_id[ref]["label"]
            elif ref in ev_ids:
                lab = next(x["type"] for x in doc["events"] if x["id"] == ref)
            else:
                fail(f"{did}: event {eid} argument {role} refers to unknown id {ref!r}")
            if lab not in allowed:
                fail(f"{did}: event {eid}: {role} filler {ref} has label {lab!r}, "
                     f"allowed {sorted(allowed)}")
    for s in spans:
        if s["label"] in EVENT_ROLES and s["id"] not in triggers_used:
            fail(f"{did}: trigger span {s['id']} ({s['text']!r}) has no event")

    # relations
    rel_ids: set[str] = set()
    for r in doc["relations"]:
        rid = r.get("id")
        if set(r) != {"id", "type", "head", "tail"}:
            fail(f"{did}: relation {rid} has keys {sorted(r)}")
        if not re.fullmatch(r"R\d+", str(rid)) or rid in rel_ids:
            fail(f"{did}: bad or duplicate relation id {rid!r}")
        rel_ids.add(rid)
        if r["type"] not in RELATIONS:
            fail(f"{did}: relation {rid} type {r['type']!r} not in schema")
        heads, tails = RELATIONS[r["type"]]
        for end, ok in (("head", heads), ("tail", tails)):
            sp = span_by_id.get(r[end])
            if sp is None:
                fail(f"{did}: relation {rid} {end} {r[end]!r} is not a span id")
            if sp["label"] not in ok:
                fail(f"{did}: relation {rid} {end} {sp['id']} label {sp['label']!r} "
                     f"not in {sorted(ok)}")
        if r["head"] == r["tail"]:
            fail(f"{did}: relation {rid} links a span to itself")


def nested(spans: list[dict]) -> bool:
    return any(a is not b and a["start"] <= b["start"] and b["end"] <= a["end"]
               for a in spans for b in spans)


def validate_collection(docs: list[dict]) -> None:
    if len(docs) != 6:
        fail(f"expected 6 documents, got {len(docs)}")
    ids = [d["id"] for d in docs]
    if len(set(ids)) != len(ids):
        fail("duplicate document ids")
    for d in docs:
        validate_doc(d)

    annotated = [d for d in docs if d["spans"]]
    empty = [d for d in docs if not (d["spans"] or d["events"] or d["relations"])]
    if len(annotated) != 4 or len(empty) != 2:
        fail("expected 4 annotated and 2 empty documents")
    if sorted(d["status"] for d in annotated) != ["done", "done", "todo", "todo"]:
        fail("annotated documents must be 2 done + 2 todo")
    if any(d["status"] != "todo" for d in empty):
        fail("unannotated documents must be todo")

    all_spans = [s for d in docs for s in d["spans"]]
    if not any(nested(d["spans"]) for d in docs):
        fail("no nested span")
    if sum(1 for d in docs for e in d["events"] if e["arguments"]) < 5:
        fail("fewer than 5 events with arguments")
    if sum(len(d["relations"]) for d in docs) < 3:
        fail("fewer than 3 relations")

    # offset traps
    crlf = [d for d in docs if "\r\n" in d["text"]]
    if len(crlf) != 1 or not crlf[0]["spans"]:
        fail("need exactly one CRLF document, annotated")
    first_cr = crlf[0]["text"].index("\r\n")
    if not any(s["start"] > first_cr for s in crlf[0]["spans"]):
        fail("no span after a CRLF")
    for d in docs:
        if d not in crlf and "\r" in d["text"]:
            fail(f"{d['id']}: stray CR")

    emo = [d for d in docs if EMOJI_RE.search(d["text"])]
    if len(emo) != 1 or not emo[0]["spans"]:
        fail("need exactly one emoji document, annotated")
    t = emo[0]["text"]
    if "\u200d" not in t or "\U0001F3FD" not in t or "\U0001F1FA\U0001F1E6" not in t:
        fail("emoji document should contain a ZWJ sequence, a skin tone and a flag")
    first_emoji = EMOJI_RE.search(t).start()
    if not any(s["start"] > first_emoji for s in emo[0]["spans"]):
        fail("no span after an emoji")
    zwj_last = t.rindex("\u200d")
    if not any(s["start"] > zwj_last for s in emo[0]["spans"]):
        fail("no span after the ZWJ sequence")

    nb = [d for d in docs if "\u00a0" in d["text"]]
    if len(nb) != 1 or not re.search("\u201c.+?\u201d", nb[0]["text"]):
        fail("need exactly one NBSP document with a curly-quoted quote")

    non_latin = [s for s in all_spans
                 if any(unicodedata.name(c, "").startswith(("ARABIC", "CYRILLIC", "CJK"))
                        for c in s["text"])]
    if not non_latin:
        fail("no span inside non-Latin text")


def dump(docs: list[dict]) -> str:
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    for ln in lines:
        if ln != ln.rstrip() or "\n" in ln:
            fail("bad JSONL line")
    return "\n".join(lines) + "\n"


def main() -> int:
    try:
        docs = [build_doc(spec) for spec in ARTICLES]
        validate_collection(docs)
        payload = dump(docs)
        OUT.write_bytes(payload.encode("utf-8"))
        # read back and validate again
        raw = OUT.read_bytes()
        if raw != payload.encode("utf-8"):
            fail("file content differs from what was written")
        reread = [json.loads(ln) for ln in raw.decode("utf-8").split("\n")[:-1]]
        if reread != docs:
            fail("round trip through JSON changed the documents")
        validate_collection(reread)
    except DemoError as exc:
        print(f"make_demo.py: ERROR: {exc}", file=sys.stderr)
        return 1

    print(f"wrote {OUT}")
    print(f"{'id':8} {'status':6} {'words':>5} {'spans':>5} {'events':>6} {'rels':>4}  notes")
    for d in docs:
        notes = []
        if "\r\n" in d["text"]:
            notes.append("CRLF")
        if EMOJI_RE.search(d["text"]):
            notes.append("emoji")
        if "\u00a0" in d["text"]:
            notes.append("NBSP+curly quotes")
        if nested(d["spans"]):
            notes.append("nested spans")
        if any(unicodedata.name(c, "").startswith(("ARABIC", "CYRILLIC", "CJK"))
               for c in d["text"]):
            notes.append("non-Latin names")
        body = d["text"].replace("\r\n", "\n").split("\n\n", 1)[1]
        print(f"{d['id']:8} {d['status']:6} {len(body.split()):5} {len(d['spans']):5} "
              f"{len(d['events']):6} {len(d['relations']):4}  {', '.join(notes)}")
    print(f"total: {len(docs)} documents, {sum(len(d['spans']) for d in docs)} spans, "
          f"{sum(len(d['events']) for d in docs)} events, "
          f"{sum(len(d['relations']) for d in docs)} relations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
