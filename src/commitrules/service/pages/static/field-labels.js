/* The case fields' names in the page's language, shown before the field's code ("名称 (name)"), from the
   message catalogues (pages.field.*, given by the page: see i18n.js). In English a field's name is its code.
   The code stays visible: it is what the YAML, the schema and the error paths say. */
"use strict";
window.CR = window.CR || {};
CR.fieldLabels = (CR.given && CR.given.fields) || {};
/* "名称 (name)" where the name is not the code itself, the code alone otherwise. */
CR.fieldName = (name) => (CR.fieldLabels[name] && CR.fieldLabels[name] !== name ? `${CR.fieldLabels[name]} (${name})` : name);
/* A code's Chinese name from the pack's vocabulary ("实施联合惩戒 (joint_punishment)"), set by the playground. */
CR.codeLabels = {};
CR.codeName = (code) => (CR.lang === "zh" && CR.codeLabels[code] ? `${CR.codeLabels[code]} (${code})` : code);
