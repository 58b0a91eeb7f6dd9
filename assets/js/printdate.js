// printdate.js writes today's date into every element with a
// data-print-date attribute, so a printed page says when it was printed.
// The attribute's value is the label ("Utskriven:"); the text comes from the
// page, not from this file. Without JavaScript the element stays empty.
(function () {
  "use strict";
  function fill() {
    var today = new Date().toLocaleDateString("sv-SE", {
      year: "numeric",
      month: "long",
      day: "numeric"
    });
    var els = document.querySelectorAll("[data-print-date]");
    for (var i = 0; i < els.length; i++) {
      els[i].textContent = els[i].getAttribute("data-print-date") + " " + today;
    }
  }
  fill();
  // A page left open overnight and printed the next day gets the right date.
  window.addEventListener("beforeprint", fill);
})();
