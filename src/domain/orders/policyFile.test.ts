import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  type KycPolicy,
  loadPolicyFiles,
  PolicyValidationError,
  parsePolicy,
  validateRegistration,
} from './policyFile.js';

const policies = loadPolicyFiles();
const byKey = new Map(policies.map((p) => [`${p.regionCode} ${p.numberType}`, p]));

function policy(key: string): KycPolicy {
  const found = byKey.get(key);
  assert.ok(found, `policy ${key} is missing`);
  return found;
}

function fields(p: KycPolicy, data: unknown): string[] {
  return validateRegistration(p, data)
    .map((v) => v.field)
    .sort();
}

/** A fresh, valid document to break in one place. */
function document(key = 'DE LOCAL'): Record<string, any> {
  return structuredClone(policy(key)) as unknown as Record<string, any>;
}

function rejects(doc: unknown, pattern: RegExp) {
  assert.throws(
    () => parsePolicy(doc),
    (error: unknown) => {
      assert.ok(error instanceof PolicyValidationError, 'a PolicyValidationError');
      assert.match(error.message, pattern);
      assert.ok(error.problems.length > 0);
      return true;
    },
  );
}

/** The registration body of the seed's PUT curl, with real-looking numbers for the placeholders. */
const SEED_AU_DATA = [
  [
    {
      senderId: '+61411111112',
      purposeOfTheTraffic: 'One Time Password',
      intendedUseOfMobileNumbers: 'Transactional',
      iConfirmThatMyBusinessHasAValidUseCaseForThisLn: true,
    },
  ],
  {
    endBusinessName: 'ExampleExample',
    endBusinessAddress: 'ExampleExample',
    endBusinessAddress2: 'ExampleExample',
    city: 'Victoria',
    state: 'VIC',
    country: 'AU',
    postalCode: '3000',
  },
  { firstName: 'Example', lastName: 'Example', phoneNumber: '+61411111112' },
];

describe('shipped policy files', () => {
  test('14 files load, one per distinct (region, type)', () => {
    assert.equal(policies.length, 14);
    assert.equal(byKey.size, 14);
  });

  test('the required pairs are present', () => {
    for (const key of [
      'AU MOBILE',
      'DE LOCAL',
      'FR LOCAL',
      'IT LOCAL',
      'ES LOCAL',
      'BE LOCAL',
      'AT LOCAL',
      'CH LOCAL',
      'IE LOCAL',
      'BR LOCAL',
      'JP LOCAL',
      'ZA LOCAL',
    ]) {
      assert.ok(byKey.has(key), key);
    }
  });

  test('no US policies: the live service answers 404 for US LOCAL and US TOLL_FREE', () => {
    assert.ok(!policies.some((p) => p.regionCode === 'US'));
  });

  test('attachment ids are unique across all files', () => {
    const ids = policies.flatMap((p) => p.attachments.map((a) => a.id.toLowerCase()));
    assert.equal(new Set(ids).size, ids.length);
  });

  test('AU MOBILE matches the seed lookup: no attachments, no quantity orders', () => {
    const au = policy('AU MOBILE');
    assert.deepEqual(au.attachments, []);
    assert.equal(au.quantityOrdersSupported, false);
  });

  test('every LOCAL policy asks for an identity document and a proof of address', () => {
    for (const p of policies.filter((x) => x.numberType === 'LOCAL')) {
      const mandatory = p.attachments.filter((a) => a.mandatory).flatMap((a) => a.allowedDocumentTypes);
      assert.ok(
        mandatory.includes('PASSPORT') || mandatory.includes('NATIONAL_ID'),
        `${p.regionCode} identity`,
      );
      assert.ok(mandatory.includes('UTILITY_BILL'), `${p.regionCode} proof of address`);
      assert.ok(
        p.rules.some((r) => r.id === 'address-in-numbering-area'),
        `${p.regionCode} local address rule`,
      );
    }
  });

  for (const p of policies) {
    const key = `${p.regionCode} ${p.numberType}`;
    test(`${key}: the valid example passes and each invalid one fails with exactly its fields`, () => {
      assert.ok(p.examples, 'examples present');
      assert.deepEqual(validateRegistration(p, p.examples.valid), []);
      assert.ok(p.examples.invalid.length >= 1, 'at least one invalid example');
      for (const [i, example] of p.examples.invalid.entries()) {
        assert.deepEqual(fields(p, example.data), [...example.violations].sort(), `invalid[${i}]`);
      }
    });
  }
});

