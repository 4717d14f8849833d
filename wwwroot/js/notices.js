// Page-wide notices in the layout's one live region (id="notices", role="alert").
// - A failed htmx request (5xx answer, network error, timeout) shows a dismissable message, so a
//   button never seems dead. Refusals the server explains itself (403, 429) arrive already
//   retargeted to #notices (HX-Retarget) and are swapped by htmx.
// - Any element with data-dismiss-notice removes the notice it sits in.
// No inline script anywhere: the layout loads this file (a CSP with nonces comes later).
(function () {
    "use strict";

    function region() {
        return document.getElementById("notices");
    }

    function show(text) {
        var host = region();
        if (!host) {
            return;
        }
        var notice = document.createElement("div");
        notice.className = "notice error";
        notice.setAttribute("data-testid", "notice");
        var message = document.createElement("p");
        message.textContent = text;
        var dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "dismiss";
        dismiss.setAttribute("data-dismiss-notice", "");
        dismiss.textContent = "Dismiss";
        notice.appendChild(message);
        notice.appendChild(dismiss);
        host.replaceChildren(notice);
    }

    function requestId(xhr) {
        return xhr && xhr.getResponseHeader ? xhr.getResponseHeader("X-Request-Id") : null;
    }

    document.addEventListener("htmx:responseError", function (event) {
        var xhr = event.detail.xhr;
        if (!xhr || xhr.status < 500) {
            return; // 4xx answers are swapped (htmx-config) or retargeted to #notices by the server
        }
        var id = requestId(xhr);
        show("The server could not complete this request (error " + xhr.status + "). " +
            "Nothing was lost; try again in a moment." + (id ? " Reference: " + id + "." : ""));
    });

    document.addEventListener("htmx:sendError", function () {
        show("The server could not be reached. Check the connection and try again; nothing was lost.");
    });

    document.addEventListener("htmx:timeout", function () {
        show("The server took too long to answer. Try again in a moment.");
    });

    document.addEventListener("click", function (event) {
        var target = event.target;
        if (!(target instanceof Element)) {
            return;
        }
        var button = target.closest("[data-dismiss-notice]");
        if (button) {
            var notice = button.closest(".notice");
            if (notice) {
                notice.remove();
            }
        }
    });
})();
