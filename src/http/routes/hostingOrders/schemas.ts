import { Type } from '@sinclair/typebox';
import {
  HOSTING_ORDER_STATES,
  HOSTING_ORDER_TYPES,
  MAX_IMPORT_LIMIT,
} from '../../../domain/hosting/hostingOrder.js';
import { LIMITS, StringEnum, Text } from '../../schemas.js';

/** Wire schemas of hosting orders (the Imported Numbers API document's facts, our words). */

export const STEP_STATES = ['DONE', 'FAILED', 'IN_PROGRESS', 'WAITING', 'STATE_UNSPECIFIED'] as const;
const State = StringEnum(STEP_STATES);

const Person = Type.Object({ firstName: Type.String(), lastName: Type.String(), email: Type.String() });
const Address = Type.Object({
  buildingNumber: Type.String(),
  street: Type.String(),
  city: Type.String(),
  state: Type.String(),
  postalCode: Type.String(),
  country: Type.String(),
});

const orderFields = {
  projectId: Type.String(),
  hostingOrderId: Type.String(),
  displayName: Type.String(),
  regionCode: StringEnum(['US', 'CA']),
  state: StringEnum(['HOSTING_ORDER_STATE_UNSPECIFIED', ...HOSTING_ORDER_STATES]),
  type: StringEnum(['HOSTING_ORDER_TYPE_UNSPECIFIED', ...HOSTING_ORDER_TYPES]),
  createdTime: Type.String(),
  updatedTime: Type.String(),
  servicePlanId: Type.String(),
  campaignId: Type.String(),
  migrateToSinchTmo: Type.Boolean(),
  callbackUrl: Type.String(),
};

/** The answer of :importNumbers. */
export const ImportHostingOrder = Type.Object(orderFields, {
  description: 'A hosting order importing numbers',
});

export const HostingOrder = Type.Object(
  {
    ...orderFields,
    scheduledOsrUpdateTime: Type.Optional(Type.String({ description: 'When the OSR update is due' })),
    textEnableInfo: Type.Optional(
      Type.Object(
        {
          businessName: Type.Optional(Type.String()),
          authorisedPerson: Type.Optional(Person),
          address: Type.Optional(Address),
          serviceProvider: Type.String(),
          currentVoiceCarrier: Type.Optional(Type.String()),
          nnid: Type.String(),
          loaType: Type.Optional(StringEnum(['Direct', 'Reseller'])),
        },
        { description: 'The LOA details of a text-enable order (blanket LOA: nnid and provider only)' },
      ),
    ),
  },
  { description: 'A hosting order' },
);

const Step = <K extends string>(key: K) =>
  Type.Object({ ...({ [key]: Type.String() } as Record<K, ReturnType<typeof Type.String>>), state: State });

const CarrierState = Type.Object({
  state: State,
  errorCode: Type.String(),
  errorMessage: Type.String(),
  updateTime: Type.String(),
});

export const HostingOrderNumber = Type.Object(
  {
    projectId: Type.String(),
    hostingOrderId: Type.String(),
    phoneNumber: Type.String(),
    osrUpdate: Step('nnid'),
    campaignProvisioning: Step('campaignId'),
    platformProvisioning: Step('servicePlanId'),
    smsAtt: CarrierState,
    smsTmo: CarrierState,
    mmsAtt: CarrierState,
    mmsTmo: CarrierState,
  },
  { description: 'One number of a hosting order and how far each of its steps is' },
);

export const HostingOrderReport = Type.Object({
  total: Type.Integer(),
  osrUpdated: Type.Integer(),
  smsProvisioned: Type.Integer(),
  addedToCampaign: Type.Integer(),
  ongoingManualAction: Type.Integer({ description: 'Numbers with a failed step' }),
});

const Id = Text(LIMITS.configurationId);
const Short = Text(LIMITS.text);

const LoaInfo = (reseller: boolean) =>
  Type.Object({
    ...(reseller ? { businessName: Type.Optional(Short) } : {}),
    authorisedPerson: Type.Optional(
      Type.Object({
        firstName: Type.Optional(Short),
        lastName: Type.Optional(Short),
        email: Type.Optional(Short),
      }),
    ),
    address: Type.Optional(
      Type.Object({
        buildingNumber: Type.Optional(Short),
        street: Type.Optional(Short),
        city: Type.Optional(Short),
        state: Type.Optional(Short),
        postalCode: Type.Optional(Short),
        country: Type.Optional(Short),
      }),
    ),
    currentVoiceCarrier: Type.Optional(Short),
  });

const common = {
  projectId: Type.Optional(Text(LIMITS.pathParam, "If given, the path's project")),
  displayName: Type.Optional(Short),
  regionCode: Type.Optional(Text(LIMITS.code, 'US or CA')),
  numbers: Type.Optional(
    Type.Array(Text(LIMITS.pathParam), { maxItems: MAX_IMPORT_LIMIT, description: 'E.164 numbers' }),
  ),
  servicePlanId: Type.Optional(Id),
  campaignId: Type.Optional(Id),
  callbackUrl: Type.Optional(Text(LIMITS.url)),
};

export const ImportNumbersBody = Type.Object({
  ...common,
  migrateToSinchTmo: Type.Optional(Type.Boolean()),
});

export const TextEnableBody = Type.Object({
  ...common,
  nnid: Type.Optional(Id),
  migrateToSinchTmo: Type.Optional(Type.Boolean({ description: 'Read-only here: ignored' })),
  scheduledOsrUpdateTime: Type.Optional(
    Text(LIMITS.code, 'RFC 3339 with Z or an offset; the OSR update waits until then'),
  ),
  scheduledZipwhipProvisioningTime: Type.Optional(
    Text(LIMITS.code, 'The toll-free request’s name for scheduledOsrUpdateTime'),
  ),
  directLoaInfo: Type.Optional(LoaInfo(false)),
  resellerLoaInfo: Type.Optional(LoaInfo(true)),
  blanketLoaInfo: Type.Optional(Type.Object({}, { description: 'Send {} when a blanket LOA is on file' })),
});

export const HostingOrderParams = Type.Object({
  projectId: Text(LIMITS.pathParam),
  hostingOrderId: Text(LIMITS.pathParam),
});

export const HostingOrderNumberParams = Type.Object({
  projectId: Text(LIMITS.pathParam),
  hostingOrderId: Text(LIMITS.pathParam),
  phoneNumber: Text(LIMITS.pathParam),
});
