import type { Json } from '../../client.js';
import { table } from '../../output.js';
import { qualifiedState } from './api.js';

/** Human renderings of the Imported Numbers API's records, with the next step to take. */

/** How the commands are spelled in hints. */
export const CMD = 'open-numbers imported';

const orNone = (value: unknown) =>
  value === undefined || value === null || value === '' ? '—' : String(value);

const CARRIERS = ['smsAtt', 'smsTmo', 'mmsAtt', 'mmsTmo'] as const;

export function importedLines(n: Json): string[] {
  const sms = n.smsConfiguration ?? {};
  const carriers = CARRIERS.map((c) => `${c} ${orNone(n.mnoConfiguration?.[c]?.state)}`).join(', ');
  const lines = [
    `${n.phoneNumber} (${n.regionCode})${n.displayName ? ` "${n.displayName}"` : ''}`,
    `  service plan ${orNone(sms.servicePlanId)} · campaign ${orNone(sms.campaignId)}${sms.migrateToSinchTmo ? ' · migrate to Sinch TMO' : ''}`,
    `  SMS platform ${stepText(n.smsProvisioning)} · campaign ${stepText(n.campaignProvisioning)}`,
    `  carriers: ${carriers}`,
  ];
  if (n.callbackUrl) lines.push(`  callbacks to ${n.callbackUrl}`);
  return lines;
}

function stepText(step: Json): string {
  if (!step) return '—';
  const what = step.type === 'DEPROVISIONING' ? 'unlinking ' : '';
  const error = step.state === 'FAILED' && step.errorCode ? ` (${step.errorCode})` : '';
  return `${what}${step.state}${error}`;
}

export function importedTable(numbers: readonly Json[]): string {
  return table(
    numbers.map((n) => ({
      number: n.phoneNumber,
      region: n.regionCode,
      name: n.displayName,
      'service plan': n.smsConfiguration?.servicePlanId,
      campaign: n.smsConfiguration?.campaignId,
      'sms platform': n.smsProvisioning?.state,
      'campaign link': n.campaignProvisioning?.state,
    })),
    ['number', 'region', 'name', 'service plan', 'campaign', 'sms platform', 'campaign link'],
  );
}

/** What a qualified number's state means for its owner, and what to do next. */
export function qualifiedNext(n: Json): string {
  const number = n.phoneNumber;
  switch (qualifiedState(n)) {
    case 'ELIGIBLE_CHECK_PENDING':
      return 'waiting for the invoice review (e-mail the invoices to orders@sinch.com; 1–3 business days)';
    case 'NOT_ELIGIBLE':
      return `not eligible: ${orNone(n.osrEligibility?.error)}`;
    case 'ELIGIBLE':
      return `eligible: prove ownership with the voice call: ${CMD} challenge ${number}`;
    case 'VERIFICATION_PENDING':
      return `called: type the code it said: ${CMD} verify ${number} --code <6 digits>`;
    case 'VERIFICATION_FAILED':
      return `wrong code: try again (${CMD} verify ${number} --code …) or call again (${CMD} challenge ${number}); the third wrong code blocks the number`;
    case 'VERIFICATION_BLOCKED':
      return 'blocked after three wrong codes: only Sinch (an operator) can lift it';
    case 'VERIFIED':
      return `verified: text-enable it: ${CMD} text-enable ${number} --sms-service-plan <id> --loa direct|reseller|blanket …`;
    case 'HOSTING_IN_PROGRESS':
      return 'in a text-enable order (see open-numbers imported order list)';
    case 'HOSTING_DONE':
      return `text-enabled: ${CMD} get ${number}`;
    case 'HOSTING_FAILED':
      return `the text-enable order failed for it: ${orNone(n.hostedNumber?.error)}`;
    default:
      return '';
  }
}

export function qualifiedTable(numbers: readonly Json[]): string {
  return table(
    numbers.map((n) => ({
      number: n.phoneNumber,
      region: n.regionCode,
      state: qualifiedState(n),
      next: qualifiedNext(n),
    })),
    ['number', 'region', 'state', 'next'],
  );
}

