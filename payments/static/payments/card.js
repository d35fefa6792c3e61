/* Mounts Stripe's Payment Element on the card page and confirms the payment in the browser.
   Stripe then sends the shopper to the return page; the order is marked paid only when the
   server receives Stripe's signed webhook, never by this script. No framework, no build step. */
(function () {
  "use strict";
  var form = document.getElementById("card-pay-form");
  if (!form) { return; }
  var button = form.querySelector("button[type=submit]");
  var errors = document.getElementById("card-errors");
  var loading = document.getElementById("card-loading");

  function showError(text) {
    errors.textContent = text;
    errors.hidden = false;
  }

  if (typeof window.Stripe !== "function") {
    if (loading) { loading.hidden = true; }
    showError(form.dataset.msgUnavailable);
    return;
  }

  var stripe = window.Stripe(form.dataset.publishableKey, {
    locale: document.documentElement.lang || "auto"
  });
  var elements = stripe.elements({
    clientSecret: form.dataset.clientSecret,
    appearance: { theme: "stripe", variables: { colorPrimary: "#1f6f43", borderRadius: "6px" } }
  });
  var paymentElement = elements.create("payment", { layout: "tabs" });
  paymentElement.on("ready", function () {
    if (loading) { loading.hidden = true; }
    button.disabled = false;
  });
  paymentElement.on("loaderror", function () {
    if (loading) { loading.hidden = true; }
    showError(form.dataset.msgUnavailable);
  });
  paymentElement.mount("#payment-element");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button.disabled) { return; }
    button.disabled = true;
    errors.hidden = true;
    stripe.confirmPayment({
      elements: elements,
      confirmParams: { return_url: form.dataset.returnUrl }
    }).then(function (result) {
      // Only reached when Stripe did not redirect: the card was refused or a field is wrong.
      if (result.error) {
        showError(result.error.message || form.dataset.msgFailed);
        button.disabled = false;
      }
    }, function () {
      showError(form.dataset.msgFailed);
      button.disabled = false;
    });
  });
})();
