import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { type AddressPolicy, mayConnect } from './addressGuard.js';

export interface DeliveryRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: AddressPolicy;
}

export interface DeliveryOutcome {
  /** The receiver's status code, or null when no response arrived. */
  responseStatus: number | null;
  latencyMs: number;
  /** Why the attempt failed ('' when the receiver answered 2xx). */
  error: string;
  /** The target was refused (SSRF guard, bad URL): retrying cannot help. */
  refused: boolean;
}

class Refused extends Error {}

/**
 * POSTs one callback. Redirects are not followed (a 3xx is a failure), only a 2xx status within
 * the deadline counts as delivered, and the SSRF policy is applied to the address actually
 * connected to.
 */
export function deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (responseStatus: number | null, error: string, refused = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ responseStatus, latencyMs: Math.round(performance.now() - started), error, refused });
    };

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      finish(null, `refused: "${request.url}" is not a URL`, true);
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      finish(null, 'refused: callback URLs must be http or https', true);
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !mayConnect(request.policy, host, host)) {
      finish(null, `refused: ${host} is an internal address`, true);
      return;
    }
    const guardedLookup = (hostname: string, options: object, callback: (...args: unknown[]) => void) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error);
        const allowed = addresses.filter((a) => mayConnect(request.policy, hostname, a.address));
        if (allowed.length === 0)
          return callback(new Refused(`refused: ${hostname} resolves to an internal address`));
        const all = (options as { all?: boolean }).all;
        return all ? callback(null, allowed) : callback(null, allowed[0]!.address, allowed[0]!.family);
      });
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
        lookup: guardedLookup as never,
      },
      (res) => {
        // The status decides; the body is read and dropped so a slow or endless body cannot hold the attempt.
        const status = res.statusCode ?? null;
        const ok = status !== null && status >= 200 && status < 300;
        finish(status, ok ? '' : `receiver answered ${status}`);
        res.resume();
        res.on('error', () => {});
        setTimeout(() => res.destroy(), 1000).unref();
      },
    );
    // A deadline for the whole attempt, not an idle timeout: a receiver trickling bytes fails too.
    deadline = setTimeout(() => {
      req.destroy();
      finish(null, `no response within ${request.timeoutMs} ms`);
    }, request.timeoutMs);
    req.on('error', (error) => finish(null, error.message, error instanceof Refused));
    req.end(request.body);
  });
}
