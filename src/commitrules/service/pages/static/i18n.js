/* The scripts' words, in the page's language: the page gives them from the message catalogues (JSON in
   <script id="cr-words">: "words" by key, "fields" the case fields' names); the scripts carry none of their own.
   A key the page did not give shows as itself. The page's <html lang> says the language. */
"use strict";
window.CR = window.CR || {};
CR.given = (() => {
  const node = document.getElementById("cr-words");
  try { return node ? JSON.parse(node.textContent) : {}; } catch { return {}; }
})();
CR.words = CR.given.words || {};
CR.lang = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
CR.t = (key) => CR.words[key] || key;
/* A word with named places filled in: CR.tf("logShown", { shown: 3, size: 244 }) for "显示 {shown} 条记录，日志共 {size} 条". */
CR.tf = (key, values) => CR.t(key).replace(/\{(\w+)\}/g, (place, name) => (Object.hasOwn(values || {}, name) ? String(values[name]) : place));
/* Punctuation in the page's language: "名称（name）", "添加一项：名称", "第 3 行，第 5 列" on the Chinese page;
   " (name)", ": ", ", " on the English one (as the catalogues' Chinese sentences since stop 21). */
CR.paren = (text) => (CR.lang === "zh" ? `（${text}）` : ` (${text})`);
CR.colon = CR.lang === "zh" ? "：" : ": ";
CR.comma = CR.lang === "zh" ? "，" : ", ";
CR.el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
};
/* A service with tokens answers 401: the page then asks for a bearer token, kept for this tab only. */
CR.token = () => sessionStorage.getItem("commitrules-token");
CR.askToken = () => {
  const form = document.getElementById("token-form");
  if (!form || !form.hidden) return;
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("commitrules-token", document.getElementById("token").value.trim());
    location.reload();
  });
  document.getElementById("token").focus();
};
CR.api = async (path, body) => {
  // The page's language for what the server says (diagnostics, problems), whatever the browser's is.
  const headers = body === undefined ? { "Accept-Language": CR.lang } : { "Content-Type": "application/json", "Accept-Language": CR.lang };
  if (CR.token()) headers.Authorization = `Bearer ${CR.token()}`;
  const options = body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) };
  // The browser's own words for a network failure ("Failed to fetch") are English: the page says its own.
  let response;
  try {
    response = await fetch((document.documentElement.dataset.root || "") + path, options);
  } catch {
    throw new Error(CR.t("offline"));
  }
  if (response.status === 401) CR.askToken();
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof data.detail === "string" ? data.detail : data.title || (data.detail ? JSON.stringify(data.detail) : "");
    // "服务器出错，请稍后重试。…（HTTP 503）" on the Chinese page; "The server failed; try again later. … (HTTP 503)".
    const said = [response.status >= 500 ? CR.t("serverError") : "", detail].filter(Boolean);
    throw new Error(`${said.join(CR.lang === "zh" ? "。" : ". ")}${CR.paren(`HTTP ${response.status}`)}`.trim());
  }
  return data;
};
/* Keep the language switch pointing at the same state: the share fragment travels with it. */
CR.keepFragment = () => {
  const link = document.querySelector("a.lang");
  if (link) link.href = link.href.split("#")[0] + location.hash;
};
