import pino, { type Logger } from 'pino';
import { createClock } from './clock.js';
import { ALONE, type News, type Siblings } from './cluster/news.js';
import { type Config, ConfigError } from './config.js';
import { createAdminService } from './domain/admin/adminService.js';
import { type Credentials, createAuthService } from './domain/auth/authService.js';
import { createCallbacksService } from './domain/callbacks/callbacksService.js';
import { createSecretBox, type SecretBox } from './domain/callbacks/secretBox.js';
import { createConsoleSessions } from './domain/console/consoleSessions.js';
import { createEmergencyService } from './domain/emergency/emergencyService.js';
import { createHostingService } from './domain/hosting/hostingService.js';
import { createImportedNumbersService } from './domain/imported/importedNumbersService.js';
import { documentedNumbers } from './domain/inventory/documentedNumbers.js';
import { inventoryPlan, inventoryTarget } from './domain/inventory/generate.js';
import { productFor } from './domain/inventory/products.js';
import { PROGRESS_EVERY, type SeedProgress } from './domain/inventory/progress.js';
import { listRegionTypes } from './domain/inventory/regions.js';
import { createNumbersService } from './domain/numbers/numbersService.js';
import { createOrdersService } from './domain/orders/ordersService.js';
import { createPoliciesService } from './domain/orders/policiesService.js';
import { createQualifiedNumbersService } from './domain/qualified/qualifiedNumbersService.js';
import type { HttpDeps } from './http/deps.js';
import { newSecret } from './ids.js';
import { JOBS } from './jobs/index.js';
import { createWorker, type Worker } from './jobs/worker.js';
import { createMailer } from './mail/mailer.js';
import { createStore } from './store/index.js';
import type { Store } from './store/types.js';

/** See Runtime.checkStoredPoliciesSoon. */
const POLICY_CHECK_DELAY_MS = 1000;

const SEALING_KEY_SETTING = 'callbacks.sealingKey';
const SEALING_CANARY_SETTING = 'callbacks.sealingCanary';

/**
 * HMAC secrets sealed with one key cannot be opened with another. A canary sealed on first start
 * turns a changed OPEN_NUMBERS_SECRET_KEY into a clear refusal to start instead of failing
 * callbacks later.
 */
async function checkSealingKey(store: Store, secrets: SecretBox): Promise<void> {
  const canary = await store.settings.getOrInit(SEALING_CANARY_SETTING, secrets.seal('open-numbers'));
  try {
    secrets.open(canary);
  } catch {
    throw new ConfigError(
      'OPEN_NUMBERS_SECRET_KEY is not the key the stored HMAC secrets were sealed with; start with the original key',
    );
  }
}

export interface Runtime {
  deps: HttpDeps;
  store: Store;
  worker: Worker;
  log: Logger;
  /** Set only on the start that created them, so they are printed exactly once. */
  created: { credentials?: Credentials; adminToken?: string };
  /** How long preparing the store took, and whether the inventory was generated now. */
  startup: { storeMs: number; seeded: boolean };
  /**
   * Warns about stored KYC policies that break today's upload rules, a second after it is called:
   * checking costs ~40 ms a policy, so the server calls it once it serves, and the first requests
   * (a readiness probe) are answered before it runs. Never throws.
   */
  checkStoredPoliciesSoon(): void;
  /**
   * Loads the inventory's groups not loaded yet in the background, reporting to the progress
   * listener given to createRuntime; resolves when all are loaded or the store closes. Never
   * throws (a failure is logged; the groups load on demand then).
   */
  loadInventory(): Promise<void>;
  /** Applies news from another process of this server (src/cluster/). */
  hear(news: News): Promise<void>;
}

export interface RuntimeOptions {
  /** The other processes of this server, told of clock advances and key revocations. */
  siblings?: Siblings;
  /**
   * A process started beside one that already said everything about the store (a cluster
   * worker): no startup warnings of its own, so each is logged once.
   */
  quiet?: boolean;
}

/**
 * Prepares the inventory (docs/decisions.md, "The inventory loads lazily"): on the first start,
 * writes the products for every sold (region, type) at once; the numbers load by calling-code
 * group, ahead of the first operation that needs a group and in the background
 * (`Runtime.loadInventory`). Returns whether this start wrote the products. `progress` hears
 * each phase (server.ts prints them).
 */
export async function seedInventory(
  store: Store,
  config: Config,
  progress: (event: SeedProgress) => void = () => {},
): Promise<boolean> {
  // A fully loaded store (every later start, once the first load ended) never generates.
  if (await store.inventory.isFullyLoaded()) return false;
  const pairs = listRegionTypes();
  const products = pairs.map(({ regionCode, numberType }) => productFor(regionCode, numberType));
  const seeded = await store.inventory.seedProducts(products);
  if (seeded) {
    progress({
      phase: 'start',
      pairs: pairs.length,
      regions: new Set(pairs.map((p) => p.regionCode)).size,
      expected: inventoryTarget(config.inventory) + documentedNumbers().length,
    });
  }
  store.inventory.setSource(inventoryPlan(config.inventory, documentedNumbers()));
  return seeded;
}

