#!/usr/bin/env node
// scripts/query-bytes.js SITE QUERY...: what a reader's browser fetches, with
// an empty cache, to show the top 10 results of each QUERY on the search page
// of the site concord built in SITE: the page, the scripts and stylesheets it
// links, current.js, and the index files the site's own search.js loads
// (driven here through its Engine, as the page drives it).
//
// Prints one line per query, tab-separated: the query, the number of files,
// their bytes, and their bytes gzip-compressed (as a server would send them).
// scripts/bench calls it for its "bytes per query" figures.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const zlib = require("node:zlib");

const [site, ...queries] = process.argv.slice(2);
if (!site || queries.length === 0) {
  process.stderr.write("usage: query-bytes.js SITE QUERY...\n");
  process.exit(2);
}
const searchDir = path.join(site, "search");
const page = path.join(searchDir, "index.html");
const search = require(path.resolve(searchDir, "search.js"));

// A shard is a script that registers its data, as in the browser.
function loadFile(file) {
  let got;
  const context = { window: { __concordSearch: { register: (name, data) => { got = { name, data }; } } } };
  vm.runInNewContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  if (!got) throw new Error(file + " registered nothing");
  return got;
}

// The page's own files: itself and what its script and link elements name
// (not the favicon, which a browser fetches once for the whole site).
function pageFiles() {
  const html = fs.readFileSync(page, "utf8");
  const files = [page];
  const re = /<(script|link)\b[^>]*>/g;
  let m;
  while ((m = re.exec(html)) !== null) {
    const tag = m[0];
    if (m[1] === "link" && !/rel="stylesheet"/.test(tag)) continue;
    const ref = /(?:src|href)="([^"]+)"/.exec(tag);
    if (!ref || /^[a-z]+:|^\/\//i.test(ref[1])) continue;
    files.push(path.join(searchDir, ref[1]));
  }
  return files;
}

function sizes(files) {
  let raw = 0, gz = 0;
  for (const f of files) {
    const data = fs.readFileSync(f);
    raw += data.length;
    gz += zlib.gzipSync(data, { level: 9 }).length;
  }
  return [raw, gz];
}

(async () => {
  const current = loadFile(path.join(searchDir, "current.js")).data;
  for (const q of queries) {
    const loaded = new Set(pageFiles().concat([path.join(searchDir, "current.js")]));
    const engine = new search.Engine((name) => {
      const file = path.join(searchDir, "i", name + ".js");
      loaded.add(file);
      try {
        return Promise.resolve(loadFile(file).data);
      } catch (err) {
        return Promise.reject(err);
      }
    });
    await engine.init(current.manifest);
    const res = await engine.search(q, false);
    for (const h of res.hits.slice(0, 10)) await engine.meta(h.sid);
    const [raw, gz] = sizes(Array.from(loaded));
    process.stdout.write([q, loaded.size, raw, gz].join("\t") + "\n");
  }
})().catch((err) => {
  process.stderr.write("query-bytes: " + (err && err.stack || err) + "\n");
  process.exit(1);
});
