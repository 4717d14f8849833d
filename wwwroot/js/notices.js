// Page-wide notices in the layout's one live region (id="notices", role="alert").
// - A failed htmx request (an answer htmx does not swap, a network error, a timeout) shows a
//   dismissable message, so a button never seems dead. It quotes the X-Request-Id header that
//   every answer carries (src/Erp.Web/Hosting/RequestIds.cs), the reference the error page shows.
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

    // htmx raises responseError for the answers it does not swap (htmx-config in the layout swaps
    // 400, 403, 409, 413, 422 and 429, which carry their own message): 5xx, and 4xx such as 404.
    document.addEventListener("htmx:responseError", function (event) {
        var xhr = event.detail.xhr;
        if (!xhr) {
            return;
        }
        var id = requestId(xhr);
        var reference = id ? " Reference: " + id + "." : "";
        if (xhr.status >= 500) {
            show("The server could not complete this request (error " + xhr.status + "). " +
                "Nothing you saved before was lost; try again in a moment." + reference);
        } else if (xhr.status === 404) {
            show("This record or page no longer exists. Reload the page to see the current state." + reference);
        } else {
            show("The request was refused (error " + xhr.status + "). Reload the page and try again." + reference);
        }
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
