/* Shows the unsupported-browser notice (SVC-3) when basic standards the service relies on are missing,
   and submits forms of selects marked data-autosubmit (the language switch) without inline handlers. */
(function () {
  var supported = "fetch" in window && window.CSS && CSS.supports && CSS.supports("display", "grid");
  if (!supported) {
    var notice = document.getElementById("browser-notice");
    if (notice) { notice.hidden = false; }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) {
      event.target.form.submit();
    }
  });
})();
