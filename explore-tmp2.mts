import { generateInventory } from './src/domain/inventory/generate.js';
const all = [...generateInventory({ perType: 1000, usLocal: 100000 })];
const us = all.filter(n => n.regionCode==='US' && n.numberType==='LOCAL');
const npa = new Map<string, number>(); for (const n of us) npa.set(n.e164.slice(2,5), (npa.get(n.e164.slice(2,5))??0)+1);
const counts = [...npa.values()].sort((a,b)=>a-b);
console.log('US NPAs', npa.size, 'min', counts[0], 'median', counts[counts.length>>1], 'max', counts.at(-1), [...npa].sort((a,b)=>b[1]-a[1]).slice(0,5));
for (const p of ['206','415','307','212','983','305']) console.log(p, npa.get(p));
for (const r of ['DE','GB','FR','SE','AU','JP','BR']) for (const t of ['LOCAL','MOBILE','TOLL_FREE']) {
  const xs = all.filter(n => n.regionCode===r && n.numberType===t); if (!xs.length) continue;
  const lens = new Map<number,number>(); for (const n of xs) lens.set(n.e164.length, (lens.get(n.e164.length)??0)+1);
  const pre = new Set(xs.map(n => n.e164.slice(0, 6)));
  console.log(r, t, xs.length, 'lens', JSON.stringify([...lens].sort()), 'prefixes(6)', pre.size, xs.slice(0,4).map(n=>n.e164).join(' '));
}
const ca = all.filter(n => n.regionCode==='CA' && n.numberType==='TOLL_FREE').slice(0,3).map(n=>n.e164); console.log('CA TF', ca);
