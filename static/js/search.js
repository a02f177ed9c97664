/*
 * The search page, enhanced when scripts run; without them the form and the facets work
 * as plain HTML.
 *
 * - Suggestions while typing: the search box becomes an ARIA 1.2 combobox with a listbox
 *   of page titles and glossary terms from /search/suggest/. Up and Down move through the
 *   options, Enter opens the chosen page, Escape closes the list; a live region says how
 *   many suggestions there are (the text comes from the server, in the page's language).
 * - On narrow screens the facets start folded when none is chosen, so the results come
 *   first.
 */
(function () {
  "use strict";

  var DELAY = 200;

  function setUpSuggestions(container) {
    var input = container.querySelector("input[type=search]");
    var url = container.getAttribute("data-suggest-url");
    if (!input || !url || !window.fetch) return;

    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggest__list";
    list.setAttribute("role", "listbox");
    if (input.labels && input.labels.length) list.setAttribute("aria-labelledby", labelId(input));
    list.hidden = true;

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    container.appendChild(list);
    container.appendChild(status);
    container.classList.add("search-suggest--enhanced");

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var lastQuery = null;

    function labelId(field) {
      var label = field.labels[0];
      if (!label.id) label.id = field.id + "-label";
      return label.id;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      options.forEach(function (option, position) {
        option.element.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var option = options[index];
      if (option) window.location.assign(option.url);
    }

    function render(data) {
      list.textContent = "";
      options = (data.suggestions || []).map(function (suggestion, index) {
        var item = document.createElement("li");
        item.id = listId + "-" + index;
        item.className = "search-suggest__option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", suggestion.url);
        var label = document.createElement("span");
        label.className = "search-suggest__label";
        label.textContent = suggestion.label;
        var kind = document.createElement("span");
        kind.className = "search-suggest__kind";
        kind.textContent = suggestion.kind;
        item.appendChild(label);
        item.appendChild(kind);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the search box
        });
        item.addEventListener("click", function () {
          choose(index);
        });
        list.appendChild(item);
        return { element: item, url: suggestion.url };
      });
      active = -1;
      status.textContent = data.announcement || "";
      if (options.length && document.activeElement === input) {
        open();
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) {
        open();
        return;
      }
      lastQuery = query;
      if (pending) pending.abort();
      if (!query) {
        render({ suggestions: [], announcement: "" });
        return;
      }
      pending = window.AbortController ? new AbortController() : null;
      window
        .fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          signal: pending ? pending.signal : undefined,
        })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [], announcement: "" };
        })
        .then(function (data) {
          if (input.value.trim() === query) render(data);
        })
        .catch(function () {
          /* aborted or offline: the form still works without suggestions */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) {
            open();
            if (!options.length) fetchSuggestions();
          }
          if (options.length) highlight(active + 1 < options.length ? active + 1 : 0);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!expanded) open();
          if (options.length) highlight(active > 0 ? active - 1 : options.length - 1);
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  function foldFacetsOnNarrowScreens() {
    if (!window.matchMedia) return;
    var narrow = window.matchMedia("(max-width: 47.99rem)");
    var folded = document.querySelectorAll("details[data-collapse-narrow]");
    folded.forEach(function (details) {
      details.open = !narrow.matches;
    });
    // Wide screens hide the summary, so the facets must not stay folded there.
    narrow.addEventListener("change", function () {
      if (!narrow.matches) {
        folded.forEach(function (details) {
          details.open = true;
        });
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-suggest-url]").forEach(setUpSuggestions);
    foldFacetsOnNarrowScreens();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
