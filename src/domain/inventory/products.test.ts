import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capabilitiesFromMask, capabilityMask, listConfiguredProducts, productFor } from './products.js';
import { listRegions, listRegionTypes, regionHasType } from './regions.js';

test('US products carry the live-captured prices', () => {
  assert.deepEqual(productFor('US', 'LOCAL'), {
    regionCode: 'US',
    numberType: 'LOCAL',
    currencyCode: 'USD',
    setupPrice: '0.50',
    monthlyPrice: '0.50',
    paymentIntervalMonths: 1,
    capabilities: ['SMS', 'VOICE'],
    supportingDocumentationRequired: true,
  });
  assert.deepEqual(productFor('US', 'TOLL_FREE'), {
    regionCode: 'US',
    numberType: 'TOLL_FREE',
    currencyCode: 'USD',
    setupPrice: '2.00',
    monthlyPrice: '2.00',
    paymentIntervalMonths: 1,
    capabilities: ['SMS', 'VOICE'],
    supportingDocumentationRequired: true,
  });
});

test('KYC pairs are flagged, and nothing else is', () => {
  const expected = [
    'AU:MOBILE',
    'DE:LOCAL',
    'FR:LOCAL',
    'IT:LOCAL',
    'ES:LOCAL',
    'BE:LOCAL',
    'AT:LOCAL',
    'CH:LOCAL',
    'IE:LOCAL',
    'BR:LOCAL',
    'JP:LOCAL',
    'ZA:LOCAL',
    'US:LOCAL',
    'US:TOLL_FREE',
  ].sort();
  const flagged = listRegionTypes()
    .filter((p) => productFor(p.regionCode, p.numberType).supportingDocumentationRequired)
    .map((p) => `${p.regionCode}:${p.numberType}`);
  assert.deepEqual(flagged.sort(), expected);
  assert.deepEqual(
    listConfiguredProducts()
      .filter((p) => p.supportingDocumentationRequired)
      .map((p) => `${p.regionCode}:${p.numberType}`)
      .sort(),
    expected,
  );
});

test('every configured product is for a pair that is sold', () => {
  for (const { regionCode, numberType } of listConfiguredProducts()) {
    assert.ok(regionHasType(regionCode, numberType), `${regionCode} ${numberType}`);
  }
});

test('every sold pair has a well-formed product', () => {
  for (const { regionCode, numberType } of listRegionTypes()) {
    const product = productFor(regionCode, numberType);
    assert.match(product.currencyCode, /^[A-Z]{3}$/);
    assert.match(product.setupPrice, /^\d+\.\d\d$/);
    assert.match(product.monthlyPrice, /^\d+\.\d\d$/);
    assert.equal(product.paymentIntervalMonths, 1);
    assert.ok(product.capabilities.includes('VOICE'));
    // Wire order: SMS before VOICE.
    assert.deepEqual(product.capabilities, capabilitiesFromMask(capabilityMask(product.capabilities)));
  }
});

test('capability rules: mobile texts, landlines and toll-free outside US/CA are voice-only', () => {
  assert.deepEqual(productFor('GB', 'MOBILE').capabilities, ['SMS', 'VOICE']);
  assert.deepEqual(productFor('DE', 'LOCAL').capabilities, ['VOICE']);
  assert.deepEqual(productFor('GB', 'TOLL_FREE').capabilities, ['VOICE']);
  assert.deepEqual(productFor('CA', 'TOLL_FREE').capabilities, ['SMS', 'VOICE']);
  // A pair without an override falls back to the per-type default.
  assert.deepEqual(productFor('KE', 'MOBILE').capabilities, ['SMS', 'VOICE']);
  assert.deepEqual(productFor('KE', 'LOCAL').capabilities, ['VOICE']);
});

test('productFor returns a copy the caller may mutate', () => {
  productFor('US', 'LOCAL').capabilities.pop();
  assert.deepEqual(productFor('US', 'LOCAL').capabilities, ['SMS', 'VOICE']);
});

test('capability mask round trip', () => {
  assert.equal(capabilityMask([]), 0);
  assert.equal(capabilityMask(['VOICE']), 1);
  assert.equal(capabilityMask(['SMS']), 2);
  assert.equal(capabilityMask(['VOICE', 'SMS']), 3);
  assert.equal(capabilityMask(['SMS', 'VOICE']), 3);
  assert.deepEqual(capabilitiesFromMask(0), []);
  assert.deepEqual(capabilitiesFromMask(1), ['VOICE']);
  assert.deepEqual(capabilitiesFromMask(2), ['SMS']);
  assert.deepEqual(capabilitiesFromMask(3), ['SMS', 'VOICE']);
});

test('regions: sorted, named, US sells LOCAL and TOLL_FREE only, GB sells mobiles', () => {
  const regions = listRegions();
  const codes = regions.map((r) => r.regionCode);
  assert.deepEqual(codes, [...codes].sort());
  assert.ok(regions.length > 200);
  const us = regions.find((r) => r.regionCode === 'US');
  assert.deepEqual(us, { regionCode: 'US', regionName: 'United States', types: ['LOCAL', 'TOLL_FREE'] });
  assert.equal(regionHasType('US', 'MOBILE'), false);
  assert.equal(regionHasType('CA', 'MOBILE'), false);
  assert.equal(regionHasType('CA', 'TOLL_FREE'), true);
  assert.deepEqual(regions.find((r) => r.regionCode === 'GB')?.types, ['LOCAL', 'MOBILE', 'TOLL_FREE']);
  assert.equal(regions.find((r) => r.regionCode === 'DE')?.regionName, 'Germany');
  for (const region of regions) {
    assert.ok(region.types.length > 0);
    assert.ok(region.regionName.length > 0);
  }
  assert.equal(regionHasType('ZZ', 'LOCAL'), false);
});

test('listRegionTypes matches listRegions', () => {
  const pairs = listRegionTypes();
  const fromRegions = listRegions().flatMap((r) => r.types.map((t) => `${r.regionCode}:${t}`));
  assert.deepEqual(
    pairs.map((p) => `${p.regionCode}:${p.numberType}`),
    fromRegions,
  );
});
