// printdate.js writes today's date into every element with a
// data-print-date attribute, so a printed page says when it was printed.
// The attribute's value is the label ("Utskriven:"); the text comes from the
// page, not from this file. Without JavaScript the element stays empty.
// The date is YYYY-MM-DD, the site's one date format, written out by hand:
// the first toLocaleDateString call loads the browser's locale data, which
// blocked the main thread for 40 ms or more on every page.
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
  fill();
  // A page left open overnight and printed the next day gets the right date.
  window.addEventListener("beforeprint", fill);
})();
