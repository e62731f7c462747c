/* planctl site: search through the index built with the site (window.planctlSearch).
   No framework and no request: the index is a script file beside this one, so the
   search works from a folder opened in a browser as well as from a web server. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var index = window.planctlSearch || [];
  if (!form || !input || !status || !list) { return; }
  var kinds = JSON.parse(list.getAttribute("data-kinds") || "{}");
  var LIMIT = 200;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var haystacks = index.map(function (entry) {
    return fold([entry.t, entry.c, entry.w || ""].join(" "));
  });

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { status.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < index.length; i++) {
      var text = haystacks[i];
      if (!words.every(function (word) { return text.indexOf(word) !== -1; })) { continue; }
      found++;
      if (found > LIMIT) { continue; }
      var entry = index[i];
      var item = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kinds[entry.k] || entry.k;
      var link = document.createElement("a");
      link.href = entry.u;
      link.textContent = entry.t;
      item.appendChild(kind);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(link);
      if (entry.c) {
        var context = document.createElement("span");
        context.className = "muted";
        context.textContent = " " + entry.c;
        item.appendChild(context);
      }
      list.appendChild(item);
    }
    status.textContent = found
      ? found + " " + status.getAttribute("data-results")
      : status.getAttribute("data-none");
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
  });
  var given = new URLSearchParams(window.location.search).get("q");
  if (given) {
    input.value = given;
    show(given);
  }
})();
