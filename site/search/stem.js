/*
 * stem.js: the Porter stemmer concord's index uses, for search.js to stem a
 * query as the index did. It is github.com/blevesearch/go-porterstemmer
 * v1.0.3 (bleve's "porter" token filter, which bleve's "en" analyzer and
 * internal/analysis.Stem apply) step for step, departures from Porter's
 * paper included: step 2 takes "bli" (not "abli") to "ble" and "logi" to
 * "log", and in every step the first suffix that matches decides, whether
 * or not its condition holds. A word is an array of code points, so letters
 * outside ASCII count as consonants, as they do in Go.
 * internal/search's TestJavaScriptStemParity holds the two to the same stems.
 */
(function () {
  "use strict";

  function cons(s, i) {
    var c = s[i];
    if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
    if (c === "y") return i === 0 ? true : !cons(s, i - 1);
    return true;
  }

  // measure is m, the number of vowel-consonant sequences, of s[0:n].
  function measure(s, n) {
    var m = 0, i = 0;
    while (i < n && cons(s, i)) i++;
    while (i < n) {
      while (i < n && !cons(s, i)) i++;
      if (i >= n) break;
      while (i < n && cons(s, i)) i++;
      m++;
    }
    return m;
  }

  // ends reports whether s[0:n] ends with suf and is longer than it.
  function ends(s, n, suf) {
    if (n <= suf.length) return false;
    for (var i = 0; i < suf.length; i++) if (s[n - suf.length + i] !== suf[i]) return false;
    return true;
  }

  function hasVowel(s, n) {
    for (var i = 0; i < n; i++) if (!cons(s, i)) return true;
    return false;
  }

  function cvc(s, n) {
    return n >= 3 && cons(s, n - 3) && !cons(s, n - 2) && cons(s, n - 1);
  }

  // put writes rep at s[k:] and returns the new length.
  function put(s, k, rep) {
    for (var i = 0; i < rep.length; i++) s[k + i] = rep[i];
    return k + rep.length;
  }

  // Steps 2 and 3: suffix, replacement, in the order Go tries them; the
  // replacement is made when the measure before the suffix is above 0.
  var STEP2 = ["ational", "ate", "tional", "tion", "enci", "ence", "anci", "ance", "izer", "ize",
    "bli", "ble", "alli", "al", "entli", "ent", "eli", "e", "ousli", "ous", "ization", "ize",
    "ation", "ate", "ator", "ate", "alism", "al", "iveness", "ive", "fulness", "ful",
    "ousness", "ous", "aliti", "al", "iviti", "ive", "biliti", "ble", "logi", "log"];
  var STEP3 = ["icate", "ic", "ative", "", "alize", "al", "iciti", "ic", "ical", "ic", "ful", "", "ness", ""];
  // Step 4: suffixes removed when the measure before them is above 1.
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
    "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"];

  function replaceStep(s, n, table) {
    for (var i = 0; i < table.length; i += 2) {
      if (ends(s, n, table[i])) {
        var k = n - table[i].length;
        return measure(s, k) > 0 ? put(s, k, table[i + 1]) : n;
      }
    }
    return n;
  }

  // step1bEnd ends step 1b once "ed" or "ing" is cut at k.
  function step1bEnd(s, n, k) {
    if (!hasVowel(s, k)) return n;
    var c = s[k - 1];
    if (ends(s, k, "at") || ends(s, k, "bl") || ends(s, k, "iz")) return put(s, k, "e");
    if (c !== "l" && c !== "s" && c !== "z" && k >= 2 && s[k - 1] === s[k - 2] && cons(s, k - 1)) return k - 1;
    if (measure(s, k) === 1 && cvc(s, k) && c !== "w" && c !== "x" && c !== "y") return put(s, k, "e");
    return k;
  }

  // porter stems a lower-case word (an array of code points).
  function porter(s) {
    var n = s.length;
    if (n <= 2) return s.join("");
    // Step 1a.
    if (ends(s, n, "sses") || ends(s, n, "ies")) n -= 2;
    else if (ends(s, n, "ss")) { /* kept */ } else if (ends(s, n, "s")) n--;
    // Step 1b.
    if (ends(s, n, "eed")) {
      if (measure(s, n - 3) > 0) n--;
    } else if (ends(s, n, "ed")) n = step1bEnd(s, n, n - 2);
    else if (ends(s, n, "ing")) n = step1bEnd(s, n, n - 3);
    // Step 1c.
    if (n >= 2 && s[n - 1] === "y" && hasVowel(s, n - 1)) s[n - 1] = "i";
    n = replaceStep(s, n, STEP2);
    n = replaceStep(s, n, STEP3);
    // Step 4.
    for (var i = 0; i < STEP4.length; i++) {
      var suf = STEP4[i];
      if (ends(s, n, suf)) {
        var k = n - suf.length;
        if (measure(s, k) > 1 && (suf !== "ion" || s[k - 1] === "s" || s[k - 1] === "t")) n = k;
        break;
      }
    }
    // Step 5a.
    if (s[n - 1] === "e") {
      var m = measure(s, n - 1), c = s[n - 2];
      if (m > 1 || m === 1 && !(cvc(s, n - 1) && c !== "w" && c !== "x" && c !== "y")) n--;
    }
    // Step 5b.
    if (n > 2 && s[n - 1] === "l" && s[n - 2] === "l" && measure(s, n - 1) > 1) n--;
    return s.slice(0, n).join("");
  }

  var reLetters = /^\p{L}+$/u;

  // stem is analysis.Stem: the Porter stem of a folded word of three or
  // more letters; anything else (numbers, "2a", "4.2.1") is left alone.
  function stem(w) {
    if (!reLetters.test(w)) return w;
    var s = Array.from(w);
    return s.length < 3 ? w : porter(s);
  }

  var api = { stem: stem, porter: function (w) { return porter(Array.from(w)); } };
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (typeof window === "object") (window.__concordSearch = window.__concordSearch || {}).stemmer = api;
})();
