/* The case fields' names in the page's language, shown before the field's code ("名称（name）"), from the
   message catalogues (pages.field.*, given by the page: see i18n.js). In English a field's name is its code.
   The code stays visible: it is what the YAML, the schema and the error paths say. */
"use strict";
window.CR = window.CR || {};
CR.fieldLabels = (CR.given && CR.given.fields) || {};
/* "名称（name）" where the name is not the code itself, the code alone otherwise. */
CR.fieldName = (name) => (CR.fieldLabels[name] && CR.fieldLabels[name] !== name ? `${CR.fieldLabels[name]}${CR.paren(name)}` : name);
/* A code's Chinese name from the pack's vocabulary ("实施联合惩戒（joint_punishment）"), set by the playground. */
CR.codeLabels = {};
CR.codeName = (code) => (CR.lang === "zh" && CR.codeLabels[code] ? `${CR.codeLabels[code]}${CR.paren(code)}` : code);
/* A validation error's place in words: "$.entry.subject[0].name" as "条目 › 主体 #1 › 名称（name）" on the Chinese
   page, the code of the field itself kept last (the JSON path stays in data-path); non-programmers read no "$.". */
CR.pathName = (path) => {
  const parts = String(path).replace(/^\$\.?/, "").split(".").filter(Boolean);
  const words = parts.map((part, i) => {
    const match = part.match(/^([^[]+)((?:\[\d+\])*)$/);
    if (!match) return part;
    const index = match[2].replace(/\[(\d+)\]/g, (_, n) => ` #${Number(n) + 1}`);
    const name = i === parts.length - 1 ? CR.fieldName(match[1]) : CR.lang === "zh" && CR.fieldLabels[match[1]] ? CR.fieldLabels[match[1]] : match[1];
    return `${name}${index}`;
  });
  return words.length ? words.join(" › ") : String(path);
};
