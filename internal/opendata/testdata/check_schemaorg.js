// Reads the schema.org block of each term page with the jsonld processor
// (npm jsonld), which concord did not write.
//
// usage: node check_schemaorg.js BLOCKS.json
// BLOCKS maps each term id to the text inside its <script
// type="application/ld+json"> and the name and description it must give.
// https://schema.org is served from a local copy of what matters of its
// context (its @vocab), as the tests reach no network.
"use strict";
const fs = require("fs");
const jsonld = require("jsonld");

const SDO = "https://schema.org/";
const documentLoader = async (url) => {
  if (url === "https://schema.org" || url === "https://schema.org/") {
    return { contextUrl: null, documentUrl: url, document: { "@context": { "@vocab": SDO } } };
  }
  throw new Error("no network in tests: " + url);
};

(async () => {
  const blocks = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const problems = [];
  for (const [id, b] of Object.entries(blocks)) {
    if (/<\/script|<!--/i.test(b.text)) problems.push(`${id}: the block could end the script element`);
    let doc;
    try {
      doc = JSON.parse(b.text);
    } catch (e) {
      problems.push(`${id}: not JSON: ${e}`);
      continue;
    }
    const base = `https://guidance.example.org/glossary/${id}/index.html`;
    const [node] = await jsonld.expand(doc, { documentLoader, base });
    const one = (k) => (node[SDO + k] || []).map((v) => v["@value"] ?? v["@id"]);
    if (!(node["@type"] || []).includes(SDO + "DefinedTerm")) problems.push(`${id}: not a DefinedTerm`);
    if (one("name")[0] !== b.name) problems.push(`${id}: name ${one("name")[0]}`);
    if (one("description")[0] !== b.description) problems.push(`${id}: description ${one("description")[0]}`);
    if (node["@id"] !== `https://guidance.example.org/glossary/${id}/#concept`) problems.push(`${id}: @id ${node["@id"]}`);
    const set = (node[SDO + "inDefinedTermSet"] || [])[0] || {};
    if (!(set["@type"] || []).includes(SDO + "DefinedTermSet") || set["@id"] !== "https://guidance.example.org/glossary/#scheme") {
      problems.push(`${id}: inDefinedTermSet ${JSON.stringify(set)}`);
    }
  }
  for (const p of problems) console.log(p);
  if (problems.length === 0) console.log(`ok ${Object.keys(blocks).length} DefinedTerm`);
})().catch((e) => { console.log("error: " + e); process.exit(1); });
