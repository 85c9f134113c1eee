import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../../errors.js';
import { type Html, html, type Part } from '../html.js';
import { csrfField, notice, page, sendHtml, type View } from '../layout.js';
import { FormBody } from '../session.js';

/** A reviewer's reason: the order's log message and its callback's, as the admin API allows. */
export const REASON_MAX_LENGTH = 2000;

/** The body of a decision form. */
export const DecisionBody = FormBody({
  decision: Type.Optional(Type.String({ maxLength: 40 })),
  reason: Type.Optional(Type.String({ maxLength: REASON_MAX_LENGTH })),
});

/** A decision form after a refusal: the reason typed and why it was refused. */
export interface DecisionState {
  error?: string;
  reason?: string;
}

/**
 * A reviewer's decision form: the reason (marked and explained when refused) and a button per
 * decision, each posting `decision` with its value.
 */
export function decisionForm(
  view: View,
  action: string,
  { hint, buttons }: { hint: string; buttons: Html[] },
  state: DecisionState,
): Html {
  const { error = '', reason = '' } = state;
  return html`<form method="post" action="${action}" class="stack decision">
${csrfField(view.session)}
<label for="reason">Reason <span class="muted">(${hint})</span></label>
<textarea id="reason" name="reason" rows="3" maxlength="${REASON_MAX_LENGTH}"${error ? html` aria-invalid="true" aria-describedby="decision-error"` : ''}>${reason}</textarea>
${error && html`<p class="field-error" id="decision-error" role="alert">${error}</p>`}
<div class="buttons">${buttons}</div>
</form>`;
}

/** A decision button: `label` posts `decision=value`. */
export const decisionButton = (value: string, label: string, className = '') =>
  html`<button type="submit" name="decision" value="${value}" class="${className}">${label}</button>`;

/**
 * Runs a decision and returns the refusal a reviewer can act on (a missing reason, an order
 * decided meanwhile: the page is shown again with it), or undefined when it was made. Anything
 * else (not found, a failure of ours) propagates to the error page.
 */
export async function refusalOf(decide: () => Promise<unknown>): Promise<ApiError | undefined> {
  try {
    await decide();
    return undefined;
  } catch (error) {
    if (error instanceof ApiError && error.httpStatus < 500 && error.httpStatus !== 404) return error;
    throw error;
  }
}

/** An order's page: its details, then the decision section (a refusal also said at the top). */
export function sendDecisionPage(
  reply: FastifyReply,
  status: number,
  view: View,
  title: string,
  details: Part,
  decision: Html,
  state: DecisionState,
) {
  const body = html`${details}
<section aria-labelledby="decide"><h2 id="decide">Decision</h2>
${decision}
</section>`;
  return sendHtml(
    reply,
    status,
    page(view, title, body, notice(state.error && 'The decision was not made; see below.', 'error')),
  );
}
