/* Salvage Therapy Guide: search queries as readers type them (scripts/theme/main.html loads this).
   Before a query reaches Material's search worker:
   - words that carry no meaning ("my", "is", "after": lunr's English stop words, which the index
     leaves out) are dropped when the query has other words, so that "my" cannot match "myeloid";
   - so are words that only carry a question or a movement along ("going", "up", "still", "again",
     "happen", "stopped working"): "viral load going up" is about the viral load, not about whatever
     else goes up, and every page here is about a treatment that has not worked;
   - a word that names a condition or its test (CONDITION_WORDS: "HIV", "PSA", "leukaemia", "MRSA"...),
     typed before other words, must be in every result ("+word"): one condition's pages never
     outrank another's on the shared words of the question. The word being typed is left free, so
     results do not vanish while it is half written;
   - a possessive "'s" is dropped ("Hodgkin's" finds "Hodgkin"), and brackets, quotes, commas and
     slashes separate words as they do in the index;
   - each word whose root (the word less an ending such as "-ions" or "-ing") has 7 letters or more
     may also match with one letter wrong, missing or extra (lunr's fuzzy term "word~1"), so that
     "prostrate" finds "prostate". The index and the query are stemmed (mkdocs.yml's pipeline), so
     a shorter root would match other words: "injections" (inject) would find "infections";
   - every word weighs the same whether it was spelled right or not (each is one clause of weight
     3), and the last word, which the reader may still be typing, also matches as the start of a
     longer word (weight 1), as Material's own search does for every word.
   Material lists a query word a result does not contain as "Missing"; a word found with one letter
   changed ("prostrate" as "prostate") is not missing, so it is not listed: with one word, every
   result was found by it; with more, a result has it if a word it highlights is one letter away.
   Queries that use lunr's own syntax (+word -word word~2 word^3 "..." title:...) are left alone.
   It wraps the Worker that Material creates (also the file:// helper, iframe-worker.js), runs no
   inline code and makes no request. Lay words, UK spellings and brand names are added to the index
   at build time instead (docs/includes/search-terms.yml). */
(function () {
  "use strict";
  var QUERY = 2;  // Material's SearchMessageType.QUERY
  var RESULT = 3;  // and .RESULT
  var STOP_WORDS = new Set(("a able about across after all almost also am among an and any are as at " +
    "be because been but by can cannot could dear did do does either else ever every for from get got " +
    "had has have he her hers him his how however i if in into is it its just least let like likely " +
    "may me might most must my neither no nor not of off often on only or other our own rather said " +
    "say says she should since so some than that the their them then there these they this tis to " +
    "too twas us wants was we were what when where which while who whom why will with would yet you " +
    "your").split(" "));
  // Words that carry no topic of their own in a reader's question.
  // "Not working", "stopped working": every page here is about a treatment that has not worked.
  var FILLER = new Set(("again anymore gone goes going happen happened happening happens keep keeps " +
    "lot mean means much now really still stop stopped stops thing things up very work worked " +
    "working works").split(" "));
  // Words naming a condition or the test that follows it (lower case, as typed).
  var CONDITION_WORDS = new Set(("aml aspergillosis aspergillus bowel breast colon colorectal esophageal " +
    "esophagus gastric helicobacter hiv hodgkin leukaemia leukemia lung lymphoma mould mold mrsa myeloid " +
    "oesophageal oesophagus prostate psa pylori rectal staph stomach viral").split(" "));
  var queryWords = 0;  // words in the query just transformed, after dropping words like "my"
  var answering = [];  // word counts of the queries sent, oldest first: the worker answers in order
  var SYNTAX = /(^|\s)[+\-]|[~^*:"]/;
  var SEPARATOR = /[\s,;!?=\[\](){}\u201c\u201d\/]+/;
  var FUZZY_FROM = 5;  // a word this long may be a typo of one found (the "Missing" list)
  var FUZZY_ROOT = 7;  // letters a word's root needs for one letter to be forgiven in the search
  var ENDING = /(?:ations?|ements?|ments?|ions?|ings?|ness|ies|ed|es|s|al|ly)$/;
  var WEIGHT = 3;

  function transform(query) {
    if (SYNTAX.test(query)) {
      queryWords = 0;
      return query;
    }
    var words = query.trim().split(SEPARATOR).map(function (word) {
      return word.replace(/['\u2019]s$/i, "").replace(/^['\u2018\u2019]+|['\u2018\u2019]+$/g, "");
    }).filter(Boolean);
    var meaningful = words.filter(function (word) {
      var bare = word.toLowerCase().replace(/[^a-z]/g, "");
      return !STOP_WORDS.has(bare) && !FILLER.has(bare);
    });
    if (meaningful.length) words = meaningful;
    queryWords = words.length;
    var typing = /\s$/.test(query) ? -1 : words.length - 1;
    return words.map(function (word, index) {
      if (!/^[A-Za-z]+$/.test(word)) return word;  // numbers, trial names: Material's own way
      var root = word.toLowerCase().replace(ENDING, "");
      var clause = word + (root.length >= FUZZY_ROOT ? "~1" : "") + "^" + WEIGHT;
      if (words.length > 1 && index !== typing && CONDITION_WORDS.has(word.toLowerCase())) clause = "+" + clause;
      return index === typing ? clause + " " + word : clause;
    }).join(" ");
  }

  // One letter wrong, missing or extra (lunr's edit distance 1, which is what "word~1" matches).
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }

  // Another form of the same word ("costs" for "cost", "hormone" for "hormonal"): the stemmed index
  // found it, but Material compares the word as typed with the stem, and would list it as missing.
  function sameRoot(a, b) {
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i >= 3 && i >= Math.min(a.length, b.length) - 3;
  }

  // Material highlights what matched in each result: a "missing" word one letter away from a
  // highlighted word was found after all.
  function forgiveTypos(event) {
    var data = event.data;
    if (!data || data.type !== RESULT) return;
    var words = answering.shift();
    if (!data.data || !data.data.items) return;
    data.data.items.forEach(function (group) {
      group.forEach(function (result) {
        if (!result.terms) return;
        if (words === 1) {
          Object.keys(result.terms).forEach(function (term) { result.terms[term] = true; });
          return;
        }
        // The readers' words added to the index (scripts/salvage_site/search_terms.py) count too.
        var found = [result.title, result.text, result.keywords, result.title_keywords].join(" ").toLowerCase()
          .match(/<mark[^>]*>[^<]*<\/mark>/g) || [];
        found = found.map(function (mark) { return mark.replace(/<[^>]+>/g, ""); });
        Object.keys(result.terms).forEach(function (term) {
          if (result.terms[term]) return;
          result.terms[term] = found.some(function (word) {
            return sameRoot(term, word) || (term.length >= FUZZY_FROM && oneEditApart(term, word));
          });
        });
      });
    });
  }

  var Base = window.Worker;
  if (!Base) return;
  function ReaderSearchWorker(url, options) {
    var worker = options === undefined ? new Base(url) : new Base(url, options);
    worker.addEventListener("message", forgiveTypos);  // first, so Material reads the result after
    var post = worker.postMessage;
    worker.postMessage = function (message) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        message = { type: message.type, data: transform(message.data) };
        answering.push(queryWords);
      }
      return post.apply(worker, [message].concat(Array.prototype.slice.call(arguments, 1)));
    };
    return worker;
  }
  ReaderSearchWorker.prototype = Base.prototype;
  window.Worker = ReaderSearchWorker;
  window.__readerSearchTransform = transform;  // for the tests
})();
