/* A form generated from a case kind's JSON Schema (as pydantic writes it), bound to the case's data.
   render(schema, data) returns { element, get(), mark(errors) }: get() gives the JSON the form holds
   (fields left empty are omitted, keys the schema does not know are kept so that nothing typed is lost),
   mark() shows each validation error at its field (by JSON path, "$.entry.subject.kind"). */
"use strict";
window.CR = window.CR || {};
CR.schemaForm = (() => {
  let counter = 0;
  const nextId = () => `f${++counter}`;

  function resolve(root, node) {
    let current = node || {};
    while (current.$ref) current = root.$defs[current.$ref.split("/").pop()];
    if (current.anyOf) {
      const options = current.anyOf.filter((o) => o.type !== "null");
      const nullable = options.length < current.anyOf.length;
      if (options.length === 1) {
        const inner = resolve(root, options[0]);
        return { ...inner, description: node.description || inner.description, nullable };
      }
      return { ...current, nullable, freeform: true };
    }
    return { ...current, description: (node && node.description) || current.description };
  }

  /* A choice's name: its Chinese label from the schema (x-labels, given on the Chinese page) before its code. */
  function optionName(schema, code) {
    const labels = schema["x-labels"] || {};
    return CR.lang === "zh" && labels[code] ? `${labels[code]}${CR.paren(code)}` : CR.codeName(code);
  }

  function labelFor(name, schema) {
    return name + (schema.title && schema.title !== name ? "" : "");
  }

  function render(root, data) {
    const fields = new Map();
    counter = 0;
    const top = objectNode(root, resolve(root, root), data || {}, "$", fields, true);
    return {
      element: top.element,
      get: () => top.get(),
      mark(errors) {
        for (const node of document.querySelectorAll(".field-error")) node.remove();
        for (const node of top.element.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
        const unplaced = [];
        for (const error of errors) {
          let path = error.path;
          while (path && !fields.has(path)) path = path.replace(/(\.[^.[]+|\[\d+\])$/, "") || null;
          const target = path ? fields.get(path) : null;
          if (!target) { unplaced.push(error); continue; }
          const id = nextId();
          const message = CR.el("p", { class: "field-error", id, role: "alert", "data-path": error.path,
            text: `${CR.pathName(error.path)}${CR.colon}${error.message}${error.expected ? CR.paren(error.expected) : ""}` });
          target.control.setAttribute("aria-invalid", "true");
          target.control.setAttribute("aria-describedby", id);
          target.container.append(message);
        }
        return unplaced;
      },
    };
  }

  function objectNode(root, schema, data, path, fields, isTop) {
    const element = isTop ? CR.el("div", { class: "form-root" }) : CR.el("fieldset", {}, CR.el("legend", { text: CR.fieldName(path.split(".").pop().replace(/\[\d+\]$/, "")) }));
    const properties = schema.properties || {};
    const required = new Set(schema.required || []);
    const children = {};
    const value = data && typeof data === "object" && !Array.isArray(data) ? data : {};
    for (const [name, sub] of Object.entries(properties)) {
      children[name] = fieldNode(root, resolve(root, sub), value[name], `${path}.${name}`, name, required.has(name), fields);
      element.append(children[name].element);
    }
    const extra = Object.fromEntries(Object.entries(value).filter(([k]) => !(k in properties)));
    fields.set(path, { control: element, container: element });
    return {
      element,
      get() {
        const out = {};
        for (const [name, child] of Object.entries(children)) {
          const v = child.get();
          if (v !== undefined) out[name] = v;
        }
        return { ...out, ...extra };
      },
    };
  }

  function fieldNode(root, schema, value, path, name, required, fields) {
    if (schema.const !== undefined) {
      const element = CR.el("input", { type: "hidden", value: schema.const });
      return { element, get: () => schema.const };
    }
    if (schema.type === "object" && schema.properties) return optionalObject(root, schema, value, path, name, required, fields);
    if (schema.type === "array") return arrayNode(root, schema, value, path, name, fields);
    return scalarNode(root, schema, value, path, name, required, fields);
  }

  function optionalObject(root, schema, value, path, name, required, fields) {
    if (required || !schema.nullable) return objectNode(root, schema, value || {}, path, fields, false);
    const wrap = CR.el("div", { class: "field" });
    const id = nextId();
    const box = CR.el("input", { type: "checkbox", id, checked: value !== null && value !== undefined });
    let inner = null;
    const area = CR.el("div");
    const build = () => {
      area.replaceChildren();
      inner = box.checked ? objectNode(root, schema, value || {}, path, fields, false) : null;
      if (inner) area.append(inner.element);
    };
    box.addEventListener("change", build);
    wrap.append(CR.el("label", { for: id }, box, ` ${CR.fieldName(name)}`, CR.el("span", { class: "hint", text: schema.description ? ` — ${schema.description}` : "" })), area);
    build();
    return { element: wrap, get: () => (inner ? inner.get() : value === null ? null : undefined) };
  }

  function arrayNode(root, schema, value, path, name, fields) {
    const items = resolve(root, schema.items || {});
    const list = Array.isArray(value) ? value : [];
    const wrap = CR.el("div", { class: "field" });
    const id = nextId();
    if (items.enum) {
      const group = CR.el("fieldset", { id }, CR.el("legend", { text: CR.fieldName(name) }));
      const boxes = items.enum.map((option) => {
        const boxId = nextId();
        const box = CR.el("input", { type: "checkbox", id: boxId, value: option, checked: list.includes(option) });
        group.append(CR.el("label", { for: boxId, class: "hint" }, box, ` ${optionName(items, option)} `));
        return box;
      });
      const unknown = list.filter((v) => !items.enum.includes(v));
      wrap.append(group);
      fields.set(path, { control: group, container: wrap });
      return { element: wrap, get: () => [...boxes.filter((b) => b.checked).map((b) => b.value), ...unknown] };
    }
    if (items.type === "object" && items.properties) {
      const group = CR.el("fieldset", { id }, CR.el("legend", { text: CR.fieldName(name) }));
      const rows = [];
      const addRow = (itemValue) => {
        const index = rows.length;
        const node = objectNode(root, items, itemValue || {}, `${path}[${index}]`, fields, false);
        const row = { node, removed: false };
        const remove = CR.el("button", { type: "button", class: "secondary", text: `${CR.t("remove")} ${CR.fieldName(name)} #${index + 1}`,
          onclick: () => { row.removed = true; node.element.remove(); remove.remove(); } });
        rows.push(row);
        group.insertBefore(node.element, add);
        group.insertBefore(remove, add);
      };
      const add = CR.el("button", { type: "button", class: "secondary", text: `${CR.t("add")}${CR.colon}${CR.fieldName(name)}`, onclick: () => addRow({}) });
      group.append(add);
      list.forEach(addRow);
      wrap.append(group);
      fields.set(path, { control: group, container: wrap });
      return { element: wrap, get: () => rows.filter((r) => !r.removed).map((r) => r.node.get()) };
    }
    const area = CR.el("textarea", { id, rows: Math.max(2, list.length + 1), class: "list" });
    area.value = list.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n");
    /* Codes typed one per line are read back by their Chinese names below the box (后台数据调取 (backend_data_retrieval)). */
    const named = CR.el("p", { class: "hint codes-named", id: `${id}-named`, "aria-live": "polite" });
    const nameCodes = () => {
      const codes = area.value.split("\n").map((v) => v.trim()).filter(Boolean);
      named.textContent = CR.lang === "zh" && codes.some((c) => CR.codeLabels[c]) ? codes.map((c) => CR.codeName(c)).join("、") : "";
    };
    area.setAttribute("aria-describedby", named.id);
    area.addEventListener("input", nameCodes);
    nameCodes();
    wrap.append(CR.el("label", { for: id }, CR.fieldName(name), CR.el("span", { class: "hint", text: CR.paren(CR.t("onePerLine")) })), area, named);
    fields.set(path, { control: area, container: wrap });
    return { element: wrap, get: () => area.value.split("\n").map((s) => s.trim()).filter(Boolean).map((s) => {
      if (items.type === "integer" || items.type === "number") return Number(s);
      return s;
    }) };
  }

  function scalarNode(root, schema, value, path, name, required, fields) {
    const wrap = CR.el("div", { class: "field" });
    const id = nextId();
    let control;
    if (schema.type === "boolean") {
      control = CR.el("input", { type: "checkbox", id, checked: value === true });
      wrap.append(CR.el("label", { for: id }, control, ` ${CR.fieldName(name)}`, CR.el("span", { class: "hint", text: schema.description ? ` — ${schema.description}` : "" })));
      fields.set(path, { control, container: wrap });
      return { element: wrap, get: () => (control.checked ? true : value === undefined && !required ? undefined : false) };
    }
    if (schema.enum) {
      control = CR.el("select", { id }, CR.el("option", { value: "", text: CR.t("empty") }),
        ...schema.enum.map((option) => CR.el("option", { value: option, text: optionName(schema, option), selected: option === value })));
      if (value !== undefined && value !== null && !schema.enum.includes(value)) {
        control.append(CR.el("option", { value, text: value, selected: true }));
      }
    } else if (schema.type === "integer" || schema.type === "number") {
      control = CR.el("input", { type: "number", id, step: schema.type === "integer" ? "1" : "any" });
      if (value !== undefined && value !== null) control.value = value;
    } else {
      const isDate = schema.format === "date";
      control = CR.el("input", { type: "text", id, inputmode: isDate ? "numeric" : null, placeholder: isDate ? "YYYY-MM-DD" : null });
      if (value !== undefined && value !== null) control.value = typeof value === "string" ? value : JSON.stringify(value);
    }
    const hint = schema.description ? CR.el("span", { class: "hint", text: ` — ${schema.description}` }) : null;
    wrap.append(CR.el("label", { for: id }, CR.fieldName(name), required ? CR.el("span", { class: "hint", text: CR.paren(CR.t("required")) }) : null, hint), control);
    fields.set(path, { control, container: wrap });
    return {
      element: wrap,
      get() {
        const raw = control.value;
        if (raw === "") return value === null ? null : undefined;
        if (schema.type === "integer" || schema.type === "number") return Number(raw);
        if (schema.freeform) { try { return JSON.parse(raw); } catch { return raw; } }
        return raw;
      },
    };
  }

  return { render, resolve, labelFor };
})();
