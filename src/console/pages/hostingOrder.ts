import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostingOrderRecord } from '../../domain/hosting/hostingOrder.js';
import { errors } from '../../errors.js';
import type { HttpDeps, Operation } from '../../http/deps.js';
import { HostingOrderParams } from '../../http/routes/hostingOrders/schemas.js';
import { formatTime } from '../format.js';
import { html } from '../html.js';
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
import { hostingPath } from './reviewDesk.js';

/** An order imports at most a few hundred numbers; the page lists this many. */
const NUMBERS_SHOWN = 100;

function summary(order: HostingOrderRecord) {
  const review = order.review;
  const signature = order.signature;
  return html`<dl class="summary">
<div><dt>Project</dt><dd>${order.projectId}</dd></div>
<div><dt>Type</dt><dd>${order.type.replace(/^TYPE_/, '')}${order.tollFree ? ' (toll-free)' : ''}</dd></div>
<div><dt>State</dt><dd><span class="state">${order.state}</span></dd></div>
<div><dt>Name</dt><dd>${order.displayName || html`<span class="muted">none</span>`}</dd></div>
<div><dt>Region</dt><dd>${order.regionCode}</dd></div>
<div><dt>Letter of Authorization</dt><dd>${order.loa}</dd></div>
<div><dt>Service plan, campaign</dt><dd>${order.servicePlanId || '—'}, ${order.campaignId || '—'}</dd></div>
<div><dt>Created</dt><dd>${formatTime(order.createdAt)}</dd></div>
<div><dt>Callback URL</dt><dd>${order.callbackUrl || html`<span class="muted">none</span>`}</dd></div>
${review && html`<div><dt>Review</dt><dd>${review.decision} by ${review.reviewer} at ${formatTime(review.at)}${review.reason && `: ${review.reason}`}</dd></div>`}
${signature && html`<div><dt>Signature</dt><dd>${signature.fullName} at ${formatTime(signature.at)} (${signature.via})</dd></div>`}
${order.rejectionReason && html`<div><dt>Rejected because</dt><dd>${order.rejectionReason}</dd></div>`}
</dl>`;
}

function decision(view: View, order: HostingOrderRecord, state: DecisionState) {
  if (order.stage !== 'REVIEW' && order.stage !== 'LOA') {
    return html`<p>This order is ${order.state}; there is nothing to decide.</p>`;
  }
  // A SUBMITTED order may be approved or rejected; one waiting for its LOA signature only rejected.
  const buttons = [decisionButton('REJECT', 'Reject', 'danger')];
  if (order.stage === 'REVIEW') buttons.unshift(decisionButton('APPROVE', 'Approve'));
  return decisionForm(
    view,
    `${hostingPath(order)}/review`,
    { hint: 'required to reject; the project sees it', buttons },
    state,
  );
}

async function hostingPage(
  deps: HttpDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form: DecisionState = {},
) {
  const { projectId, hostingOrderId } = request.params as { projectId: string; hostingOrderId: string };
  const order = await deps.hosting.get(projectId, hostingOrderId);
  const [numbers, history] = await Promise.all([
    deps.hosting.numbers(projectId, hostingOrderId, { pageSize: NUMBERS_SHOWN }),
    deps.admin.listAuditLog({ resourceType: 'HostingOrder', resourceId: hostingOrderId, projectId }),
  ]);
  const view = viewOf(request, deps.config.mode, deps.clock.now());
  const body = html`${summary(order)}
${
  order.textEnableInfo &&
  html`<section aria-labelledby="loa-details"><h2 id="loa-details">Text-enable details</h2>
${registrationView(undefined, order.textEnableInfo)}</section>`
}
<section aria-labelledby="numbers"><h2 id="numbers">Numbers <span class="count">${numbers.totalSize}</span></h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Number</th><th scope="col">OSR update</th><th scope="col">SMS platform</th><th scope="col">Campaign</th></tr></thead>
<tbody>${numbers.records.map(
    (n) =>
      html`<tr><th scope="row">${n.phoneNumber}</th><td>${n.osrUpdate.state}</td><td>${n.platformProvisioning.state}</td><td>${n.campaignProvisioning.state}</td></tr>`,
  )}</tbody></table></div>
${numbers.totalSize > numbers.records.length && html`<p class="muted">The first ${numbers.records.length} of ${numbers.totalSize}.</p>`}
</section>
${historySection(history.entries)}
`;
  return sendDecisionPage(
    reply,
    status,
    view,
    `Hosting order ${order.hostingOrderId}`,
    body,
    decision(view, order, form),
    form,
  );
}

/** GET /console/hosting/{projectId}/{hostingOrderId} — a hosting order, its numbers and its audit. */
const showHostingOrder: Operation = (app, deps) => {
  app.get(
    '/hosting/:projectId/:hostingOrderId',
    { schema: { hide: true, params: HostingOrderParams } },
    async (request, reply) => hostingPage(deps, request, reply, 200),
  );
};

/** POST /console/hosting/{projectId}/{hostingOrderId}/review — approve, or reject with a reason. */
const reviewHostingOrder: Operation = (app, deps) => {
  app.post(
    '/hosting/:projectId/:hostingOrderId/review',
    {
      schema: {
        hide: true,
        params: HostingOrderParams,
        body: DecisionBody,
      },
    },
    async (request, reply) => {
      const { projectId, hostingOrderId } = request.params;
      const reason = request.body.reason ?? '';
      const decision = request.body.decision;
      let order: HostingOrderRecord | undefined;
      const refused = await refusalOf(async () => {
        if (decision !== 'APPROVE' && decision !== 'REJECT') {
          throw errors.fieldViolation('decision', 'Choose Approve or Reject');
        }
        order = await deps.hosting.review(
          projectId,
          hostingOrderId,
          decision,
          reason,
          request.consoleSession!.actor,
        );
      });
      if (refused || !order) {
        return hostingPage(deps, request, reply, refused?.httpStatus ?? 400, {
          error: refused?.message,
          reason,
        });
      }
      const done = decision === 'APPROVE' ? `approved; it is now ${order.state}` : 'rejected';
      return redirect(
        request,
        reply,
        withNotice(request.consoleSession!, '/console/', `Hosting order ${hostingOrderId} ${done}.`),
      );
    },
  );
};

export const hostingOrderRoutes: Operation[] = [showHostingOrder, reviewHostingOrder];
