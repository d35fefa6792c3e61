/* Buttons that used inline onclick handlers in Oscar's templates (the Content-Security-Policy
   forbids those): data-action="back" goes back a page, data-action="print" prints it. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-action]") : null;
    if (!target) { return; }
    var action = target.getAttribute("data-action");
    if (action === "back") { event.preventDefault(); window.history.back(); }
    if (action === "print") { event.preventDefault(); window.print(); }
  });
})();
