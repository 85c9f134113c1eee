import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../../src/domain/auth/secrets.js';
import { ConsoleClient, deOrderInReview, hiddenCsrf, orderOf } from '../helpers/console.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { ADMIN_TOKEN, startTestApp } from '../helpers/testApp.js';

// The web console over plain HTTP: its session cookie, CSRF, throttle, headers, and that it
// leaves the API's rules alone. tests/console/*.browser… drive the same pages in Chromium.

let s: LiveServer;
before(async () => {
  // Behind a proxy on 127.0.0.1: requests that send no X-Forwarded-* header are plain HTTP from
  // 127.0.0.1; the proxy tests send them.
  s = await startLiveServer({
    OPEN_NUMBERS_REVIEW_DELAY_SECONDS: '86400',
    OPEN_NUMBERS_TRUST_PROXY: '127.0.0.1',
  });
});
after(() => s.close());

const clockNow = async () => (await s.admin('GET', '/_sandbox/clock')).body.now as string;

describe('without a session', () => {
  test('pages send the browser to the sign-in page; the sign-in page and the assets need none', async () => {
    const c = new ConsoleClient(s.base);
    for (const path of ['/console', '/console/']) {
      const page = await c.get(path);
      assert.equal(page.status, 303, path);
      assert.equal(page.headers.get('location'), '/console/sign-in', path);
    }
    // Any other page is remembered, to go on to it after signing in.
    for (const path of ['/console/sandbox', '/console/orders/project-a/x?download=1']) {
      const page = await c.get(path);
      assert.equal(page.status, 303, path);
      assert.equal(page.headers.get('location'), `/console/sign-in?next=${encodeURIComponent(path)}`, path);
    }
    const form = await c.get('/console/sign-in');
    assert.equal(form.status, 200);
    assert.match(form.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    assert.match(form.text, /<html lang="en">/);
    assert.match(form.text, /<label for="token">Admin token<\/label>/);
    assert.match(form.text, /<label for="actor">Your name<\/label>/);
    const css = await c.get('/console/assets/console.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    const htmx = await c.get('/console/assets/htmx.min.js');
    assert.match(htmx.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(htmx.text, /htmx/);
    assert.equal((await c.get('/console/assets/nothing.js')).status, 404);
  });

  test('a POST is refused (403 page) and changes nothing', async () => {
    const before = await clockNow();
    const refused = await new ConsoleClient(s.base).post('/console/sandbox/clock', {
      seconds: '3600',
      _csrf: 'x',
    });
    assert.equal(refused.status, 403);
    assert.match(refused.text, /not signed in/);
    assert.ok(
      (await clockNow()) < new Date(Date.parse(before) + 3_000_000).toISOString(),
      'the clock did not move an hour',
    );
  });
});

describe('sign-in and sign-out', () => {
  test('the admin token and a name give an HttpOnly, SameSite=Strict cookie on /console (no Secure over HTTP)', async () => {
    const c = new ConsoleClient(s.base);
    const signedIn = await c.signIn('Ann Reviewer');
    assert.equal(signedIn.status, 303, signedIn.text);
    assert.equal(signedIn.headers.get('location'), '/console/');
    const cookie = signedIn.cookies.find((k) => k.name === 'on_console_session');
    assert.ok(cookie, 'the session cookie');
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(cookie.attributes, {
      'max-age': '43200',
      path: '/console',
      httponly: true,
      samesite: 'Strict',
    });
    // The store keeps the id's SHA-256 only.
    const store = s.t.runtime.store.consoleSessions;
    assert.equal((await store.get(sha256(cookie.value), Date.now()))?.actor, 'Ann Reviewer');
    assert.equal(await store.get(cookie.value, Date.now()), undefined);
    const desk = await c.get('/console/');
    assert.equal(desk.status, 200);
    assert.match(desk.text, /Signed in as <\/span><strong>Ann Reviewer<\/strong>/);
  });

  test('after signing in, the page asked for opens; a next page outside the console is ignored', async () => {
    const c = new ConsoleClient(s.base);
    const asked = await c.get('/console/sandbox/callbacks?status=DEAD');
    const form = await c.get(asked.headers.get('location')!);
    assert.match(form.text, /name="next" value="\/console\/sandbox\/callbacks\?status=DEAD"/);
    const next = /name="next" value="([^"]+)"/.exec(form.text)![1]!.replace(/&amp;/g, '&');
    const signedIn = await c.post('/console/sign-in', {
      _csrf: hiddenCsrf(form.text),
      token: ADMIN_TOKEN,
      actor: 'Ann',
      next,
    });
    assert.equal(signedIn.headers.get('location'), '/console/sandbox/callbacks?status=DEAD');
    for (const elsewhere of [
      'https://evil.example/',
      '//evil.example/console/',
      '/v1/projects/project-a',
      '/console/\\evil',
    ]) {
      const other = new ConsoleClient(s.base);
      const page = await other.get('/console/sign-in');
      const answer = await other.post('/console/sign-in', {
        _csrf: hiddenCsrf(page.text),
        token: ADMIN_TOKEN,
        actor: 'Ann',
        next: elsewhere,
      });
      assert.equal(answer.headers.get('location'), '/console/', elsewhere);
    }
  });

  test('a wrong token is a 401 with the form again (the name kept); a missing name is a 400', async () => {
    const c = new ConsoleClient(s.base);
    const wrong = await c.signIn('Bob', 'not-the-token');
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /role="alert">That is not the admin token of this server/);
    assert.match(wrong.text, /name="actor"[^>]*value="Bob"/);
    assert.equal(c.jar.has('on_console_session'), false);
    const nameless = await c.signIn('   ');
    assert.equal(nameless.status, 400);
    assert.match(nameless.text, /Type your name/);
  });

  test('a sign-in form without its own cookie token (posted from another site) is refused', async () => {
    const c = new ConsoleClient(s.base);
    const form = await c.get('/console/sign-in');
    const token = hiddenCsrf(form.text);
    c.jar.clear();
    const refused = await c.post('/console/sign-in', { _csrf: token, token: ADMIN_TOKEN, actor: 'Mallory' });
    assert.equal(refused.status, 403);
    assert.equal(c.jar.has('on_console_session'), false);
  });

  test('sign-out deletes the session: the cookie is cleared and the old one no longer works', async () => {
    const c = new ConsoleClient(s.base);
    await c.signIn();
    const id = c.jar.get('on_console_session')!;
    const out = await c.post('/console/sign-out', { _csrf: await c.csrf() });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/console/sign-in?signedOut=1');
    const cleared = out.cookies.find((k) => k.name === 'on_console_session');
    assert.deepEqual(
      [cleared?.value, cleared?.attributes['max-age'], cleared?.attributes.path],
      ['', '0', '/console'],
    );
    assert.equal(await s.t.runtime.store.consoleSessions.get(sha256(id), Date.now()), undefined);
    const replay = new ConsoleClient(s.base);
    replay.jar.set('on_console_session', id);
    assert.equal((await replay.get('/console/')).headers.get('location'), '/console/sign-in');
    assert.match((await c.get('/console/sign-in?signedOut=1')).text, /You are signed out/);
  });
});

