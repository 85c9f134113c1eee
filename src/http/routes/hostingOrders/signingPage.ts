import { Type } from '@sinclair/typebox';
import type { HostingOrderRecord } from '../../../domain/hosting/hostingOrder.js';
import type { SigningRefusal } from '../../../domain/hosting/hostingService.js';
import type { Operation } from '../../deps.js';
import { TAGS } from '../../tags.js';

/**
 * The LOA signing page: the link e-mailed to the authorised person opens it. No credentials: the
 * unguessable token in the path is the authority (its SHA-256 is stored, never the token). A plain
 * HTML form (typed full name + consent), posted as application/x-www-form-urlencoded. Everything
 * put in the HTML is escaped; the page allows no script and no framing.
 */

/** The form is two short fields; anything bigger is not a browser submitting it. */
export const FORM_BODY_LIMIT = 8 * 1024;
const NAME_MAX = 200;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
dt{font-weight:600}ul.numbers{columns:3}.error{color:#a00;font-weight:600}label{display:block;margin:.8rem 0}
input[type=text]{width:100%;padding:.4rem;font-size:1rem}button{padding:.5rem 1.2rem;font-size:1rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

const REFUSALS: Record<SigningRefusal, { status: number; title: string; text: string }> = {
  unknown: {
    status: 404,
    title: 'Unknown signing link',
    text: 'This link does not open any Letter of Authorization. Check that it was copied whole.',
  },
  used: {
    status: 409,
    title: 'Already signed',
    text: 'This Letter of Authorization has been signed already; a signing link works once.',
  },
  rejected: {
    status: 410,
    title: 'Order rejected',
    text: 'The hosting order of this Letter of Authorization was rejected; there is nothing to sign.',
  },
  closed: {
    status: 409,
    title: 'Nothing to sign',
    text: 'This hosting order is not waiting for a signature any more.',
  },
};

function refusal(reason: SigningRefusal) {
  const r = REFUSALS[reason];
  return { status: r.status, html: page(r.title, `<p class="error">${escapeHtml(r.text)}</p>`) };
}

function signingForm(order: HostingOrderRecord, numbers: string[], token: string, error = '', name = '') {
  const info = order.textEnableInfo;
  const person = info?.authorisedPerson;
  const address = info?.address;
  const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
  return page(
    'Letter of Authorization',
    `<p>Please read and sign the Letter of Authorization for hosting order <code>${escapeHtml(order.hostingOrderId)}</code>.</p>
<dl>
${info?.businessName ? row('Business', info.businessName) : ''}
${person ? row('Authorised person', `${person.firstName} ${person.lastName} <${person.email}>`) : ''}
${address ? row('Address', `${address.buildingNumber} ${address.street}, ${address.city}, ${address.state} ${address.postalCode}, ${address.country}`) : ''}
${row('Current voice carrier', info?.currentVoiceCarrier ?? '')}
${row('Service provider', info?.serviceProvider ?? '')}
</dl>
<p>I authorise the service provider to update the SMS routing (OSR) of these ${numbers.length} number(s) and to host their text messaging; voice service stays with the current carrier:</p>
<ul class="numbers">${numbers.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(encodeURIComponent(token))}">
<label>Full name (typed signature)<input type="text" name="fullName" maxlength="${NAME_MAX}" required value="${escapeHtml(name)}"></label>
<label><input type="checkbox" name="consent" value="yes" required> I have read the letter and sign it electronically.</label>
<button type="submit">Sign</button>
</form>`,
  );
}

const Html = (description: string) => ({
  description,
  content: { 'text/html': { schema: Type.String() } },
});

const responses = {
  200: Html('The page'),
  404: Html('Unknown link'),
  409: Html('Signed already, or not waiting for a signature'),
  410: Html('The order was rejected'),
};

const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/** GET /loa/{token} — the letter and the form. */
const showSigningPage: Operation = (app, { hosting }) => {
  app.get(
    '/:token',
    {
      schema: {
        operationId: 'OpenNumbers_ShowLoaSigningPage',
        tags: [TAGS.hostingOrdersExtension],
        summary: 'The LOA signing page of an e-mailed link (HTML)',
        params: TokenParams,
        response: responses,
      },
    },
    async (request, reply) => {
      const view = await hosting.signingView(request.params.token);
      if (typeof view === 'string') {
        const r = refusal(view);
        return reply
          .code(r.status as 404)
          .headers(HEADERS)
          .send(r.html);
      }
      return reply.headers(HEADERS).send(signingForm(view.order, view.numbers, request.params.token));
    },
  );
};

/** POST /loa/{token} — the signature: typed name and consent, recorded with the time and client IP. */
const submitSignature: Operation = (app, { hosting }) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      const form = new URLSearchParams(String(body));
      done(null, { fullName: form.get('fullName') ?? '', consent: form.get('consent') ?? '' });
    },
  );
  app.post(
    '/:token',
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        operationId: 'OpenNumbers_SignLoa',
        tags: [TAGS.hostingOrdersExtension],
        summary: 'Sign an LOA (the signing page’s form)',
        consumes: ['application/x-www-form-urlencoded'],
        params: TokenParams,
        body: Type.Object({
          fullName: Type.Optional(Type.String({ maxLength: FORM_BODY_LIMIT })),
          consent: Type.Optional(Type.String({ maxLength: FORM_BODY_LIMIT })),
        }),
        response: { ...responses, 400: Html('A field is missing: the form again, with the problem') },
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const fullName = (request.body.fullName ?? '').trim();
      const consent = request.body.consent ?? '';
      const problem = !fullName
        ? 'Type your full name to sign.'
        : fullName.length > NAME_MAX
          ? `Your name can be at most ${NAME_MAX} characters.`
          : consent !== 'yes' && consent !== 'on'
            ? 'Tick the box to confirm that you sign the letter.'
            : '';
      if (problem) {
        const view = await hosting.signingView(token);
        if (typeof view === 'string') {
          const r = refusal(view);
          return reply
            .code(r.status as 404)
            .headers(HEADERS)
            .send(r.html);
        }
        return reply
          .code(400)
          .headers(HEADERS)
          .send(signingForm(view.order, view.numbers, token, problem, fullName.slice(0, NAME_MAX)));
      }
      const result = await hosting.sign(token, { fullName, ip: request.ip });
      if (typeof result === 'string') {
        const r = refusal(result);
        return reply
          .code(r.status as 404)
          .headers(HEADERS)
          .send(r.html);
      }
      return reply
        .headers(HEADERS)
        .send(
          page(
            'Signed',
            `<p>Thank you, ${escapeHtml(fullName)}. The Letter of Authorization for hosting order <code>${escapeHtml(result.hostingOrderId)}</code> is signed; the numbers are now being text-enabled.</p>`,
          ),
        );
    },
  );
};

export const signingOperations: Operation[] = [showSigningPage, submitSignature];
