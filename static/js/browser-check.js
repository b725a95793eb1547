/* Shows the unsupported-browser notice (SVC-3) when basic standards the service relies on are missing. */
(function () {
  var supported = "fetch" in window && window.CSS && CSS.supports && CSS.supports("display", "grid");
  if (!supported) {
    var notice = document.getElementById("browser-notice");
    if (notice) { notice.hidden = false; }
  }
})();
