import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  effectiveState,
  type NumberOrderRecord,
  type StoredAttachment,
} from '../../domain/orders/numberOrder.js';
import { REVIEW_DECISIONS, type ReviewDecision } from '../../domain/orders/orderState.js';
import type { KycPolicy } from '../../domain/orders/policyFile.js';
import { errors } from '../../errors.js';
import type { HttpDeps, Operation } from '../../http/deps.js';
import { attachmentHeaders, EXTENSIONS } from '../../http/routes/admin/downloadAttachment.js';
import { AttachmentParams, OrderParams } from '../../http/routes/numberOrders/schemas.js';
import { formatBytes, formatTime, segment, timeLeft } from '../format.js';
import { type Html, html } from '../html.js';
import { type View, viewOf } from '../layout.js';
import { registrationView } from '../registration.js';
import { redirect, withNotice } from '../session.js';
import { historySection } from './audit.js';
import {
  DecisionBody,
  type DecisionState,
  decisionButton,
  decisionForm,
  refusalOf,
  sendDecisionPage,
} from './decision.js';
import { orderPath } from './reviewDesk.js';

/** The buttons of the decision form, each with what it does to the order. */
const DECISIONS: Record<ReviewDecision, { label: string; done: string; className: string }> = {
  COMPLETED: { label: 'Approve', done: 'approved: its numbers are now active numbers', className: '' },
  REJECTED: {
    label: 'Reject',
    done: 'rejected: its numbers went back to the inventory',
    className: 'danger',
  },
  BLOCKED: { label: 'Block', done: 'blocked: its numbers went back to the inventory', className: 'danger' },
  REQUEST_INFORMATION: {
    label: 'Request information',
    done: 'sent back to the customer for more information',
    className: 'secondary',
  },
};

const attachmentPath = (order: NumberOrderRecord, a: StoredAttachment) =>
  `${orderPath(order)}/attachments/${segment(a.attachmentId)}`;

function summary(order: NumberOrderRecord, policy: KycPolicy | undefined, now: number) {
  const state = effectiveState(order, now);
  const versionNote =
    policy && policy.version !== order.policyVersion
      ? html` <span class="muted">(the order was validated against version ${order.policyVersion}; the layout below follows version ${policy.version})</span>`
      : '';
  return html`<dl class="summary">
<div><dt>Project</dt><dd>${order.projectId}</dd></div>
<div><dt>Product</dt><dd>${order.regionCode} ${order.numberType}</dd></div>
<div><dt>State</dt><dd><span class="state state-${state}">${state}</span></dd></div>
<div><dt>Numbers</dt><dd><ul class="plain">${order.orderNumbers.map(
    (n) =>
      html`<li>${n.phoneNumber} <span class="muted">(${n.monthlyPrice.amount} ${n.monthlyPrice.currencyCode} a month)</span></li>`,
  )}</ul></dd></div>
<div><dt>Created</dt><dd>${formatTime(order.createdAt)}</dd></div>
<div><dt>Submitted</dt><dd>${order.submittedAt === null ? 'not yet' : formatTime(order.submittedAt)}</dd></div>
<div><dt>Reservation</dt><dd>until ${formatTime(order.expireAt)} (${timeLeft(order.expireAt, now)})</dd></div>
<div><dt>KYC policy</dt><dd>${policy ? html`${policy.title}, version ${order.policyVersion}${versionNote}` : 'none (no registration needed)'}</dd></div>
<div><dt>Callback URL</dt><dd>${order.callbackUrl || html`<span class="muted">none</span>`}</dd></div>
</dl>`;
}

/** One document: its role, a preview (PDF in a frame, images as images), links to open or save it. */
function attachmentFigure(order: NumberOrderRecord, policy: KycPolicy | undefined, a: StoredAttachment) {
  const title = policy?.attachments.find((p) => p.id === a.attachmentId)?.title ?? a.attachmentId;
  const url = attachmentPath(order, a);
  const label = `${title}: ${a.documentType}`;
  const preview =
    a.mimeType === 'application/pdf'
      ? html`<iframe src="${url}" title="${label} (PDF)" loading="lazy"></iframe>`
      : a.mimeType.startsWith('image/')
        ? html`<img src="${url}" alt="${label}">`
        : html`<p class="muted">No preview for ${a.mimeType}.</p>`;
  return html`<figure class="attachment">
${preview}
<figcaption><strong>${title}</strong> — ${a.documentType}, ${a.fileName} (${a.mimeType}, ${formatBytes(a.size)}), uploaded ${formatTime(a.updatedAt)}.
<a href="${url}" target="_blank" rel="noopener">Open</a> · <a href="${url}?download=1">Download</a></figcaption>
</figure>`;
}

function attachmentsSection(
  order: NumberOrderRecord,
  policy: KycPolicy | undefined,
  attachments: StoredAttachment[],
) {
  const uploaded = new Set(attachments.map((a) => a.attachmentId));
  const missing = (policy?.attachments ?? []).filter((p) => !uploaded.has(p.id));
  return html`<section aria-labelledby="attachments"><h2 id="attachments">Documents</h2>
${attachments.length ? attachments.map((a) => attachmentFigure(order, policy, a)) : html`<p class="empty">No documents were uploaded.</p>`}
${missing.length > 0 && html`<p>Not uploaded: ${missing.map((m) => `${m.title}${m.mandatory ? ' (mandatory)' : ''}`).join('; ')}.</p>`}
</section>`;
}