export function qualifiedLines(n: Json): string[] {
  return [
    `${n.phoneNumber} (${n.regionCode}): ${qualifiedState(n)}`,
    `  invoices (eligibility) ${orNone(n.osrEligibility?.status)}${n.osrEligibility?.error ? `: ${n.osrEligibility.error}` : ''}`,
    `  ownership (voice call) ${orNone(n.ownershipVerification?.status)}${n.ownershipVerification?.error ? `: ${n.ownershipVerification.error}` : ''}`,
    `  next: ${qualifiedNext(n)}`,
  ];
}

const ORDER_TYPE: Record<string, string> = { IMPORT: 'import', TYPE_TEXT_ENABLE: 'text-enable' };

export function orderLines(order: Json, report?: Json, withNext = true): string[] {
  const info = order.textEnableInfo;
  const lines = [
    `Hosting order ${order.hostingOrderId} — ${ORDER_TYPE[order.type] ?? order.type} of ${order.regionCode} numbers: ${order.state}`,
    `  service plan ${orNone(order.servicePlanId)} · campaign ${orNone(order.campaignId)} · created ${orNone(order.createdTime)}`,
  ];
  if (info) {
    const person = info.authorisedPerson;
    const loa = info.loaType ? `${info.loaType} LOA` : 'blanket LOA (nothing to sign)';
    const signer = person ? `, signed by ${person.firstName} ${person.lastName} <${person.email}>` : '';
    lines.push(
      `  ${loa}${signer}${info.businessName ? ` for ${info.businessName}` : ''} · NNID ${orNone(info.nnid)}`,
    );
  }
  if (order.scheduledOsrUpdateTime) lines.push(`  OSR update not before ${order.scheduledOsrUpdateTime}`);
  if (report) lines.push(`  ${reportText(report)}`);
  if (withNext) lines.push(`  next: ${orderNext(order)}`);
  return lines;
}

export function reportText(report: Json): string {
  return `${report.total} numbers · OSR updated ${report.osrUpdated} · SMS provisioned ${report.smsProvisioned} · in campaign ${report.addedToCampaign} · failed ${report.ongoingManualAction}`;
}

/** What happens next to an order, and the command to follow it. */
export function orderNext(order: Json): string {
  const id = order.hostingOrderId;
  switch (order.state) {
    case 'DRAFT':
    case 'SUBMITTED':
      return `Sinch reviews the order; follow it with ${CMD} order status ${id} --wait`;
    case 'WAITING_FOR_LOA_SIGNATURE': {
      const email = order.textEnableInfo?.authorisedPerson?.email;
      return `${email ?? 'the authorised person'} must sign the LOA from the e-mail sent to them (the letter: ${CMD} order loa ${id} --output loa.pdf)`;
    }
    case 'IN_PROGRESS':
      return `the carriers are being updated; per number: ${CMD} order numbers ${id}`;
    case 'COMPLETED':
      return `done: the numbers that made it are imported numbers now (${CMD} list); per number: ${CMD} order numbers ${id}`;
    case 'REJECTED':
      return `rejected: no number made it; per number: ${CMD} order numbers ${id}`;
    default:
      return '';
  }
}

export function ordersTable(orders: readonly Json[]): string {
  return table(
    orders.map((o) => ({
      id: o.hostingOrderId,
      type: ORDER_TYPE[o.type] ?? o.type,
      region: o.regionCode,
      state: o.state,
      'service plan': o.servicePlanId,
      campaign: o.campaignId,
      created: o.createdTime,
    })),
    ['id', 'type', 'region', 'state', 'service plan', 'campaign', 'created'],
  );
}

export function orderNumbersTable(numbers: readonly Json[]): string {
  return table(
    numbers.map((n) => ({
      number: n.phoneNumber,
      'osr update': n.osrUpdate?.state,
      'sms platform': n.platformProvisioning?.state,
      campaign: n.campaignProvisioning?.state,
      carriers: countStates(CARRIERS.map((c) => n[c]?.state)),
      error: CARRIERS.map((c) => n[c]?.errorCode).find(Boolean) ?? '',
    })),
    ['number', 'osr update', 'sms platform', 'campaign', 'carriers', 'error'],
  );
}

/** `["DONE","DONE","FAILED"]` → `2 DONE, 1 FAILED`. */
function countStates(states: readonly (string | undefined)[]): string {
  const counts = new Map<string, number>();
  for (const state of states) if (state) counts.set(state, (counts.get(state) ?? 0) + 1);
  return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}
