import type { Operation } from '../../deps.js';
import { TAGS } from '../../tags.js';
import { readCallbackConfiguration } from '../callbackConfiguration/getCallbackConfiguration.js';
import { writeCallbackConfiguration } from '../callbackConfiguration/updateCallbackConfiguration.js';
import { qualifiedOperations } from '../qualifiedNumbers/index.js';
import { deleteImportedNumber } from './deleteImportedNumber.js';
import { getImportedNumber } from './getImportedNumber.js';
import { importNumber } from './importNumber.js';
import { listImportedNumbers } from './listImportedNumbers.js';
import { updateImportedNumber } from './updateImportedNumber.js';

/**
 * The Imported Numbers API's own callback configuration. The document names these operations
 * `GetCallbackConfiguration` / `UpdateCallbackConfiguration`, as the Numbers API's are named;
 * one document cannot hold an id twice, so they take the API's `ImportedNumberService_` prefix.
 */
const getImportedCallbackConfiguration = readCallbackConfiguration({
  api: 'imported',
  operationId: 'ImportedNumberService_GetCallbackConfiguration',
  tag: TAGS.importedCallbacks,
});
const updateImportedCallbackConfiguration = writeCallbackConfiguration({
  api: 'imported',
  operationId: 'ImportedNumberService_UpdateCallbackConfiguration',
  tag: TAGS.importedCallbacks,
});

/** The Imported Numbers surface (this increment: imported numbers and the callback configuration). */
export const importedOperations: Operation[] = [
  listImportedNumbers,
  importNumber,
  getImportedNumber,
  updateImportedNumber,
  deleteImportedNumber,
  getImportedCallbackConfiguration,
  updateImportedCallbackConfiguration,
  ...qualifiedOperations,
];
