import type { Json } from '../client.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { Decision } from './decision.js';

/** Human text about orders: what a person reads after each step. */

/** "47h 59m left", "12m left", or "expired", measured from the later of our clock and the order's. */
export function timeLeft(order: Json): string {
  const expire = Date.parse(order?.expireTime ?? '');
  if (Number.isNaN(expire)) return 'no expiry given';
  // The sandbox clock may run ahead of ours: the order's own times are a floor for "now".
  const now = Math.max(
    Date.now(),
    Date.parse(order.updateTime ?? '') || 0,
    Date.parse(order.createTime ?? '') || 0,
  );
  const ms = expire - now;
  if (ms <= 0) return 'expired';
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h ${minutes % 60}m left` : `${minutes}m left`;
}

function price(money: Json): string {
  return money ? `${money.amount} ${money.currencyCode}` : '?';
}

export function numbersOf(order: Json): string[] {
  return (order?.orderNumbers ?? []).map((n: Json) => n.phoneNumber as string);
}

function configurationLines(order: Json): string[] {
  const lines: string[] = [];
  const sms = order.smsConfiguration;
  if (sms?.servicePlanId)
    lines.push(
      `  SMS:       service plan ${sms.servicePlanId}${sms.campaignId ? `, campaign ${sms.campaignId}` : ''}`,
    );
  const voice = order.voiceConfiguration;
  if (voice?.type) {
    const id = voice.appId || voice.trunkId || voice.serviceId;
    lines.push(`  voice:     ${voice.type} ${id ?? ''}`.trimEnd());
  }
  return lines;
}

/** The order (and its registration, when read) as lines for a person. */
export function orderLines(order: Json, registration?: Json): string[] {
  const lines = [`Order ${order.idNumberOrder}: ${order.state} (${order.regionCode} ${order.numberType})`];
  for (const n of order.orderNumbers ?? []) {
    const p = n.numberPrice ?? {};
    lines.push(
      `  number:    ${n.phoneNumber} (${(n.capabilities ?? n.capability ?? []).join(', ')}; setup ${price(p.setupPrice)}, monthly ${price(p.monthlyPrice)})`,
    );
  }
  lines.push(...configurationLines(order));
  if (order.state === 'CREATED') lines.push(`  reserved until ${order.expireTime} (${timeLeft(order)})`);
  if (order.rejectionReason) lines.push(`  reason:    ${order.rejectionReason}`);
  if (registration) {
    const data = registration.requestDetails?.data;
    lines.push(`  registration: ${data === null || data === undefined ? 'none yet' : 'given'}`);
    for (const a of registration.attachments ?? [])
      lines.push(
        `  document:  ${a.attachmentId} ${a.fileName} (${a.mimeType}, ${a.documentType}) ${a.uploadStatus}`,
      );
    for (const log of registration.logs ?? []) lines.push(`  reviewer:  ${log.createTime} ${log.message}`);
  }
  return lines;
}

/** What a decision means for the person, and the exit code a script branches on. */
export function decisionOutcome(
  decision: Decision,
  startOver: string,
): { lines: string[]; exitCode: ExitCode } {
  const { order, logs } = decision;
  const id = order.idNumberOrder;
  const reviewer = logs.map((l) => `  reviewer: ${l.message}`);
  switch (order.state) {
    case 'COMPLETED':
      return {
        lines: [`Order ${id} COMPLETED: ${numbersOf(order).join(', ')} now active in your project.`],
        exitCode: EXIT.ok,
      };
    case 'REJECTED':
    case 'BLOCKED':
      return {
        lines: [
          `Order ${id} ${order.state}${order.rejectionReason ? `: ${order.rejectionReason}` : ''}`,
          ...reviewer,
          `  next: correct the KYC data and create a new order: ${startOver}`,
        ],
        exitCode: EXIT.refused,
      };
    case 'CREATED':
      if (logs.length === 0)
        return {
          lines: [
            `Order ${id} is CREATED: not submitted, so there is nothing to wait for.`,
            `  next: open-numbers order submit ${id} --wait (before ${order.expireTime}, ${timeLeft(order)})`,
          ],
          exitCode: EXIT.refused,
        };
      return {
        lines: [
          `Order ${id} is back in CREATED: the reviewer asks for more information.`,
          ...reviewer,
          `  next: correct it (open-numbers order registration ${id} --file reg.json, open-numbers order attach ${id} …), then: open-numbers order submit ${id} --wait`,
          `  (reserved until ${order.expireTime}, ${timeLeft(order)})`,
        ],
        exitCode: EXIT.refused,
      };
    case 'EXPIRED':
      return {
        lines: [`Order ${id} EXPIRED: its number is released.`, `  next: start over: ${startOver}`],
        exitCode: EXIT.refused,
      };
    case 'IN_REVIEW':
      return {
        lines: [
          `Order ${id} is still IN_REVIEW; no decision yet.`,
          `  next: check later: open-numbers order status ${id} --wait`,
        ],
        exitCode: EXIT.uncertain,
      };
    default:
      return { lines: [`Order ${id}: ${order.state}`, ...reviewer], exitCode: EXIT.refused };
  }
}
