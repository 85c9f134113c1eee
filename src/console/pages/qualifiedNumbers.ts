import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePathPhoneNumber } from '../../domain/numbers/phoneNumbers.js';
import {
  type QualifiedNumberRecord,
  REVIEW_REASON_MAX_LENGTH,
} from '../../domain/qualified/qualifiedNumber.js';
import { ApiError } from '../../errors.js';
import type { Operation } from '../../http/deps.js';
import { PathParam } from '../../http/schemas.js';
import type { ConsoleSession } from '../../store/types.js';
import { formatTime, segment } from '../format.js';
import { type Html, html, type Part } from '../html.js';
import { csrfField } from '../layout.js';
import { FormBody, isHtmx, redirect, withNotice } from '../session.js';

/** What a row shows after a form: the outcome, or the refusal with what was typed. */
interface RowState {
  error?: string;
  reason?: string;
  done?: string;
}

const path = (r: QualifiedNumberRecord, action: string) =>
  `/console/qualified/${segment(r.projectId)}/${segment(r.phoneNumber)}/${action}`;

/** The reason field and the buttons of a decision, posted normally or (with htmx) in place. */
function decisionForm(
  session: ConsoleSession,
  r: QualifiedNumberRecord,
  action: string,
  state: RowState,
  buttons: Html,
) {
  const id = `reason-${action}-${r.projectId}-${r.phoneNumber}`.replace(/[^\w-]/g, '_');
  return html`<form class="inline" method="post" action="${path(r, action)}"
 hx-post="${path(r, action)}" hx-target="closest tr" hx-swap="outerHTML">
${csrfField(session)}
<label for="${id}">Reason<span class="visually-hidden"> for ${r.phoneNumber}</span></label>
<input id="${id}" name="reason" type="text" required maxlength="${REVIEW_REASON_MAX_LENGTH}" value="${state.reason ?? ''}"
${state.error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
${buttons}
${state.error && html`<p class="field-error" id="${id}-error" role="alert">${state.error}</p>`}
</form>`;
}

/** A row of a qualified numbers queue: the number, its cells, and the form (or what it did). */
function row(
  session: ConsoleSession,
  r: QualifiedNumberRecord,
  cells: Part[],
  action: string,
  buttons: Html,
  state: RowState,
) {
  return html`<tr>
<th scope="row">${r.phoneNumber}</th>${cells.map((cell) => html`<td>${cell}</td>`)}
<td>${state.done ? html`<p class="notice" role="status">${state.done}</p>` : decisionForm(session, r, action, state, buttons)}</td>
</tr>`;
}

/** A number awaiting the eligibility decision, with its form (or the decision just made). */
export const pendingRow = (session: ConsoleSession, r: QualifiedNumberRecord, state: RowState = {}) =>
  row(
    session,
    r,
    [r.projectId, r.regionCode, formatTime(r.createdAt)],
    'decide',
    html`<button type="submit" name="decision" value="ELIGIBLE">Eligible</button>
<button type="submit" name="decision" value="NOT_ELIGIBLE" class="danger">Not eligible</button>`,
    state,
  );

/** A number blocked after too many wrong verification codes, with the unblock form. */
export const blockedRow = (session: ConsoleSession, r: QualifiedNumberRecord, state: RowState = {}) =>
  row(
    session,
    r,
    [r.projectId, r.wrongCodes, formatTime(r.updatedAt)],
    'unblock',
    html`<button type="submit">Unblock</button>`,
    state,
  );

const Params = Type.Object({ projectId: PathParam, phoneNumber: PathParam });
type ParamsOf = { projectId: string; phoneNumber: string };

/**
 * Runs a decision for the signed-in reviewer. htmx gets the row back (the outcome, or the form
 * with the refusal, 400); a plain form post is sent back to the desk, or shown the refusal.
 */
async function decide(
  request: FastifyRequest,
  reply: FastifyReply,
  act: (projectId: string, phoneNumber: string, reviewer: string) => Promise<QualifiedNumberRecord>,
  row: typeof pendingRow,
  done: (r: QualifiedNumberRecord) => string,
  current: (projectId: string, phoneNumber: string) => Promise<QualifiedNumberRecord>,
) {
  const { projectId, phoneNumber: raw } = request.params as ParamsOf;
  const phoneNumber = parsePathPhoneNumber(raw);
  const session = request.consoleSession!;
  try {
    const record = await act(projectId, phoneNumber, session.actor);
    if (isHtmx(request)) {
      return reply.type('text/html; charset=utf-8').send(row(session, record, { done: done(record) }).text);
    }
    return redirect(request, reply, withNotice(session, '/console/', done(record)));
  } catch (error) {
    if (!isHtmx(request) || !(error instanceof ApiError) || error.httpStatus >= 500) throw error;
    const reason = (request.body as { reason?: string }).reason;
    const record = await current(projectId, phoneNumber);
    return reply
      .code(error.httpStatus)
      .type('text/html; charset=utf-8')
      .send(row(session, record, { error: error.message, reason }).text);
  }
}

/** POST /console/qualified/{projectId}/{phoneNumber}/decide — ELIGIBLE or NOT_ELIGIBLE, with a reason. */
const decideQualified: Operation = (app, { qualified }) => {
  app.post(
    '/qualified/:projectId/:phoneNumber/decide',
    {
      schema: {
        hide: true,
        params: Params,
        body: FormBody({
          decision: Type.Optional(Type.String({ maxLength: 20 })),
          reason: Type.Optional(Type.String({ maxLength: REVIEW_REASON_MAX_LENGTH * 2 })),
        }),
      },
    },
    async (request, reply) =>
      decide(
        request,
        reply,
        (projectId, phoneNumber, reviewer) =>
          qualified.decide(projectId, phoneNumber, { ...request.body, reviewer }),
        pendingRow,
        (r) =>
          `${r.phoneNumber} is ${r.state === 'NOT_ELIGIBLE' ? 'not eligible' : 'eligible'}: ${r.review?.reason}`,
        (projectId, phoneNumber) => qualified.get(projectId, phoneNumber),
      ),
  );
};

/** POST /console/qualified/{projectId}/{phoneNumber}/unblock — lifts a verification block, with a reason. */
const unblockQualified: Operation = (app, { qualified }) => {
  app.post(
    '/qualified/:projectId/:phoneNumber/unblock',
    {
      schema: {
        hide: true,
        params: Params,
        body: FormBody({ reason: Type.Optional(Type.String({ maxLength: REVIEW_REASON_MAX_LENGTH * 2 })) }),
      },
    },
    async (request, reply) =>
      decide(
        request,
        reply,
        (projectId, phoneNumber, reviewer) =>
          qualified.unblock(projectId, phoneNumber, { ...request.body, reviewer }),
        blockedRow,
        (r) => `${r.phoneNumber} is unblocked: it can be verified again`,
        (projectId, phoneNumber) => qualified.get(projectId, phoneNumber),
      ),
  );
};

export const qualifiedRoutes: Operation[] = [decideQualified, unblockQualified];
