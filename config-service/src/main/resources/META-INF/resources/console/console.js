// fosfleet NOC console: live updates by server-sent events, confirmations for the controls. No build step.
'use strict';
(function () {
  const page = document.body.dataset.page;
  const CSRF = { 'X-Fosfleet-Console': '1' };

  function send(method, url, body) {
    const headers = Object.assign({ 'Accept': 'application/json' }, CSRF);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(url, { method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(r => r.text().then(t => {
        let data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = { detail: t }; }
        return { status: r.status, ok: r.ok, data };
      }));
  }

  function problemText(res) {
    if (res.status === 403) return 'Refused (403): your role may not do this.';
    if (res.status === 401) return 'Your session has ended: sign in again.';
    const d = res.data || {};
    const fields = (d.errors || []).map(e => e.field + ' ' + e.problem + (e.allowed ? ' (allowed: ' + e.allowed + ')' : ''));
    return (d.detail || d.error || d.title || ('HTTP ' + res.status)) + (fields.length ? ': ' + fields.join('; ') : '');
  }

  // ---- sign out: a state-changing request, so it carries the console's header ----
  const logout = document.getElementById('logout');
  if (logout) {
    logout.addEventListener('submit', ev => {
      ev.preventDefault();
      send('POST', '/console/logout').finally(() => { location.href = '/console/login?signedOut=true'; });
    });
  }

  // ---- times and the watchdog countdown, refreshed every second ----
  function two(n) { return String(n).padStart(2, '0'); }
  function clock(d) { return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds()); }
  // whole units, rounded down, so two times of the same second always read the same: 120-179 s is "2 min ago"
  function ago(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }
  function tick() {
    const now = Date.now();
    document.querySelectorAll('time.ago').forEach(t => {
      const d = new Date(t.getAttribute('datetime'));
      // to the second on both sides: times of the same second always read the same
      if (!isNaN(d)) t.textContent = clock(d) + ' (' + ago(Math.floor(now / 1000) * 1000 - Math.floor(d / 1000) * 1000) + ')';
    });
    // the watchdog cell: counted here from heartbeat-service's kick summary (ConsoleWatchdog says the same words)
    document.querySelectorAll('.wdog[data-kick]').forEach(w => {
      const k = w.querySelector('.kick');
      if (!k) return;
      const st = w.dataset.kick, last = Date.parse(w.dataset.lastKick), fails = Date.parse(w.dataset.failsAt);
      const stale = Date.parse(w.dataset.staleAfter), since = Date.parse(w.dataset.since);
      const secs = t => Math.max(0, Math.floor((now - t) / 1000));
      if ((st === 'KICKED' || st === 'UNANSWERED') && !isNaN(stale) && now > stale) {
        k.textContent = 'no kick reading since ' + clock(new Date(since));   // never a made-up value
      } else if (st === 'KICKED' && !isNaN(last)) {
        k.textContent = 'kicked ' + secs(last) + ' s ago';
      } else if (st === 'UNANSWERED' && !isNaN(last)) {
        k.textContent = 'kicks unanswered · last acknowledged ' + secs(last) + ' s ago';
      } else if (st === 'COUNTDOWN' && !isNaN(fails)) {
        const rest = Math.ceil((fails - now) / 1000);
        k.textContent = w.dataset.prefix + (rest > 0 ? w.dataset.verb + ' in ' + rest + ' s'
          : 'watchdog ran out at ' + clock(new Date(fails)));
      }
    });
  }
  tick();
  setInterval(tick, 1000);

  // ---- live stream: the browser reconnects by itself; the server sends a full snapshot on every (re)connect ----
  const live = document.getElementById('live');
  function status(state, text) { if (live) { live.dataset.state = state; live.textContent = text; } }
  function connect(onSnapshot, onRow) {
    let source;
    function open() {
      source = new EventSource('/console/stream');
      source.addEventListener('open', () => status('open', 'live'));
      source.addEventListener('snapshot', ev => {
        const snap = JSON.parse(ev.data), who = document.getElementById('who');
        // the stream ends when this page's session is signed out; the browser's reconnect carries whatever session
        // the browser holds now: a page drawn for another user is drawn again, never shown under the wrong name
        if (who && snap.user !== who.dataset.user) { source.close(); location.reload(); return; }
        status('open', 'live');
        onSnapshot(snap);
      });
      source.addEventListener('row', ev => onRow(JSON.parse(ev.data)));
      source.addEventListener('error', () => {
        status('lost', 'connection lost — reconnecting…');
        if (source.readyState === EventSource.CLOSED) {   // refused outright: signed out, or the server restarting
          fetch('/api/fleet?site=-', { credentials: 'same-origin' }).then(r => {
            if (r.status === 401) location.href = '/console/login?expired=true'; else setTimeout(open, 3000);
          }, () => setTimeout(open, 3000));
        }
      });
    }
    open();
  }

  // ---- fleet page ----
  if (page === 'fleet') {
    const tbody = document.getElementById('rows');
    const form = document.getElementById('filters');
    const fSite = document.getElementById('f-site'), fState = document.getElementById('f-state'), fQ = document.getElementById('f-q');
    function visible(tr) {
      if (fSite.value && tr.dataset.site !== fSite.value) return false;
      const st = fState.value;
      if (st && (st === 'PROBLEM' ? tr.dataset.problem !== 'true' : tr.dataset.state !== st)) return false;
      const q = fQ.value.trim().toLowerCase();
      return !q || tr.dataset.search.toLowerCase().includes(q);
    }
    function refresh() {
      const rows = Array.from(tbody.querySelectorAll('tr'));
      rows.sort((a, b) => a.dataset.sort.localeCompare(b.dataset.sort)).forEach(tr => tbody.appendChild(tr));
      let shown = 0;
      const counts = { PRIMARY: 0, FAILED_OVER: 0, MAINTENANCE: 0, UNREACHABLE: 0, pairs: 0 };
      rows.forEach(tr => {
        const v = visible(tr);
        tr.hidden = !v;
        if (v) shown++;
        if (tr.dataset.pair) {
          counts.pairs++;
          if (tr.dataset.state in counts) counts[tr.dataset.state]++;
        }
      });
      Object.keys(counts).forEach(k => {
        const el = document.querySelector('[data-count="' + k + '"]');
        if (el) el.textContent = counts[k];
      });
      document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' devices shown';
      tick();
    }
    [fSite, fState, fQ].forEach(el => el.addEventListener('input', () => {
      refresh();
      const params = new URLSearchParams(new FormData(form));
      Array.from(params.keys()).forEach(k => { if (!params.get(k)) params.delete(k); });
      history.replaceState(null, '', '/console' + (params.toString() ? '?' + params : ''));
    }));
    form.addEventListener('submit', ev => { ev.preventDefault(); refresh(); });
    connect(snap => { tbody.innerHTML = snap.html; refresh(); }, upd => {
      const old = tbody.querySelector('tr[data-device="' + CSS.escape(upd.row.deviceId) + '"]');
      const holder = document.createElement('tbody');
      holder.innerHTML = upd.html;
      const tr = holder.firstElementChild;
      if (old) old.replaceWith(tr); else tbody.appendChild(tr);
      refresh();
    });
  }

  // ---- pair page ----
  if (page === 'pair') {
    const pairEl = document.getElementById('pair');
    const deviceId = pairEl.dataset.device;
    const svg = document.getElementById('drawing');
    const bypass = svg.dataset.bypass === 'true';
    function drawRelay(mode) {
      const on = { 'relay-ab': mode === 1, 'relay-ad': mode === 0, 'relay-cd': bypass && mode === 1 };
      Object.keys(on).forEach(id => { const l = document.getElementById(id); if (l) l.classList.toggle('on', on[id]); });
    }
    function showRow(row) {
      svg.dataset.mode = row.mode === null ? '' : String(row.mode);
      svg.setAttribute('class', row.state);
      const mode = row.mode;
      drawRelay(mode);
      document.getElementById('relay-words').textContent = row.relay;
      const primary = pairEl.querySelector('.primary + text + text'), secondary = pairEl.querySelector('.secondary + text + text');
      document.getElementById('relay-meaning').textContent = mode === 1 ? 'PSTN on the primary ' + (primary ? primary.textContent : '')
        : mode === 0 ? 'PSTN on ' + (bypass ? 'the legacy PBX ' : 'the secondary ') + (secondary ? secondary.textContent : '') : 'not reported yet';
      // the drawing's text alternative follows the drawing
      const alt = document.getElementById('drawing-text');
      alt.textContent = alt.dataset.ports + '; relay ' + row.relay + (mode === 1 ? ': PSTN on the primary'
        : mode === 0 ? ': PSTN on ' + (bypass ? 'the legacy PBX' : 'the secondary') : '');
      ['pair-state', 'st-state'].forEach(id => { const b = document.getElementById(id); b.className = 'badge ' + row.state; b.textContent = row.stateText; });
      const w = document.getElementById('st-wdog');
      w.className = 'wdog wdog-' + row.watchdog;
      const kicks = row.kicks || {};
      w.dataset.kick = kicks.status || '';
      w.dataset.lastKick = kicks.lastKickAt || '';
      w.dataset.failsAt = kicks.failsOverAt || '';
      w.dataset.staleAfter = kicks.staleAfter || '';
      w.dataset.since = kicks.since || '';
      w.dataset.prefix = kicks.prefix || '';
      w.dataset.verb = kicks.verb || '';
      const interval = w.querySelector('.dim');
      w.innerHTML = '';
      w.append(row.watchdog);
      if (kicks.text) {
        const k = document.createElement('span'); k.className = 'kick'; k.textContent = kicks.text;
        w.append(' · ', k);
      }
      if (interval) w.append(' ', interval);
      const h = document.getElementById('st-health'); h.className = 'health-' + row.health; h.textContent = row.health;
      document.getElementById('st-power').textContent = 'port 1 ' + row.power1 + ' · port 2 ' + row.power2;
      tick();
    }
    function addEvent(e) {
      if (!e || !e.type) return;
      const none = document.getElementById('no-events'); if (none) none.remove();
      const li = document.createElement('li');
      const t = document.createElement('time'); t.className = 'ago'; t.setAttribute('datetime', e.occurredAt);
      const s = document.createElement('strong'); s.textContent = e.type;
      li.append(t, ' ', s, ' ' + (e.message || ''));
      document.getElementById('timeline').prepend(li);
      if (e.type === 'PRIMARY_DOWN' || e.type === 'PRIMARY_UP') {   // the verdict comes with every probe's last result
        const list = document.getElementById('probe-results');
        const probes = Object.keys(e.details || {}).filter(k => k.startsWith('probe.')).sort();
        if (probes.length) {
          // the results are the ones this verdict was taken with: say which verdict, and when
          const verdict = document.getElementById('probe-verdict'), strong = document.createElement('strong');
          const at = document.createElement('time'); at.className = 'ago'; at.setAttribute('datetime', e.occurredAt);
          strong.textContent = e.type;
          verdict.replaceChildren('as heartbeat-service reported them with its verdict ', strong, ' at ', at);
          list.innerHTML = '';
          probes.forEach(k => {
            const item = document.createElement('li'), name = document.createElement('strong');
            name.textContent = k.substring('probe.'.length);
            item.append(name, ': ' + e.details[k]);
            list.append(item);
          });
        }
      }
    }
    drawRelay(svg.dataset.mode === '' ? null : parseInt(svg.dataset.mode, 10));
    connect(snap => {
      const row = snap.rows.find(r => r.deviceId === deviceId);
      if (row) showRow(row);
    }, upd => {
      if (upd.row.deviceId !== deviceId) return;
      showRow(upd.row);
      addEvent(upd.event);
    });

    // controls: a confirmation that says what will happen, and a mandatory reason
    const dialog = document.getElementById('confirm');
    const result = document.getElementById('control-result');
    let pending = null;
    function refreshAudit() {
      fetch(location.href, { credentials: 'same-origin' }).then(r => r.text()).then(html => {
        const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('audit');
        if (fresh) document.getElementById('audit').replaceWith(fresh);
        tick();
      });
    }
    function follow(commandId, label) {
      let tries = 0;
      const poll = () => send('GET', '/api/commands/' + encodeURIComponent(commandId)).then(res => {
        const st = res.data && res.data.status;
        if (st && st !== 'PENDING') {
          result.textContent = label + ': ' + st + (res.data.message ? ' — ' + res.data.message : '');
          refreshAudit();
        } else if (++tries < 60) {
          setTimeout(poll, 500);
        } else {
          result.textContent = label + ': still pending after 30 s';
          refreshAudit();
        }
      });
      poll();
    }
    if (dialog) {
      document.querySelectorAll('[data-control]').forEach(b => b.addEventListener('click', () => {
        pending = b;
        document.getElementById('confirm-what').textContent = b.dataset.what;
        document.getElementById('confirm-title').textContent = b.textContent.trim() + '?';
        document.getElementById('confirm-reason').value = '';
        document.getElementById('confirm-error').textContent = '';
        dialog.showModal();
        document.getElementById('confirm-reason').focus();
      }));
      document.getElementById('confirm-cancel').addEventListener('click', () => { dialog.close(); if (pending) pending.focus(); });
      document.getElementById('confirm-form').addEventListener('submit', ev => {
        ev.preventDefault();
        // the API takes a reason as one line (no control characters): line breaks typed in the box become spaces
        const reason = document.getElementById('confirm-reason').value.replace(/\s+/g, ' ').trim();
        if (!reason) { document.getElementById('confirm-error').textContent = 'A reason is required.'; return; }
        const b = pending, label = b.textContent.trim();
        let call;
        if (b.dataset.control === 'maintenance') {
          call = send('POST', '/api/pairs/' + encodeURIComponent(pairEl.dataset.pair) + '/maintenance',
            { enabled: b.dataset.enabled === 'true', reason });
        } else {
          call = send('POST', '/api/devices/' + encodeURIComponent(deviceId) + '/commands',
            { type: b.dataset.type, parameters: Object.fromEntries(new URLSearchParams(b.dataset.params)), reason });
        }
        call.then(res => {
          if (!res.ok) { document.getElementById('confirm-error').textContent = problemText(res); return; }
          dialog.close();
          b.focus();
          if (b.dataset.control === 'maintenance') {
            result.textContent = label + ': done';
            setTimeout(() => location.reload(), 300);
          } else {
            result.textContent = label + ': sent, waiting for the device…';
            follow(res.data.commandId, label);
          }
        });
      });
    }
  }

  // ---- alerts page: silences ----
  if (page === 'alerts') {
    const form = document.getElementById('silence-form');
    if (form) {
      form.addEventListener('submit', ev => {
        ev.preventDefault();
        const f = new FormData(form);
        const hours = parseFloat(f.get('hours'));
        send('POST', '/console/silences', {
          matchers: [{ name: f.get('name'), value: f.get('value'), isRegex: false, isEqual: true }],
          endsAt: new Date(Date.now() + hours * 3600000).toISOString(), comment: f.get('comment')
        }).then(res => {
          if (res.ok) location.reload(); else document.getElementById('silence-result').textContent = problemText(res);
        });
      });
    }
    document.querySelectorAll('[data-expire]').forEach(b => b.addEventListener('click', () => {
      if (!confirm('Expire this silence now? Its alerts are notified again from now on.')) return;
      send('DELETE', '/console/silences/' + encodeURIComponent(b.dataset.expire)).then(res => {
        if (res.ok) location.reload(); else alert(problemText(res));
      });
    }));
  }
})();
