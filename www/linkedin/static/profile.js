// Contact-info dialog, the way the real web client does it: the link is a
// real URL (it works without script), but a plain click opens the dialog in
// place, pushes the overlay URL and fetches the data from the Voyager API
// with the session's csrf-token. Vigie relies on this shape to tell a user's
// own lookup from one made behind their back.
const slug = document.querySelector('main[data-slug]').dataset.slug;
const profilePath = `/in/${slug}/`;
const overlayPath = `${profilePath}overlay/contact-info/`;
const link = document.getElementById('contact-info-link');
const dialog = document.getElementById('contact-dialog');
const content = document.getElementById('contact-body');

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)JSESSIONID="?([^";]*)"?/);
  return match ? match[1] : '';
}

async function fetchContactInfo() {
  const res = await fetch(`/voyager/api/identity/profiles/${encodeURIComponent(slug)}/profileContactInfo`, {
    headers: {
      'csrf-token': csrfToken(),
      'x-restli-protocol-version': '2.0.0',
      accept: 'application/vnd.linkedin.normalized+json+2.1',
    },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()).data;
}

// Built with DOM calls, not innerHTML, so API values can never become markup.
function section(label, value, href) {
  const box = document.createElement('section');
  box.className = 'contact-item';
  const title = document.createElement('h3');
  title.textContent = label;
  const line = document.createElement(href ? 'a' : 'p');
  line.textContent = value;
  if (href) line.href = href;
  box.append(title, line);
  return box;
}

function message(text) {
  const p = document.createElement('p');
  p.className = 'muted';
  p.textContent = text;
  content.replaceChildren(p);
}

async function openDialog() {
  message('Loading…');
  if (!dialog.open) dialog.showModal();
  try {
    const info = await fetchContactInfo();
    const items = [section('Profile', `linkedin.com${profilePath}`, profilePath)];
    if (info.emailAddress) items.push(section('Email', info.emailAddress, `mailto:${info.emailAddress}`));
    for (const phone of info.phoneNumbers ?? []) items.push(section('Phone', `${phone.number} (Mobile)`));
    for (const handle of info.twitterHandles ?? []) items.push(section('Twitter', `@${handle.name}`));
    content.replaceChildren(...items);
  } catch {
    message('Contact info could not be loaded. Please try again.');
  }
}

link.addEventListener('click', (event) => {
  // Let modified clicks open the overlay URL in a new tab, as links should.
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  history.pushState({ overlay: true }, '', overlayPath);
  openDialog();
});

dialog.addEventListener('click', (event) => {
  if (event.target === dialog) dialog.close(); // a click on the backdrop
});

dialog.addEventListener('close', () => {
  if (location.pathname !== overlayPath) return; // already left by Back
  // Undo our own pushState; a page opened directly at the overlay URL has
  // nothing to go back to on this site, so its URL is rewritten instead.
  if (history.state?.overlay) history.back();
  else history.replaceState(null, '', profilePath);
});

window.addEventListener('popstate', () => {
  if (location.pathname === overlayPath) openDialog();
  else if (dialog.open) dialog.close();
});

if (location.pathname === overlayPath) openDialog();
