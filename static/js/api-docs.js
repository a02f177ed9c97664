/* The open-data API's docs page: Swagger UI draws a media-type <select> without a label.
   Each unlabelled select gets the text of the label Swagger UI shows next to it, or
   "Media type", as its accessible name. (A file of the site's own: the page's
   Content-Security-Policy allows no inline script.) */
(function () {
  "use strict";

  function nameSelects(root) {
    root.querySelectorAll("select:not([aria-label])").forEach(function (select) {
      if (select.labels && select.labels.length) {
        return;
      }
      var wrapper = select.closest(".response-control-media-type, .content-type-wrapper, label");
      var caption = wrapper && wrapper.querySelector(".response-control-media-type__title, small");
      select.setAttribute("aria-label", (caption && caption.textContent.trim()) || "Media type");
    });
  }

  var target = document.getElementById("swagger-ui");
  if (!target) {
    return;
  }
  new MutationObserver(function () {
    nameSelects(target);
  }).observe(target, { childList: true, subtree: true });
})();
