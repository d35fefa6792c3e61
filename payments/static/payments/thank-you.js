/* The thank-you page of a VietQR order: poll the payment status; once it is final the QR and
   bank details go (they must not be used any more). */
(function () {
  var box = document.getElementById("payment-box");
  var statusEl = box.querySelector("[data-testid=payment-status]");
  function poll() {
    fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        statusEl.textContent = data.label;
        if (data.final) {  // paid, or expired/cancelled: the QR must not be used any more
          if (data.paid) { statusEl.classList.add("pay-status--paid"); }
          box.querySelectorAll(".pay-qr, .bank-details, .pay-deadline").forEach(function (el) { el.remove(); });
          return;
        }
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