describe('CSRF: every state-changing form carries the session token', () => {
  test('a POST with a wrong or missing token is a 403 page, and nothing changes', async () => {
    const order = await deOrderInReview(s);
    const c = new ConsoleClient(s.base);
    await c.signIn('Carol');
    const before = await clockNow();
    for (const form of [{ seconds: '172800' }, { seconds: '172800', _csrf: 'A'.repeat(43) }] as Record<
      string,
      string
    >[]) {
      const refused = await c.post('/console/sandbox/clock', form);
      assert.equal(refused.status, 403);
      assert.match(refused.text, /CSRF token does not match\). Nothing was changed/);
      const decision = await c.post(`/console/orders/project-a/${order.orderId}/review`, {
        ...form,
        decision: 'REJECTED',
        reason: 'forged',
      });
      assert.equal(decision.status, 403);
    }
    // Another session's token is no better.
    const other = new ConsoleClient(s.base);
    await other.signIn('Dave');
    const crossed = await c.post('/console/sandbox/clock', { seconds: '172800', _csrf: await other.csrf() });
    assert.equal(crossed.status, 403);
    assert.ok(
      (await clockNow()) < new Date(Date.parse(before) + 3600_000).toISOString(),
      'the clock did not move',
    );
    assert.deepEqual(await orderOf(s, order.orderId), { state: 'IN_REVIEW', logs: [] });
    // With the session's own token the same form works.
    const moved = await c.post('/console/sandbox/clock', { seconds: '60', _csrf: await c.csrf() });
    assert.equal(moved.status, 303);
  });
});

