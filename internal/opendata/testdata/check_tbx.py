"""Reads concord's TBX with lxml, an XML library concord did not write, and
checks it against the TBX-Basic structure (ISO 30042:2019, DCA style).

usage: check_tbx.py FILE.tbx EXPECT.json
"""
import json
import sys

from lxml import etree

NS = "urn:iso:std:iso:30042:ed-2"
XML = "http://www.w3.org/XML/1998/namespace"
T = "{%s}" % NS
STATUS = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}
TERM_TYPES = {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}
# TBX-Basic's data categories, by element and type.
ALLOWED = {
    "descrip": {"definition", "subjectField", "context"},
    "admin": {"source", "customerSubset", "projectSubset"},
    "termNote": {"administrativeStatus", "termType", "partOfSpeech", "grammaticalGender", "geographicalUsage", "termLocation"},
    "ref": {"crossReference"},
    "xref": {"externalCrossReference", "xGraphic"},
}

tbx_file, expect_file = sys.argv[1:3]
expect = json.load(open(expect_file, encoding="utf-8"))
problems = []
root = etree.parse(tbx_file, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
if root.tag != T + "tbx" or root.get("type") != "TBX-Basic" or root.get("style") != "dca" or root.get("{%s}lang" % XML) != "en":
    problems.append("root is %s type=%s style=%s" % (root.tag, root.get("type"), root.get("style")))
if [c.tag for c in root] != [T + "tbxHeader", T + "text"]:
    problems.append("root holds %s, want tbxHeader, text" % [c.tag for c in root])
if root.find(T + "tbxHeader/" + T + "fileDesc/" + T + "sourceDesc") is None:
    problems.append("no tbxHeader/fileDesc/sourceDesc")
entries = root.findall(T + "text/" + T + "body/" + T + "conceptEntry")
if len(entries) != len(expect):
    problems.append("%d conceptEntry, want %d" % (len(entries), len(expect)))
ids = [e.get("id") for e in entries]
if len(set(ids)) != len(ids):
    problems.append("duplicate conceptEntry ids")
for el in root.iter():
    if not isinstance(el.tag, str):
        continue
    if not el.tag.startswith(T):
        # TBX-Basic's Schematron: "DCT style elements are not permitted in
        # DCA style TBX" -- no element outside the TBX namespace at all.
        problems.append("<%s> is outside the TBX namespace, which TBX-Basic (DCA style) forbids" % el.tag)
        continue
    name = el.tag[len(T):]
    if name in ALLOWED and el.get("type") not in ALLOWED[name]:
        problems.append("<%s type=%r> is not a TBX-Basic data category" % (name, el.get("type")))
for e in entries:
    id_ = e.get("id").lstrip("_")
    want = expect.get(id_)
    if want is None:
        problems.append("unexpected conceptEntry %s" % id_)
        continue
    # The core RELAX NG schema: a conceptEntry's own data, then its
    # langSecs, and no element after them.
    kids = [c.tag for c in e if isinstance(c.tag, str)]
    if T + "langSec" not in kids or kids[kids.index(T + "langSec"):] != [T + "langSec"] * kids.count(T + "langSec"):
        problems.append("%s: langSec must come after the concept's own data: %s" % (id_, kids))
    # concord's extension travels in a processing instruction, as JSON.
    pis = [c for c in e if c.tag is etree.PI and c.target == "concord-term"]
    if len(pis) != 1:
        problems.append("%s: %d concord-term processing instructions, want 1" % (id_, len(pis)))
    elif json.loads(pis[0].text).get("id") != id_:
        problems.append("%s: the concord-term extension is for another term" % id_)
    for r in e.findall(T + "ref"):
        if r.get("target") not in ids:
            problems.append("%s: crossReference to %s, which is no conceptEntry" % (id_, r.get("target")))
    if sorted(r.get("target").lstrip("_") for r in e.findall(T + "ref")) != sorted(want["related"]):
        problems.append("%s: crossReferences differ from related" % id_)
    ls = e.findall(T + "langSec")
    if len(ls) != 1 or ls[0].get("{%s}lang" % XML) != "en":
        problems.append("%s: want one langSec xml:lang=en" % id_)
        continue
    defs = [d.text for d in ls[0].iter(T + "descrip") if d.get("type") == "definition"]
    if defs != [want["definition"][0]]:
        problems.append("%s: definition %r" % (id_, defs))
    if not [a for a in ls[0].findall(T + "descripGrp/" + T + "admin") if a.get("type") == "source"]:
        problems.append("%s: no source with the definition" % id_)
    by = {s: set() for s in STATUS}
    for ts in ls[0].findall(T + "termSec"):
        kids = [c.tag[len(T):] for c in ts if c.tag.startswith(T)]
        if not kids or kids[0] != "term":
            problems.append("%s: termSec does not start with term" % id_)
        notes = {n.get("type"): n.text for n in ts.findall(T + "termNote")}
        if notes.get("administrativeStatus") not in STATUS:
            problems.append("%s: termSec %r status %r" % (id_, ts.findtext(T + "term"), notes.get("administrativeStatus")))
            continue
        if notes.get("termType") not in TERM_TYPES:
            problems.append("%s: termSec %r termType %r" % (id_, ts.findtext(T + "term"), notes.get("termType")))
        by[notes["administrativeStatus"]].add(ts.findtext(T + "term"))
    pref = by["preferredTerm-admn-sts"]
    admitted = by["admittedTerm-admn-sts"]
    if pref != set(want["pref"]):
        problems.append("%s: preferred %s, want %s" % (id_, pref, want["pref"]))
    if admitted != set(want["alt"]) | (set(want["notation"]) - pref):
        problems.append("%s: admitted %s, want %s" % (id_, sorted(admitted), sorted(set(want["alt"]) | set(want["notation"]))))
    if by["deprecatedTerm-admn-sts"] != set(want["hidden"]):
        problems.append("%s: deprecated %s, want %s" % (id_, by["deprecatedTerm-admn-sts"], want["hidden"]))
for p in problems:
    print(p)
if not problems:
    print("ok %d conceptEntry" % len(entries))
