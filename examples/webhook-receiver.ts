/**
 * A minimal receiver for Numbers callbacks that verifies X-Sinch-Signature with the official SDK.
 * Usage: HMAC_SECRET=… npx tsx examples/webhook-receiver.ts   (then rent with callbackUrl http://127.0.0.1:3000/)
 */
import { createServer } from 'node:http';
import { NumbersCallbackWebhooks } from '@sinch/sdk-core';

const webhooks = new NumbersCallbackWebhooks(process.env.HMAC_SECRET ?? '');

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
}).listen(3000, '127.0.0.1', () => console.log('listening on http://127.0.0.1:3000/'));
