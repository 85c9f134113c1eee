import { loadConfig } from '../config.js';
import { createStore } from '../store/index.js';

/** `npm run db:migrate`: applies pending migrations and exits (the server also does this at startup). */
const store = createStore(loadConfig());
try {
  await store.migrate();
  process.stdout.write(`migrations applied (${store.dialect})\n`);
} finally {
  await store.close();
}
