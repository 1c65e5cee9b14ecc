"""Reads concord's SKOS with rdflib, a reader concord did not write.

usage: check_skos.py FILE.ttl FILE.jsonld EXPECT.json BASE
EXPECT maps each term id to its prefLabel, altLabels, hiddenLabels and
notation. Prints one line per problem; "ok N concepts" when there is none.
"""
import json
import sys

from rdflib import Graph, Literal, Namespace, RDF, URIRef
from rdflib.compare import isomorphic

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")

ttl, jsonld, expect_file, base = sys.argv[1:5]
expect = json.load(open(expect_file, encoding="utf-8"))
gt = Graph().parse(ttl, format="turtle", publicID=base)
gj = Graph().parse(jsonld, format="json-ld", publicID=base)
problems = []
if not isomorphic(gt, gj):
    problems.append("the Turtle and JSON-LD graphs differ: %d and %d triples" % (len(gt), len(gj)))

g = gt
concepts = list(g.subjects(RDF.type, SKOS.Concept))
schemes = list(g.subjects(RDF.type, SKOS.ConceptScheme))
if len(schemes) != 1:
    problems.append("%d concept schemes, want 1" % len(schemes))
if len(concepts) != len(expect):
    problems.append("%d skos:Concept, want %d" % (len(concepts), len(expect)))


LANG = {SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition, SKOS.scopeNote, SKOS.example, DCT.source}


def texts(s, p):
    out = set()
    for o in g.objects(s, p):
        if isinstance(o, Literal) and p in LANG and o.language != "en":
            problems.append("%s %s %r is not tagged @en" % (s, p, o))
        out.add(str(o))
    return out


seen = set()
for c in concepts:
    ids = texts(c, DCT.identifier)
    if len(ids) != 1:
        problems.append("%s has %d identifiers" % (c, len(ids)))
        continue
    id_ = ids.pop()
    seen.add(id_)
    want = expect.get(id_)
    if want is None:
        problems.append("unexpected concept %s" % id_)
        continue
    if not str(c).startswith(base) or not str(c).endswith("glossary/%s/#concept" % id_):
        problems.append("%s: IRI %s is not under %s" % (id_, c, base))
    if (c, SKOS.inScheme, schemes[0]) not in g or (schemes[0], SKOS.hasTopConcept, c) not in g:
        problems.append("%s is not in the scheme" % id_)
    for prop, key in ((SKOS.prefLabel, "pref"), (SKOS.altLabel, "alt"), (SKOS.hiddenLabel, "hidden"), (SKOS.notation, "notation"), (SKOS.definition, "definition")):
        got = texts(c, prop)
        if got != set(want[key]):
            problems.append("%s %s: got %s, want %s" % (id_, key, sorted(got), sorted(want[key])))
    if len(texts(c, SKOS.prefLabel)) != 1:
        problems.append("%s has more than one prefLabel" % id_)
    for r in want["related"]:
        if not any(str(o).endswith("glossary/%s/#concept" % r) for o in g.objects(c, SKOS.related)):
            problems.append("%s: no skos:related to %s" % (id_, r))
    if len(texts(c, DCT.source)) == 0:
        problems.append("%s has no dcterms:source" % id_)
missing = set(expect) - seen
if missing:
    problems.append("no concept for %s" % sorted(missing))
for p in problems:
    print(p)
if not problems:
    print("ok %d concepts" % len(concepts))
