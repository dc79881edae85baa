// The documentation page: renders /openapi.json (operations by tag, their
// parameters, bodies, responses and schemas); try.js adds the "try it" form
// of each operation. Plain DOM, no dependency; every text from the
// description or a response goes through textContent, never innerHTML.
'use strict';

(function () {
  const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];
  const TOKEN_KEY = 'enquete.docs.token';
  let spec = null;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k);
    return e;
  }

  // resolve follows local $refs ("#/components/..."); it returns the target
  // and the name of the last reference followed, if any.
  function resolve(obj) {
    let name = null;
    for (let i = 0; obj && typeof obj.$ref === 'string' && i < 20; i++) {
      name = obj.$ref.split('/').pop();
      obj = obj.$ref.slice(2).split('/').reduce((o, k) => o && o[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    }
    return { value: obj || {}, name };
  }

  // text renders a description: paragraphs, "* " bullets and `code` spans.
  function text(src) {
    const box = el('div', { class: 'desc' });
    for (const block of String(src || '').split(/\n\s*\n/)) {
      const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
      if (!lines.length) continue;
      if (lines[0].startsWith('* ')) {
        const items = [];
        for (const l of lines) l.startsWith('* ') ? items.push(l.slice(2)) : (items[items.length - 1] += ' ' + l);
        box.append(el('ul', {}, items.map((i) => el('li', {}, inline(i)))));
      } else {
        box.append(el('p', {}, inline(lines.join(' '))));
      }
    }
    return box;
  }

  // inline renders `code`, **bold** and [text](#anchor) links to this page.
  function inline(s) {
    return s.split(/(`[^`]*`|\*\*[^*]+\*\*|\[[^\]]+\]\(#[\w-]+\))/).map((part) => {
      if (/^`[^`]*`$/.test(part) && part.length > 1) return el('code', { text: part.slice(1, -1) });
      if (/^\*\*[^*]+\*\*$/.test(part)) return el('strong', { text: part.slice(2, -2) });
      const link = /^\[([^\]]+)\]\((#[\w-]+)\)$/.exec(part);
      return link ? el('a', { href: link[2], text: link[1] }) : part;
    });
  }

  function typeLabel(s) {
    const r = resolve(s);
    const v = r.value;
    const alts = v.oneOf || v.anyOf;
    if (alts && !v.type) return alts.map(typeLabel).join(' | ');
    let t = Array.isArray(v.type) ? v.type.join(' | ') : v.type || (v.enum ? 'enum' : v.const !== undefined ? 'const' : 'any');
    if (t === 'array' && v.items) t = 'array of ' + typeLabel(v.items);
    if (r.name && !['UUID', 'DateTime', 'NullableDateTime'].includes(r.name)) t = r.name + ' (' + t + ')';
    if (v.format) t += ' <' + v.format + '>';
    return t;
  }

  function constraints(v) {
    const out = [];
    if (v.enum) out.push('one of: ' + v.enum.map((x) => JSON.stringify(x)).join(', '));
    if (v.const !== undefined) out.push('always ' + JSON.stringify(v.const));
    for (const k of ['minLength', 'maxLength', 'minimum', 'maximum', 'pattern']) if (v[k] !== undefined) out.push(k + ' ' + v[k]);
    return out.join('; ');
  }

  // schemaView renders a schema as a nested list; named schemas are expanded
  // to a few levels only, beyond that they link to the Schemas section.
  function schemaView(schema, depth) {
    const r = resolve(schema);
    const v = r.value;
    const box = el('div', { class: 'schema' });
    if (r.name && depth > 2) {
      box.append(el('a', { href: '#schema-' + r.name, text: r.name }));
      return box;
    }
    const extra = schema && schema.$ref && schema.properties ? schema.properties : null;
    const head = el('div', {}, el('span', { class: 'type', text: typeLabel(schema) }));
    const c = constraints(v);
    if (c) head.append(' ', el('span', { class: 'muted', text: c }));
    if (v.description && depth === 0) head.append(text(v.description));
    box.append(head);
    const props = Object.assign({}, v.properties || {});
    for (const [k, p] of Object.entries(extra || {})) props[k] = Object.assign({}, resolve(props[k]).value, p);
    const required = new Set(v.required || []);
    for (const [name, p] of Object.entries(props)) {
      const pv = resolve(p).value;
      const row = el('div', {}, el('span', { class: 'name', text: name }), required.has(name) ? el('span', { class: 'req', text: ' *' }) : null,
        ' ', el('span', { class: 'type', text: typeLabel(p) }));
      const pc = constraints(Object.assign({}, pv, p));
      if (pc) row.append(' ', el('span', { class: 'muted', text: pc }));
      if (p.description || pv.description) row.append(el('div', { class: 'muted', text: (p.description || pv.description).split('\n')[0] }));
      const inner = pv.type === 'array' ? resolve(pv.items).value : pv;
      if (inner.properties && depth < 4) row.append(schemaView(pv.type === 'array' ? pv.items : p, depth + 1));
      box.append(row);
    }
    if (v.type === 'array' && v.items && depth < 4) box.append(schemaView(v.items, depth + 1));
    for (const alt of v.oneOf || v.anyOf || []) box.append(el('div', { class: 'muted', text: v.oneOf ? 'one of:' : 'any of:' }), schemaView(alt, depth + 1));
    if (v.additionalProperties === false) box.append(el('div', { class: 'muted', text: 'No other keys.' }));
    return box;
  }

  // example picks the media type's example, else the schema's, else makes one.
  function example(media) {
    if (!media) return undefined;
    if (media.example !== undefined) return media.example;
    if (media.examples) {
      const first = Object.values(media.examples)[0];
      if (first) return resolve(first).value.value;
    }
    return sample(media.schema, 0);
  }

  function sample(schema, depth) {
    const v = resolve(schema).value;
    if (v.examples && v.examples.length) return v.examples[0];
    if (v.const !== undefined) return v.const;
    if (v.enum) return v.enum[0];
    const t = Array.isArray(v.type) ? v.type[0] : v.type;
    if (depth > 5) return null;
    if (t === 'object' || v.properties) {
      const o = {};
      for (const [k, p] of Object.entries(v.properties || {})) o[k] = sample(p, depth + 1);
      return o;
    }
    if (t === 'array') return [sample(v.items, depth + 1)];
    return { integer: 1, number: 1, boolean: false, string: 'string', null: null }[t];
  }

  function paramsTable(params) {
    if (!params.length) return null;
    return el('table', {}, el('tr', {}, el('th', { text: 'Name' }), el('th', { text: 'In' }), el('th', { text: 'Type' }), el('th', { text: 'Description' })),
      params.map((p) => el('tr', {}, el('td', {}, el('code', { text: p.name }), p.required ? el('span', { class: 'req', text: ' *' }) : null),
        el('td', { text: p.in }), el('td', { class: 'type', text: typeLabel(p.schema) }), el('td', {}, text(p.description)))));
  }

  // contentView shows each media type's schema (folded unless open) and
  // example.
  function contentView(content, open) {
    return Object.entries(content || {}).map(([type, media]) => {
      const ex = example(media);
      const schema = media.schema && el('details', { open }, el('summary', { class: 'muted', text: type + ' · ' + typeLabel(media.schema) }),
        schemaView(media.schema, 0));
      return el('div', {}, schema || el('div', { class: 'muted', text: type }),
        ex !== undefined && typeof ex !== 'string' ? el('pre', { text: JSON.stringify(ex, null, 2) }) : null,
        typeof ex === 'string' && ex ? el('pre', { text: ex }) : null);
    });
  }

  function operation(path, method, op, pathParams) {
    const params = mergeParams(pathParams, op.parameters).map((p) => resolve(p).value);
    const id = op.operationId || method + path;
    const body = el('div', { class: 'op-body' });
    if (op.description) body.append(text(op.description));
    const sec = op.security || spec.security || [];
    const schemes = sec.map((req) => Object.keys(req).join(' + ') || 'none').join(' or ');
    body.append(el('div', { class: 'muted', text: 'Security: ' + (schemes || 'none') }));
    const table = paramsTable(params);
    if (table) body.append(el('h4', { text: 'Parameters' }), table);
    const rb = op.requestBody && resolve(op.requestBody).value;
    if (rb) body.append(el('h4', { text: 'Request body' + (rb.required ? ' (required)' : '') }), ...contentView(rb.content, true));
    body.append(el('h4', { text: 'Responses' }));
    for (const [status, resp] of Object.entries(op.responses || {})) {
      const r = resolve(resp).value;
      body.append(el('div', {}, el('span', { class: 'status', text: status }), ' ', inline(r.description || ''),
        Object.keys(r.headers || {}).length ? el('div', { class: 'muted', text: 'Headers: ' + Object.keys(r.headers).join(', ') }) : null,
        contentView(r.content)));
    }
    body.append(window.enqueteTryIt(path, method, params, rb));
    return el('details', { class: 'op', id: 'op-' + id },
      el('summary', {}, el('span', { class: 'method ' + method, text: method }), el('span', { class: 'path', text: path }),
        el('span', { class: 'summary', text: op.summary || '' })), body);
  }

  function mergeParams(a, b) {
    const out = new Map();
    for (const p of [...(a || []), ...(b || [])]) {
      const v = resolve(p).value;
      out.set(v.in + ':' + v.name, p);
    }
    return [...out.values()];
  }

  function render() {
    document.title = spec.info.title;
    document.getElementById('title').textContent = spec.info.title;
    document.getElementById('version').textContent = 'v' + spec.info.version + ' · OpenAPI ' + spec.openapi;
    const main = document.getElementById('main');
    const nav = document.getElementById('nav');
    main.replaceChildren(el('div', { class: 'intro' }, spec.info.summary ? el('p', {}, el('strong', { text: spec.info.summary })) : null, text(spec.info.description)));
    const groups = new Map((spec.tags || []).map((t) => [t.name, { tag: t, ops: [] }]));
    for (const [path, raw] of Object.entries(spec.paths || {})) {
      const item = resolve(raw).value;
      for (const m of METHODS) {
        if (!item[m]) continue;
        const tag = (item[m].tags || ['Other'])[0];
        if (!groups.has(tag)) groups.set(tag, { tag: { name: tag }, ops: [] });
        groups.get(tag).ops.push([path, m, item[m], item.parameters]);
      }
    }
    for (const { tag, ops } of groups.values()) {
      if (!ops.length) continue;
      const section = el('section', { class: 'tag', id: 'tag-' + tag.name }, el('h2', { text: tag.name }));
      if (tag.description) section.append(el('div', { class: 'tagdesc' }, text(tag.description)));
      nav.append(el('h3', {}, el('a', { href: '#tag-' + tag.name, text: tag.name })));
      for (const [path, m, op, pp] of ops) {
        const d = operation(path, m, op, pp);
        section.append(d);
        nav.append(el('a', { href: '#' + d.id, title: m.toUpperCase() + ' ' + path, text: m.toUpperCase() + ' ' + path }));
      }
      main.append(section);
    }
    const schemas = el('section', { class: 'tag', id: 'schemas' }, el('h2', { text: 'Schemas' }));
    for (const name of Object.keys((spec.components || {}).schemas || {})) {
      schemas.append(el('details', { class: 'op', id: 'schema-' + name }, el('summary', {}, el('span', { class: 'path', text: name })),
        el('div', { class: 'op-body' }, schemaView({ $ref: '#/components/schemas/' + name }, 0))));
    }
    nav.append(el('h3', {}, el('a', { href: '#schemas', text: 'Schemas' })));
    main.append(schemas);
    openFromHash();
  }

  function openFromHash() {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    if (target.tagName === 'DETAILS') target.open = true;
    target.scrollIntoView();
  }

  // try.js, loaded after this script, builds the "try it" forms with these.
  window.enqueteDocs = { el, resolve, example, TOKEN_KEY };

  // The token is kept for this browser tab only.
  function setupToken() {
    const input = document.getElementById('token');
    input.value = sessionStorage.getItem(TOKEN_KEY) || '';
    input.addEventListener('input', () => sessionStorage.setItem(TOKEN_KEY, input.value.trim()));
    document.getElementById('clear-token').addEventListener('click', () => { input.value = ''; sessionStorage.removeItem(TOKEN_KEY); });
    document.getElementById('show-token').addEventListener('click', (e) => {
      input.type = input.type === 'password' ? 'text' : 'password';
      e.target.textContent = input.type === 'password' ? 'Show' : 'Hide';
    });
  }

  async function start() {
    setupToken();
    window.addEventListener('hashchange', openFromHash);
    try {
      const res = await fetch('/openapi.json', { headers: { Accept: 'application/json' } });
      if (!res.ok) throw new Error('GET /openapi.json answered ' + res.status);
      spec = await res.json();
      render();
    } catch (err) {
      document.getElementById('status').textContent = 'Could not load the description: ' + err.message;
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();
