// The "try it" forms of the documentation page: each sends its operation's
// request with the page's token and shows the status, headers and body.
// Loaded after app.js, whose helpers it uses (window.enqueteDocs).
'use strict';

(function () {
  const MAX_BODY_CHARS = 200000;
  const STREAM_MS = 5000;
  const { el, resolve, example, TOKEN_KEY } = window.enqueteDocs;

  // tryIt is the form that sends the operation's request with the page's
  // token; redirects are shown, not followed.
  function tryIt(path, method, params, rb) {
    const form = el('form', { class: 'try' }, el('h4', { text: 'Try it' }));
    const inputs = params.map((p) => {
      const ex = p.example !== undefined ? p.example : (resolve(p.schema).value.examples || [])[0];
      const input = el('input', { type: 'text', name: p.name, value: p.in === 'path' && ex !== undefined ? String(ex) : null,
        placeholder: p.in !== 'path' && ex !== undefined ? String(ex) : null, spellcheck: 'false' });
      form.append(el('label', {}, el('span', {}, el('code', { text: p.name }), ' ', el('span', { class: 'muted', text: p.in })), input));
      return [p, input];
    });
    let json = null;
    const fields = [];
    const content = (rb && rb.content) || {};
    if (content['application/json']) {
      const ex = example(content['application/json']);
      json = el('textarea', { spellcheck: 'false' });
      json.value = ex === undefined ? '' : JSON.stringify(ex, null, 2);
      form.append(el('label', {}, el('span', { text: 'JSON body' }), json));
    } else if (content['multipart/form-data']) {
      for (const [name, p] of Object.entries(resolve(content['multipart/form-data'].schema).value.properties || {})) {
        const input = el('input', { type: p.format === 'binary' || p.contentMediaType ? 'file' : 'text', name });
        fields.push([name, input]);
        form.append(el('label', {}, el('span', {}, el('code', { text: name })), input));
      }
    }
    const out = el('div', { class: 'result' });
    form.append(el('button', { type: 'submit', text: 'Send' }), out);
    form.addEventListener('submit', (e) => { e.preventDefault(); send(path, method, inputs, json, fields, out); });
    return form;
  }

  async function send(path, method, inputs, json, fields, out) {
    let url = path;
    const query = new URLSearchParams();
    const headers = {};
    for (const [p, input] of inputs) {
      const v = input.value.trim();
      if (p.in === 'path') url = url.replace('{' + p.name + '}', v.split('/').map(encodeURIComponent).join('/'));
      else if (v !== '' && p.in === 'query') query.append(p.name, v);
      else if (v !== '' && p.in === 'header') headers[p.name] = v;
    }
    if (String(query)) url += '?' + query;
    const token = document.getElementById('token').value.trim();
    if (token) headers.Authorization = 'Bearer ' + token;
    const init = { method: method.toUpperCase(), headers, credentials: 'same-origin', redirect: 'manual' };
    if (json && json.value.trim()) {
      headers['Content-Type'] = 'application/json';
      init.body = json.value;
    }
    if (fields.length) {
      const fd = new FormData();
      for (const [name, input] of fields) {
        if (input.type === 'file' && input.files[0]) fd.append(name, input.files[0]);
        else if (input.type !== 'file' && input.value) fd.append(name, input.value);
      }
      init.body = fd;
    }
    out.replaceChildren(el('div', { class: 'line muted', text: init.method + ' ' + url + ' …' }));
    const started = performance.now();
    let res;
    try {
      res = await fetch(url, init);
    } catch (err) {
      out.replaceChildren(el('div', { class: 'line bad', text: 'Request failed: ' + err.message }));
      return;
    }
    const ms = Math.round(performance.now() - started);
    if (res.type === 'opaqueredirect') {
      out.replaceChildren(el('div', { class: 'line', text: 'Redirect (not followed by this page) · ' + ms + ' ms' }));
      return;
    }
    const ct = res.headers.get('Content-Type') || '';
    let shown = '';
    let extra = null;
    if (method !== 'head' && res.status !== 204 && res.status !== 304) {
      if (/json/.test(ct)) {
        shown = await res.text();
        try {
          const v = JSON.parse(shown);
          shown = JSON.stringify(v, null, 2);
          if (v && typeof v.token === 'string') extra = useTokenButton(v.token);
        } catch (e) { /* shown as received */ }
      } else if (/event-stream/.test(ct)) {
        shown = await readFor(res, STREAM_MS);
      } else if (/^text\/|javascript/.test(ct)) {
        shown = await res.text();
      } else {
        const blob = await res.blob();
        shown = blob.size + ' bytes of ' + (ct || 'unknown type');
        extra = el('a', { href: URL.createObjectURL(blob), download: 'download', text: 'Save the file' });
      }
    }
    if (shown.length > MAX_BODY_CHARS) shown = shown.slice(0, MAX_BODY_CHARS) + '\n… (cut)';
    const hdrs = [...res.headers].map(([k, v]) => k + ': ' + v).join('\n');
    out.replaceChildren(el('div', { class: 'line ' + (res.ok ? 'ok' : 'bad'), text: res.status + ' ' + res.statusText + ' · ' + ms + ' ms' }),
      el('pre', { text: hdrs }), shown ? el('pre', { text: shown }) : null, extra);
  }

  // readFor shows what an event stream sends in its first moments, then
  // hangs up: the stream itself never ends.
  async function readFor(res, ms) {
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    const stop = setTimeout(() => reader.cancel(), ms);
    let out = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        out += dec.decode(value, { stream: true });
      }
    } catch (e) { /* cancelled */ }
    clearTimeout(stop);
    return out + '\n… (stream closed by this page after ' + ms / 1000 + ' s)';
  }

  function useTokenButton(token) {
    return el('button', { type: 'button', text: 'Use this token for the requests', onclick: () => {
      const input = document.getElementById('token');
      input.value = token;
      sessionStorage.setItem(TOKEN_KEY, token);
    } });
  }

  window.enqueteTryIt = tryIt;
})();
