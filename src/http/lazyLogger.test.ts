import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { lazyChildLogger } from './lazyLogger.js';

/** A pino logger writing into `lines`; `children()` counts its `child` calls (pino's children inherit the counting `child`, so only direct children are meant). */
function logger(level: string) {
  const lines: any[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const parent = pino({ level }, sink);
  let children = 0;
  const child = parent.child.bind(parent);
  parent.child = ((...args: Parameters<typeof child>) => {
    children++;
    return child(...args);
  }) as typeof parent.child;
  return { parent, lines, children: () => children };
}

test('a request that writes no line makes no child logger; one that does writes with its bindings', () => {
  const { parent, lines, children } = logger('warn');
  const quiet = lazyChildLogger(parent, { reqId: 'req-1' }, {});
  quiet.info('not written at warn');
  quiet.debug('nor this');
  assert.equal(children(), 0);
  assert.equal(quiet.level, 'warn');

  const loud = lazyChildLogger(parent, { reqId: 'req-2' }, {});
  loud.warn({ status: 500 }, 'written');
  loud.error('also written');
  assert.equal(children(), 1, 'made once, on the first line written');
  assert.deepEqual(
    lines.map((l) => [l.reqId, l.level, l.msg, l.status]),
    [
      ['req-2', 40, 'written', 500],
      ['req-2', 50, 'also written', undefined],
    ],
  );
});

test("a level set on the request's logger is its own; a route's level makes the child at once", () => {
  const { parent, lines, children } = logger('warn');
  const verbose = lazyChildLogger(parent, { reqId: 'req-3' }, {});
  verbose.level = 'debug';
  verbose.debug('written at the child level');
  assert.equal(parent.level, 'warn');
  assert.deepEqual(
    lines.map((l) => [l.reqId, l.msg]),
    [['req-3', 'written at the child level']],
  );
  lazyChildLogger(parent, { reqId: 'req-4' }, { level: 'trace' });
  assert.equal(children(), 2);
});

test("a child of the request's logger keeps the request's bindings", () => {
  const lines: any[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const grandchild = lazyChildLogger(pino({ level: 'warn' }, sink), { reqId: 'req-5' }, {}).child({
    step: 'x',
  });
  grandchild.warn('nested');
  assert.deepEqual(
    lines.map((l) => [l.reqId, l.step, l.msg]),
    [['req-5', 'x', 'nested']],
  );
});
