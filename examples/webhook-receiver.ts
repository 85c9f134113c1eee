/**
 * A minimal receiver for Numbers callbacks that verifies X-Sinch-Signature with the official SDK.
 * Usage: HMAC_SECRET=… npx tsx examples/webhook-receiver.ts   (then rent with callbackUrl http://127.0.0.1:3000/)
 * RECEIVER_PORT moves it off 3000. It prints the command that sets HMAC_SECRET as the project's
 * callback secret on the server at BASE (as in the README, http://127.0.0.1:8080 when unset).
 */
import { createServer } from 'node:http';
import { NumbersCallbackWebhooks } from '@sinch/sdk-core';

const webhooks = new NumbersCallbackWebhooks(process.env.HMAC_SECRET ?? '');
const port = Number(process.env.RECEIVER_PORT || 3000);
const base = process.env.BASE || 'http://127.0.0.1:8080';

createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    // Verify the exact bytes received, before parsing them.
    if (!webhooks.validateAuthenticationHeader(req.headers, body)) {
      res.writeHead(401).end();
      return;
    }
    const event = webhooks.parseEvent(JSON.parse(body));
    console.log(event.eventType, event.status, event.resourceId, event.failureCode ?? '');
    res.writeHead(200).end();
  });
}).listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${port}/ (use it as callbackUrl)`);
  console.log(
    `the server signs with this secret once it is the project's: curl -u "$AUTH" -X PATCH ` +
      `"${base}/v1/projects/$P/callbackConfiguration" -H 'Content-Type: application/json' ` +
      `-d '{"hmacSecret":"<HMAC_SECRET>"}'`,
  );
});
