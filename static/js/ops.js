// Admin: copy buttons (invitation links, follow-up drafts).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var field = document.querySelector(button.getAttribute("data-copy"));
  field.select();
  var label = button.dataset.label || (button.dataset.label = button.textContent);
  var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = label; }, 2000); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
  } else {
    document.execCommand("copy");
    done();
  }
});
