/* planctl site: filter the plans of a page in place. Without this script the filters
   are links to pages built for each school, goal area and owner; with it, each filter
   is also a list that shows only the matching plans on this page. */
(function () {
  "use strict";
  var box = document.getElementById("live-filter");
  var count = document.getElementById("filter-count");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".plan-card"));
  if (!box || !cards.length) { return; }
  var groups = Array.prototype.slice.call(document.querySelectorAll(".filter-group"));
  var selects = [];

  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      var keep = selects.every(function (select) {
        if (!select.value) { return true; }
        var values = (card.getAttribute("data-" + select.name) || "").split("\n");
        return values.indexOf(select.value) !== -1;
      });
      card.hidden = !keep;
      if (keep) { shown++; }
    });
    var active = selects.some(function (select) { return select.value; });
    count.textContent = active ? shown + " / " + cards.length + " " + box.getAttribute("data-shown") : "";
  }

  groups.forEach(function (group) {
    var kind = group.getAttribute("data-kind");
    var id = "live-filter-" + kind;
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = group.getAttribute("data-label");
    var select = document.createElement("select");
    select.id = id;
    select.name = kind;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = box.getAttribute("data-all");
    select.appendChild(all);
    Array.prototype.forEach.call(group.querySelectorAll("a[data-value]"), function (link) {
      var option = document.createElement("option");
      option.value = link.getAttribute("data-value");
      option.textContent = link.textContent;
      select.appendChild(option);
    });
    select.addEventListener("change", apply);
    var field = document.createElement("div");
    field.className = "live-field";
    field.appendChild(label);
    field.appendChild(select);
    box.appendChild(field);
    selects.push(select);
  });
  box.hidden = false;
})();
