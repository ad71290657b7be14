/* The playground: pick a kind and an example, edit it as a form or as YAML, evaluate it against the
   served pack, try a what-if on a private copy, share the case by link (#case=… in the fragment). */
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const t = CR.t;
  const state = { kinds: [], schema: null, schemaKind: null, seq: 0, form: null, mode: "form", data: null, yamlDirty: false, pack: null };

  function b64encode(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function b64decode(text) {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  }

  async function loadKinds() {
    const data = await CR.api("/playground/api/kinds");
    state.kinds = data.kinds;
    state.pack = data.pack;
    CR.codeLabels = data.labels || {};
    $("as-of").value = data.as_of;
    $("kind").replaceChildren(...data.kinds.map((k) => CR.el("option", { value: k.kind, text: `${k.title[CR.lang] || k.title.zh}${CR.paren(k.kind)}` })));
  }

  function fillExamples(kind) {
    const entry = state.kinds.find((k) => k.kind === kind);
    $("example").replaceChildren(...(entry ? entry.examples : []).map((name) => CR.el("option", { value: name, text: name.split("/").pop() })));
  }

  /* Loads may overlap (a quick change of kind, then of example): only the latest one is shown.
     The schema's descriptions are the hints beside the fields, in the page's language (the language
     switch loads the page again, so one page needs one language only). */
  async function schemaFor(kind) {
    if (state.schemaKind !== kind) {
      const schema = await CR.api(`/playground/api/schema/${encodeURIComponent(kind)}?lang=${CR.lang}`);
      return { schema, kind };
    }
    return { schema: state.schema, kind };
  }

  async function useKind(kind, data) {
    delete $("form-editor").dataset.loaded;  // set again when the new case is in the form
    $("kind").value = kind;
    fillExamples(kind);
    if (data === undefined) {
      await useExample($("example").value);
      return;
    }
    const seq = ++state.seq;
    const loaded = await schemaFor(kind);
    if (seq !== state.seq) return;
    state.schema = loaded.schema;
    state.schemaKind = kind;
    await setData(data, "link");
  }

  async function useExample(name) {
    const seq = ++state.seq;
    delete $("form-editor").dataset.loaded;  // set again when this example is in the form
    const kind = $("kind").value;
    const [loaded, example] = await Promise.all([schemaFor(kind),
      name ? CR.api(`/playground/api/example?name=${encodeURIComponent(name)}`).then((e) => e.case) : Promise.resolve({ kind })]);
    if (seq !== state.seq) return;
    state.schema = loaded.schema;
    state.schemaKind = kind;
    await setData(example, name);
  }

  async function setData(data, source) {
    const seq = state.seq;
    state.data = data;
    state.form = CR.schemaForm.render(state.schema, data);
    $("form-editor").replaceChildren(state.form.element);
    const yaml = await CR.api("/playground/api/json-to-yaml", { case: data });
    if (seq !== state.seq) return;
    $("yaml-editor").value = yaml.text;
    state.yamlDirty = false;
    $("yaml-error").hidden = true;
    $("form-editor").dataset.loaded = source || "";
  }

  /* The case as the current editor holds it; a YAML error stops here and is shown at its line. */
  async function currentCase() {
    if (state.mode === "yaml" && state.yamlDirty) {
      const answer = await CR.api("/playground/api/yaml-to-json", { text: $("yaml-editor").value });
      if (!answer.ok) {
        const e = answer.error;
        $("yaml-error").hidden = false;
        $("yaml-error").textContent = `${t("yamlError")}${CR.colon}${t("line")} ${e.line}${CR.comma}${t("column")} ${e.column}${CR.colon}${e.message}`;
        return null;
      }
      $("yaml-error").hidden = true;
      state.data = answer.case;
      state.form = CR.schemaForm.render(state.schema, answer.case);
      $("form-editor").replaceChildren(state.form.element);
      state.yamlDirty = false;
      return answer.case;
    }
    if (state.mode === "form") state.data = state.form.get();
    return state.data;
  }

  async function switchMode(mode) {
    const data = await currentCase();
    if (data === null) return;
    if (mode === "yaml" && state.mode === "form") {
      $("yaml-editor").value = (await CR.api("/playground/api/json-to-yaml", { case: data })).text;
      state.yamlDirty = false;
    }
    state.mode = mode;
    $("mode-form").setAttribute("aria-pressed", String(mode === "form"));
    $("mode-yaml").setAttribute("aria-pressed", String(mode === "yaml"));
    $("form-editor").hidden = mode !== "form";
    $("yaml-panel").hidden = mode !== "yaml";
  }

  function share(data) {
    const payload = b64encode(JSON.stringify({ kind: $("kind").value, as_of: $("as-of").value, case: data }));
    history.replaceState(null, "", `#case=${payload}`);
    CR.keepFragment();
    return location.href;
  }

  /* While a request runs its button is off and the result says so (a slow network shows "evaluating…",
     not the previous result); a failed one says why in the page's words (report, role=alert). */
  async function busy(button, out, work) {
    button.disabled = true;
    out.setAttribute("aria-busy", "true");
    try {
      return await work();
    } catch (error) {
      out.replaceChildren(CR.el("p", { class: "errors", text: `${t("networkError")}${CR.colon}${error.message}` }));
      throw error;
    } finally {
      button.disabled = false;
      out.removeAttribute("aria-busy");
    }
  }

  async function evaluate() {
    const data = await currentCase();
    if (data === null) return;
    share(data);
    const out = $("result");
    out.replaceChildren(CR.el("p", { class: "busy", text: t("evaluating") }));
    const answer = await busy($("evaluate"), out,
      () => CR.api("/playground/api/evaluate", { case: data, as_of: $("as-of").value || null }));
    out.replaceChildren();
    if (!answer.ok) {
      const unplaced = state.form.mark(answer.errors);
      out.append(CR.el("p", { class: "errors", role: "alert", text: t("invalid") }),
        CR.el("ul", { class: "errors" }, answer.errors.map((e) => CR.el("li", { "data-path": e.path,
          text: `${CR.pathName(e.path)}${CR.colon}${e.message}${e.expected ? CR.paren(e.expected) : ""}${e.found ? ` — ${e.found}` : ""}` }))));
      if (state.mode === "yaml" && unplaced.length === 0) switchMode("form");
      return;
    }
    state.form.mark([]);
    showDecision(out, answer);
  }

  function codeText(zh, code) {
    return CR.lang === "zh" && zh ? `${zh}${CR.paren(code)}` : code;
  }

  function showDecision(out, answer) {
    const d = answer.decision;
    out.append(
      CR.el("h3", { text: t("outcome") }),  // under the panel's h2 (评价结果), as the other parts are
      CR.el("p", { class: "outcome", id: "outcome", "data-code": answer.outcome.code, text: codeText(answer.outcome.zh, answer.outcome.code) }),
      CR.el("p", { class: "meta", text: `${d.policy.name} ${d.policy.version} · ${d.policy.digest.slice(0, 19)} · ${t("asOf")} ${d.as_of}` }),
    );
    if (answer.codes.length) {
      out.append(CR.el("h3", { text: t("codes") }),
        CR.el("ul", { class: "codes" }, answer.codes.map((c) => CR.el("li", { "data-code": c.code, title: c.field, text: codeText(c.zh, c.code) }))));
    }
    out.append(CR.el("h3", { text: t("route") }));
    if (answer.route.length) {
      out.append(CR.el("ol", { class: "route", id: "route", "aria-label": t("route") },
        answer.route.map((r) => CR.el("li", { "data-role": r.role, text: CR.lang === "zh" ? `${r.zh}` : `${r.en || r.role}` }))));
    } else out.append(CR.el("p", { class: "meta", text: t("noRoute") }));
    out.append(CR.el("h3", { text: t("fired") }));
    if (!answer.fired.length) out.append(CR.el("p", { text: t("noneFired") }));
    out.append(CR.el("ol", { class: "fired" }, answer.fired.map((f) => CR.el("li", { "data-rule": f.rule },
      CR.el("strong", { text: f.title[CR.lang] || f.title.zh }), " ", CR.el("code", { text: f.rule }),
      f.interpretation ? CR.el("p", { class: "meta", text: t("interpretation") }) : null,
      f.clauses.map((c) => CR.el("div", { class: "clause", "data-clause": c.id },
        CR.el("span", { text: `${t("clause")} ${c.id} ${c.title ? c.title[CR.lang] || c.title.zh : ""}` }))),
      f.quote ? CR.el("blockquote", { lang: "zh", text: `「${f.quote}」` }) : null,
      Object.keys(f.facts).length ? CR.el("details", { class: "facts" },
        CR.el("summary", { text: `${t("facts")}${CR.paren(Object.keys(f.facts).length)}` }),
        CR.el("ul", {}, Object.entries(f.facts).map(([k, v]) => CR.el("li", { text: `${k} = ${JSON.stringify(v)}` })))) : null))));
  }

  /* What-if */
  async function loadPolicy() {
    try {
      const listing = await CR.api("/playground/api/policy");
      $("policy-file").replaceChildren(...listing.files.map((f) => CR.el("option", { value: f, text: f })));
      $("setting-name").replaceChildren(...listing.settings.map((s) => CR.el("option", { value: s.name, "data-value": s.value,
        text: CR.lang === "zh" ? `${s.title.zh || s.name}${CR.paren(s.name)}` : `${s.name} — ${s.title.en || s.title.zh}` })));
      $("setting-name").addEventListener("change", () => { $("setting-value").value = $("setting-name").selectedOptions[0].dataset.value; });
      $("setting-value").value = $("setting-name").selectedOptions[0] ? $("setting-name").selectedOptions[0].dataset.value : "";
      await openPolicy();
    } catch (error) {
      $("whatif").replaceChildren($("whatif-title"), CR.el("p", { class: "errors", text: `${t("forbidden")}${CR.colon}${error.message}` }));
    }
  }
  /* A later choice of file wins over an earlier one still loading; while a file loads, the editor is
     read-only and "run" is off, so that nothing typed is overwritten or run against the wrong file.
     data-loaded names the file shown. */
  let policySeq = 0;
  async function openPolicy() {
    const seq = ++policySeq;
    const name = $("policy-file").value;
    const editor = $("policy-editor");
    editor.readOnly = true;
    $("run-file").disabled = true;
    delete editor.dataset.loaded;
    try {
      const file = await CR.api(`/playground/api/policy?name=${encodeURIComponent(name)}`);
      if (seq !== policySeq) return;
      editor.value = file.text;
      editor.dataset.original = file.text;
      editor.dataset.loaded = name;
    } finally {
      if (seq === policySeq) {
        editor.readOnly = false;
        $("run-file").disabled = false;
      }
    }
  }

  async function whatif(body) {
    const out = $("whatif-result");
    out.replaceChildren(CR.el("p", { class: "busy", text: t("loading") }));
    body.as_of = $("as-of").value || null;
    const button = body.settings ? $("run-setting") : $("run-file");
    const answer = await busy(button, out, () => CR.api("/playground/api/whatif", body));
    out.replaceChildren();
    if (answer.stopped) { out.append(CR.el("p", { class: "status bad", role: "alert", text: `${t("stopped")}${CR.colon}${answer.stopped}` })); return; }
    const errors = answer.diagnostics.filter((d) => d.severity === "error");
    out.append(CR.el("p", { class: `status ${errors.length ? "bad" : "ok"}`, role: "status",
      text: errors.length ? `${t("problems")}${CR.colon}${answer.diagnostics.length}` : t("noProblems") }));
    for (const d of answer.diagnostics) {
      const wide = (c) => /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60]/.test(c);
      const caret = d.source_line && d.column > 0
        ? `${[...d.source_line].slice(0, d.column - 1).map((c) => (c === "\t" ? "\t" : wide(c) ? "\u3000" : " ")).join("")}^` : null;
      out.append(CR.el("div", { class: `diagnostic ${d.severity}`, "data-line": d.line, "data-column": d.column, "data-code": d.code },
        CR.el("div", {}, CR.el("code", { class: "where", text: `${d.file}:${d.line}:${d.column}` }), ` ${d.code}${CR.colon}${d.message}`),
        d.source_line !== null ? CR.el("pre", { "aria-label": `${t("line")} ${d.line}`, text: `${String(d.line).padStart(4)} | ${d.source_line}\n     | ${caret || ""}` }) : null,
        d.suggestion ? CR.el("p", { class: "suggestion", text: `${t("suggestion")}${CR.colon}${d.suggestion}` }) : null));
    }
    const diff = answer.diff;
    if (!diff) return;
    if (diff.settings.length) {
      out.append(CR.el("h3", { text: t("settingsChanged") }), CR.el("ul", {}, diff.settings.map((s) =>
        CR.el("li", { text: `${s.name}: ${JSON.stringify(s.old)} → ${JSON.stringify(s.new)}` }))));
    }
    if (diff.rules.length) {
      out.append(CR.el("h3", { text: t("rulesChanged") }), CR.el("ul", {}, diff.rules.map((r) =>
        CR.el("li", { "data-change": r.change, text: `${r.said} ${r.id}${r.fields.length ? CR.paren(r.fields.join(CR.comma)) : ""}` }))));
    }
    if (diff.other.length) out.append(CR.el("ul", { class: "meta" }, diff.other.map((o) => CR.el("li", { text: o }))));
    out.append(CR.el("h3", { text: t("changed") }), CR.el("p", { class: "meta", text: `${diff.evaluated} ${t("evaluated")} · ${t("asOf")} ${diff.as_of}` }));
    if (!diff.changed.length) { out.append(CR.el("p", { text: t("noChange") })); return; }
    const outcome = (o) => (o ? codeText(o.zh, o.code) : "—");
    /* A kind by its title ("失信惩戒（blacklist）"); the table scrolls in its own box on a phone. */
    const kindName = (kind) => {
      const entry = state.kinds.find((k) => k.kind === kind);
      const title = entry ? entry.title[CR.lang] || entry.title.zh : null;
      return title ? (CR.lang === "zh" ? `${title}${CR.paren(kind)}` : title) : kind;
    };
    out.append(CR.el("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-label": t("changed") },
      CR.el("table", { class: "data", id: "changed-cases" },
        CR.el("thead", {}, CR.el("tr", {}, [t("case"), t("kind"), t("before"), t("after"), t("fields")].map((h) => CR.el("th", { scope: "col", text: h })))),
        CR.el("tbody", {}, diff.changed.map((c) => CR.el("tr", { "data-case": c.source },
          CR.el("td", { text: c.source }), CR.el("td", { "data-kind": c.kind, text: kindName(c.kind) }), CR.el("td", { text: outcome(c.old) }),
          CR.el("td", { text: outcome(c.new) }), CR.el("td", { text: c.fields.join(", ") })))))));
  }

  async function start() {
    $("result").replaceChildren(CR.el("p", { class: "empty", id: "result-empty", text: t("resultEmpty") }));
    await loadKinds();
    const match = location.hash.match(/case=([A-Za-z0-9_-]+)/);
    let shared = null;
    if (match) {
      try { shared = JSON.parse(b64decode(match[1])); } catch { shared = null; }
    }
    if (shared && shared.kind && state.kinds.some((k) => k.kind === shared.kind)) {
      if (shared.as_of) $("as-of").value = shared.as_of;
      await useKind(shared.kind, shared.case);
      $("example").prepend(CR.el("option", { value: "", text: t("sharedCase") }));
      $("example").value = "";
      $("share-status").textContent = t("fromLink");
      CR.keepFragment();
    } else {
      await useKind(state.kinds[0].kind);
    }
    $("kind").addEventListener("change", () => useKind($("kind").value).catch(report));
    $("example").addEventListener("change", () => useExample($("example").value).catch(report));
    $("mode-form").addEventListener("click", () => switchMode("form"));
    $("mode-yaml").addEventListener("click", () => switchMode("yaml"));
    $("yaml-editor").addEventListener("input", () => { state.yamlDirty = true; });
    $("evaluate").addEventListener("click", () => evaluate().catch(report));
    $("share").addEventListener("click", async () => {
      const data = await currentCase();
      if (data === null) return;
      const url = share(data);
      try { await navigator.clipboard.writeText(url); } catch { /* the address bar holds it */ }
      $("share-status").textContent = t("shared");
    });
    $("policy-file").addEventListener("change", () => openPolicy().catch(report));
    $("policy-reset").addEventListener("click", () => { $("policy-editor").value = $("policy-editor").dataset.original || ""; });
    $("run-file").addEventListener("click", () => whatif({ file: $("policy-editor").dataset.loaded, text: $("policy-editor").value }).catch(report));
    $("run-setting").addEventListener("click", () => whatif({ settings: { [$("setting-name").value]: $("setting-value").value } }).catch(report));
    await loadPolicy();
  }

  function report(error) {
    $("page-error").hidden = false;
    $("page-error").textContent = `${t("networkError")}${CR.colon}${error.message}`;
  }

  document.addEventListener("DOMContentLoaded", () => start().catch(report));
})();
