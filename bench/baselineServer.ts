// The reference point for every ratio in the report: bare node:http serving a fixed ~1 KB JSON
// body, serialized per request like a real handler would. Runs as its own process (spawned by
// servers.ts) so it never shares an event loop with the load generator.
//
// Listens on 127.0.0.1, port 0, and prints `PORT=<n>` once listening.

import { createServer } from 'node:http';

// Six number records plus a cursor, ~1 KB once serialized (the shape research/perf-baseline.md used).
const payload = {
  activeNumbers: Array.from({ length: 6 }, (_, i) => ({
    phoneNumber: `+1206555010${i}`,
    regionCode: 'US',
    type: 'LOCAL',
    capability: ['SMS', 'VOICE'],
    monthlyPrice: { currencyCode: 'USD', amount: '2.00' },
  })),
  nextPageToken: 'eyJvIjoicGhvbmVOdW1iZXIiLCJuIjoiIiwicCI6IisxMjA2NTU1MDEwNSJ9',
  totalSize: 6,
};

const server = createServer((_req, res) => {
  const body = JSON.stringify(payload);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`PORT=${port} BODY_BYTES=${JSON.stringify(payload).length}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
