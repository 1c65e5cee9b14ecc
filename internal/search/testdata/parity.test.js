// Run by TestJavaScriptParity (internal/search/export_test.go) as
//   node --test testdata/parity.test.js
// with CONCORD_SEARCH_FIXTURE naming a folder that holds an exported site
// (search/current.js and the files in search/i/), cases.json (queries and Go's answers)
// and tokens.json (Go's surface forms of tricky text), and CONCORD_SEARCH_JS
// naming site/search/search.js. With CONCORD_SEARCH_REPORT set it also writes
// there, per case, the index files the browser would load.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const dir = process.env.CONCORD_SEARCH_FIXTURE;
const search = require(process.env.CONCORD_SEARCH_JS);

// load runs a shard script the way a script element would and returns what
// it registered.
function loadFile(file) {
  let got;
  const context = { window: { __concordSearch: { register: (name, data) => { got = { name, data }; } } } };
  vm.runInNewContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  return got;
}

const current = loadFile(path.join(dir, "search", "current.js")).data;
const base = path.join(dir, "search", "i");

function newEngine(loaded) {
  return new search.Engine((name) => {
    const file = path.join(base, name + ".js");
    loaded.add(file);
    try {
      const r = loadFile(file);
      assert.strictEqual(r.name, name);
      return Promise.resolve(r.data);
    } catch (err) {
      return Promise.reject(err);
    }
  });
}

test("search.js tokenizes like Go", () => {
  const stop = {};
  const manifest = loadFile(path.join(base, current.manifest + ".js"));
  manifest.data.stop.forEach((w) => { stop[w] = true; });
  const fixture = JSON.parse(fs.readFileSync(path.join(dir, "tokens.json"), "utf8"));
  for (const [text, want] of Object.entries(fixture)) {
    assert.deepStrictEqual(search.analyze(text, stop), want, text);
  }
});

test("search.js reads citations like Go", () => {
  const file = path.join(dir, "citations.json");
  if (!fs.existsSync(file)) return;
  for (const [q, want] of Object.entries(JSON.parse(fs.readFileSync(file, "utf8")))) {
    assert.strictEqual(search.citations(q), want, q);
  }
});

test("search.js ranks like Go", async (t) => {
  const cases = JSON.parse(fs.readFileSync(path.join(dir, "cases.json"), "utf8"));
  const report = [];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const loaded = new Set();
      const engine = newEngine(loaded);
      await engine.init(current.manifest);
      const res = await engine.search(c.query, c.prefixLast);
      const top = [];
      for (const h of res.hits.slice(0, 10)) {
        const m = await engine.meta(h.sid);
        top.push({ url: m.url, line: m.line, score: h.score });
      }
      assert.deepStrictEqual({ total: res.total, top, corrections: res.corrections },
        { total: c.total, top: c.top || [], corrections: c.corrections || [] },
        `browser ${JSON.stringify(c.query)} vs Go ${JSON.stringify(c.goQuery)}`);
      report.push({ name: c.name, query: c.query, files: Array.from(loaded).map((f) => path.relative(dir, f)) });
    });
  }
  if (process.env.CONCORD_SEARCH_REPORT) {
    fs.writeFileSync(process.env.CONCORD_SEARCH_REPORT, JSON.stringify(report, null, 1));
  }
});

// A ?q= link of 10,000 wildcards kept a reader's tab busy for a minute: the
// engine refuses a query longer or of more clauses than Go accepts, at once.
test("search.js refuses what Go refuses", async () => {
  const engine = newEngine(new Set());
  await engine.init(current.manifest);
  const refused = [
    ["a* ".repeat(10000), /longer than 512 bytes/],
    ["é".repeat(257), /longer than 512 bytes/],
    [Array(33).fill("sta*").join(" "), /more than 32 words/],
  ];
  for (const [q, want] of refused) {
    await assert.rejects(engine.search(q, false), (err) => err.query === true && want.test(err.message), q.slice(0, 40));
  }
  assert.strictEqual(search.MAX_QUERY_BYTES, Number(process.env.CONCORD_MAX_QUERY_BYTES));
  assert.strictEqual(search.MAX_CLAUSES, Number(process.env.CONCORD_MAX_CLAUSES));
  const res = await engine.search(Array(32).fill("sta*").join(" "), false);
  assert.ok(res.total > 0, "32 wildcards are allowed");
});

// Wildcards match as Go's anchored regular expressions do, in time bounded
// by the lengths: a regular expression of many .* backtracked for seconds on
// one long word.
test("search.js matches wildcards in bounded time", () => {
  const cases = [
    ["st?lk*", "stalking", true], ["*ing", "stalking", true], ["a*b", "ab", true], ["a*b", "abc", false],
    ["*", "", true], ["?", "", false], ["é?", "éa", true], ["a**b", "aXb", true], ["*a*", "b", false],
    ["s*".repeat(20) + "x", "s".repeat(60), false], ["s*".repeat(20) + "x", "s".repeat(60) + "x", true],
  ];
  for (const [pattern, word, want] of cases) {
    assert.strictEqual(search.wildcardMatcher(pattern)(word), want, pattern + " ~ " + word);
  }
});
