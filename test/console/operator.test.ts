import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.js';
import { openConsole, refusals, screenshot } from '../helpers/consoleBrowser.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { basic } from '../helpers/testApp.js';

// The console of an operator (operator mode, OPEN_NUMBERS_CONSOLE=true) in a real Chromium:
// projects and access keys, the inventory and its CSV import, prices, and the audit log that
// records who did each of these.

const skip = browserSkipReason();

describe('the operator console in Chromium', { skip }, () => {
  let s: LiveServer;
  let browser: Browser;
  let page: Page;
  let files: string;

  before(async () => {
    s = await startLiveServer({ OPEN_NUMBERS_MODE: 'operator', OPEN_NUMBERS_CONSOLE: 'true' });
    ({ browser, page } = await openConsole(s.base, 'Olga Operator'));
    files = mkdtempSync(join(tmpdir(), 'open-numbers-console-csv-'));
  });
  after(async () => {
    await browser?.close();
    await s?.close();
    rmSync(files, { recursive: true, force: true });
  });

  /** The status of a Numbers API call with Basic credentials or a Bearer token. */
  const apiStatus = async (authorization: string) =>
    (await fetch(`${s.base}/v1/projects/acme/activeNumbers`, { headers: { authorization } })).status;

  test('operator mode: no sandbox panel, no sandbox clock', async () => {
    const sections = await page
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link')
      .allTextContents();
    assert.deepEqual(sections, ['Review desk', 'Projects', 'Inventory', 'Prices', 'Audit log']);
    assert.equal(await page.locator('#clock').count(), 0);
  });

  test('a project, an access key whose secret is shown once, then revoked: its credentials stop working', async () => {
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByLabel(/New project id/).fill('acme');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/console\/projects\/acme\?notice=/);
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /Project acme created/);

    await page.getByRole('button', { name: 'Create an access key' }).click();
    const panel = page.locator('section.secret');
    assert.match((await panel.textContent()) ?? '', /shown only this once/);
    const keyId = (await panel.locator('dd code').first().textContent())!;
    const keySecret = (await page.locator('#key-secret').textContent())!;
    assert.match(keyId, /^[0-9a-f-]{36}$/);
    await screenshot(page, 'project-new-key');
    const credentials = basic(keyId, keySecret);
    assert.equal(await apiStatus(credentials), 200);
    const token = await fetch(`${s.base}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: credentials, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const bearer = `Bearer ${(await token.json()).access_token}`;
    assert.equal(await apiStatus(bearer), 200);

    // The secret is not on the page again, nor anywhere in the list.
    await page.goto('/console/projects/acme');
    assert.doesNotMatch((await page.content()) ?? '', new RegExp(keySecret));
    const row = page.getByRole('row').filter({ hasText: keyId });
    assert.match((await row.textContent()) ?? '', /active/);
    await row.getByLabel(/Reason/).fill('Leaked in a CI log');
    await row.getByRole('button', { name: /Revoke/ }).click();
    await page.waitForURL(/notice=/);
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /revoked/);
    assert.match((await page.getByRole('row').filter({ hasText: keyId }).textContent()) ?? '', /revoked/);
    await screenshot(page, 'project');
    // At once: the key and the token issued from it.
    assert.equal(await apiStatus(credentials), 401);
    assert.equal(await apiStatus(bearer), 401);

    // The audit log says who did each, and why.
    await page.getByRole('link', { name: "The project's audit log" }).click();
    assert.equal(await page.getByLabel('Project').inputValue(), 'acme');
    const rows = await page
      .locator('table.audit tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.querySelectorAll('td')].slice(1, 6).map((td) => td.innerText.replace(/\s+/g, ' ').trim()),
        ),
      );
    assert.deepEqual(rows, [
      ['Olga Operator', 'REVOKE', `AccessKey ${keyId}`, 'acme', 'Leaked in a CI log'],
      ['Olga Operator', 'CREATE', `AccessKey ${keyId}`, 'acme', ''],
      ['Olga Operator', 'CREATE', 'Project acme', 'acme', ''],
    ]);
    await screenshot(page, 'audit-log');
    assert.deepEqual(refusals(page), []);
  });

  test('a CSV import with one bad row imports nothing and names the row; fixed, it imports', async () => {
    const counts = async () =>
      (await s.admin('GET', '/admin/v1/inventory?regionCode=GB')).body.inventory
        .map((c: any) => `${c.type}:${c.available}`)
        .join(' ');
    const before = await counts();
    const header = 'phoneNumber,regionCode,type,capabilities';
    const good = ['+442071838750,GB,LOCAL,VOICE', '+447400123456,GB,MOBILE,SMS;VOICE'];
    const bad = join(files, 'with-a-bad-row.csv');
    writeFileSync(bad, [header, good[0], '+447400123457,GB,LOCAL,SMS', good[1]].join('\n'));
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByLabel('CSV file').setInputFiles(bad);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: /Rejected rows/ }).waitFor();
    assert.match((await page.getByRole('alert').first().textContent()) ?? '', /Nothing was imported/);
    const rejected = await page
      .locator('section[aria-labelledby=rejected] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t')));
    assert.equal(rejected.length, 1);
    assert.deepEqual(rejected[0]!.slice(0, 2), ['3', '+447400123457']);
    assert.match(rejected[0]![2]!, /MOBILE/);
    await screenshot(page, 'inventory-import-rejected', { fullPage: false });
    assert.equal(await counts(), before, 'nothing half-imported');

    // The form's CSRF token is its first part, checked before the file is read.
    const forged = await page.evaluate(
      async (csv) => {
        const form = new FormData();
        form.set('_csrf', 'forged-token');
        form.set('file', new Blob([csv], { type: 'text/csv' }), 'forged.csv');
        return (await fetch('/console/inventory/import', { method: 'POST', body: form })).status;
      },
      [header, ...good].join('\n'),
    );
    assert.equal(forged, 403);
    assert.equal(await counts(), before);

    const fixed = join(files, 'fixed.csv');
    writeFileSync(fixed, [header, ...good].join('\n'));
    await page.getByLabel('CSV file').setInputFiles(fixed);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/notice=/);
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /Imported 2 numbers/);
    assert.notEqual(await counts(), before);
    await page.getByLabel('Region (ISO code)').fill('GB');
    await page.getByRole('button', { name: 'Filter' }).click();
    await screenshot(page, 'inventory');
  });

  test('prices: a wrong amount is refused in place; a new price is listed as set by the operator', async () => {
    await page.goto('/console/prices?regionCode=GB');
    await page.getByRole('link', { name: 'Change the price of GB MOBILE' }).click();
    await page.getByLabel('Setup price').fill('two pounds');
    await page.getByRole('button', { name: 'Set the price' }).click();
    assert.match(
      (await page.getByRole('alert').last().textContent()) ?? '',
      /setupPrice is a decimal string/,
    );
    assert.equal(await page.getByLabel('Setup price').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Setup price').fill('2');
    await page.getByLabel('Monthly price').fill('1.25');
    await page.getByLabel(/Currency/).fill('GBP');
    await page.getByRole('button', { name: 'Set the price' }).click();
    await page.waitForURL(/\/console\/prices\?regionCode=GB&notice=/);
    const row = page.getByRole('row').filter({ hasText: 'MOBILE' });
    assert.match((await row.textContent()) ?? '', /2\.00 GBP.*1\.25 GBP.*set /s);
    await screenshot(page, 'prices');
    const listed = (await s.admin('GET', '/admin/v1/prices?regionCode=GB&type=MOBILE')).body.prices[0];
    assert.deepEqual(
      [listed.setupPrice.amount, listed.monthlyPrice.amount, listed.source],
      ['2.00', '1.25', 'OPERATOR'],
    );
  });
});
