import { Type } from '@sinclair/typebox';
import type { HostingOrderRecord } from '../../domain/hosting/hostingOrder.js';
import type { NumberOrderRecord } from '../../domain/orders/numberOrder.js';
import type { Operation } from '../../http/deps.js';
import { formatDuration, formatTime, segment, timeLeft } from '../format.js';
import { html, type Part } from '../html.js';
import { notice, page, sendHtml, viewOf } from '../layout.js';
import { NoticeQuery, noticeOf } from '../session.js';
import { blockedRow, pendingRow, qualifiedRoutes } from './qualifiedNumbers.js';

/** Each queue shows this many of its oldest entries; the count says when there are more. */
const QUEUE_LIMIT = 200;

export const orderPath = (o: Pick<NumberOrderRecord, 'projectId' | 'orderId'>) =>
  `/console/orders/${segment(o.projectId)}/${segment(o.orderId)}`;
export const hostingPath = (o: Pick<HostingOrderRecord, 'projectId' | 'hostingOrderId'>) =>
  `/console/hosting/${segment(o.projectId)}/${segment(o.hostingOrderId)}`;

/** A queue: its heading with how many wait, and its table (or a line saying it is empty). */
function queue(id: string, title: string, total: number, headers: string[], rows: Part[], empty: string) {
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${title} <span class="count">${total}</span></h2>
${
  rows.length
    ? html`<div class="table-wrap"><table>
<thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>
${total > rows.length && html`<p class="muted">The oldest ${rows.length} of ${total}.</p>`}`
    : html`<p class="empty">${empty}</p>`
}
</section>`;
}

function numbersOf(order: NumberOrderRecord): string {
  const [first, ...rest] = order.orderNumbers.map((n) => n.phoneNumber);
  return rest.length ? `${first} and ${rest.length} more` : (first ?? '');
}

function orderRow(order: NumberOrderRecord, now: number) {
  const submitted = order.submittedAt ?? order.updatedAt;
  return html`<tr>
<th scope="row"><a href="${orderPath(order)}">${order.orderId}</a></th>
<td>${order.projectId}</td><td>${order.regionCode} ${order.numberType}</td><td>${numbersOf(order)}</td>
<td>${formatTime(submitted)}<br><span class="muted">waiting ${formatDuration(now - submitted)}</span></td>
<td>${timeLeft(order.expireAt, now)}</td>
</tr>`;
}

function hostingRow(order: HostingOrderRecord, now: number) {
  return html`<tr>
<th scope="row"><a href="${hostingPath(order)}">${order.hostingOrderId}</a></th>
<td>${order.projectId}</td><td>${order.type.replace(/^TYPE_/, '')}</td><td>${order.regionCode}</td>
<td>${order.loa}</td>
<td>${formatTime(order.createdAt)}<br><span class="muted">waiting ${formatDuration(now - order.createdAt)}</span></td>
</tr>`;
}

/** GET /console/ — the review desk: every queue that waits for a person, oldest first. */
const showReviewDesk: Operation = (app, { orders, qualified, hosting, admin, clock, config }) => {
  app.get('/', { schema: { hide: true, querystring: Type.Object(NoticeQuery) } }, async (request, reply) => {
    const view = viewOf(request, config.mode, clock.now());
    const [inReview, pending, blocked, submitted, counts] = await Promise.all([
      orders.listOrders({ state: 'IN_REVIEW', limit: QUEUE_LIMIT }),
      qualified.queue({ state: 'ELIGIBLE_CHECK_PENDING', pageSize: QUEUE_LIMIT }),
      qualified.queue({ state: 'VERIFICATION_BLOCKED', pageSize: QUEUE_LIMIT }),
      hosting.listForReview({ state: 'SUBMITTED', limit: QUEUE_LIMIT }),
      admin.reviewCounts(),
    ]);
    const session = view.session;
    const numberOrders = inReview.map(({ order }) => order);
    const body = html`<p class="lede">Everything waiting for a decision, oldest first. Your decisions are recorded
with your name (<strong>${session.actor}</strong>), the time and your reason.</p>
${queue(
  'orders',
  'Number orders in review',
  counts.numberOrders,
  ['Order', 'Project', 'Product', 'Numbers', 'Submitted', 'Reservation'],
  numberOrders.map((o) => orderRow(o, view.now)),
  'No number order is waiting for review.',
)}
${queue(
  'qualified',
  'Qualified numbers awaiting the eligibility decision',
  counts.qualifiedNumbers,
  ['Number', 'Project', 'Region', 'Added', 'Decision'],
  pending.records.map((r) => pendingRow(session, r)),
  'No qualified number is waiting for a decision.',
)}
${queue(
  'blocked',
  'Qualified numbers blocked after wrong verification codes',
  counts.blockedQualifiedNumbers,
  ['Number', 'Project', 'Wrong codes', 'Blocked', 'Unblock'],
  blocked.records.map((r) => blockedRow(session, r)),
  'No qualified number is blocked.',
)}
${queue(
  'hosting',
  'Hosting orders awaiting review',
  counts.hostingOrders,
  ['Order', 'Project', 'Type', 'Region', 'LOA', 'Submitted'],
  submitted.map((o) => hostingRow(o, view.now)),
  'No hosting order is waiting for review.',
)}`;
    return sendHtml(reply, 200, page(view, 'Review desk', body, notice(noticeOf(session, request.query))));
  });
};

export const reviewDeskRoutes: Operation[] = [showReviewDesk, ...qualifiedRoutes];