function decision(view: View, order: NumberOrderRecord, state: DecisionState) {
  const current = effectiveState(order, view.now);
  if (current !== 'IN_REVIEW') return html`<p>This order is ${current}; there is nothing to decide.</p>`;
  return decisionForm(
    view,
    `${orderPath(order)}/review`,
    {
      hint: "required unless you approve; the customer reads it in the order's log and callback",
      buttons: REVIEW_DECISIONS.map((d) => decisionButton(d, DECISIONS[d].label, DECISIONS[d].className)),
    },
    state,
  );
}

async function orderPage(
  deps: HttpDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form: DecisionState = {},
) {
  const { projectId, numberOrderId } = request.params as { projectId: string; numberOrderId: string };
  const { order, attachments } = await deps.orders.getRegistration(projectId, numberOrderId);
  const [policy, history] = await Promise.all([
    deps.orders.policyFor(order.regionCode, order.numberType),
    deps.admin.listAuditLog({ resourceType: 'NumberOrder', resourceId: order.orderId, projectId }),
  ]);
  const view = viewOf(request, deps.config.mode, deps.clock.now());
  const logs = order.logs ?? [];
  const body: Html = html`${summary(order, policy, view.now)}
<section aria-labelledby="registration"><h2 id="registration">Registration</h2>
${registrationView(policy?.dataSchema, order.registration)}
</section>
${attachmentsSection(order, policy, attachments)}
${
  policy &&
  policy.rules.length > 0 &&
  html`<section aria-labelledby="rules"><h2 id="rules">What to check</h2>
<ul>${policy.rules.map((r) => html`<li>${r.description}</li>`)}</ul></section>`
}
${
  logs.length > 0 &&
  html`<section aria-labelledby="log"><h2 id="log">Messages to the customer</h2>
<ol class="plain">${logs.map((l) => html`<li>${formatTime(l.createdAt)}: ${l.message}</li>`)}</ol></section>`
}
${historySection(history.entries)}
`;
  return sendDecisionPage(
    reply,
    status,
    view,
    `Number order ${order.orderId}`,
    body,
    decision(view, order, form),
    form,
  );
}

/** GET /console/orders/{projectId}/{numberOrderId} — the order as a reviewer needs to see it. */
const showNumberOrder: Operation = (app, deps) => {
  app.get(
    '/orders/:projectId/:numberOrderId',
    { schema: { hide: true, params: OrderParams } },
    async (request, reply) => orderPage(deps, request, reply, 200),
  );
};

/**
 * POST /console/orders/{projectId}/{numberOrderId}/review — the decision, made through the same
 * domain operation as the admin API's `:review`: the reason becomes the order's log message and
 * its callback. A refusal (no reason, not in review any more) shows the page again with it.
 */
const reviewNumberOrder: Operation = (app, deps) => {
  app.post(
    '/orders/:projectId/:numberOrderId/review',
    {
      schema: {
        hide: true,
        params: OrderParams,
        body: DecisionBody,
      },
    },
    async (request, reply) => {
      const { projectId, numberOrderId } = request.params;
      const decision = request.body.decision as ReviewDecision;
      const reason = request.body.reason ?? '';
      const actor = request.consoleSession!.actor;
      const refused = await refusalOf(async () => {
        if (!REVIEW_DECISIONS.includes(decision)) {
          throw errors.fieldViolation('decision', `Choose one of: ${REVIEW_DECISIONS.join(', ')}`);
        }
        await deps.orders.review(projectId, numberOrderId, decision, reason, actor);
      });
      if (refused)
        return orderPage(deps, request, reply, refused.httpStatus, { error: refused.message, reason });
      return redirect(
        request,
        reply,
        withNotice(
          request.consoleSession!,
          '/console/',
          `Number order ${numberOrderId} ${DECISIONS[decision].done}.`,
        ),
      );
    },
  );
};

/**
 * GET /console/orders/{projectId}/{numberOrderId}/attachments/{attachmentId} — a document, for
 * the preview (inline) or `?download=1`. Only the sniffed PDF and image types are ever inline;
 * `Content-Security-Policy: sandbox` makes the file a unique origin without scripts, so even a
 * crafted PDF cannot act as the console; it may be framed by the console only.
 */
const downloadAttachment: Operation = (app, { orders }) => {
  app.get(
    '/orders/:projectId/:numberOrderId/attachments/:attachmentId',
    {
      schema: {
        hide: true,
        params: AttachmentParams,
        querystring: Type.Object({ download: Type.Optional(Type.String({ maxLength: 8 })) }),
      },
    },
    async (request, reply) => {
      const { projectId, numberOrderId, attachmentId } = request.params;
      const { attachment, content } = await orders.attachmentContent(projectId, numberOrderId, attachmentId);
      const inline = !request.query.download && attachment.mimeType in EXTENSIONS;
      return reply
        .headers(attachmentHeaders(attachment, inline ? 'inline' : 'attachment'))
        .header(
          'content-security-policy',
          "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'",
        )
        .header('x-frame-options', 'SAMEORIGIN')
        .send(content);
    },
  );
};

export const numberOrderRoutes: Operation[] = [showNumberOrder, reviewNumberOrder, downloadAttachment];
