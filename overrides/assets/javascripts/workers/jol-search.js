// Jol's search worker: Material's own search worker, made forgiving of how readers type.
//
// The page starts it as jol-search.js?material=<Material's worker file>&v=<version> (hooks/search.py writes that into
// the page's __config; overrides/partials/jol-search.html starts it only when the reader opens search). It loads
// Material's worker from this same folder, so Material's worker finds its ../lunr files as usual, and then:
// - folds letters in lunr's pipeline, for every word of the index and of the query (the table comes with the index:
//   ү→у, ө→о, ң→н, ё→е), so «моонот» finds «мөөнөт». Material highlights results by the position of each word in
//   the original text, so the text shown keeps its letters;
// - replaces a word the reader typed that is in the language's synonyms (SYNONYMS.md, also in the index) by the words
//   the site uses: «регистрация» on the Kyrgyz site searches «каттоо»;
// - adds to its "ready" answer the files it loaded, so the page can ask the service worker to keep them for offline
//   search.
// It sends nothing anywhere and reads only this site's files.
"use strict";

(function () {
  var SETUP = 0;
  var READY = 1;
  var QUERY = 2;
  var material = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
    throw new Error("jol-search.js: start it with ?material=search.<hash>.min.js (Material's search worker)");
  }

  var fold = {};
  var synonyms = {};
  var loaded = [self.location.href];

  function foldText(text) {
    var out = "";
    for (var letter of String(text).toLowerCase()) out += fold[letter] || letter;
    return out;
  }

  // "мөөнөт" -> "моонот*"; "+регистрация" -> "каттоо" (the words of a synonym, without the reader's modifiers).
  function rewrite(query) {
    return String(query)
      .split(/(\s+)/)
      .map(function (part) {
        var word = /^[+-]?([^*~^]*)/.exec(part)[1];
        var found = synonyms[foldText(word)];
        return found ? found.map(foldText).join(" ") : foldText(part);
      })
      .join("");
  }

  // Material's worker listens with the global addEventListener("message", …) and answers with the global
  // postMessage(…): both are taken over while it loads, so that its listener gets Jol's messages and its answers can
  // carry Jol's list of files.
  var listeners = [];
  var listen = self.addEventListener.bind(self);
  var answer = self.postMessage.bind(self);
  var importer = self.importScripts.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type === "message") listeners.push(listener);
    else listen(type, listener, options);
  };
  self.postMessage = function (message) {
    if (message && message.type === READY) message.jolFiles = loaded.slice();
    answer(message);
  };
  self.importScripts = function () {
    for (var i = 0; i < arguments.length; i++) loaded.push(new URL(arguments[i], self.location.href).href);
    return importer.apply(self, arguments);
  };
  self.importScripts(material);
  delete self.addEventListener;

  var lunr = self.lunr;
  function foldToken(token) {
    return token.update(foldText);
  }
  lunr.Pipeline.registerFunction(foldToken, "jolFold");
  // Material builds the index with lunr(function () { … this.add(doc) … }): the folding goes last in both pipelines,
  // after the language set-up and the stop-word filter, before the first document is added.
  var add = lunr.Builder.prototype.add;
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!this.jolFolds) {
      this.jolFolds = true;
      this.pipeline.add(foldToken);
      this.searchPipeline.add(foldToken);
    }
    return add.call(this, doc, attributes);
  };

  listen("message", function (event) {
    var message = event.data;
    if (message && message.type === SETUP) {
      var jol = (message.data && message.data.config && message.data.config.jol) || {};
      fold = jol.fold || {};
      synonyms = jol.synonyms || {};
    } else if (message && message.type === QUERY) {
      message = { type: QUERY, data: rewrite(message.data) };
    }
    for (var i = 0; i < listeners.length; i++) listeners[i].call(self, { data: message });
  });
})();
