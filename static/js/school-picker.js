// A filter field above every <select data-filter-label>: typing part of a school's name or town
// narrows the list. Without this script the select works as it is, grouped by region; the texts
// come from the select's data attributes, so they are in the page's language.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    // The full list, kept aside: options are removed rather than hidden, as some browsers
    // (Safari) show hidden options anyway.
    var groups = Array.prototype.map.call(select.children, function (child) {
      return {
        node: child.cloneNode(false),
        options: child.tagName === "OPTGROUP" ? Array.prototype.slice.call(child.children) : null,
        option: child.tagName === "OPTGROUP" ? null : child,
      };
    });

    var wrapper = document.createElement("div");
    wrapper.className = "school-filter";
    var label = document.createElement("label");
    label.className = "form-label small mb-1";
    label.htmlFor = select.id + "-filter";
    label.textContent = select.dataset.filterLabel;
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-filter";
    input.className = "form-control form-control-sm";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    wrapper.append(label, input, status);
    select.parentNode.insertBefore(wrapper, select);

    var firstMatch = null;

    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var selected = select.value;
      var count = 0;
      firstMatch = null;
      // The empty choice and the current choice always stay, so filtering never changes the answer.
      var keep = function (option) {
        if (option.value === "") return true;
        var found = words.every(function (word) { return fold(option.textContent).indexOf(word) !== -1; });
        if (found) {
          count += 1;
          firstMatch = firstMatch || option;
        }
        return found || option.value === selected;
      };
      select.replaceChildren();
      groups.forEach(function (group) {
        if (group.option) {
          if (keep(group.option)) select.appendChild(group.option);
          return;
        }
        var kept = group.options.filter(keep);
        if (kept.length) {
          group.node.replaceChildren.apply(group.node, kept);
          select.appendChild(group.node);
        }
      });
      select.value = selected;
      status.textContent = select.dataset.filterCount.replace("{count}", count);
    });

    // Enter in the filter field picks the first school that matches instead of sending the form.
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      if (firstMatch) select.value = firstMatch.value;
      select.focus();
    });
  }

  document.querySelectorAll("select[data-filter-label]").forEach(enhance);
})();
