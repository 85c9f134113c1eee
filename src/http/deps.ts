import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { AdminService } from '../domain/admin/adminService.js';
import type { AuthService } from '../domain/auth/authService.js';
import type { CallbacksService } from '../domain/callbacks/callbacksService.js';
import type { EmergencyService } from '../domain/emergency/emergencyService.js';
import type { HostingService } from '../domain/hosting/hostingService.js';
import type { ImportedNumbersService } from '../domain/imported/importedNumbersService.js';
import type { NumbersService } from '../domain/numbers/numbersService.js';
import type { OrdersService } from '../domain/orders/ordersService.js';
import type { PoliciesService } from '../domain/orders/policiesService.js';
import type { QualifiedNumbersService } from '../domain/qualified/qualifiedNumbersService.js';

/** What route modules may use; wired by hand in app.ts. */
export interface HttpDeps {
  config: Config;
  clock: Clock;
  auth: AuthService;
  numbers: NumbersService;
  callbacks: CallbacksService;
  emergency: EmergencyService;
  orders: OrdersService;
  policies: PoliciesService;
  imported: ImportedNumbersService;
  hosting: HostingService;
  qualified: QualifiedNumbersService;
  /** The operator's functions: projects and keys, inventory, prices, audit log, review counts. */
  admin: AdminService;
  adminToken: { verify(token: string): boolean };
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** One operation: registers its route on the app it is given. */
export type Operation = (app: App, deps: HttpDeps) => void;
