import type { Operation } from '../../deps.js';
import {
  importNumbers,
  qualifiedTextEnableNumbers,
  qualifiedTextEnableTollFreeNumbers,
  textEnableNumbers,
  textEnableTollFreeNumbers,
} from './createOrders.js';
import { downloadLoa } from './downloadLoa.js';
import { getHostingOrder } from './getHostingOrder.js';
import { getHostingOrderNumber } from './getHostingOrderNumber.js';
import { getHostingOrderReport } from './getHostingOrderReport.js';
import { listHostingOrderNumbers } from './listHostingOrderNumbers.js';
import { listHostingOrders } from './listHostingOrders.js';
import { signingOperations } from './signingPage.js';

/** Hosting orders on the Imported Numbers surface (with the two qualifiedNumbers:textEnable* operations). */
export const hostingOperations: Operation[] = [
  listHostingOrders,
  importNumbers,
  textEnableNumbers,
  textEnableTollFreeNumbers,
  qualifiedTextEnableNumbers,
  qualifiedTextEnableTollFreeNumbers,
  getHostingOrder,
  getHostingOrderReport,
  listHostingOrderNumbers,
  getHostingOrderNumber,
  downloadLoa,
];

/** The LOA signing page, at /loa/{token} (no credentials: the token is the authority). */
export const loaOperations: Operation[] = signingOperations;
