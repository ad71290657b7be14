/* The words of the pages' scripts, in Chinese and English. The page's <html lang> chooses. */
"use strict";
window.CR = window.CR || {};
CR.words = {
  zh: {
    kind: "案件类型", example: "示例案件", asOf: "判断日期", form: "表单", yaml: "YAML", evaluate: "评价",
    share: "复制分享链接", shared: "分享链接已复制到剪贴板,也可从地址栏复制。", outcome: "结论",
    codes: "理由与后果", fired: "适用的规则", clause: "条款", quote: "引文", facts: "所依事实",
    interpretation: "解释性规则(条文未明确规定)", route: "报告路径", noRoute: "无报告路径",
    noneFired: "没有规则适用,取默认结果。", invalid: "案件有误,请按提示修改:", yamlError: "YAML 有误",
    line: "行", column: "列", add: "添加一项", remove: "删除", empty: "(空)", required: "必填",
    loading: "正在加载……", whatifFile: "规则文件", whatifSetting: "设置", settingValue: "新值",
    runFile: "试算文件修改", runSetting: "试算设置修改", noProblems: "检查通过,没有错误。",
    problems: "检查发现的问题", suggestion: "建议", changed: "决定改变的示例案件", noChange: "没有示例案件的决定改变。",
    case: "案件", before: "修改前", after: "修改后", fields: "改变的项目", evaluated: "已评价示例案件",
    stopped: "试算已停止", settingsChanged: "改变的设置", rulesChanged: "改变的规则", forbidden: "无权限",
    fromLink: "已从分享链接载入案件。", sharedCase: "(分享的案件)", onePerLine: "每行一项", networkError: "请求失败", reset: "恢复原文",
    since: "起始时间", until: "截止时间", search: "查询", packDigest: "规则包摘要", any: "(全部)",
    recordedAt: "记录时间", open: "查看", chain: "日志链校验", chainOk: "日志链完整,校验通过", chainBad: "日志链校验失败",
    records: "条记录", heads: "已校验的树头", noRecords: "没有符合条件的记录。", explanation: "说明", more: "下一页",
    caseData: "案件内容", signed: "最近签名树头", unsigned: "未签名",
  },
  en: {
    kind: "Case kind", example: "Example case", asOf: "Judged as of", form: "Form", yaml: "YAML", evaluate: "Evaluate",
    share: "Copy share link", shared: "The share link is copied to the clipboard; the address bar holds it too.",
    outcome: "Outcome", codes: "Reasons and consequences", fired: "Rules that applied", clause: "clause",
    quote: "quote", facts: "facts read", interpretation: "an interpretation (the text is silent)",
    route: "Reporting route", noRoute: "no reporting route", noneFired: "No rule applied; the default outcome stands.",
    invalid: "The case has problems; fix them as shown:", yamlError: "YAML error", line: "line", column: "column",
    add: "Add an item", remove: "Remove", empty: "(empty)", required: "required", loading: "Loading…",
    whatifFile: "Policy file", whatifSetting: "Setting", settingValue: "New value", runFile: "Try the file change",
    runSetting: "Try the setting change", noProblems: "Check passed: no errors.", problems: "Problems check found",
    suggestion: "suggestion", changed: "Example cases whose decision changes", noChange: "No example case changes its decision.",
    case: "Case", before: "Before", after: "After", fields: "What changes", evaluated: "example cases evaluated",
    stopped: "The what-if was stopped", settingsChanged: "Settings changed", rulesChanged: "Rules changed",
    forbidden: "Not allowed", fromLink: "The case was loaded from a share link.", sharedCase: "(shared case)", onePerLine: "one per line", networkError: "Request failed",
    reset: "Reset",
    since: "From", until: "Until", search: "Search", packDigest: "Pack digest", any: "(any)",
    recordedAt: "Recorded at", open: "Open", chain: "Chain verification", chainOk: "The chain is intact: verified",
    chainBad: "The chain does not verify", records: "records", heads: "heads checked", noRecords: "No record matches.",
    explanation: "Explanation", more: "Next page", caseData: "Case", signed: "Last signed tree head", unsigned: "unsigned",
  },
};
CR.lang = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
CR.t = (key) => (CR.words[CR.lang] && CR.words[CR.lang][key]) || CR.words.en[key] || key;
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
  const response = await fetch((document.documentElement.dataset.root || "") + path, options);
  if (response.status === 401) CR.askToken();
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof data.detail === "string" ? data.detail : data.title || JSON.stringify(data.detail || "");
    throw new Error(`${response.status} ${detail}`);
  }
  return data;
};
/* Keep the language switch pointing at the same state: the share fragment travels with it. */
CR.keepFragment = () => {
  const link = document.querySelector("a.lang");
  if (link) link.href = link.href.split("#")[0] + location.hash;
};