/** Opens the store and wires every service; `server.ts` and the tests share it. */
export async function createRuntime(
  config: Config,
  log: Logger = pino({ level: config.logLevel }),
  onSeedProgress?: (event: SeedProgress) => void,
  { siblings = ALONE, quiet = false }: RuntimeOptions = {},
): Promise<Runtime> {
  const started = performance.now();
  const store = createStore(config);
  try {
    await store.migrate();
    const seeded = await seedInventory(store, config, onSeedProgress);
    const storeMs = Math.round(performance.now() - started);
    const clock = await createClock(store.settings, config.mode === 'sandbox', () =>
      siblings.tell({ kind: 'clockAdvanced' }),
    );
    const auth = await createAuthService(store, () => clock.now(), {
      announceRevoked: (keyId) => siblings.tell({ kind: 'keyRevoked', keyId }),
    });
    const credentials = await auth.bootstrap(config.bootstrap);
    if (
      !quiet &&
      config.bootstrap &&
      (await store.auth.getAccessKey(config.bootstrap.keyId))?.revokedAt != null
    ) {
      // A revocation is for good: the configured key is not brought back by a restart.
      log.warn(
        { keyId: config.bootstrap.keyId },
        'OPEN_NUMBERS_KEY_ID names a revoked access key; it does not work',
      );
    }
    const adminToken = await auth.ensureAdminToken(config.adminToken);
    const numbers = createNumbersService({
      store,
      now: () => clock.now(),
      provisioningDelayMs: config.provisioningDelaySeconds * 1000,
    });
    const secrets = createSecretBox(
      config.secretKey ?? (await store.settings.getOrInit(SEALING_KEY_SETTING, newSecret())),
    );
    await checkSealingKey(store, secrets);
    const callbacks = createCallbacksService({ store, now: () => clock.now(), secrets });
    const emergency = createEmergencyService({ store, now: () => clock.now() });
    const imported = createImportedNumbersService({
      store,
      now: () => clock.now(),
      provisioningDelayMs: config.provisioningDelaySeconds * 1000,
    });
    const policies = createPoliciesService({ store, now: () => clock.now() });
    await policies.seedShipped();
    const orders = createOrdersService({
      store,
      now: () => clock.now(),
      autoReview: config.mode === 'sandbox',
      reviewDelayMs: config.reviewDelaySeconds * 1000,
      provisioningDelayMs: config.provisioningDelaySeconds * 1000,
    });
    const mailer = createMailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      keepLinks: config.mode === 'sandbox',
    });
    const hosting = createHostingService({
      store,
      now: () => clock.now(),
      stepMs: config.hostingStepSeconds * 1000,
      autoReview: config.mode === 'sandbox',
      mailer,
      publicUrl: config.publicUrl,
    });
    const qualified = createQualifiedNumbersService({
      store,
      now: () => clock.now(),
      mode: {
        autoEligibility: config.mode === 'sandbox',
        eligibilityDelayMs: config.qualificationDelaySeconds * 1000,
        voice: config.mode === 'sandbox' ? 'log' : 'webhook',
        voiceWebhookUrl: config.voiceChallengeWebhook,
      },
    });
    const admin = createAdminService({ store, now: () => clock.now(), auth });
    const worker = createWorker({
      store,
      clock,
      jobs: JOBS,
      context: {
        store,
        clock,
        numbers,
        orders,
        callbacks,
        hosting,
        mailer,
        imported,
        qualified,
        delivery: {
          // Sandbox callbacks may reach anything (a receiver on localhost is the point); operator
          // mode applies the SSRF guard with its allow-list.
          policy: { allowInternal: config.mode === 'sandbox', allowList: config.callbackAllowList },
          faultsEnabled: config.mode === 'sandbox',
        },
      },
      pollMs: config.workerPollMs,
      log,
    });
    return {
      deps: {
        config,
        clock,
        auth,
        numbers,
        callbacks,
        emergency,
        orders,
        policies,
        imported,
        hosting,
        qualified,
        admin,
        adminToken,
        consoleSessions: createConsoleSessions({ store, adminToken }),
      },
      store,
      worker,
      log,
      created: { credentials, adminToken: adminToken.generated },
      startup: { storeMs, seeded },
      checkStoredPoliciesSoon() {
        const check = async () => {
          try {
            const outdated = await policies.storedBeforeLimits();
            if (outdated.length) {
              log.warn(
                { policies: outdated },
                'KYC policies stored before input limits existed still serve orders; upload new versions (docs/kyc-policies.md)',
              );
            }
          } catch (error) {
            log.error({ err: error }, 'checking the stored KYC policies failed');
          }
        };
        setTimeout(() => void check(), POLICY_CHECK_DELAY_MS).unref();
      },
      async loadInventory() {
        const expected = inventoryTarget(config.inventory) + documentedNumbers().length;
        let reported = 0;
        try {
          await store.inventory.loadAll((event) => {
            if (event.phase !== 'numbers') return onSeedProgress?.(event);
            if (event.written - reported < PROGRESS_EVERY) return;
            reported = event.written - (event.written % PROGRESS_EVERY);
            onSeedProgress?.({ ...event, written: reported, expected });
          });
        } catch (error) {
          log.error({ err: error }, 'loading the inventory in the background failed');
        }
      },
      async hear(news) {
        if (news.kind === 'clockAdvanced') await clock.refresh();
        else auth.keyRevoked(news.keyId);
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