describe('headers and boundaries', () => {
  test('pages are not cached, carry a strict CSP and may not be framed', async () => {
    const c = new ConsoleClient(s.base);
    await c.signIn();
    for (const path of [
      '/console/',
      '/console/sign-in',
      '/console/sandbox',
      '/console/projects',
      '/console/projects/project-a',
      '/console/inventory?regionCode=DE',
      '/console/prices?regionCode=DE',
      '/console/prices/DE/LOCAL',
      '/console/audit',
    ]) {
      const page = await c.get(path);
      assert.equal(page.headers.get('cache-control'), 'no-store', path);
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self';/);
      assert.match(csp, /style-src 'self';/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
      assert.doesNotMatch(
        page.text,
        /<script>|<style>| style="| on[a-z]+="/,
        `${path}: no inline script or style`,
      );
    }
  });

  test('an attachment previews inline only as its sniffed type, sandboxed, framable by the console only', async () => {
    const order = await deOrderInReview(s, undefined, 1);
    const c = new ConsoleClient(s.base);
    await c.signIn();
    const page = await c.get(`/console/orders/project-a/${order.orderId}`);
    const pdfUrl = /<iframe src="([^"]+)"/.exec(page.text)?.[1];
    const pngUrl = /<img src="([^"]+)"/.exec(page.text)?.[1];
    assert.ok(pdfUrl && pngUrl, 'a PDF frame and an image');
    const pdf = await c.get(pdfUrl);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(pdf.headers.get('content-disposition'), 'inline; filename="passport.pdf"');
    assert.equal(pdf.headers.get('x-content-type-options'), 'nosniff');
    assert.match(pdf.headers.get('content-security-policy') ?? '', /^sandbox; .*frame-ancestors 'self'/);
    assert.equal(pdf.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(pdf.headers.get('cache-control'), 'no-store');
    const png = await c.get(pngUrl);
    assert.equal(png.headers.get('content-type'), 'image/png');
    const download = await c.get(`${pdfUrl}?download=1`);
    assert.equal(download.headers.get('content-disposition'), 'attachment; filename="passport.pdf"');
    assert.equal((await new ConsoleClient(s.base).get(pdfUrl)).status, 303, 'no session, no file');
  });

  test('the API keeps its rules: a form body to /v1 is still a JSON 415, an unknown path a JSON 404', async () => {
    const form = await fetch(`${s.base}/v1/projects/project-a/availableNumbers:rentAny`, {
      method: 'POST',
      headers: { authorization: s.t.auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'regionCode=US',
    });
    assert.equal(form.status, 415);
    assert.equal((await form.json()).error.status, 'INVALID_ARGUMENT');
    const unknown = await fetch(`${s.base}/v1/projects/project-a/nothing`, {
      headers: { authorization: s.t.auth },
    });
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(
      unknown.headers.get('content-security-policy'),
      null,
      'the console headers stay on the console',
    );
  });

  test('the OpenAPI document lists no console page', async () => {
    const document = await (await fetch(`${s.base}/openapi.json`)).json();
    assert.deepEqual(
      Object.keys(document.paths).filter((p) => p.startsWith('/console')),
      [],
    );
  });
});

describe('projects', () => {
  test("a project's page lists its active numbers with their provisioning state", async () => {
    const rented = await fetch(`${s.base}/v1/projects/project-a/availableNumbers:rentAny`, {
      method: 'POST',
      headers: { authorization: s.t.auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        regionCode: 'US',
        type: 'LOCAL',
        smsConfiguration: { servicePlanId: 'plan-console' },
      }),
    });
    assert.equal(rented.status, 200);
    const { phoneNumber } = await rented.json();
    const c = new ConsoleClient(s.base);
    await c.signIn();
    const page = await c.get('/console/projects/project-a');
    const row = new RegExp(`<th scope="row">\\${phoneNumber}</th>.*?</tr>`, 's').exec(page.text)?.[0] ?? '';
    assert.match(row, /US LOCAL/);
    assert.match(row, /plan-console<br><span class="state">WAITING<\/span>/);
    assert.equal((await c.get('/console/projects/nobody')).status, 404);
  });
});

describe('behind a proxy', () => {
  test('the cookie is Secure when a trusted proxy says the browser used https', async () => {
    const tls = new ConsoleClient(s.base, { 'x-forwarded-proto': 'https' });
    const secure = (await tls.signIn()).cookies.find((k) => k.name === 'on_console_session');
    assert.equal(secure?.attributes.secure, true);
    const plain = new ConsoleClient(s.base);
    const insecure = (await plain.signIn()).cookies.find((k) => k.name === 'on_console_session');
    assert.equal(insecure?.attributes.secure, undefined);
  });

  test('failed sign-ins are throttled per client address: ten, then 429 with Retry-After', async () => {
    const attacker = new ConsoleClient(s.base, { 'x-forwarded-for': '203.0.113.9' });
    for (let i = 0; i < 10; i++)
      assert.equal((await attacker.signIn('Eve', `guess-${i}`)).status, 401, `try ${i}`);
    const throttled = await attacker.signIn('Eve', ADMIN_TOKEN);
    assert.equal(throttled.status, 429);
    assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
    assert.match(throttled.text, /Too many failed sign-ins/);
    // Another address is not affected.
    const colleague = new ConsoleClient(s.base, { 'x-forwarded-for': '203.0.113.10' });
    assert.equal((await colleague.signIn('Frank')).status, 303);
  });
});

describe('operator mode', () => {
  test('no console unless OPEN_NUMBERS_CONSOLE=true; with it, no sandbox panel', async () => {
    const off = await startTestApp({ OPEN_NUMBERS_MODE: 'operator' });
    try {
      const page = await off.app.inject({ method: 'GET', url: '/console/sign-in' });
      assert.equal(page.statusCode, 404);
      assert.match(String(page.headers['content-type']), /^application\/json/);
    } finally {
      await off.close();
    }
    const on = await startTestApp({ OPEN_NUMBERS_MODE: 'operator', OPEN_NUMBERS_CONSOLE: 'true' });
    try {
      assert.equal((await on.app.inject({ method: 'GET', url: '/console/sign-in' })).statusCode, 200);
      const sandbox = await on.app.inject({ method: 'GET', url: '/console/sandbox' });
      assert.equal(sandbox.statusCode, 404);
    } finally {
      await on.close();
    }
  });
});
