/* The decision log viewer: search by time, kind, outcome and pack digest; open a record explained; the
   chain's verification status. Reads /log/api (role read-log). */
"use strict";
(() => {
  const t = CR.t;
  const el = CR.el;
  let after = null; /* the next page starts past this record (its index); null: from the first */
  let kindTitles = {};
  /* A kind by its title in the page's language ("失信惩戒"), its code beside it in Chinese as elsewhere. */
  const kindName = (kind) => (kindTitles[kind] ? (CR.lang === "zh" ? `${kindTitles[kind]}${CR.paren(kind)}` : kindTitles[kind]) : kind);
  /* "2026-12-06T21:10:34.747927Z" as "2026-12-06 21:10:34 UTC". */
  const when = (stamp) => (stamp || "").replace("T", " ").replace(/\.\d+/, "").replace(/Z$|\+00:00$/, " UTC");

  function form(kinds, labels) {
    const field = (id, label, control) => el("label", { for: id }, label, control);
    return el("form", { id: "log-search", class: "row", "aria-label": t("search") },
      field("since", t("since"), el("input", { id: "since", type: "datetime-local", step: "1" })),
      field("until", t("until"), el("input", { id: "until", type: "datetime-local", step: "1" })),
      field("log-kind", t("kind"), el("select", { id: "log-kind" }, el("option", { value: "", text: t("any") }),
        kinds.map((k) => el("option", { value: k.kind, text: `${k.title[CR.lang] || k.title.zh}${CR.paren(k.kind)}` })))),
      field("outcome", t("outcome"), el("input", { id: "outcome", type: "text", list: "outcome-codes", placeholder: "joint_punishment" })),
      // The outcomes offered by their names (实施联合惩戒): an outcome is searched by its code, which few know by heart.
      el("datalist", { id: "outcome-codes" }, Object.entries(labels).map(([code, zh]) => el("option", { value: code, label: CR.lang === "zh" ? zh : code }))),
      field("pack-digest", t("packDigest"), el("input", { id: "pack-digest", type: "text", placeholder: "sha256:…" })),
      el("button", { type: "submit", text: t("search") }));
  }

  const iso = (value) => (value ? `${value.length === 16 ? `${value}:00` : value}Z` : "");

  /* A later search wins over an earlier one still running (the first, unfiltered one runs while the page loads). */
  let searchSeq = 0;
  async function search() {
    const seq = ++searchSeq;
    const params = new URLSearchParams({
      since: iso(document.getElementById("since").value), until: iso(document.getElementById("until").value),
      kind: document.getElementById("log-kind").value, outcome: document.getElementById("outcome").value.trim(),
      pack_digest: document.getElementById("pack-digest").value.trim(), limit: "50",
    });
    if (after !== null) params.set("after", String(after));
    const data = await CR.api(`/log/api/search?${params}`);
    if (seq !== searchSeq) return;
    const out = document.getElementById("log-results");
    if (!data.records.length) { out.replaceChildren(el("p", { text: t("noRecords") })); return; }
    // What this page of the search shows, and the log's size beside it (a filter's matches are not counted:
    // that would read the whole log on every search).
    out.replaceChildren(el("p", { class: "meta", id: "log-count",
      text: data.more ? CR.tf("logShownMore", { shown: data.records.length, size: data.size })
        : CR.tf("logShown", { shown: data.records.length, size: data.size }) }));
    out.append(el("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-labelledby": "log-caption" }, el("table", { class: "data", id: "log-table" },
      el("caption", { id: "log-caption", class: "meta", text: t("logCaption") }),
      el("thead", {}, el("tr", {}, ["#", t("recordedAt"), t("kind"), t("outcome"), t("packDigest"), t("actions")].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, data.records.map((r) => el("tr", { "data-id": r.decision_id },
        el("td", { text: String(r.index) }), el("td", { text: when(r.recorded_at) }), el("td", { "data-kind": r.kind, text: kindName(r.kind) }),
        el("td", { text: CR.lang === "zh" && r.outcome_zh ? `${r.outcome_zh}${CR.paren(r.outcome)}` : r.outcome }),
        el("td", {}, el("code", { text: (r.pack_digest || "").slice(0, 19) })),
        el("td", {}, el("button", { type: "button", class: "secondary", text: t("open"), "aria-label": `${t("open")} ${r.decision_id}`,
          onclick: () => open(r.decision_id).catch(fail) }))))))));
    if (data.more) out.append(el("button", { type: "button", class: "secondary", text: t("more"), onclick: () => { after = data.records[data.records.length - 1].index; search().catch(fail); } }));
  }

  async function open(id) {
    const r = await CR.api(`/log/api/record/${encodeURIComponent(id)}`);
    const out = document.getElementById("log-record");
    out.replaceChildren(el("h2", { text: `${kindName(r.kind)} · ${r.decision_id}` }),
      el("p", { class: "outcome", text: CR.lang === "zh" && r.outcome_zh ? `${r.outcome_zh}${CR.paren(r.outcome)}` : r.outcome }),
      el("p", { class: "meta", text: `${t("recordedAt")} ${when(r.recorded_at)} · ${r.pack_version || ""} ${r.pack_digest || ""} · ${r.engine || ""}` }));
    if (r.explanation) out.append(el("h3", { text: t("explanation") }), el("pre", { class: "facts", id: "log-explanation", text: r.explanation[CR.lang] }));
    if (r.case) out.append(el("h3", { text: t("caseData") }), el("pre", { class: "facts", text: JSON.stringify(r.case, null, 2) }));
    out.focus();
  }

  async function chain() {
    const v = await CR.api("/log/api/verify");
    const head = v.last_head;
    document.getElementById("log-chain").replaceChildren(...[
      el("p", { class: `status ${v.ok ? "ok" : "bad"}`, id: "chain-status", role: "status",
        text: `${t("chain")}${CR.colon}${v.ok ? t("chainOk") : t("chainBad")} · ${CR.tf("chainCounts", { records: v.size, heads: v.heads_checked })}` }),
      head ? el("p", { class: "meta", text: `${t("signed")}${CR.colon}${head.tree_size} · ${head.root_hash.slice(0, 16)}… · ${head.signature ? head.key_id.slice(0, 16) : t("unsigned")}` }) : null,
      v.problems.length ? el("ul", { class: "errors" }, v.problems.map((p) => el("li", { "data-kind": p.kind, text: p.said }))) : null,
    ].filter(Boolean));
  }

  function fail(error) {
    const box = document.getElementById("page-error");
    box.hidden = false;
    box.textContent = `${t("networkError")}${CR.colon}${error.message}`;
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const root = document.getElementById("log-app");
    const given = await CR.api("/playground/api/kinds").catch(() => ({ kinds: [], outcomes: {} }));
    const kinds = given.kinds;
    kindTitles = Object.fromEntries(kinds.map((k) => [k.kind, k.title[CR.lang] || k.title.zh]));
    root.append(el("p", { id: "page-error", class: "errors", role: "alert", hidden: true }),
      el("div", { id: "log-chain", "aria-live": "polite" }), form(kinds, given.outcomes || {}), el("div", { id: "log-results", "aria-live": "polite" }),
      el("section", { id: "log-record", class: "panel", tabindex: "-1", "aria-live": "polite" },
        el("p", { class: "empty", text: t("recordEmpty") })));
    document.getElementById("log-search").addEventListener("submit", (event) => { event.preventDefault(); after = null; search().catch(fail); });
    await Promise.all([chain().catch(fail), search().catch(fail)]);
  });
})();
