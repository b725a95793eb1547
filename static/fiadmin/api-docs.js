"use strict";
// Starts Swagger UI on the API documentation page (templates/fiadmin/api_docs.html). A static file, not an
// inline script, so the page runs under the site's Content-Security-Policy.
document.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var csrfToken = root.dataset.csrfToken;
  SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    requestInterceptor: function (request) {
      // "Try it out" runs with the signed-in admin's session: writes need the CSRF token.
      if (request.method && request.method.toUpperCase() !== "GET") {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
});
