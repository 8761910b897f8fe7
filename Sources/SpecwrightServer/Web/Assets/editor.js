// Specwright editor: line numbers, a live check while typing, and a draft kept in this browser
// until it is saved, so nothing typed is lost to a closed tab or a conflicting save.

const form = document.getElementById('editor');
const area = document.getElementById('markdown');
const gutter = document.getElementById('gutter');
const summary = document.getElementById('live-summary');
const list = document.getElementById('live-findings');
const note = document.getElementById('draft-note');
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

if (form && area) {
  const slug = form.dataset.slug;
  const base = form.dataset.base;
  const template = form.dataset.template || undefined;
  const key = `specwright.draft.${slug}`;

  const numberLines = () => {
    const count = area.value.split('\n').length;
    if (gutter.dataset.count !== String(count)) {
      gutter.textContent = Array.from({ length: count }, (_, index) => index + 1).join('\n');
      gutter.dataset.count = String(count);
    }
    gutter.scrollTop = area.scrollTop;
  };

  /** The UTF-16 index of a 1-based line and column (columns count characters). */
  const indexOf = (line, column) => {
    const lines = area.value.split('\n');
    let index = 0;
    for (let number = 1; number < line && number <= lines.length; number += 1) index += lines[number - 1].length + 1;
    const text = lines[Math.min(line, lines.length) - 1] ?? '';
    return index + Array.from(text).slice(0, Math.max(0, column - 1)).join('').length;
  };

  const moveTo = (line, column) => {
    const index = indexOf(line, column);
    area.focus();
    area.setSelectionRange(index, index);
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 5) * lineHeight);
    numberLines();
  };

  let pending;
  let sequence = 0;
  const check = async () => {
    const mine = ++sequence;
    try {
      const response = await fetch('/api/v1/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ markdown: area.value, template }),
        credentials: 'same-origin',
      });
      if (mine !== sequence) return;
      if (!response.ok) {
        summary.textContent = `Not checked: the server answered ${response.status}.`;
        return;
      }
      const result = await response.json();
      // Errors first, then warnings, then notes; each in line order.
      const rank = { error: 0, warning: 1, info: 2 };
      const findings = (result.findings ?? []).slice().sort((a, b) => (rank[a.severity] - rank[b.severity]) || (a.line - b.line) || (a.column - b.column));
      const percent = result.completeness == null ? null : Math.round(result.completeness * 100);
      const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
      summary.textContent = `${percent == null ? '' : `${percent}% complete · `}${count(result.errors, 'error', 'errors')}, `
        + `${count(result.warnings, 'warning', 'warnings')}, ${count(result.infos, 'note', 'notes')}`;
      list.replaceChildren(...findings.map((finding) => {
        const item = document.createElement('li');
        item.className = `sev-${finding.severity}`;
        const button = document.createElement('button');
        button.type = 'button';
        const where = document.createElement('span');
        where.className = 'where';
        where.textContent = `${finding.line}:${finding.column} `;
        const rule = document.createElement('span');
        rule.className = 'rule';
        rule.textContent = ` ${finding.rule}`;
        button.append(where, finding.message, rule);
        button.addEventListener('click', () => moveTo(finding.line, finding.column));
        item.append(button);
        return item;
      }));
    } catch {
      if (mine === sequence) summary.textContent = 'Not checked: the server could not be reached. Your text is kept in this browser.';
    }
  };

  const saveDraft = () => {
    try {
      localStorage.setItem(key, JSON.stringify({ base, text: area.value, time: new Date().toISOString() }));
    } catch { /* storage full or disabled: the form still holds the text */ }
  };

  area.addEventListener('input', () => {
    numberLines();
    saveDraft();
    clearTimeout(pending);
    pending = setTimeout(check, 350);
  });
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  area.addEventListener('keydown', (event) => {
    // Tab indents instead of leaving the editor; Escape then Tab leaves it (keyboard users keep a way out).
    if (event.key === 'Tab' && !event.shiftKey && area.dataset.escaped !== 'true') {
      event.preventDefault();
      area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
      area.dispatchEvent(new Event('input'));
    }
    area.dataset.escaped = event.key === 'Escape' ? 'true' : 'false';
  });

  // A draft from an earlier visit that was never saved: offer it back.
  try {
    const draft = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (draft && draft.text !== area.value) {
      note.hidden = false;
      note.append(`You have unsaved text from ${new Date(draft.time).toLocaleString()}${draft.base !== base ? ' (written over an older revision)' : ''}. `);
      const restore = document.createElement('button');
      restore.type = 'button';
      restore.textContent = 'Restore it';
      restore.addEventListener('click', () => {
        area.value = draft.text;
        note.hidden = true;
        area.dispatchEvent(new Event('input'));
        area.focus();
      });
      const discard = document.createElement('button');
      discard.type = 'button';
      discard.textContent = 'Discard it';
      discard.addEventListener('click', () => { localStorage.removeItem(key); note.hidden = true; });
      note.append(restore, ' ', discard);
    }
  } catch { /* unreadable draft: ignore it */ }

  numberLines();
  check();
}
