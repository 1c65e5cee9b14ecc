// Run by TestBrowserParity (internal/cli/search_parity_test.go) as
//   node --test testdata/browser_parity.test.js
// with CONCORD_SITE naming a built site and CONCORD_CASES a file of queries
// and `concord search --format json`'s answers. The site's own
// search/search.js (which loads search/stem.js beside it) must give the same.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const site = process.env.CONCORD_SITE;
const search = require(path.join(site, "search", "search.js"));
const cases = JSON.parse(fs.readFileSync(process.env.CONCORD_CASES, "utf8"));

function loadFile(file) {
  let got;
  const context = { window: { __concordSearch: { register: (name, data) => { got = { name, data }; } } } };
  vm.runInNewContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  return got;
}

const current = loadFile(path.join(site, "search", "current.js")).data;

test("the browser's top ten are the command line's", async (t) => {
  for (const c of cases) {
    await t.test(c.query, async () => {
      const engine = new search.Engine((name) => Promise.resolve(loadFile(path.join(site, "search", "i", name + ".js")).data));
      await engine.init(current.manifest);
      const res = await engine.search(c.query, false);
      const top = [];
      for (const h of res.hits.slice(0, 10)) {
        const m = await engine.meta(h.sid);
        top.push({ title: m.title, section: m.heading, line: m.line, score: h.score });
      }
      assert.deepStrictEqual({ total: res.total, top, corrections: res.corrections },
        { total: c.total, top: c.top, corrections: c.corrections || [] });
    });
  }
});
