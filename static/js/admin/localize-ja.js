/*
 * The translation editor (wagtail-localize) writes two texts in English whatever the admin's
 * language, because its script builds them without a translation catalogue: the heading
 * "日本語 to English translation" and the hidden label "More actions" of the publish menu.
 * On a Japanese admin page this puts them in Japanese as soon as the editor draws them.
 */
(function () {
  "use strict";
  if (!(document.documentElement.lang || "").toLowerCase().startsWith("ja")) {
    return;
  }
  var HEADING = /^(.+) to (.+) translation$/;

  function translate(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var text = node.nodeValue.trim();
      if (text === "More actions") {
        node.nodeValue = "その他の操作";
        continue;
      }
      var match = HEADING.exec(text);
      if (match) {
        node.nodeValue = match[1] + "から" + match[2] + "への翻訳";
      }
    }
  }

  function start() {
    var root = document.querySelector(".js-translation-editor");
    if (!root) {
      return; // not the translation editor
    }
    translate(root);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (added) {
          if (added.nodeType === Node.ELEMENT_NODE) {
            translate(added);
          } else if (added.nodeType === Node.TEXT_NODE && added.parentNode) {
            translate(added.parentNode);
          }
        });
      });
    }).observe(root, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
