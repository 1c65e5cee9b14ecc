/*
 * search.js: concord's search, in the browser. Plain JavaScript with no
 * dependencies, no WebAssembly, no eval and no inline script, so it runs
 * under the site's Content-Security-Policy (script-src 'self').
 *
 * MARKUP IT EXPECTS (the search page, search/index.html):
 *
 *   <form role="search" action="index.html" method="get">
 *     <label for="search-q">Search</label>
 *     <input type="search" id="search-q" name="q" autocomplete="off">
 *   </form>
 *   <p data-search-status role="status"></p>        (optional)
 *   <div data-search-results></div>
 *   <div data-search-fallback>…</div>                 (optional)
 *   <script src="stem.js" defer></script>           (the stemmer, first)
 *   <script src="search.js" defer></script>
 *
 * - The input: #search-input if present, else the first input[type=search].
 * - Results: [data-search-results] gets, when a query names a glossary
 *   term, a definition card (section.search-definition), then an ordered
 *   list (ol.search-results__list) of up to 10 li.search-result, each with
 *   h2.search-result__heading > a.search-result__title (the page),
 *   p.search-result__section (the heading), p.search-result__snippet (one
 *   or two sentences around the matched words, in <mark>) and
 *   p.search-result__kind ("Guidance" or "Glossary term"); with no result,
 *   div.search-none saying what to try.
 * - Status: "N results for “…”" is written into [data-search-status]; when
 *   the page has none, a visually hidden one (class "visually-hidden",
 *   role=status) is added before the results.
 * - [data-search-fallback] is hidden once the index has loaded.
 * - The index: search.js loads current.js from its own folder, which names
 *   the manifest in i/ beside it; the manifest names the shards there.
 *   Attributes on the script element change that: data-search-index="URL of
 *   the folder holding current.js", data-search-manifest="URL of a
 *   manifest-HASH.js" (its shards are in the same folder).
 * - Result links are the page URL (relative to the site root) prefixed with
 *   data-search-root (default "../", since the search page is
 *   search/index.html). From file://, links to folders get "index.html".
 * - ?q= in the address runs a search on load; typing updates it with
 *   history.replaceState. Typing searches after a short pause, and the last
 *   word typed also matches as a prefix. Down and Up move between the input
 *   and the results; Escape in the input clears it.
 *
 * The index format, the query syntax the browser supports and how this file
 * is tested against the Go side are in README.md beside it.
 */
