import { Type } from '@sinclair/typebox';
import { AUDIT_RESOURCE_TYPES, type AuditEntry } from '../../domain/admin/audit.js';
import type { Operation } from '../../http/deps.js';
import { PageQuery } from '../../http/queryParams.js';
import { Code, PathParam } from '../../http/schemas.js';
import { formatTime, segment } from '../format.js';
import { type Html, html, type Part } from '../html.js';
import { page, sendHtml, viewOf } from '../layout.js';

/** Where a resource of the log is shown in the console, if it is. */
function resourceLink(e: AuditEntry): Part {
  const project = segment(e.projectId);
  const href =
    e.resourceType === 'NumberOrder'
      ? `/console/orders/${project}/${segment(e.resourceId)}`
      : e.resourceType === 'HostingOrder'
        ? `/console/hosting/${project}/${segment(e.resourceId)}`
        : e.resourceType === 'Project' || e.resourceType === 'AccessKey'
          ? `/console/projects/${project}`
          : e.resourceType === 'Price'
            ? `/console/prices/${e.resourceId.split('/').map(segment).join('/')}`
            : '';
  return href ? html`<a href="${href}">${e.resourceId}</a>` : e.resourceId;
}

/** An entry's details as "name: value" lines (nested values as compact JSON). */
function details(record: Record<string, unknown>): Part {
  const entries = Object.entries(record);
  if (!entries.length) return null;
  return html`<ul class="plain details">${entries.map(
    ([k, v]) =>
      html`<li><span class="muted">${k}:</span> ${typeof v === 'object' ? JSON.stringify(v) : String(v)}</li>`,
  )}</ul>`;
}

/** Audit entries as a table: when, who, what, on what, why. */
export function auditTable(entries: AuditEntry[], { withResource = true } = {}): Html {
  const headers = [
    'Time',
    'Actor',
    'Action',
    ...(withResource ? ['Resource', 'Project'] : []),
    'Reason',
    'Details',
  ];
  return html`<div class="table-wrap"><table class="audit">
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${entries.map(
    (e) => html`<tr>
<td>${formatTime(e.at)}</td><td>${e.actor}</td><td>${e.action}</td>
${withResource && html`<td>${e.resourceType}<br>${resourceLink(e)}</td><td>${e.projectId}</td>`}
<td>${e.reason}</td><td>${details(e.details)}</td>
</tr>`,
  )}</tbody></table></div>`;
}

/** An order page's history: every decision on it, oldest first. */
export function historySection(entries: AuditEntry[]): Part {
  if (!entries.length) return null;
  return html`<section aria-labelledby="history"><h2 id="history">History</h2>
${auditTable([...entries].reverse(), { withResource: false })}</section>`;
}

const AuditQuery = Type.Object({
  projectId: Type.Optional(PathParam),
  resourceType: Type.Optional(Code),
  resourceId: Type.Optional(PathParam),
  pageToken: PageQuery.pageToken,
});

/** GET /console/audit — every decision, newest first, filtered by project, resource type or id. */
const showAuditLog: Operation = (app, { admin, clock, config }) => {
  app.get('/audit', { schema: { hide: true, querystring: AuditQuery } }, async (request, reply) => {
    const view = viewOf(request, config.mode, clock.now());
    const q = request.query;
    const { entries, nextPageToken } = await admin.listAuditLog({ ...q, pageSize: 100 });
    const filters = { projectId: q.projectId, resourceType: q.resourceType, resourceId: q.resourceId };
    const next = new URLSearchParams(
      Object.entries({ ...filters, pageToken: nextPageToken }).filter((e): e is [string, string] => !!e[1]),
    );
    const body = html`<p class="lede">Who decided or changed what, when and why: reviews, eligibility decisions,
projects and keys, prices, imports and KYC policies. Newest first; times are the service clock's.</p>
<form method="get" action="/console/audit" class="filters">
<div><label for="f-project">Project</label><input id="f-project" name="projectId" type="text" maxlength="100" value="${q.projectId ?? ''}"></div>
<div><label for="f-type">Resource type</label><select id="f-type" name="resourceType"><option value="">any</option>${AUDIT_RESOURCE_TYPES.map(
      (t) => html`<option value="${t}"${t === q.resourceType ? html` selected` : ''}>${t}</option>`,
    )}</select></div>
<div><label for="f-resource">Resource id</label><input id="f-resource" name="resourceId" type="text" maxlength="100" value="${q.resourceId ?? ''}"></div>
<button type="submit">Filter</button>
</form>
${entries.length ? auditTable(entries) : html`<p class="empty">No entries${q.projectId || q.resourceType || q.resourceId ? ' match these filters' : ' yet'}.</p>`}
${nextPageToken && html`<p><a href="/console/audit?${next.toString()}">Older entries</a></p>`}`;
    return sendHtml(reply, 200, page(view, 'Audit log', body));
  });
};

export const auditRoutes: Operation[] = [showAuditLog];
