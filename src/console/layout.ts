import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Mode } from '../config.js';
import type { ConsoleSession } from '../store/types.js';
import { assetUrl } from './assets.js';
import { formatTime } from './format.js';
import { type Html, html, type Part } from './html.js';
import { CSRF_FIELD } from './session.js';

/**
 * htmx's settings, read from this meta element (no inline script): no `eval` (hx-on, filters),
 * no script tags from responses, no inline indicator styles (the CSP forbids them), no page
 * snapshots in localStorage (pages may hold registration data), and 4xx fragments swapped in
 * (an inline decision refused for a missing reason shows the reason form again).
 */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '4..', swap: true },
    { code: '5..', swap: false, error: true },
  ],
});

/** What every signed-in page knows: who, which mode, where, and the (sandbox) time. */
export interface View {
  session: ConsoleSession;
  mode: Mode;
  /** The request path, to mark the current section in the navigation. */
  path: string;
  /** The clock every rule reads (the sandbox clock in sandbox mode). */
  now: number;
}

export function viewOf(request: FastifyRequest, mode: Mode, now: number): View {
  return { session: request.consoleSession!, mode, path: request.url.split('?')[0]!, now };
}

interface Section {
  href: string;
  label: string;
  /** The section's pages: these paths, and (ending in "/") every path under them. */
  paths: string[];
  sandboxOnly?: boolean;
}

const SECTIONS: Section[] = [
  {
    href: '/console/',
    label: 'Review desk',
    paths: ['/console', '/console/', '/console/orders/', '/console/qualified/', '/console/hosting/'],
  },
  { href: '/console/projects', label: 'Projects', paths: ['/console/projects', '/console/projects/'] },
  { href: '/console/inventory', label: 'Inventory', paths: ['/console/inventory', '/console/inventory/'] },
  { href: '/console/prices', label: 'Prices', paths: ['/console/prices', '/console/prices/'] },
  { href: '/console/audit', label: 'Audit log', paths: ['/console/audit'] },
  {
    href: '/console/sandbox',
    label: 'Sandbox',
    paths: ['/console/sandbox', '/console/sandbox/'],
    sandboxOnly: true,
  },
];

function isCurrent(section: Section, path: string): boolean {
  return section.paths.some(
    (p) => path === p || (p.endsWith('/') && p !== '/console/' && path.startsWith(p)),
  );
}

/** The hidden field with the session's CSRF token, for every state-changing form. */
export function csrfField(session: ConsoleSession): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${session.csrfToken}">`;
}

function head(title: string): Html {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<title>${title} · Open Numbers console</title>
<link rel="stylesheet" href="${assetUrl('console.css')}">
<script src="${assetUrl('htmx.min.js')}" defer></script>
</head>`;
}

/** The sandbox clock (to the minute), refreshed by htmx every 10 s (GET /console/sandbox/clock answers this element). */
export function clockWidget(now: number): Html {
  return html`<p class="clock" id="clock" hx-get="/console/sandbox/clock" hx-trigger="every 10s" hx-swap="outerHTML">
<span class="muted-light">Clock</span> ${formatTime(now, { seconds: false })}</p>`;
}

/** A message above the page's content: `status` for a success, `alert` for a refusal. */
export function notice(text: string | undefined, kind: 'ok' | 'error' = 'ok'): Part {
  if (!text) return null;
  return kind === 'ok'
    ? html`<p class="notice" role="status">${text}</p>`
    : html`<p class="notice error" role="alert">${text}</p>`;
}

/** A signed-in page: the header (navigation, who is signed in, sign-out), the title, the body. */
export function page(view: View, title: string, body: Part, message?: Part): Html {
  const sections = SECTIONS.filter((s) => !s.sandboxOnly || view.mode === 'sandbox');
  return html`<!doctype html>
<html lang="en">
${head(title)}
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="top">
<p class="brand"><a href="/console/">Open Numbers</a> <span class="mode">${view.mode}</span></p>
<nav aria-label="Console sections"><ul>
${sections.map(
  (s) =>
    html`<li><a href="${s.href}"${isCurrent(s, view.path) ? html` aria-current="page"` : ''}>${s.label}</a></li>`,
)}
</ul></nav>
${view.mode === 'sandbox' && clockWidget(view.now)}
<form class="sign-out" method="post" action="/console/sign-out">
${csrfField(view.session)}
<span><span class="visually-hidden">Signed in as </span><strong>${view.session.actor}</strong></span>
<button type="submit">Sign out</button>
</form>
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${message}
${body}
</main>
</body>
</html>`;
}

/** A page without a session: the sign-in form, and refusals to people who are not signed in. */
export function publicPage(title: string, body: Part): Html {
  return html`<!doctype html>
<html lang="en">
${head(title)}
<body class="public">
<main id="main">
<p class="brand">Open Numbers console</p>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

/** Sends HTML with a status. */
export function sendHtml(reply: FastifyReply, status: number, body: Html) {
  return reply.code(status).type('text/html; charset=utf-8').send(body.text);
}