(function () {
  "use strict";

  var SHOULD = 0, MUST = 1, NOT = 2;
  var SCORED = ["title", "heading", "body"];
  var ALL = 7;
  var MIN_PREFIX = 3; // characters before the last word typed matches as a prefix
  // The bounds of a query, as in Go (search.MaxQueryBytes, maxClauses): a
  // ?q= link of thousands of wildcards must not keep the reader's tab busy.
  var MAX_QUERY_BYTES = 512;
  var MAX_CLAUSES = 32;

  // ---- Tokenizer: the words of UAX #29, as bleve's unicode tokenizer finds them.

  var reIdeo = /[\p{Ideographic}\p{Script=Hiragana}]/u;
  var reKana = /\p{Script=Katakana}/u;
  var reNum = /\p{Nd}/u;
  var reLetter = /[\p{L}\p{Nl}]/u;
  var reExtend = /[\p{M}\p{Cf}\u200D]/u;
  var reExtNumLet = /\p{Pc}/u;
  var MID_LETTER = ":\u00B7\u0387\u05F4\u2027\uFE13\uFE55\uFF1A";
  var MID_NUM_LET = ".\u2018\u2019\u2024\uFE52\uFF07\uFF0E'";
  var MID_NUM = ",;\u037E\u0589\u060C\u060D\u066C\u07F8\u2044\uFE10\uFE14\uFE50\uFE54\uFF0C\uFF1B";

  // Character classes: A letter, N number, K katakana, E connector, I
  // ideograph, X extend, L/M/B mid-letter, mid-number, both; O other.
  function charClass(c) {
    if (reExtend.test(c)) return "X";
    if (reIdeo.test(c)) return "I";
    if (reKana.test(c)) return "K";
    if (reNum.test(c)) return "N";
    if (reLetter.test(c)) return "A";
    if (reExtNumLet.test(c)) return "E";
    if (MID_NUM_LET.indexOf(c) >= 0) return "B";
    if (MID_LETTER.indexOf(c) >= 0) return "L";
    if (MID_NUM.indexOf(c) >= 0) return "M";
    return "O";
  }

  // tokenize returns the words of text as {text, start, end}, offsets in
  // UTF-16 units.
  function tokenize(text) {
    var cps = [], offs = [], cls = [];
    for (var i = 0; i < text.length; ) {
      var cp = text.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      cps.push(ch);
      offs.push(i);
      cls.push(charClass(ch));
      i += ch.length;
    }
    offs.push(text.length);
    var n = cps.length, out = [];
    function skipExtend(j) {
      while (j < n && cls[j] === "X") j++;
      return j;
    }
    var k = 0;
    while (k < n) {
      var t = cls[k];
      if (t === "I") {
        var e = skipExtend(k + 1);
        out.push({ text: text.slice(offs[k], offs[e]), start: offs[k], end: offs[e] });
        k = e;
        continue;
      }
      if (t !== "A" && t !== "N" && t !== "K" && t !== "E") {
        k++;
        continue;
      }
      var start = k, prev = t, word = t !== "E";
      k = skipExtend(k + 1);
      while (k < n) {
        var t2 = cls[k];
        if ((t2 === "A" || t2 === "N") && (prev === "A" || prev === "N" || prev === "E") ||
            t2 === "E" && (prev === "A" || prev === "N" || prev === "K" || prev === "E") ||
            t2 === "K" && (prev === "K" || prev === "E")) {
          prev = t2;
          if (t2 !== "E") word = true;
          k = skipExtend(k + 1);
          continue;
        }
        if (t2 === "L" || t2 === "B" || t2 === "M") {
          var j = skipExtend(k + 1);
          if (j < n) {
            var t3 = cls[j];
            if (prev === "A" && t3 === "A" && (t2 === "L" || t2 === "B") ||
                prev === "N" && t3 === "N" && (t2 === "M" || t2 === "B")) {
              k = skipExtend(j + 1);
              continue;
            }
          }
        }
        break;
      }
      if (word) out.push({ text: text.slice(offs[start], offs[k]), start: offs[start], end: offs[k] });
    }
    return out;
  }

  // The Porter stemmer of the index (stem.js, loaded before this file).
  var stemmer = typeof module === "object" && module.exports ? require("./stem.js") :
    typeof window === "object" && window.__concordSearch && window.__concordSearch.stemmer;
  var stem = stemmer ? stemmer.stem : null;

  // lower is Go's strings.ToLower: each character on its own (a final
  // sigma stays σ), and İ becomes i, not i and a combining dot.
  function lower(w) {
    if (/^[\x00-\x7f]*$/.test(w)) return w.toLowerCase();
    return Array.from(w, function (c) { return c === "\u0130" ? "i" : c.toLowerCase(); }).join("");
  }

  // fold is analysis.Fold: lower case, NFC, no English possessive.
  var POSSESSIVES = ["'s", "\u2019s", "'", "\u2019"];
  function fold(w) {
    w = lower(w).normalize("NFC");
    for (var i = 0; i < POSSESSIVES.length; i++) {
      var suf = POSSESSIVES[i];
      if (w.length > suf.length && w.slice(-suf.length) === suf) {
        return w.slice(0, w.length - suf.length);
      }
    }
    return w;
  }

  var reSep = /[^\p{L}\p{M}\p{N}]/u;
  var reSepAll = /[^\p{L}\p{M}\p{N}]+/u;

  // expandToken is the Go expandToken: the folded word unless it is a stop
  // word, and the parts of a glued word ("4.2.1": 4, 2, 1).
  function expandToken(raw, stop, emit) {
    var s = fold(raw);
    if (!s) return;
    if (!stop[s]) emit(s);
    if (!reSep.test(s)) return;
    var parts = s.split(reSepAll);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] && !stop[parts[i]]) emit(parts[i]);
    }
  }

  // analyze returns the unique surface forms text stands for.
  function analyze(text, stop) {
    var seen = {}, out = [];
    tokenize(text).forEach(function (t) {
      expandToken(t.text, stop, function (s) {
        if (!seen[s]) {
          seen[s] = true;
          out.push(s);
        }
      });
    });
    return out;
  }

  // ---- Query syntax: the subset of bleve's query strings the browser runs.

  // citations is the Go normalizeCitations (internal/search/analyzer.go):
  // "s.4A", "section 4A", "s 4A" become "+4A", so that every way of citing a
  // section finds the same passages. Words in quotes are left alone.
  var CITATION_MARKERS = { s: 1, ss: 1, sec: 1, sect: 1, section: 1, sections: 1, "\u00A7": 1 };
  var reCitationWord = /^([+-]?)([A-Za-z]+|\u00A7)(\.?)([^]*)$/;
  var reCitationNumber = /^[0-9]+[A-Za-z]{0,2}(\([0-9A-Za-z]+\))*$/;
  function citations(q) {
    var parts = q.match(/[ \t\n\r\f\v]+|[^ \t\n\r\f\v]+/g) || [];
    var quoted = false, changed = false;
    for (var i = 0; i < parts.length; i++) {
      var w = parts[i];
      if (w === "" || /^[ \t\n\r\f\v]/.test(w)) continue;
      var m = !quoted && reCitationWord.exec(w);
      if (m && CITATION_MARKERS[m[2].toLowerCase()] === 1) {
        var sign = m[1] || "+";
        if (m[4] !== "" && reCitationNumber.test(m[4])) {
          parts[i] = sign + m[4];
          changed = true;
        } else if (m[4] === "" && i + 2 < parts.length && reCitationNumber.test(parts[i + 2])) {
          parts[i] = "";
          parts[i + 2] = sign + parts[i + 2];
          changed = true;
          i += 2;
        }
      }
      if (unescapedQuotes(w) % 2 === 1) quoted = !quoted;
    }
    return changed ? parts.join("") : q;
  }

  function unescapedQuotes(w) {
    var n = 0;
    for (var i = 0; i < w.length; i++) {
      if (w[i] === "\\") i++;
      else if (w[i] === '"') n++;
    }
    return n;
  }

  // parseQuery returns clauses {occur, field, kind, value}, kind one of
  // word, phrase, pattern, fuzzy, regexp, other. With prefixLast the last
  // word, when typed to MIN_PREFIX characters, becomes a prefix pattern.
  function parseQuery(q, prefixLast) {
    q = citations(q);
    var out = [], i = 0, n = q.length;
    function space(c) { return /\s/.test(c); }
    while (i < n) {
      while (i < n && space(q[i])) i++;
      if (i >= n) break;
      var occur = SHOULD;
      if (q[i] === "+") { occur = MUST; i++; } else if (q[i] === "-") { occur = NOT; i++; }
      var field = "", value = "", kind = "word";
      for (;;) {
        if (q[i] === '"') {
          i++;
          while (i < n && q[i] !== '"') {
            if (q[i] === "\\" && i + 1 < n) i++;
            value += q[i++];
          }
          i++;
          kind = "phrase";
          break;
        }
        var s = "";
        while (i < n && !space(q[i]) && q[i] !== ":" && q[i] !== "^" && q[i] !== "~") {
          if (q[i] === "\\" && i + 1 < n) i++;
          s += q[i++];
        }
        if (q[i] === ":" && field === "" && s !== "") {
          field = s;
          i++;
          continue;
        }
        value = s;
        break;
      }
      while (i < n && (q[i] === "~" || q[i] === "^")) {
        var op = q[i++];
        while (i < n && !space(q[i])) i++;
        if (op === "~" && kind === "word") kind = "fuzzy";
      }
      if (value === "" || /^[<>=]/.test(value)) continue;
      if (kind === "word") {
        if (value.length > 1 && value[0] === "/" && value[value.length - 1] === "/") kind = "regexp";
        else if (/[*?]/.test(value)) kind = "pattern";
      }
      out.push({ occur: occur, field: field, kind: kind, value: value });
    }
    if (prefixLast && out.length && !/\s$/.test(q)) {
      var last = out[out.length - 1];
      var toks = tokenize(last.value);
      if (last.kind === "word" && toks.length === 1 && toks[0].text === last.value &&
          Array.from(last.value).length >= MIN_PREFIX) {
        last.kind = "pattern";
        last.value += "*";
      }
    }
    return out;
  }

  // queryError is a query the engine will not run, with the reason to show.
  function queryError(msg) {
    var err = new Error(msg);
    err.query = true;
    return err;
  }

  // ---- Ranking: the Go function in internal/search/score.go, step for step.
  // Impacts (quantised BM25 term-frequency parts) come with the postings.

  function idf(n, df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  function round4(x) {
    return Math.round(x * 1e4) / 1e4;
  }

  // scoreSection ranks section sid. terms are sorted, unique {stem, mask};
  // post maps a stem to its decoded postings {df, f: [Map sid → impact]}.
  function scoreSection(m, terms, post, sid) {
    var n = m.sections, total = 0.0;
    for (var i = 0; i < terms.length; i++) {
      var p = post[terms[i].stem];
      if (!p) continue;
      var fs = 0.0, any = false;
      for (var f = 0; f < 3; f++) {
        var q = p.f[f].get(sid);
        if (q) any = true;
        if (!(terms[i].mask & (1 << f)) || !q) continue;
        fs = fs + m.weights[f] * q / m.scale;
      }
      if (!any || fs === 0) continue;
      total = total + idf(n, p.df) * fs;
    }
    return round4(total);
  }

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d++) DIGIT[ALPHABET[d]] = d;

  // A section's id is document × SECTIONS_PER_DOC + section: ids keep the
  // Go order (file, then section) and stay exact integers.
  var SECTIONS_PER_DOC = 1048576;

  // readVarint reads a number at str[pos.i] (base 32, least significant
  // first, digits 32-63 mean more follow) and advances pos.i.
  function readVarint(str, pos) {
    var n = 0, mult = 1, c;
    while ((c = DIGIT[str[pos.i++]]) >= 32) {
      n += (c - 32) * mult;
      mult *= 32;
    }
    return n + c * mult;
  }

  // decodePostings reads [df, title, heading, body]: per field, triples of
  // a document delta and a section (varints) and an impact (one digit).
  function decodePostings(entry) {
    var f = [];
    for (var k = 1; k <= 3; k++) {
      var str = entry[k], map = new Map(), doc = 0, pos = { i: 0 };
      while (pos.i < str.length) {
        doc += readVarint(str, pos);
        var sec = readVarint(str, pos);
        map.set(doc * SECTIONS_PER_DOC + sec, DIGIT[str[pos.i++]]);
      }
      f.push(map);
    }
    return { df: entry[0], f: f };
  }

  function cmpTerms(a, b) {
    if (a.stem !== b.stem) return a.stem < b.stem ? -1 : 1;
    return a.mask - b.mask;
  }

  function runeLength(s) {
    return Array.from(s).length;
  }

  // sortExpansion is the Go sortExpansion: shortest first, then in order,
  // at most maxExp.
  function sortExpansion(set, maxExp) {
    var out = Object.keys(set);
    out.sort(function (a, b) {
      var la = runeLength(a), lb = runeLength(b);
      if (la !== lb) return la - lb;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return out.slice(0, maxExp);
  }

  // wildcardMatcher returns a function telling whether a word matches a
  // wildcard pattern (* any run, ? one character), as Go's anchored regular
  // expression does. It walks the pattern once with one point to return to,
  // so its time is at most the product of the lengths: a JavaScript
  // regular expression of many .* backtracks exponentially.
  function wildcardMatcher(pattern) {
    var p = Array.from(pattern);
    return function (word) {
      var w = Array.from(word), i = 0, j = 0, star = -1, mark = 0;
      while (i < w.length) {
        if (j < p.length && p[j] === "*") {
          star = j++;
          mark = i;
        } else if (j < p.length && (p[j] === "?" || p[j] === w[i])) {
          i++;
          j++;
        } else if (star >= 0) {
          j = star + 1;
          i = ++mark;
        } else {
          return false;
        }
      }
      while (j < p.length && p[j] === "*") j++;
      return j === p.length;
    };
  }

  // lastAtMost returns the index of the last element of sorted that is <= x.
  function lastAtMost(sorted, x) {
    var lo = 0, hi = sorted.length - 1, ans = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] <= x) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }

  // ---- The engine: loads shards through load(name) → Promise of data.

  function Engine(load) {
    this.load = load;
    this.cache = {};
    this.m = null;
  }

  Engine.prototype.get = function (name) {
    if (!this.cache[name]) {
      var self = this;
      this.cache[name] = this.load(name).catch(function (err) {
        delete self.cache[name];
        throw err;
      });
    }
    return this.cache[name];
  };

  // init loads the manifest that current.js names.
  Engine.prototype.init = function (manifest) {
    var self = this;
    if (!stem) return Promise.reject(new Error("search: stem.js is not loaded"));
    return this.get(manifest).then(function (m) {
      self.m = m;
      self.keys = new Map();
      m.vocab.forEach(function (k, i) { self.keys.set(k, i); });
      self.stop = {};
      m.stop.forEach(function (w) { self.stop[w] = true; });
      self.post = {};
      self.secs = [];
      for (var pos = { i: 0 }; pos.i < m.secs.length; ) self.secs.push(readVarint(m.secs, pos));
      // The documents that are glossary term pages (document deltas).
      self.glossary = new Set();
      for (var gp = { i: 0 }, g = 0; gp.i < (m.glossary || "").length; ) self.glossary.add(g += readVarint(m.glossary, gp));
      return m;
    });
  };

  // shardName is the name of shard i of a kind, from the manifest's string
  // of fixed-width content hashes.
  function shardName(kind, hashes, i) {
    return kind + "-" + hashes.substr(i * HASH_CHARS, HASH_CHARS);
  }
  var HASH_CHARS = 10;

  Engine.prototype.vocabName = function (key) {
    return shardName("v", this.m.vocabHash, this.keys.get(key));
  };

  // vocabKey returns the shard key of a surface form, or null.
  Engine.prototype.vocabKey = function (surface) {
    var cps = Array.from(surface);
    for (var len = Math.min(cps.length, 4); len >= 1; len--) {
      var k = cps.slice(0, len).join("");
      if (this.keys.has(k)) return k;
    }
    return null;
  };

  Engine.prototype.vocabShard = function (key) {
    return this.get(this.vocabName(key));
  };

  function decodeStem(surface, v) {
    return typeof v === "number" ? surface.slice(0, surface.length - v) : v;
  }

  // withPrefix calls fn(surface, stem) for every surface form that begins
  // with prefix, loading the shards that can hold one.
  Engine.prototype.withPrefix = function (prefix, fn) {
    var self = this;
    var keys = this.m.vocab.filter(function (k) { return k.indexOf(prefix) === 0; });
    var own = this.vocabKey(prefix);
    if (own !== null && keys.indexOf(own) < 0) keys.push(own);
    return Promise.all(keys.map(function (k) { return self.vocabShard(k); })).then(function (shards) {
      shards.forEach(function (v) {
        Object.keys(v).forEach(function (s) {
          if (s.indexOf(prefix) === 0) fn(s, decodeStem(s, v[s]));
        });
      });
    });
  };

  // expandPattern is the Go expandPattern over the shards the literal
  // prefix of the pattern needs.
  Engine.prototype.expandPattern = function (pattern) {
    var self = this, set = {};
    var literal = pattern.split(/[*?]/)[0];
    if (literal === "") return Promise.resolve(null);
    var match = wildcardMatcher(pattern);
    return this.withPrefix(literal, function (s, stem) {
      if (match(s)) set[stem] = true;
    }).then(function () {
      return sortExpansion(set, self.m.maxExp);
    });
  };

  // resolve turns a clause into {occur, mask, stems, all, correction} or
  // null (dropped). Words are stemmed as the index stemmed them (stem.js).
  // A plain word whose one stem is in no section is searched for as the
  // nearest word the site uses, as the Go side does (Query.Spelling).
  Engine.prototype.resolve = function (c) {
    var self = this, mask;
    if (c.field === "" || c.field === "_all") mask = ALL;
    else if (SCORED.indexOf(c.field) >= 0) mask = 1 << SCORED.indexOf(c.field);
    else return Promise.resolve(null);
    var out = { occur: c.occur, mask: mask, stems: [], all: c.kind === "phrase" };
    if (c.kind === "regexp" || c.kind === "other") return Promise.resolve(null);
    if (c.kind === "pattern") {
      return this.expandPattern(lower(c.value).normalize("NFC")).then(function (stems) {
        if (stems === null) return null;
        out.stems = stems;
        return out;
      });
    }
    var surfaces = analyze(c.value, this.stop);
    if (!surfaces.length) return Promise.resolve(null);
    surfaces.forEach(function (s) {
      var st = stem(s);
      if (out.stems.indexOf(st) < 0) out.stems.push(st);
    });
    if (c.kind !== "word" || out.stems.length !== 1) return Promise.resolve(out);
    return this.postings(out.stems).then(function () {
      if (self.post[out.stems[0]]) return out;
      return self.nearestWord(lower(c.value).normalize("NFC")).then(function (w) {
        if (w !== null) {
          out.stems = [stem(w)];
          out.correction = { word: c.value, suggestion: w };
        }
        return out;
      });
    });
  };

  // ---- Spelling: the Go nearestWord (internal/search/spell.go).

  // spellingReach is the number of edits allowed for a word of n characters.
  function spellingReach(n) {
    return n < 4 ? 0 : n <= 5 ? 1 : 2;
  }

  // editDistance is the optimal string alignment distance between arrays of
  // characters a and b (a swap of two adjacent characters is one edit), or
  // limit + 1 as soon as it must exceed limit.
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = [], prev = [], cur = [], j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur[0] = i;
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > limit) return limit + 1;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return prev[b.length];
  }

  // cmpGo orders strings as Go does (by code point, which is UTF-8 byte order).
  function cmpGo(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
    }
    return x.length - y.length;
  }

  var reLettersOnly = /^\p{L}+$/u;

  // nearestWord resolves to the surface form nearest to word (folded), or
  // null: the fewest edits, then the most sections using its stem, then the
  // first in Go's order. It loads the manifest's spelling lists for the
  // lengths within reach, then the postings of the nearest candidates only.
  Engine.prototype.nearestWord = function (word) {
    var self = this, m = this.m, w = Array.from(word), k = spellingReach(w.length);
    if (k === 0 || !reLettersOnly.test(word) || !m.spell) return Promise.resolve(null);
    var names = [], lists = m.spell.length / HASH_CHARS;
    for (var n = Math.max(w.length - k, m.spellMin); n <= w.length + k; n++) {
      var i = Math.min(n - m.spellMin, lists - 1), name = shardName("w", m.spell, i);
      if (names.indexOf(name) < 0) names.push(name);
    }
    return Promise.all(names.map(function (nm) { return self.get(nm); })).then(function (got) {
      var cands = [];
      got.forEach(function (list) {
        list.forEach(function (s) {
          var cs = Array.from(s);
          if (cs.length < w.length - k || cs.length > w.length + k) return;
          var d = editDistance(w, cs, k);
          if (d <= k) cands.push({ s: s, d: d });
        });
      });
      cands.sort(function (a, b) { return a.d - b.d || cmpGo(a.s, b.s); });
      // One distance at a time: a candidate whose stem is in no section
      // does not count, as in Go.
      function level(i) {
        if (i >= cands.length) return Promise.resolve(null);
        var j = i;
        while (j < cands.length && cands[j].d === cands[i].d) j++;
        var group = cands.slice(i, j);
        return self.postings(group.map(function (c) { return stem(c.s); })).then(function () {
          var best = null, bestDF = 0;
          group.forEach(function (c) {
            var p = self.post[stem(c.s)], df = p ? p.df : 0;
            if (df > bestDF) {
              best = c.s;
              bestDF = df;
            }
          });
          return best !== null ? best : level(j);
        });
      }
      return level(0);
    });
  };

  Engine.prototype.postings = function (stems) {
    var self = this, m = this.m;
    var need = stems.filter(function (s) { return !(s in self.post); });
    return Promise.all(need.map(function (s) {
      var i = lastAtMost(m.postings, s);
      if (i < 0) {
        self.post[s] = null;
        return null;
      }
      return self.get(shardName("p", m.postHash, i)).then(function (shard) {
        self.post[s] = Object.prototype.hasOwnProperty.call(shard, s) ? decodePostings(shard[s]) : null;
      });
    }));
  };

  // search runs a query: {total, hits: [{sid, score}] sorted, stems: the
  // stems to highlight}.
  Engine.prototype.search = function (text, prefixLast) {
    var self = this;
    // UTF-8 takes at least as many bytes as a string has UTF-16 units.
    if (text.length > MAX_QUERY_BYTES || new TextEncoder().encode(text).length > MAX_QUERY_BYTES) {
      return Promise.reject(queryError("it is longer than " + MAX_QUERY_BYTES + " bytes"));
    }
    var clauses = parseQuery(text, prefixLast);
    if (clauses.length > MAX_CLAUSES) {
      return Promise.reject(queryError("it has more than " + MAX_CLAUSES + " words or phrases"));
    }
    return Promise.all(clauses.map(function (c) { return self.resolve(c); })).then(function (rs) {
      rs = rs.filter(function (r) { return r !== null; });
      var stems = [], corrections = [];
      rs.forEach(function (r) {
        stems = stems.concat(r.stems);
        if (r.correction) corrections.push(r.correction);
      });
      return self.postings(stems).then(function () {
        var res = self.rank(rs);
        res.corrections = corrections;
        return res;
      });
    });
  };

  Engine.prototype.matches = function (r, sid) {
    var hit = 0;
    for (var i = 0; i < r.stems.length; i++) {
      var p = this.post[r.stems[i]], found = false;
      for (var f = 0; p && f < 3 && !found; f++) {
        if ((r.mask & (1 << f)) && p.f[f].has(sid)) found = true;
      }
      if (found) {
        hit++;
        if (!r.all) return true;
      }
    }
    return r.all && r.stems.length > 0 && hit === r.stems.length;
  };

  Engine.prototype.rank = function (rs) {
    var self = this, m = this.m;
    var must = rs.filter(function (r) { return r.occur === MUST; });
    var should = rs.filter(function (r) { return r.occur === SHOULD; });
    var not = rs.filter(function (r) { return r.occur === NOT; });
    var candidates = new Set();
    if (must.length + should.length === 0) {
      if (not.length) {
        for (var doc = 0; doc < self.secs.length; doc++) {
          for (var s = 0; s < self.secs[doc]; s++) candidates.add(doc * SECTIONS_PER_DOC + s);
        }
      }
    } else {
      must.concat(should).forEach(function (r) {
        r.stems.forEach(function (stem) {
          var p = self.post[stem];
          if (!p) return;
          for (var f = 0; f < 3; f++) {
            if (r.mask & (1 << f)) p.f[f].forEach(function (_, sid) { candidates.add(sid); });
          }
        });
      });
    }
    var terms = [], seen = {}, highlight = {};
    must.concat(should).forEach(function (r) {
      r.stems.forEach(function (stem) {
        highlight[stem] = true;
        var key = stem + "\u0000" + r.mask;
        if (!seen[key]) {
          seen[key] = true;
          terms.push({ stem: stem, mask: r.mask });
        }
      });
    });
    terms.sort(cmpTerms);
    var hits = [];
    candidates.forEach(function (sid) {
      for (var i = 0; i < must.length; i++) if (!self.matches(must[i], sid)) return;
      if (!must.length && should.length && !should.some(function (r) { return self.matches(r, sid); })) return;
      for (var j = 0; j < not.length; j++) if (self.matches(not[j], sid)) return;
      hits.push({ sid: sid, score: scoreSection(m, terms, self.post, sid) });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.sid - b.sid; });
    return { total: hits.length, hits: hits, stems: highlight };
  };

  // meta returns what a result shows: {title, url, heading, line, text,
  // kind, names, definition}; text is the section's whole text, from the
  // document's shard, so that the snippet can be taken around the matched
  // words.
  Engine.prototype.meta = function (sid) {
    var self = this, doc = Math.floor(sid / SECTIONS_PER_DOC), sec = sid % SECTIONS_PER_DOC;
    var name = shardName("m", this.m.docs, doc);
    return this.get(name).then(function (d) {
      return self.texts(name, d).then(function (texts) {
        var r = d[2][sec], extra = d[4] || {};
        return {
          title: d[0], url: r[0] ? d[1] + "#" + r[0] : d[1], page: d[1], heading: r[1], line: r[2], text: texts[sec] || "",
          kind: extra.kind || "guidance", names: extra.names || [], definition: extra.definition || ""
        };
      });
    });
  };

  // texts returns (a promise of) the section texts of the document shard d,
  // which keeps them deflated (raw, RFC 1951) and in base64, joined by line
  // breaks (packTexts in internal/search/texts.go). A browser without
  // DecompressionStream (before 2023) shows results without snippets.
  Engine.prototype.texts = function (name, d) {
    if (!this.unpacked) this.unpacked = {};
    if (!this.unpacked[name]) {
      var packed = d[3] || "";
      this.unpacked[name] = !packed || typeof DecompressionStream === "undefined" ? Promise.resolve([]) :
        Promise.resolve().then(function () {
          var bin = atob(packed), bytes = new Uint8Array(bin.length);
          for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
          var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
          return new Response(stream).text();
        }).then(function (all) { return all.split("\n"); }, function () { return []; });
    }
    return this.unpacked[name];
  };

  // marks splits text into [{text, mark}] with the words whose stems are in
  // stems marked.
  Engine.prototype.marks = function (text, stems) {
    var out = [], pos = 0;
    this.matchSpans(text, stems).forEach(function (t) {
      if (t.start > pos) out.push({ text: text.slice(pos, t.start), mark: false });
      out.push({ text: text.slice(t.start, t.end), mark: true });
      pos = t.end;
    });
    if (pos < text.length) out.push({ text: text.slice(pos), mark: false });
    return out;
  };

  // corrected is the query with each corrected word replaced by its
  // suggestion, to say what was searched for.
  function corrected(q, corrections) {
    (corrections || []).forEach(function (c) {
      q = q.replace(c.word, c.suggestion);
    });
    return q;
  }

  // matchSpans returns the words of text whose stems are in stems, as
  // {start, end, stem}.
  Engine.prototype.matchSpans = function (text, stems) {
    var self = this, out = [];
    tokenize(text).forEach(function (t) {
      var hit = null;
      expandToken(t.text, self.stop, function (s) {
        if (hit !== null) return;
        // The word's stem, worked out as the index did (stem.js): no
        // vocabulary shard is needed to mark it.
        var st = stem(s);
        if (stems[st]) hit = st;
      });
      if (hit !== null) out.push({ start: t.start, end: t.end, stem: hit });
    });
    return out;
  };

  // The snippet under a result: one or two sentences, about SNIPPET_CHARS
  // long, around the part of the section that matches most of the query.
  var SNIPPET_CHARS = 240;

  // sentences splits text into [start, end) ranges at sentence ends: a full
  // stop, question or exclamation mark (and any closing quote or bracket)
  // followed by white space and a capital, digit or opening quote. "s.4A"
  // and "e.g. the" are not ends.
  function sentences(text) {
    var out = [], start = 0, re = /[.!?][)\]"'\u2019\u201D]*\s+(?=[A-Z0-9"'(\u2018\u201C])/g, m;
    while ((m = re.exec(text)) !== null) {
      var end = m.index + m[0].length;
      out.push([start, end]);
      start = end;
    }
    if (start < text.length) out.push([start, text.length]);
    return out;
  }

  // snippetRange chooses [start, end) of text to show: the sentence with the
  // most distinct matched stems (then the most matches, then the earliest),
  // with the next or previous sentence when both fit; a long sentence is cut
  // to a window centred on its matches. spans are matchSpans(text).
  function snippetRange(text, spans) {
    var ss = sentences(text);
    if (!ss.length) return [0, 0];
    function score(r) {
      var seen = {}, distinct = 0, n = 0;
      spans.forEach(function (sp) {
        if (sp.start >= r[0] && sp.end <= r[1]) {
          n++;
          if (!seen[sp.stem]) {
            seen[sp.stem] = true;
            distinct++;
          }
        }
      });
      return distinct * 1000 + n;
    }
    var best = 0, bestScore = -1;
    for (var i = 0; i < ss.length; i++) {
      var sc = score(ss[i]);
      if (sc > bestScore) {
        best = i;
        bestScore = sc;
      }
    }
    var r = [ss[best][0], ss[best][1]];
    // A second sentence when the two fit: the one that adds more matches,
    // else the next one, which carries the thought on.
    var next = best + 1 < ss.length ? ss[best + 1] : null, prev = best > 0 ? ss[best - 1] : null;
    var cand = [next, prev].filter(function (c) { return c && r[1] - r[0] + c[1] - c[0] <= SNIPPET_CHARS * 1.4; });
    cand.sort(function (a, b) { return score(b) - score(a); });
    if (cand.length) r = [Math.min(r[0], cand[0][0]), Math.max(r[1], cand[0][1])];
    if (r[1] - r[0] <= SNIPPET_CHARS * 1.5) return r;
    // Too long: a window of SNIPPET_CHARS around the matches in it, at
    // word boundaries.
    var inside = spans.filter(function (sp) { return sp.start >= r[0] && sp.end <= r[1]; });
    var centre = inside.length ? (inside[0].start + inside[Math.min(inside.length - 1, 3)].end) / 2 : r[0] + SNIPPET_CHARS / 2;
    var a = Math.max(r[0], Math.round(centre - SNIPPET_CHARS / 2));
    var b = Math.min(r[1], a + SNIPPET_CHARS);
    a = Math.max(r[0], b - SNIPPET_CHARS);
    if (inside.length && inside[0].start < a) a = inside[0].start;
    while (a > r[0] && !/\s/.test(text[a - 1])) a--;
    while (b < r[1] && !/\s/.test(text[b])) b++;
    return [a, b];
  }

  // snippet returns the snippet of text for a result as [{text, mark}]:
  // snippetRange's part of it, with "…" where it is cut, matched words
  // marked.
  Engine.prototype.snippet = function (text, stems) {
    var spans = this.matchSpans(text, stems), r = snippetRange(text, spans);
    var part = text.slice(r[0], r[1]).trim();
    if (!part) return [];
    var parts = this.marks(part, stems);
    if (r[0] > 0) parts.unshift({ text: "\u2026", mark: false });
    if (r[1] < text.length && !/[.!?…]["'\u2019\u201D)]*$/.test(part)) parts.push({ text: "\u2026", mark: false });
    return parts;
  };

  // glossaryHits returns up to n of hits (best first) that are glossary
  // term pages: where to look for a term the query names.
  Engine.prototype.glossaryHits = function (hits, n) {
    var out = [];
    for (var i = 0; i < hits.length && out.length < n; i++) {
      if (this.glossary && this.glossary.has(Math.floor(hits[i].sid / SECTIONS_PER_DOC))) out.push(hits[i]);
    }
    return out;
  };

  // namedTerm returns the glossary result among metas that the query names
  // ("SPO", "what is stalking", "stalking protection orders"), or null.
  function namedTerm(q, metas) {
    function norm(s) {
      return s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[^\p{L}\p{N}' ]+/gu, " ").trim().split(/\s+/)
        .map(function (w) { return w.length > 3 ? w.replace(/(?:'s|s)$/, "") : w; }).join(" ");
    }
    var asked = norm(q.replace(/^\s*(what\s+(is|are|does)|what's|whats|define|definition\s+of|meaning\s+of|the\s+meaning\s+of)\s+/i, "")
      .replace(/\s+mean\s*\??\s*$/i, "").replace(/^\s*(an?|the)\s+/i, ""));
    if (!asked) return null;
    for (var i = 0; i < metas.length; i++) {
      var m = metas[i];
      if (m.kind === "glossary" && m.names.some(function (n) { return norm(n) === asked; })) return m;
    }
    return null;
  }

  Engine.prototype.loaded = function (name) {
    return this.done && this.done[name];
  };

  var api = {
    tokenize: tokenize, fold: fold, expandToken: expandToken, analyze: analyze, stem: stem,
    citations: citations, corrected: corrected, editDistance: editDistance, parseQuery: parseQuery, idf: idf, scoreSection: scoreSection, decodePostings: decodePostings,
    wildcardMatcher: wildcardMatcher, MAX_QUERY_BYTES: MAX_QUERY_BYTES, MAX_CLAUSES: MAX_CLAUSES,
    sentences: sentences, snippetRange: snippetRange, namedTerm: namedTerm,
    Engine: Engine
  };

  // Node (tests) gets the pure parts; the browser gets the page behaviour.
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (typeof window === "undefined" || typeof document === "undefined") return;

  // ---- The page.

  var registry = window.__concordSearch = window.__concordSearch || {};
  var data = registry.data = registry.data || {};
  registry.register = function (name, value) { data[name] = value; };

  var script = document.currentScript;
  var scriptURL = script && script.src ? script.src : document.baseURI;

  function loadScript(url, name) {
    return new Promise(function (resolve, reject) {
      if (name in data) return resolve(data[name]);
      var el = document.createElement("script");
      el.src = url;
      el.async = true;
      el.onload = function () {
        el.remove();
        if (name in data) resolve(data[name]);
        else reject(new Error("search: " + url + " registered nothing"));
      };
      el.onerror = function () {
        el.remove();
        reject(new Error("search: cannot load " + url));
      };
      document.head.appendChild(el);
    });
  }

  function attr(name) {
    return script ? script.getAttribute(name) : null;
  }

  function start() {
    var input = document.getElementById("search-input") || document.querySelector("input[type=search]");
    var results = document.querySelector("[data-search-results]");
    if (!input || !results) return;
    var status = document.querySelector("[data-search-status]");
    if (!status) {
      status = document.createElement("p");
      status.className = "visually-hidden";
      results.parentNode.insertBefore(status, results);
    }
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    results.removeAttribute("aria-live"); // the status speaks; the list would be too much
    var root = attr("data-search-root") || "../";

    var base, manifest;
    var manifestAttr = attr("data-search-manifest");
    var ready;
    if (manifestAttr) {
      var manifestURL = new URL(manifestAttr, document.baseURI).href;
      base = manifestURL.slice(0, manifestURL.lastIndexOf("/") + 1);
      manifest = manifestURL.slice(base.length).replace(/\.js$/, "");
      ready = Promise.resolve();
    } else {
      var indexURL = new URL(attr("data-search-index") || "./", scriptURL).href;
      if (indexURL.slice(-1) !== "/") indexURL += "/";
      ready = loadScript(indexURL + "current.js", "current").then(function (cur) {
        base = indexURL + "i/";
        manifest = cur.manifest;
      });
    }
    var engine = new Engine(function (name) { return loadScript(base + name + ".js", name); });
    ready = ready.then(function () { return engine.init(manifest); }).then(function () {
      var fallback = document.querySelector("[data-search-fallback]");
      if (fallback) fallback.hidden = true;
    });
    ready.catch(function () {
      status.textContent = "Search is not available: its index could not be loaded.";
    });

    var seq = 0, timer = 0;

    function href(url) {
      if (location.protocol === "file:") {
        var hash = url.indexOf("#"), path = hash < 0 ? url : url.slice(0, hash);
        if (path === "" || path.slice(-1) === "/") url = path + "index.html" + (hash < 0 ? "" : url.slice(hash));
      }
      return root + url;
    }

    function quoted(q) {
      return "\u201C" + q + "\u201D";
    }

    function run(q, prefixLast) {
      var my = ++seq;
      var trimmed = q.trim();
      if (!trimmed) {
        results.textContent = "";
        status.textContent = "";
        return Promise.resolve();
      }
      return ready.then(function () {
        return engine.search(q, prefixLast);
      }).then(function (res) {
        var top = res.hits.slice(0, 10);
        // The best glossary pages matched, wherever they rank, for the
        // definition card of a term the query names.
        var terms = engine.glossaryHits(res.hits, 3);
        return Promise.all(top.concat(terms).map(function (h) { return engine.meta(h.sid); })).then(function (all) {
          if (my !== seq) return;
          var metas = all.slice(0, top.length);
          render(metas, res, trimmed, namedTerm(trimmed, all.slice(top.length)));
          status.textContent = (res.total === 0 ? "No results" : res.total === 1 ? "1 result" : res.total + " results") +
            " for " + quoted(corrected(trimmed, res.corrections)) + (res.total > top.length ? ", showing the best " + top.length : "");
          if (res.corrections.length) status.textContent = "Showing results for " + quoted(corrected(trimmed, res.corrections)) +
            ": nothing matched " + res.corrections.map(function (c) { return quoted(c.word); }).join(", ") + ". " + status.textContent;
        });
      }).catch(function (err) {
        if (my !== seq) return;
        if (err.query) results.textContent = "";
        status.textContent = (err.query ? "Cannot search for this: " : "Search failed: ") + err.message;
      });
    }

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    }

    function link(cls, url, text) {
      var a = el("a", cls, text);
      a.href = href(url);
      return a;
    }

    // render shows the results as GOV.UK's site search does: an optional
    // definition card for a term the query names, then a list where each
    // result has its page title as a link, the section, a snippet around
    // the matched words, and the kind of page; or, with none, what to try.
    function render(metas, res, q, term) {
      var frag = document.createDocumentFragment();
      if (term) {
        var card = el("section", "search-definition");
        card.setAttribute("aria-labelledby", "search-definition-title");
        card.appendChild(el("p", "search-definition__caption", "Glossary definition"));
        var h = el("h2", "search-definition__title");
        h.id = "search-definition-title";
        h.appendChild(link("search-definition__link", term.page, term.names[0] ? upperFirst(term.names[0]) : term.title));
        card.appendChild(h);
        card.appendChild(el("p", "search-definition__text", term.definition));
        var more = el("p", "search-definition__more");
        more.appendChild(link("", term.page, "Where the guidance uses this term"));
        card.appendChild(more);
        frag.appendChild(card);
      }
      if (!metas.length) {
        var none = el("div", "search-none");
        none.appendChild(el("p", "search-none__title", "There are no matching results."));
        none.appendChild(el("p", "", "Improve your search results by:"));
        var tips = el("ul", "list list--bullet");
        tips.appendChild(el("li", "", "double-checking your spelling"));
        tips.appendChild(el("li", "", "using fewer or different words"));
        var gl = el("li", "", "looking the term up in the ");
        gl.appendChild(link("", "glossary/", "glossary A to Z"));
        tips.appendChild(gl);
        none.appendChild(tips);
        frag.appendChild(none);
      } else {
        var list = el("ol", "search-results__list");
        metas.forEach(function (r) {
          var li = el("li", "search-result");
          var title = el("h2", "search-result__heading");
          title.appendChild(link("search-result__title", r.url, r.title || r.url));
          li.appendChild(title);
          if (r.heading) li.appendChild(el("p", "search-result__section", r.heading));
          var parts = r.text ? engine.snippet(r.text, res.stems) : [];
          if (parts.length) {
            var snip = el("p", "search-result__snippet");
            parts.forEach(function (part) {
              snip.appendChild(part.mark ? el("mark", "", part.text) : document.createTextNode(part.text));
            });
            li.appendChild(snip);
          }
          li.appendChild(el("p", "search-result__kind", r.kind === "glossary" ? "Glossary term" : "Guidance"));
          list.appendChild(li);
        });
        frag.appendChild(list);
      }
      results.textContent = "";
      results.appendChild(frag);
    }

    function upperFirst(s) {
      return s.charAt(0).toUpperCase() + s.slice(1);
    }

    function remember(q) {
      var u = new URL(location.href);
      if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
      try {
        history.replaceState(null, "", u.href);
      } catch (e) {
        // Some browsers refuse replaceState on file:// pages; the search still works.
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        remember(input.value.trim());
        run(input.value, true);
      }, 150);
    });

    var form = input.form;
    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        clearTimeout(timer);
        remember(input.value.trim());
        run(input.value, false).then(function () {
          var first = results.querySelector("a.search-result__title");
          if (first) first.focus();
        });
      });
    }

    function links() {
      return Array.prototype.slice.call(results.querySelectorAll("a"));
    }

    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var l = links();
        if (l.length) {
          e.preventDefault();
          l[0].focus();
        }
      } else if (e.key === "Escape" && input.value) {
        e.preventDefault();
        input.value = "";
        remember("");
        run("", false);
      }
    });

    results.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var l = links(), i = l.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      if (e.key === "ArrowDown" && i + 1 < l.length) l[i + 1].focus();
      else if (e.key === "ArrowUp") (i > 0 ? l[i - 1] : input).focus();
    });

    var q = new URLSearchParams(location.search).get("q");
    if (q) {
      input.value = q;
      run(q, false);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
