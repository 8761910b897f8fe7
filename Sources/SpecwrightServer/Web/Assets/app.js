// Specwright: small progressive enhancements. Every page works without this script; with it,
// ticks, sign-offs and moves on the spec page happen without a page load.

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

/** Parts of the spec page an action can change, replaced from a fresh copy of the page. */
const panels = ['spec-head', 'findings', 'doc', 'lifecycle', 'signoffs', 'checklist', 'facts', 'discussion'];

function show(message, kind) {
  let box = document.getElementById('inplace-message');
  if (!box) {
    box = document.createElement('p');
    box.id = 'inplace-message';
    box.setAttribute('role', 'alert');
    document.getElementById('main')?.prepend(box);
  }
  box.className = kind;
  box.replaceChildren();
  const lines = Array.isArray(message) ? message : [message];
  box.append(lines[0]);
  if (lines.length > 1) {
    const list = document.createElement('ul');
    list.className = 'gates';
    for (const line of lines.slice(1)) {
      const item = document.createElement('li');
      item.textContent = line;
      list.append(item);
    }
    box.append(list);
  }
}

async function refreshPanels() {
  const response = await fetch(location.pathname, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
  if (!response.ok) { location.reload(); return; }
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const id of panels) {
    const now = document.getElementById(id);
    const next = fresh.getElementById(id);
    if (now && next) now.replaceWith(document.adoptNode(next));
  }
  document.getElementById('inplace-message')?.remove();
  enhance();
}

function describe(form) {
  const item = form.querySelector('input[name="item"]')?.value;
  const role = form.querySelector('input[name="role"]')?.value;
  const target = form.querySelector('input[name="target"]')?.value;
  if (item !== undefined) return `form.tick input[name="item"][value="${CSS.escape(item)}"]`;
  if (role !== undefined) return '#signoffs h2';
  if (target !== undefined) return '#lifecycle h2';
  return null;
}

function enhance() {
  for (const form of document.querySelectorAll('form[data-inplace]:not([data-enhanced])')) {
    form.dataset.enhanced = 'true';
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: 'POST',
          body: new URLSearchParams(new FormData(form)),
          headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
          credentials: 'same-origin',
        });
        if (response.ok) {
          const selector = describe(form);
          await refreshPanels();
          // Keep the keyboard where it was: on the same item's button, or the panel's heading.
          const target = selector ? document.querySelector(selector) : null;
          (target?.closest('form')?.querySelector('button') ?? target)?.focus();
          return;
        }
        let body = {};
        try { body = await response.json(); } catch { /* not JSON */ }
        const heading = response.status === 409 && form.classList.contains('move')
          ? `Not moved: ${body.error ?? 'refused'}` : (body.error ?? `The server answered ${response.status}.`);
        show([heading, ...(body.details ?? [])], 'error');
      } catch {
        show('The server could not be reached; nothing was changed. Try again.', 'error');
      } finally {
        if (button) button.disabled = false;
      }
    });
  }
}

// After a save, the draft kept in this browser is no longer needed.
const params = new URLSearchParams(location.search);
if (params.has('saved')) {
  const slug = location.pathname.split('/')[2];
  if (slug) localStorage.removeItem(`specwright.draft.${slug}`);
}

enhance();

// Review: select a passage of the spec, then "Comment on selection" fills the new thread's
// passage and section. Without this script the passage is pasted by hand.
function commentOnSelection() {
  // The panels are redrawn after in-place actions: look the elements up when they are used.
  if (!document.getElementById('doc') || !document.getElementById('new-thread')) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'selection-comment';
  button.className = 'primary';
  button.textContent = 'Comment on selection';
  button.hidden = true;
  document.body.append(button);
  let chosen = null;
  document.addEventListener('selectionchange', () => {
    const selection = document.getSelection();
    const text = selection?.toString().trim() ?? '';
    const doc = document.getElementById('doc');
    if (!selection || selection.rangeCount === 0 || text === '' || !doc?.contains(selection.anchorNode)) { button.hidden = true; return; }
    const box = selection.getRangeAt(0).getBoundingClientRect();
    chosen = { text, node: selection.anchorNode };
    button.style.top = `${window.scrollY + box.bottom + 6}px`;
    button.style.left = `${window.scrollX + box.left}px`;
    button.hidden = false;
  });
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', () => {
    const doc = document.getElementById('doc');
    const form = document.getElementById('new-thread');
    if (!chosen || !doc || !form) return;
    form.querySelector('#thread-quote').value = chosen.text;
    // The section: the last heading before the selection.
    const element = chosen.node.nodeType === Node.ELEMENT_NODE ? chosen.node : chosen.node.parentElement;
    const headings = [...doc.querySelectorAll('h2[id], h3[id], h4[id], h5[id], h6[id]')];
    const before = headings.filter((h) => h.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
    const option = before ? form.querySelector(`option[data-anchor="${CSS.escape(before.id)}"]`) : null;
    if (option) form.querySelector('#thread-section').value = option.value;
    button.hidden = true;
    form.scrollIntoView({ block: 'start' });
    form.querySelector('#thread-body').focus();
  });
}
commentOnSelection();
