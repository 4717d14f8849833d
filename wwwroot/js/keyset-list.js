// The keyset list component (docs/adr/0014-virtualized-keyset-lists.md): every table marked
// keyset-table (src/Erp.Web/Paging/KeysetTableTagHelpers.cs) keeps a bounded window of rows.
// - Scrolling down loads the next page (cursor=), scrolling up the previous one (before=); rows far
//   outside the viewport are removed and replaced by a spacer of their measured height, so the
//   page never grows past data-window rows (0: never prune, the plain infinite scroll baseline).
// - Every change above the viewport is followed by a correction that keeps the first visible row
//   where it was: restoring or pruning never moves what the user is reading.
// - The URL follows the first visible row (at=<its cursor>, replaceState, throttled): Back from a
//   record, a reload or a shared link opens the list at that row.
// - Home goes back to the first page; focus never falls to <body> when its row is pruned.
// No inline script and no style attributes in markup: spacer heights are CSSOM writes.
(function () {
    "use strict";

    var AHEAD = 1.5;      // viewport heights kept loaded above and below what is visible
    var URL_DELAY = 250;  // ms between URL updates while scrolling
    var INDICATOR_DELAY = 300; // ms a load runs before "Loading more…" shows
    var FRAME_FALLBACK = 100; // ms a scheduled check waits for its animation frame before running without one
    var HTMX_ATTRIBUTE = /\s(data-)?hx-/;

    function dataRows(body) {
        return body.querySelectorAll("tr[data-id]");
    }

    function withParam(url, name, value) {
        return url + (url.indexOf("?") < 0 ? "?" : "&") + name + "=" + encodeURIComponent(value);
    }

    function Spacer(table, before) {
        this.body = document.createElement("tbody");
        this.body.className = "keyset-spacer";
        this.body.setAttribute("aria-hidden", "true");
        var row = document.createElement("tr");
        var cell = document.createElement("td");
        cell.colSpan = table.tHead && table.tHead.rows[0] ? table.tHead.rows[0].cells.length : 1;
        row.appendChild(cell);
        this.body.appendChild(row);
        this.row = row;
        this.height = 0;
        table.insertBefore(this.body, before);
        this.set(0);
    }

    Spacer.prototype.set = function (height) {
        this.height = Math.max(0, height);
        this.body.hidden = this.height === 0;
        this.row.style.height = this.height + "px";
    };

    function KeysetList(table) {
        this.table = table;
        this.rows = table.tBodies[0];
        this.max = parseInt(table.getAttribute("data-window") || "300", 10) || 0;
        this.indicator = document.getElementById(table.getAttribute("data-indicator") || "");
        this.top = new Spacer(table, this.rows);
        this.bottom = new Spacer(table, this.rows.nextSibling);
        this.busy = false;
        this.scheduled = false;
        this.urlTimer = 0;
        this.reset();
        var self = this;
        window.addEventListener("scroll", function () { self.schedule(); self.followUrl(); }, { passive: true });
        window.addEventListener("resize", function () { self.schedule(); }, { passive: true });
        // A filter form swaps a new first page into the rows: start over from it.
        document.body.addEventListener("htmx:afterSwap", function (event) {
            if (event.detail && event.detail.target === self.rows) {
                self.reset();
                self.schedule();
            }
        });
        document.addEventListener("keydown", function (event) { self.key(event); });
    }

    KeysetList.prototype.reset = function () {
        this.generation = (this.generation || 0) + 1; // a page still loading for the old rows is dropped
        var rows = dataRows(this.rows);
        var first = rows[0], last = rows[rows.length - 1];
        this.listUrl = (first && first.getAttribute("data-list")) || this.table.getAttribute("data-keyset-list") || location.pathname;
        this.prevUrl = first ? first.getAttribute("data-prev") : null;
        this.nextUrl = last ? last.getAttribute("data-next") : null;
        this.top.set(0);
        this.bottom.set(0);
        this.busyState(false);
    };

    // The check runs on the next animation frame (the layout is clean then), or after FRAME_FALLBACK
    // when no frame comes: browsers pause frames (hidden tabs) and headless Chromium was seen to stop
    // sending them to a busy page for good, and a check waiting on a frame that never comes would
    // stop the list from loading until a reload.
    KeysetList.prototype.schedule = function () {
        var self = this;
        if (self.scheduled) {
            return;
        }
        self.scheduled = true;
        var frame, timer;
        var run = function () {
            if (!self.scheduled) {
                return;
            }
            self.scheduled = false;
            cancelAnimationFrame(frame);
            clearTimeout(timer);
            self.check();
        };
        frame = requestAnimationFrame(run);
        timer = setTimeout(run, FRAME_FALLBACK);
    };

    KeysetList.prototype.check = function () {
        if (this.busy) {
            return;
        }
        var rows = dataRows(this.rows);
        if (rows.length === 0) {
            return;
        }
        var view = window.innerHeight;
        if (this.nextUrl && rows[rows.length - 1].getBoundingClientRect().bottom < view * (1 + AHEAD)) {
            this.load(this.nextUrl, false);
        } else if (this.prevUrl && rows[0].getBoundingClientRect().top > -view * AHEAD) {
            this.load(this.prevUrl, true);
        } else if (!this.prevUrl && this.top.height > 0) {
            this.correct(function () { this.top.set(0); });
        }
    };

    // The first row whose bottom is below the sticky header: what the user reads first.
    KeysetList.prototype.firstVisible = function () {
        var head = this.table.tHead ? this.table.tHead.getBoundingClientRect().bottom : 0;
        var line = Math.max(0, head);
        var rows = dataRows(this.rows);
        var low = 0, high = rows.length - 1, found = null;
        while (low <= high) {
            var mid = (low + high) >> 1;
            if (rows[mid].getBoundingClientRect().bottom > line) {
                found = rows[mid];
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
        return found;
    };

    // Runs a DOM change, then scrolls so the first visible row stays exactly where it was.
    KeysetList.prototype.correct = function (change) {
        var anchor = this.firstVisible();
        var before = anchor ? anchor.getBoundingClientRect().top : 0;
        change.call(this);
        if (anchor && anchor.isConnected) {
            var moved = anchor.getBoundingClientRect().top - before;
            if (Math.abs(moved) >= 0.5) {
                window.scrollBy(0, moved);
            }
        }
    };

    // The table is aria-busy while a page loads; the visible "Loading more…" line only shows when a
    // load takes longer than INDICATOR_DELAY: showing and hiding it on every quick load cost a
    // layout and a repaint each (and flickered).
    KeysetList.prototype.busyState = function (busy) {
        var self = this;
        self.busy = busy;
        self.table.setAttribute("aria-busy", busy ? "true" : "false");
        clearTimeout(self.indicatorTimer);
        if (busy && self.indicator) {
            self.indicatorTimer = setTimeout(function () { self.indicator.classList.add("htmx-request"); }, INDICATOR_DELAY);
        } else if (self.indicator && self.indicator.classList.contains("htmx-request")) {
            self.indicator.classList.remove("htmx-request");
        }
    };

    KeysetList.prototype.load = function (url, backward) {
        var self = this;
        var generation = self.generation;
        self.busyState(true);
        fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
            .then(function (response) {
                var redirect = response.headers.get("HX-Redirect");
                if (response.status === 401 && redirect) {
                    location.assign(redirect);
                    return null;
                }
                if (!response.ok && response.status !== 400) {
                    // notices.js shows failed requests in the layout's live region.
                    document.dispatchEvent(new CustomEvent("htmx:responseError", {
                        detail: { xhr: { status: response.status, getResponseHeader: function (name) { return response.headers.get(name); } } },
                    }));
                    return null;
                }
                return response.text();
            })
            .then(function (html) {
                if (generation !== self.generation) {
                    return; // the rows were replaced meanwhile (Home, a filter): whoever replaced them owns the state
                }
                if (html === null) {
                    self.busyState(false);
                    return;
                }
                self.insert(html, backward); // clears the busy state in its batch of writes
                self.schedule();
            }, function () {
                self.busyState(false);
                document.dispatchEvent(new CustomEvent("htmx:sendError", { detail: {} }));
            })
            .catch(function (error) {
                // A failure while inserting must not leave the list busy for good: the next scroll tries again.
                self.busyState(false);
                console.error(error);
            });
    };

    // One load costs one layout of the table. Everything the change needs (the anchor, the rows to
    // prune and their height) is read first, on the layout as it stands (clean since the last frame);
    // then the rows go in and out and the spacers change in one batch of writes; then a single read
    // of the anchor puts the first visible row back (a scroll, which needs no second layout). Reading
    // between writes would lay the whole table out again each time (profiled: three layouts a load).
    KeysetList.prototype.insert = function (html, backward) {
        var template = document.createElement("template");
        template.innerHTML = html;
        var incoming = template.content;
        var fresh = incoming.querySelectorAll("tr[data-id]");
        var rows = dataRows(this.rows);
        var anchor = this.firstVisible();
        var anchorTop = anchor ? anchor.getBoundingClientRect().top : 0;
        // Restored rows are as tall as the rows already here (one line each): the spacer they replace
        // shrinks by that estimate in the same batch; the correction below absorbs any difference.
        var rowHeight = rows.length > 0
            ? (rows[rows.length - 1].getBoundingClientRect().bottom - rows[0].getBoundingClientRect().top) / rows.length
            : 0;
        var cut = this.pruneSpan(rows, fresh.length, !backward);

        if (cut && cut.losesFocus) {
            // Focus moves to the row the user sees first instead of falling to <body>.
            var target = anchor && anchor.querySelector("a, button, input, select, [tabindex]");
            if (target) {
                target.focus({ preventScroll: true });
            }
        }
        this.busyState(false);
        var restored = fresh.length * rowHeight;
        if (backward) {
            this.rows.insertBefore(incoming, this.rows.firstChild);
            this.prevUrl = fresh.length > 0 ? fresh[0].getAttribute("data-prev") : null;
            this.top.set(this.prevUrl ? this.top.height - restored : 0);
        } else {
            this.rows.appendChild(incoming);
            this.nextUrl = fresh.length > 0 ? fresh[fresh.length - 1].getAttribute("data-next") : null;
            this.bottom.set(this.nextUrl ? this.bottom.height - restored : 0);
        }
        if (cut) {
            // The pruned rows go in one range: removing them one by one costs a mutation each.
            var range = document.createRange();
            range.setStartBefore(cut.first);
            range.setEndAfter(cut.last);
            range.deleteContents();
            var cursor = cut.keep.getAttribute("data-cursor");
            if (backward) {
                this.bottom.set(this.bottom.height + cut.height);
                this.nextUrl = cursor ? withParam(this.listUrl, "cursor", cursor) : this.nextUrl;
            } else {
                this.top.set(this.top.height + cut.height);
                this.prevUrl = cursor ? withParam(this.listUrl, "before", cursor) : this.prevUrl;
            }
        }
        // Rows with htmx attributes (row actions) need htmx to wire them; plain rows are left alone
        // (htmx.process raises four events per row: measurable at 50 rows a load).
        if (window.htmx && HTMX_ATTRIBUTE.test(html)) {
            Array.prototype.forEach.call(fresh, function (row) { window.htmx.process(row); });
        }
        if (anchor && anchor.isConnected) {
            var moved = anchor.getBoundingClientRect().top - anchorTop;
            if (Math.abs(moved) >= 0.5) {
                window.scrollBy(0, moved);
            }
        }
    };

    // The rows to remove so that the window holds at most max rows once `adding` more are in: taken
    // from the end far from the viewport (the top after loading downwards), never a row on screen or
    // within a viewport of it. Only reads: returns the first and last row to remove, the row that
    // becomes the new edge, and the height they take.
    KeysetList.prototype.pruneSpan = function (rows, adding, fromTop) {
        var excess = rows.length + adding - this.max;
        if (this.max <= 0 || excess <= 0) {
            return null;
        }
        var view = window.innerHeight;
        var count = 0;
        for (; count < excess && count < rows.length - 1; count++) {
            var box = rows[fromTop ? count : rows.length - 1 - count].getBoundingClientRect();
            if (fromTop ? box.bottom > -view : box.top < 2 * view) {
                break;
            }
        }
        if (count === 0) {
            return null;
        }
        var first = rows[fromTop ? 0 : rows.length - count];
        var last = rows[fromTop ? count - 1 : rows.length - 1];
        var keep = rows[fromTop ? count : rows.length - 1 - count];
        var focused = document.activeElement;
        return {
            first: first,
            last: last,
            keep: keep,
            height: fromTop
                ? keep.getBoundingClientRect().top - first.getBoundingClientRect().top
                : last.getBoundingClientRect().bottom - keep.getBoundingClientRect().bottom,
            losesFocus: !!focused && focused !== document.body && this.rows.contains(focused)
                && (fromTop ? keep.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_PRECEDING
                    : keep.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
                && !keep.contains(focused),
        };
    };

    // at=<cursor of the first visible row>; the bare list URL while the first page's first row is on top.
    KeysetList.prototype.followUrl = function () {
        var self = this;
        if (self.urlTimer) {
            return;
        }
        self.urlTimer = setTimeout(function () {
            self.urlTimer = 0;
            var row = self.firstVisible();
            if (!row) {
                return;
            }
            var atStart = !self.prevUrl && self.top.height === 0 && row === dataRows(self.rows)[0];
            var cursor = row.getAttribute("data-cursor");
            var url = atStart || !cursor ? self.listUrl : withParam(self.listUrl, "at", cursor);
            if (location.pathname + location.search !== url) {
                history.replaceState(history.state, "", url);
            }
        }, URL_DELAY);
    };

    KeysetList.prototype.key = function (event) {
        if (event.key !== "Home" || event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) {
            return;
        }
        var target = event.target;
        if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
            return;
        }
        event.preventDefault();
        if (!this.prevUrl && this.top.height === 0) {
            window.scrollTo(0, 0);
            return;
        }
        var self = this;
        self.generation++;
        self.busyState(true);
        fetch(self.listUrl, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
            .then(function (response) { return response.text(); })
            .then(function (html) {
                self.rows.innerHTML = html;
                if (window.htmx) {
                    window.htmx.process(self.rows);
                }
                self.reset();
                window.scrollTo(0, 0);
                history.replaceState(history.state, "", self.listUrl);
                var link = self.rows.querySelector("tr[data-id] a");
                if (link) {
                    link.focus({ preventScroll: true });
                }
                self.busyState(false);
            }, function () {
                self.busyState(false);
                document.dispatchEvent(new CustomEvent("htmx:sendError", { detail: {} }));
            });
    };

    function start() {
        var tables = document.querySelectorAll("table[data-keyset-list]");
        if (tables.length === 0) {
            return;
        }
        // We place the list ourselves: the browser's scroll restoration and scroll anchoring would
        // fight the spacers (a restored offset of a long-gone window, a second correction).
        history.scrollRestoration = "manual";
        document.documentElement.style.overflowAnchor = "none";
        Array.prototype.forEach.call(tables, function (table) {
            var list = new KeysetList(table);
            if (new URLSearchParams(location.search).has("at")) {
                var first = dataRows(list.rows)[0];
                var head = table.tHead ? table.tHead.offsetHeight : 0;
                if (first) {
                    window.scrollTo(0, window.scrollY + first.getBoundingClientRect().top - head);
                }
            }
            list.schedule();
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