describe('AU MOBILE registration', () => {
  const au = () => policy('AU MOBILE');

  test("the seed's registration body validates", () => {
    assert.deepEqual(validateRegistration(au(), SEED_AU_DATA), []);
  });

  test("the seed's placeholder +61XXXXXXXXX is refused", () => {
    const data = structuredClone(SEED_AU_DATA) as any;
    data[0][0].senderId = '+61XXXXXXXXX';
    data[2].phoneNumber = '+61XXXXXXXXX';
    assert.deepEqual(fields(au(), data), ['data[0][0].senderId', 'data[2].phoneNumber']);
  });

  test('state and postcode must agree', () => {
    const data = structuredClone(SEED_AU_DATA) as any;
    data[1].state = 'NSW';
    const [violation] = validateRegistration(au(), data);
    assert.equal(violation?.field, 'data[1].postalCode');
    assert.match(violation!.description, /NSW postcodes start with 1 or 2/);
  });

  test('endBusinessAddress2 is optional', () => {
    const data = structuredClone(SEED_AU_DATA) as any;
    delete data[1].endBusinessAddress2;
    assert.deepEqual(validateRegistration(au(), data), []);
  });
});

describe('parsePolicy', () => {
  test('accepts a shipped document and returns a detached copy', () => {
    const doc = document();
    const parsed = parsePolicy(doc);
    assert.deepEqual(parsed, doc);
    doc.title = 'changed';
    assert.notEqual(parsed.title, 'changed');
  });

  test('rejects missing fields', () => {
    const doc = document();
    delete doc.regionCode;
    delete doc.dataSchema;
    rejects(
      doc,
      /regionCode is required.*dataSchema is required|dataSchema is required.*regionCode is required/,
    );
    rejects({}, /title is required/);
    rejects(null, /document must be object/);
  });

  test('rejects unknown top-level properties and bad enum values', () => {
    const doc = document();
    doc.numberType = 'GEOGRAPHIC';
    doc.titel = 'typo';
    rejects(doc, /unknown property "titel"/);
  });

  test('rejects a dataSchema that does not compile', () => {
    const bad = document();
    bad.dataSchema = { type: 'array', maxItems: 3, items: { type: 'strnig' } };
    rejects(bad, /dataSchema does not compile/);

    const typo = document();
    typo.dataSchema = { type: 'object', requried: ['x'] };
    rejects(typo, /dataSchema does not compile.*requried/);

    const dangling = document();
    dangling.dataSchema = { $ref: 'https://example.com/remote.json' };
    rejects(dangling, /dataSchema does not compile/);
  });

  test('rejects a dataSchema with a string without maxLength or an array without maxItems', () => {
    const doc = document();
    delete doc.dataSchema.items[1].properties.city.maxLength;
    delete doc.dataSchema.items[0].maxItems;
    rejects(doc, /dataSchema\/items\/1\/properties\/city: a string without maxLength/);
    rejects(doc, /dataSchema\/items\/0: an array without maxItems/);
  });

  test('accepts a closed tuple (items: [...], additionalItems: false) without maxItems', () => {
    const doc = document();
    assert.equal(doc.dataSchema.additionalItems, false);
    assert.equal(doc.dataSchema.maxItems, undefined);
    assert.doesNotThrow(() => parsePolicy(doc));
  });

  test('rejects a pattern without a maxLength beside it, even inside "not"', () => {
    const doc = document();
    delete doc.dataSchema.items[1].properties.street.not.maxLength;
    rejects(doc, /properties\/street\/not: a pattern without maxLength beside it/);
  });

  test('rejects a pattern that can backtrack, naming it', () => {
    const doc = document();
    doc.dataSchema.items[2].properties.email.pattern = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';
    rejects(
      doc,
      /properties\/email: the pattern .* is not linear-time safe: a failed match can backtrack without bound/,
    );
    const nested = document();
    nested.dataSchema.items[1].properties.city.pattern = '^(a+)+$';
    rejects(nested, /properties\/city: the pattern .* is not linear-time safe/);
  });

  test('rejects patternProperties, whose property names nothing bounds', () => {
    const doc = document();
    doc.dataSchema.items[2].patternProperties = { '^x': { type: 'string', maxLength: 5 } };
    rejects(doc, /patternProperties is not supported/);
  });

  test('rejects duplicate attachment ids', () => {
    const doc = document();
    doc.attachments[1].id = doc.attachments[0].id.toUpperCase();
    rejects(doc, /attachment id .* is used more than once/);
  });

  test('rejects attachment ids that are not UUID v4', () => {
    const doc = document();
    doc.attachments[0].id = 'd1c7ccbf-919d-462f-8587-dec95a1b11zz';
    rejects(doc, /attachments\.0\.id must match pattern/);
  });

  test('an attachment may name template files that ship in policies/templates/, and no others', () => {
    const doc = document();
    doc.attachments[0].templates = ['address-declaration-de.rtf'];
    assert.deepEqual(parsePolicy(doc).attachments[0]!.templates, ['address-declaration-de.rtf']);
    doc.attachments[0].templates = ['missing-form.pdf'];
    rejects(doc, /no template file missing-form\.pdf/);
    doc.attachments[0].templates = ['../DE-LOCAL.json'];
    rejects(doc, /attachments\.0\.templates\.0 must match pattern/);
  });

  test('rejects duplicate rule ids', () => {
    const doc = document();
    doc.rules.push({ ...doc.rules[0] });
    rejects(doc, /rule id address-in-numbering-area is used more than once/);
  });

  test('rejects examples that do not behave', () => {
    const invalidValid = document();
    invalidValid.examples.valid[1].postalCode = 'nope';
    rejects(invalidValid, /examples\.valid is rejected/);

    const wrongPaths = document();
    wrongPaths.examples.invalid[0].violations = ['data[1].somethingElse'];
    rejects(wrongPaths, /examples\.invalid\[0\] yields \[/);
  });

  test('accepts a document without examples', () => {
    const doc = document();
    delete doc.examples;
    assert.equal(parsePolicy(doc).examples, undefined);
  });
});

describe('loadPolicyFiles', () => {
  const dirs: string[] = [];
  const folder = (files: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'policies-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    }
    return pathToFileURL(dir);
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('reads a folder given without a trailing slash and ignores other files', () => {
    const loaded = loadPolicyFiles(folder({ 'DE-LOCAL.json': document(), 'README.txt': 'hello' }));
    assert.deepEqual(
      loaded.map((p) => `${p.regionCode}-${p.numberType}`),
      ['DE-LOCAL'],
    );
  });

  test('the file name must match regionCode and numberType', () => {
    assert.throws(
      () => loadPolicyFiles(folder({ 'AT-LOCAL.json': document() })),
      /file name must be DE-LOCAL\.json/,
    );
  });

  test('attachment ids must be unique across files', () => {
    const at = document('AT LOCAL');
    at.attachments[0].id = document().attachments[0].id;
    assert.throws(
      () => loadPolicyFiles(folder({ 'AT-LOCAL.json': at, 'DE-LOCAL.json': document() })),
      /policy file DE-LOCAL\.json.*already used by AT-LOCAL\.json/,
    );
  });

  test('a broken file is named in the error', () => {
    assert.throws(
      () => loadPolicyFiles(folder({ 'FR-LOCAL.json': '{ not json' })),
      /policy file FR-LOCAL\.json/,
    );
    const bad = document('FR LOCAL');
    delete bad.sources;
    assert.throws(
      () => loadPolicyFiles(folder({ 'FR-LOCAL.json': bad })),
      /policy file FR-LOCAL\.json: sources is required/,
    );
  });
});
