import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Credentials } from '../../domain/auth/authService.js';
import { capabilitiesFromMask } from '../../domain/inventory/products.js';
import type { ActiveNumberRecord } from '../../domain/numbers/activeNumber.js';
import type { HttpDeps, Operation } from '../../http/deps.js';
import { PageQuery } from '../../http/queryParams.js';
import { PathParam } from '../../http/schemas.js';
import { formatTime, segment } from '../format.js';
import { type Html, html, type Part } from '../html.js';
import { csrfField, notice, page, sendHtml, viewOf } from '../layout.js';
import { FormBody, NoticeQuery, noticeOf, redirect, withNotice } from '../session.js';
import { refusalOf } from './decision.js';

/** Projects and their access keys, and each project's active numbers. */

const PAGE_SIZE = 100;
const projectPath = (projectId: string) => `/console/projects/${segment(projectId)}`;

function table(headers: string[], rows: Part[]): Html {
  return html`<div class="table-wrap"><table>
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

async function projectsPage(
  deps: HttpDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form: { error?: string; projectId?: string } = {},
) {
  const view = viewOf(request, deps.config.mode, deps.clock.now());
  const query = request.query as { pageToken?: string; notice?: string; sig?: string };
  const { projects, nextPageToken } = await deps.admin.listProjects({
    pageSize: PAGE_SIZE,
    pageToken: query.pageToken,
  });
  const body = html`<form method="post" action="/console/projects" class="inline">
${csrfField(view.session)}
<label for="projectId">New project id <span class="muted">(empty: a UUID)</span></label>
<input id="projectId" name="projectId" type="text" maxlength="64" pattern="[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}" value="${form.projectId ?? ''}"${form.error ? html` aria-invalid="true" aria-describedby="project-error"` : ''}>
<button type="submit">Create project</button>
${form.error && html`<p class="field-error" id="project-error" role="alert">${form.error}</p>`}
</form>
${
  projects.length
    ? table(
        ['Project', 'Created', 'Active numbers', 'Access keys'],
        projects.map(
          (p) => html`<tr><th scope="row"><a href="${projectPath(p.projectId)}">${p.projectId}</a></th>
<td>${formatTime(p.createdAt)}</td><td>${p.activeNumbers}</td>
<td>${p.activeAccessKeys} active${p.accessKeys > p.activeAccessKeys ? `, ${p.accessKeys - p.activeAccessKeys} revoked` : ''}</td></tr>`,
        ),
      )
    : html`<p class="empty">No projects.</p>`
}
${nextPageToken && html`<p><a href="/console/projects?${new URLSearchParams({ pageToken: nextPageToken }).toString()}">Next page</a></p>`}`;
  return sendHtml(
    reply,
    status,
    page(
      view,
      'Projects',
      body,
      form.error
        ? notice('The project was not created; see below.', 'error')
        : notice(noticeOf(view.session, query)),
    ),
  );
}

/** GET /console/projects — every project, oldest first, with its numbers and keys counted. */
const showProjects: Operation = (app, deps) => {
  app.get(
    '/projects',
    { schema: { hide: true, querystring: Type.Object({ ...NoticeQuery, pageToken: PageQuery.pageToken }) } },
    async (request, reply) => projectsPage(deps, request, reply, 200),
  );
};

/** POST /console/projects — a new project (its id typed, or a UUID); the signed-in person is its creator. */
const createProject: Operation = (app, deps) => {
  app.post(
    '/projects',
    { schema: { hide: true, body: FormBody({ projectId: Type.Optional(Type.String({ maxLength: 100 })) }) } },
    async (request, reply) => {
      const projectId = request.body.projectId?.trim() || undefined;
      let created: { projectId: string } | undefined;
      const refused = await refusalOf(async () => {
        created = await deps.admin.createProject(projectId, request.consoleSession!.actor);
      });
      if (refused || !created) {
        return projectsPage(deps, request, reply, refused?.httpStatus ?? 400, {
          error: refused?.message,
          projectId,
        });
      }
      const location = projectPath(created.projectId);
      return redirect(
        request,
        reply,
        withNotice(request.consoleSession!, location, `Project ${created.projectId} created.`),
      );
    },
  );
};

function provisioning(scheduled: { status: string } | null, current: string): Part {
  return html`${current || html`<span class="muted">none</span>`}${scheduled && html`<br><span class="state">${scheduled.status}</span>`}`;
}

function activeNumberRow(n: ActiveNumberRecord, now: number) {
  const sms = n.sms.scheduled ? `${n.sms.scheduled.servicePlanId || '(unlink)'}` : n.sms.servicePlanId;
  const voice = n.voice.scheduled
    ? `${n.voice.scheduled.type} ${n.voice.scheduled.appId || n.voice.scheduled.trunkId || n.voice.scheduled.serviceId || '(unlink)'}`
    : n.voice.appId || n.voice.trunkId || n.voice.serviceId
      ? `${n.voice.type} ${n.voice.appId || n.voice.trunkId || n.voice.serviceId}`
      : '';
  return html`<tr><th scope="row">${n.phoneNumber}</th><td>${n.regionCode} ${n.numberType}</td>
<td>${capabilitiesFromMask(n.capabilities).join(', ')}</td><td>${n.displayName}</td>
<td>${provisioning(n.sms.scheduled, sms)}</td><td>${provisioning(n.voice.scheduled, voice)}</td>
<td>${formatTime(n.rentedAt)}</td>
<td>${n.expireAt === null ? '' : html`${n.expireAt > now ? 'releasing' : 'released'} ${formatTime(n.expireAt)}`}</td></tr>`;
}

async function projectPage(
  deps: HttpDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  created?: Credentials,
) {
  const { projectId } = request.params as { projectId: string };
  const query = request.query as { pageToken?: string; notice?: string; sig?: string };
  const view = viewOf(request, deps.config.mode, deps.clock.now());
  const keys = await deps.admin.listAccessKeys(projectId);
  const numbers = await deps.numbers.listActive(projectId, {
    pageSize: PAGE_SIZE,
    pageToken: query.pageToken,
  });
  const secret =
    created &&
    html`<section class="secret" aria-labelledby="new-key"><h2 id="new-key">New access key</h2>
<p role="status"><strong>Copy the secret now: it is shown only this once</strong> (the server keeps only a hash of it).</p>
<dl class="summary"><div><dt>Key id</dt><dd><code>${created.keyId}</code></dd></div>
<div><dt>Key secret</dt><dd><code id="key-secret">${created.keySecret}</code></dd></div></dl>
</section>`;
  const body = html`${secret}
<section aria-labelledby="keys"><h2 id="keys">Access keys</h2>
<form method="post" action="${projectPath(projectId)}/keys">${csrfField(view.session)}<button type="submit">Create an access key</button></form>
${
  keys.length
    ? table(
        ['Key id', 'Created', 'State', ''],
        keys.map(
          (k) => html`<tr><th scope="row"><code>${k.keyId}</code></th><td>${formatTime(k.createdAt)}</td>
<td>${k.revokedAt === null ? 'active' : html`<span class="state state-REJECTED">revoked</span> ${formatTime(k.revokedAt)}`}</td>
<td>${
            k.revokedAt === null &&
            html`<form class="inline" method="post" action="${projectPath(projectId)}/keys/${segment(k.keyId)}/revoke">
${csrfField(view.session)}
<label for="reason-${k.keyId}">Reason<span class="visually-hidden"> for revoking ${k.keyId}</span> <span class="muted">(optional)</span></label>
<input id="reason-${k.keyId}" name="reason" type="text" maxlength="512">
<button type="submit" class="danger">Revoke<span class="visually-hidden"> ${k.keyId}</span></button>
</form>`
          }</td></tr>`,
        ),
      )
    : html`<p class="empty">No access keys.</p>`
}
</section>
<section aria-labelledby="numbers"><h2 id="numbers">Active numbers <span class="count">${numbers.totalSize}</span></h2>
${
  numbers.records.length
    ? table(
        [
          'Number',
          'Product',
          'Capabilities',
          'Name',
          'SMS (provisioning)',
          'Voice (provisioning)',
          'Rented',
          'Release',
        ],
        numbers.records.map((n) => activeNumberRow(n, view.now)),
      )
    : html`<p class="empty">No active numbers.</p>`
}
${numbers.nextPageToken && html`<p><a href="${projectPath(projectId)}?${new URLSearchParams({ pageToken: numbers.nextPageToken }).toString()}">Next page</a></p>`}
</section>
<p><a href="/console/audit?${new URLSearchParams({ projectId }).toString()}">The project's audit log</a></p>`;
  return sendHtml(
    reply,
    status,
    page(view, `Project ${projectId}`, body, notice(noticeOf(view.session, query))),
  );
}

