import { parsePhoneNumber } from 'libphonenumber-js/max';
import { generateInventory, DEFAULT_INVENTORY_SIZE } from './src/domain/inventory/generate.js';
import { listRegionTypes, listRegions } from './src/domain/inventory/regions.js';
let t0 = performance.now();
const pairs = listRegionTypes();
console.log('catalogue ms', (performance.now()-t0).toFixed(0), 'pairs', pairs.length, 'regions', listRegions().length);
t0 = performance.now();
const all = [...generateInventory(DEFAULT_INVENTORY_SIZE)];
console.log('generate ms', (performance.now()-t0).toFixed(0), 'count', all.length);
const per = new Map<string, number>();
for (const n of all) per.set(n.regionCode+':'+n.numberType, (per.get(n.regionCode+':'+n.numberType)??0)+1);
console.log('short pairs', [...per].filter(([k,v]) => v < (k==='US:LOCAL'?100000:1000)).map(([k,v])=>k+'='+v).join(' '));
console.log('uniq', new Set(all.map(n=>n.e164)).size);
if (process.argv[2] === 'verify') {
  t0 = performance.now();
  let bad = 0; const badPairs = new Map<string, string[]>();
  for (const n of all) {
    const p = parsePhoneNumber(n.e164); const t = p.getType();
    const ok = p.isValid() && (n.numberType === 'LOCAL' ? (t === 'FIXED_LINE' || t === 'FIXED_LINE_OR_MOBILE') : t === n.numberType);
    if (!ok) { bad++; const k = n.regionCode+':'+n.numberType; const l = badPairs.get(k) ?? []; if (l.length<3) l.push(`${n.e164}->${p.country}/${t}/${p.nationalNumber}`); badPairs.set(k,l);}
  }
  console.log('verify ms', (performance.now()-t0).toFixed(0), 'bad', bad, [...badPairs]);
  const countryMismatch = all.filter(n => parsePhoneNumber(n.e164).country !== n.regionCode);
  const cm = new Map<string, number>(); for (const n of countryMismatch) { const k=n.regionCode+':'+n.numberType+'->'+parsePhoneNumber(n.e164).country; cm.set(k,(cm.get(k)??0)+1); }
  console.log('country mismatches', cm);
}
