// Small behaviours of the pages, declared in the markup by data attributes, because the Content-Security-Policy
// runs no inline on…="" handler. Listening on the document also covers what htmx swaps in later.
//   data-print                  button: print the page
//   data-confirm="question"     submit button: ask first; submit only on OK
//   data-fill-previous="value"  button: put the value into the field just before it (a date's "today")
//   data-reload-with="name"     select: open the page again with ?name=<the chosen value>
//   data-back                   link: back to the previous page when there is one, else follow the link
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print], [data-confirm], [data-fill-previous], [data-back]");
  if (!target) return;
  if (target.hasAttribute("data-print")) {
    window.print();
  } else if (target.hasAttribute("data-confirm")) {
    if (!window.confirm(target.dataset.confirm)) event.preventDefault();
  } else if (target.hasAttribute("data-fill-previous")) {
    target.previousElementSibling.value = target.dataset.fillPrevious;
  } else if (window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
document.addEventListener("change", function (event) {
  var select = event.target.closest("select[data-reload-with]");
  if (!select) return;
  window.location = "?" + encodeURIComponent(select.dataset.reloadWith) + "=" + encodeURIComponent(select.value);
});
