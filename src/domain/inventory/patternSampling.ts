// Drawing random digit strings from libphonenumber metadata regexes.
//
// The patterns use a small regex subset: digits, \d, [..] classes with ranges, (?:..) groups,
// | alternation and the quantifiers ?, {n}, {n,m}. Drawing directly from the pattern makes almost
// every draw valid, even for regions whose valid numbers are a tiny fraction of all digit
// strings (random digits would need thousands of tries there).

export type PatternNode =
  | { kind: 'digits'; digits: string }
  | { kind: 'seq'; items: PatternNode[] }
  | { kind: 'alt'; options: PatternNode[]; weights: number[]; total: number }
  | { kind: 'repeat'; node: PatternNode; min: number; max: number };

export function parsePattern(source: string): PatternNode {
  let pos = 0;
  const fail = (): never => {
    throw new Error(`unsupported metadata pattern at ${pos}: ${source}`);
  };
  const alt = (): PatternNode => {
    const options = [seq()];
    while (source[pos] === '|') {
      pos++;
      options.push(seq());
    }
    if (options.length === 1) return options[0];
    const weights = options.map(share);
    return { kind: 'alt', options, weights, total: weights.reduce((a, b) => a + b, 0) };
  };
  const seq = (): PatternNode => {
    const items: PatternNode[] = [];
    while (pos < source.length && source[pos] !== '|' && source[pos] !== ')') items.push(quantified(atom()));
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  };
  const atom = (): PatternNode => {
    const c = source[pos++];
    if (c >= '0' && c <= '9') return { kind: 'digits', digits: c };
    if (c === '\\' && source[pos++] === 'd') return { kind: 'digits', digits: '0123456789' };
    if (c === '[') {
      const end = source.indexOf(']', pos);
      if (end < 0) fail();
      // Expand ranges: '[2-57-9]' -> '2345789'.
      const body = source.slice(pos, end).replace(/(\d)-(\d)/g, (_, from: string, to: string) => {
        let range = '';
        for (let d = Number(from); d <= Number(to); d++) range += d;
        return range;
      });
      if (!/^\d+$/.test(body)) fail();
      pos = end + 1;
      return { kind: 'digits', digits: body };
    }
    if (c === '(' && source.startsWith('?:', pos)) {
      pos += 2;
      const inner = alt();
      if (source[pos++] !== ')') fail();
      return inner;
    }
    return fail();
  };
  const quantified = (node: PatternNode): PatternNode => {
    if (source[pos] === '?') {
      pos++;
      return { kind: 'repeat', node, min: 0, max: 1 };
    }
    const m = /^\{(\d+)(?:,(\d+))?\}/.exec(source.slice(pos));
    if (!m) return node;
    pos += m[0].length;
    return { kind: 'repeat', node, min: Number(m[1]), max: Number(m[2] ?? m[1]) };
  };
  const root = alt();
  if (pos !== source.length) fail();
  return root;
}

// The share of digit strings a node matches (of the lengths it matches, ignoring overlaps):
// the chance that random digits would match it. Alternatives are drawn in proportion to it, so
// numbers spread like real allocations: an option covering many area codes gets more numbers
// than one exchange listed beside it. Raw string counts would instead favour whichever option
// is longest (DE's odd 13-digit '49[1-6]\d{10}' block would outweigh all area codes).
function share(node: PatternNode): number {
  switch (node.kind) {
    case 'digits':
      return node.digits.length / 10;
    case 'seq':
      return node.items.reduce((n, item) => n * share(item), 1);
    case 'alt':
      return node.total;
    case 'repeat': {
      // Lengths are drawn uniformly (see draw()), so average over them.
      const s = share(node.node);
      let sum = 0;
      for (let k = node.min; k <= node.max; k++) sum += s ** k;
      return sum / (node.max - node.min + 1);
    }
  }
}

export function draw(node: PatternNode, rng: () => number): string {
  switch (node.kind) {
    case 'digits':
      return node.digits[Math.floor(rng() * node.digits.length)];
    case 'seq': {
      let out = '';
      for (const item of node.items) out += draw(item, rng);
      return out;
    }
    case 'alt': {
      let r = rng() * node.total;
      for (let i = 0; i < node.options.length; i++) {
        r -= node.weights[i];
        if (r < 0) return draw(node.options[i], rng);
      }
      return draw(node.options[node.options.length - 1], rng);
    }
    case 'repeat': {
      let out = '';
      const times = node.min + Math.floor(rng() * (node.max - node.min + 1));
      for (let i = 0; i < times; i++) out += draw(node.node, rng);
      return out;
    }
  }
}
