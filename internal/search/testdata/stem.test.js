// Run by TestJavaScriptStemParity (internal/search/stem_parity_test.go) as
//   node --test testdata/stem.test.js
// with CONCORD_SEARCH_FIXTURE naming a folder holding stems.json: the stop
// words and, per word, the terms the index's bleve analyser makes of it.
// search.js (CONCORD_SEARCH_JS) must make the same terms, in the same order.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");

const search = require(process.env.CONCORD_SEARCH_JS);
const fixture = JSON.parse(fs.readFileSync(path.join(process.env.CONCORD_SEARCH_FIXTURE, "stems.json"), "utf8"));

test("search.js analyses words as the index did", () => {
  const stop = {};
  fixture.stop.forEach((w) => { stop[w] = true; });
  assert.ok(fixture.cases.length >= 10000, `${fixture.cases.length} words`);
  const wrong = [];
  for (const c of fixture.cases) {
    const terms = [];
    for (const s of search.analyze(c.text, stop)) {
      const t = search.stem(s);
      if (!terms.includes(t)) terms.push(t);
    }
    if (JSON.stringify(terms) !== JSON.stringify(c.terms)) wrong.push(`${c.text}: ${JSON.stringify(terms)}, want ${JSON.stringify(c.terms)}`);
  }
  assert.deepStrictEqual(wrong.slice(0, 20), [], `${wrong.length} of ${fixture.cases.length} words differ`);
});
