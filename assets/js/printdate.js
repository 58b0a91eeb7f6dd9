// printdate.js writes today's date into every element with a
// data-print-date attribute, so a printed page says when it was printed.
// The attribute's value is the label ("Utskriven:"); the text comes from the
// page, not from this file. Without JavaScript the element stays empty.
// The date is YYYY-MM-DD, the site's one date format, and it is written
// just before printing, not at load: the first local date a page asks for
// makes the browser load its time zone (and toLocaleDateString its locale)
// data, 40 ms or more on the main thread of every page.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function fill() {
    var d = new Date();
    var today = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    var els = document.querySelectorAll("[data-print-date]");
    for (var i = 0; i < els.length; i++) {
      els[i].textContent = els[i].getAttribute("data-print-date") + " " + today;
    }
  }
  window.addEventListener("beforeprint", fill);
})();
