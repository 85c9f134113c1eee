import { Type } from '@sinclair/typebox';
import type { CallbacksService } from '../../domain/callbacks/callbacksService.js';
import { parsePathPhoneNumber } from '../../domain/numbers/phoneNumbers.js';
import { errors } from '../../errors.js';
import type { Operation } from '../../http/deps.js';
import { Code, PathParam, Text } from '../../http/schemas.js';
import { formatDuration, formatTime, segment } from '../format.js';
import { type Html, html, type Part } from '../html.js';
import { clockWidget, csrfField, notice, page, sendHtml, viewOf } from '../layout.js';
import { FormBody, NoticeQuery, noticeOf, redirect, withNotice } from '../session.js';

/** The sandbox panel (sandbox mode only): the clock, the callback log, the mail and voice-call logs. */

type CallbackEvent = Awaited<ReturnType<CallbacksService['listEvents']>>['callbacks'][number];

const LOG_LIMIT = 100;
/** The clock moves at most ten years at once, as /_sandbox/clock:advance allows. */
const MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 3600;
const UNITS: Record<string, number> = { minutes: 60, hours: 3600, days: 86_400 };
const PRESETS: [string, number][] = [
  ['1 hour', 3600],
  ['1 day', 86_400],
  ['48 hours', 48 * 3600],
];
const DELIVERY_STATES = ['PENDING', 'DELIVERED', 'DEAD'];

const PANELS = [
  { href: '/console/sandbox', label: 'Clock' },
  { href: '/console/sandbox/callbacks', label: 'Callbacks' },
  { href: '/console/sandbox/mail', label: 'Mail' },
  { href: '/console/sandbox/voice-calls', label: 'Voice calls' },
];

function panelNav(current: string): Html {
  return html`<nav class="subnav" aria-label="Sandbox panel"><ul>${PANELS.map(
    (p) =>
      html`<li><a href="${p.href}"${p.href === current ? html` aria-current="page"` : ''}>${p.label}</a></li>`,
  )}</ul></nav>`;
}

const wireMs = (time: string) => Date.parse(time);

/** GET /console/sandbox — the clock, and the buttons that move it. */
const showClock: Operation = (app, { clock, config }) => {
  app.get(
    '/sandbox',
    { schema: { hide: true, querystring: Type.Object(NoticeQuery) } },
    async (request, reply) => {
      const view = viewOf(request, config.mode, clock.now());
      const body = html`${panelNav('/console/sandbox')}
<p class="big-clock">${formatTime(view.now)}</p>
<p>Every rule of this server reads this clock: reservations expire 48 hours after an order is created, the
sandbox reviews submitted orders, provisioning finishes, callbacks are retried. Moving it forward runs what
became due, as if the time had passed.</p>
<form method="post" action="/console/sandbox/clock" class="buttons" aria-label="Advance the clock by">
${csrfField(view.session)}
${PRESETS.map(([label, seconds]) => html`<button type="submit" name="seconds" value="${seconds}">+ ${label}</button>`)}
</form>
<form method="post" action="/console/sandbox/clock" class="inline custom-advance">
${csrfField(view.session)}
<label for="amount">Advance by</label>
<input id="amount" name="amount" type="number" min="1" max="100000" step="1" required>
<label for="unit" class="visually-hidden">Unit</label>
<select id="unit" name="unit">${Object.keys(UNITS).map((u) => html`<option value="${u}"${u === 'hours' ? html` selected` : ''}>${u}</option>`)}</select>
<button type="submit">Advance</button>
</form>`;
      return sendHtml(reply, 200, page(view, 'Sandbox', body, notice(noticeOf(view.session, request.query))));
    },
  );
};

/** GET /console/sandbox/clock — the header's clock element (htmx refreshes it). */
const clockFragment: Operation = (app, { clock }) => {
  app.get('/sandbox/clock', { schema: { hide: true } }, async (_request, reply) =>
    sendHtml(reply, 200, clockWidget(clock.now())),
  );
};

/** POST /console/sandbox/clock — moves the clock by a preset (`seconds`) or by `amount` `unit`s. */
const advanceClock: Operation = (app, { clock }) => {
  app.post(
    '/sandbox/clock',
    {
      schema: {
        hide: true,
        body: FormBody({
          seconds: Type.Optional(Type.String({ maxLength: 12 })),
          amount: Type.Optional(Type.String({ maxLength: 12 })),
          unit: Type.Optional(Type.String({ maxLength: 12 })),
        }),
      },
    },
    async (request, reply) => {
      const { seconds, amount, unit } = request.body;
      const by = seconds !== undefined ? Number(seconds) : Number(amount) * (UNITS[unit ?? ''] ?? Number.NaN);
      if (!Number.isFinite(by) || by <= 0 || by > MAX_ADVANCE_SECONDS) {
        throw errors.fieldViolation('amount', 'Advance by a positive amount of at most ten years');
      }
      const now = await clock.advance(by);
      const text = `The clock moved forward ${formatDuration(by * 1000)}; it is now ${new Date(now).toISOString()}.`;
      return redirect(request, reply, withNotice(request.consoleSession!, '/console/sandbox', text));
    },
  );
};