const ProjectParams = Type.Object({ projectId: PathParam });

/** GET /console/projects/{projectId} — its access keys (no secrets) and its active numbers. */
const showProject: Operation = (app, deps) => {
  app.get(
    '/projects/:projectId',
    {
      schema: {
        hide: true,
        params: ProjectParams,
        querystring: Type.Object({ ...NoticeQuery, pageToken: PageQuery.pageToken }),
      },
    },
    async (request, reply) => projectPage(deps, request, reply, 200),
  );
};

/** POST /console/projects/{projectId}/keys — a new key; the page shows its secret this once. */
const createAccessKey: Operation = (app, deps) => {
  app.post(
    '/projects/:projectId/keys',
    { schema: { hide: true, params: ProjectParams, body: FormBody({}) } },
    async (request, reply) => {
      const created = await deps.admin.createAccessKey(
        request.params.projectId,
        request.consoleSession!.actor,
      );
      return projectPage(deps, request, reply, 201, created);
    },
  );
};

/** POST /console/projects/{projectId}/keys/{keyId}/revoke — the key and its tokens stop working now. */
const revokeAccessKey: Operation = (app, deps) => {
  app.post(
    '/projects/:projectId/keys/:keyId/revoke',
    {
      schema: {
        hide: true,
        params: Type.Object({ projectId: PathParam, keyId: PathParam }),
        body: FormBody({ reason: Type.Optional(Type.String({ maxLength: 512 })) }),
      },
    },
    async (request, reply) => {
      const { projectId, keyId } = request.params;
      const session = request.consoleSession!;
      await deps.admin.revokeAccessKey(projectId, keyId, session.actor, request.body.reason?.trim() ?? '');
      const text = `Access key ${keyId} revoked: its credentials and every token issued from it stop working now.`;
      return redirect(request, reply, withNotice(session, projectPath(projectId), text));
    },
  );
};

export const projectRoutes: Operation[] = [
  showProjects,
  createProject,
  showProject,
  createAccessKey,
  revokeAccessKey,
];