function eventRow(e: CallbackEvent) {
  return html`<tr>
<td>${formatTime(wireMs(e.createTime))}</td>
<td>${e.projectId}</td><td>${e.resourceType}<br>${e.resourceId}</td>
<td>${e.eventType}</td><td>${e.status}</td>
<td><span class="state state-${e.deliveryState}">${e.deliveryState}</span></td><td>${e.attempts}</td>
<td><a href="/console/sandbox/callbacks/${segment(e.eventId)}">Attempts<span class="visually-hidden"> of event ${e.eventId}</span></a></td>
</tr>`;
}

const CallbackQuery = Type.Object({
  projectId: Type.Optional(PathParam),
  resourceId: Type.Optional(PathParam),
  eventType: Type.Optional(Code),
  status: Type.Optional(Code),
});

/**
 * GET /console/sandbox/callbacks — the callback log, newest first, filtered by project, resource,
 * event type and delivery state; htmx reloads the table every 5 s.
 */
const showCallbacks: Operation = (app, { callbacks, clock, config }) => {
  app.get(
    '/sandbox/callbacks',
    { schema: { hide: true, querystring: CallbackQuery } },
    async (request, reply) => {
      const view = viewOf(request, config.mode, clock.now());
      const q = request.query;
      const status =
        q.status && DELIVERY_STATES.includes(q.status.toUpperCase()) ? q.status.toUpperCase() : undefined;
      const { callbacks: events } = await callbacks.listEvents({
        projectId: q.projectId,
        resourceId: q.resourceId?.replace(/^ /, '+'),
        eventType: q.eventType,
        state: status,
        limit: LOG_LIMIT,
      });
      const self = request.url;
      const text = (name: string, label: string, value: string | undefined) =>
        html`<div><label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" type="text" maxlength="100" value="${value ?? ''}"></div>`;
      const body = html`${panelNav('/console/sandbox/callbacks')}
<form method="get" action="/console/sandbox/callbacks" class="filters">
${text('projectId', 'Project', q.projectId)}
${text('resourceId', 'Resource (order id, phone number…)', q.resourceId)}
${text('eventType', 'Event type', q.eventType)}
<div><label for="f-status">Delivery</label><select id="f-status" name="status"><option value="">any</option>${DELIVERY_STATES.map(
        (s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${s}</option>`,
      )}</select></div>
<button type="submit">Filter</button>
</form>
<div id="callback-log" hx-get="${self}" hx-trigger="every 5s" hx-select="#callback-log" hx-swap="outerHTML">
${
  events.length
    ? html`<div class="table-wrap"><table>
<caption>The newest ${events.length === LOG_LIMIT ? `${LOG_LIMIT} ` : ''}callbacks, refreshed every 5 seconds</caption>
<thead><tr>${['Created', 'Project', 'Resource', 'Event', 'Status', 'Delivery', 'Attempts', ''].map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${events.map(eventRow)}</tbody></table></div>`
    : html`<p class="empty">No callbacks${q.projectId || q.resourceId || q.eventType || status ? ' match these filters' : ' yet'}.</p>`
}
</div>`;
      return sendHtml(reply, 200, page(view, 'Callbacks', body));
    },
  );
};

function headers(record: Record<string, string>): Html {
  return html`<dl class="headers">${Object.entries(record).map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function attempt(d: CallbackEvent['deliveries'][number]): Part {
  const outcome =
    d.responseStatus === null
      ? `no answer: ${d.error || 'unknown error'}`
      : `answered ${d.responseStatus}${d.error ? ` (${d.error})` : ''}`;
  return html`<li class="attempt">
<h3>Attempt ${d.attempt} at ${formatTime(wireMs(d.time))}: ${outcome}, after ${d.latencyMs} ms</h3>
<h4>Request headers</h4>${headers(d.requestHeaders)}
<h4>Request body</h4><pre>${d.requestBody}</pre>
</li>`;
}

/** GET /console/sandbox/callbacks/{eventId} — one event: its payload and every delivery attempt. */
const showCallback: Operation = (app, { callbacks, clock, config }) => {
  app.get(
    '/sandbox/callbacks/:eventId',
    {
      schema: {
        hide: true,
        params: Type.Object({ eventId: PathParam }),
        querystring: Type.Object(NoticeQuery),
      },
    },
    async (request, reply) => {
      const view = viewOf(request, config.mode, clock.now());
      const [event] = (await callbacks.listEvents({ eventId: request.params.eventId, limit: 1 })).callbacks;
      if (!event)
        throw errors.notFound(
          'CallbackEvent',
          request.params.eventId,
          `No callback event ${request.params.eventId}`,
        );
      const body = html`${panelNav('/console/sandbox/callbacks')}
<dl class="summary">
<div><dt>Event</dt><dd>${event.eventType}: ${event.status}</dd></div>
<div><dt>Project</dt><dd>${event.projectId}</dd></div>
<div><dt>Resource</dt><dd>${event.resourceType} ${event.resourceId}</dd></div>
<div><dt>URL</dt><dd>${event.url}</dd></div>
<div><dt>Delivery</dt><dd><span class="state state-${event.deliveryState}">${event.deliveryState}</span> after ${event.attempts} attempt(s)</dd></div>
<div><dt>Created</dt><dd>${formatTime(wireMs(event.createTime))}</dd></div>
</dl>
<form method="post" action="/console/sandbox/callbacks/${segment(event.eventId)}/redeliver">
${csrfField(view.session)}<button type="submit">Deliver again</button>
</form>
<h2>Payload</h2><pre>${JSON.stringify(event.payload, null, 2)}</pre>
<h2>Attempts</h2>
${event.deliveries.length ? html`<ol class="plain">${event.deliveries.map(attempt)}</ol>` : html`<p class="empty">Not delivered yet.</p>`}`;
      return sendHtml(
        reply,
        200,
        page(view, `Callback ${event.eventId}`, body, notice(noticeOf(view.session, request.query))),
      );
    },
  );
};

/** POST /console/sandbox/callbacks/{eventId}/redeliver — sends the event again, whatever its state. */
const redeliverCallback: Operation = (app, { callbacks }) => {
  app.post(
    '/sandbox/callbacks/:eventId/redeliver',
    { schema: { hide: true, params: Type.Object({ eventId: PathParam }), body: FormBody({}) } },
    async (request, reply) => {
      const { eventId } = request.params;
      await callbacks.redeliver(eventId);
      const location = `/console/sandbox/callbacks/${segment(eventId)}`;
      return redirect(
        request,
        reply,
        withNotice(request.consoleSession!, location, 'The event is queued for delivery again.'),
      );
    },
  );
};

/** GET /console/sandbox/mail — the mail the server sent (LOA signing links), newest first. */
const showMail: Operation = (app, { hosting, clock, config }) => {
  app.get(
    '/sandbox/mail',
    { schema: { hide: true, querystring: Type.Object({ to: Type.Optional(Text(320)) }) } },
    async (request, reply) => {
      const view = viewOf(request, config.mode, clock.now());
      const messages = await hosting.listMail({ to: request.query.to, limit: LOG_LIMIT });
      const body = html`${panelNav('/console/sandbox/mail')}
<form method="get" action="/console/sandbox/mail" class="filters">
<div><label for="f-to">To</label><input id="f-to" name="to" type="email" maxlength="320" value="${request.query.to ?? ''}"></div>
<button type="submit">Filter</button>
</form>
${
  messages.length
    ? messages.map(
        (m) => html`<article class="mail">
<h2>${m.subject}</h2>
<p class="muted">To ${m.to}, ${formatTime(m.createdAt)}, <span class="state">${m.state}</span></p>
<pre>${m.text}</pre>
${m.links.length > 0 && html`<ul class="plain">${m.links.map((l) => html`<li>${/^https?:\/\//.test(l) ? html`<a href="${l}">${l}</a>` : l}</li>`)}</ul>`}
</article>`,
      )
    : html`<p class="empty">No mail${request.query.to ? ` to ${request.query.to}` : ''} yet.</p>`
}`;
      return sendHtml(reply, 200, page(view, 'Mail', body));
    },
  );
};

/** GET /console/sandbox/voice-calls?phoneNumber= — the voice challenges "called" to a number, with their codes. */
const showVoiceCalls: Operation = (app, { qualified, clock, config }) => {
  app.get(
    '/sandbox/voice-calls',
    { schema: { hide: true, querystring: Type.Object({ phoneNumber: Type.Optional(PathParam) }) } },
    async (request, reply) => {
      const view = viewOf(request, config.mode, clock.now());
      const raw = request.query.phoneNumber;
      const phoneNumber = raw ? parsePathPhoneNumber(raw) : undefined;
      const calls = phoneNumber ? await qualified.voiceCalls(phoneNumber) : [];
      const body = html`${panelNav('/console/sandbox/voice-calls')}
<form method="get" action="/console/sandbox/voice-calls" class="filters">
<div><label for="f-phone">Phone number (E.164)</label><input id="f-phone" name="phoneNumber" type="tel" maxlength="20" required value="${phoneNumber ?? ''}"></div>
<button type="submit">Show calls</button>
</form>
${
  !phoneNumber
    ? html`<p>The voice challenges of qualified numbers are "called" here: type a number to see the codes it was told.</p>`
    : calls.length
      ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Called</th><th scope="col">Project</th><th scope="col">Code said</th><th scope="col">Code valid until</th></tr></thead>
<tbody>${calls.map((c) => html`<tr><td>${formatTime(c.createdAt)}</td><td>${c.projectId}</td><td><code>${c.code}</code></td><td>${formatTime(c.expireAt)}</td></tr>`)}</tbody></table></div>`
      : html`<p class="empty">No voice calls to ${phoneNumber}.</p>`
}`;
      return sendHtml(reply, 200, page(view, 'Voice calls', body));
    },
  );
};

export const sandboxRoutes: Operation[] = [
  showClock,
  clockFragment,
  advanceClock,
  showCallbacks,
  showCallback,
  redeliverCallback,
  showMail,
  showVoiceCalls,
];
