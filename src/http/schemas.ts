import { type TSchema, Type } from '@sinclair/typebox';
import type { Capability, NumberType } from '../domain/inventory/products.js';
import { SMS_ERROR_CODES } from '../domain/numbers/provisioning.js';

/** Wire fragments shared by several operations (contract §4–§6), declared once. */

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A string enum as one `enum` keyword, so a bad value is one violation, not one per branch. */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/**
 * Input limits: every string and array a request carries (path, query, body) is bounded in its
 * schema, far above what a real client sends, so no request can make us store, list or match
 * megabytes, and the published contract says so. They are caps, not business rules: the domain
 * keeps its own, tighter checks and messages (displayName ≤ 256, hmacSecret 32–64, one phone number
 * per order…). docs/decisions.md, "Input limits", gives the reasons for each value.
 */
export const LIMITS = {
  /** A path parameter: Fastify's router already refuses longer ones (maxParamLength). */
  pathParam: 100,
  /** Enum-like values and codes: regionCode, type, orderBy, capability, searchPattern, state… */
  code: 64,
  /** numberPattern.pattern: at most an E.164 number (16 characters). */
  numberPattern: 64,
  /** servicePlanId, campaignId, appId, trunkId, serviceId: upstream ids are 7–36 characters. */
  configurationId: 128,
  /** displayName and the free-text parts of an E911 address. */
  text: 256,
  /** callbackUrl. */
  url: 2048,
  /** An opaque page token (base64url of a cursor that may hold a 256-character display name). */
  pageToken: 4096,
  /** hmacSecret (the rule itself is 32–64, checked by the callbacks service). */
  secret: 256,
  /** A list of enum values (capabilities, types): two exist. */
  codeList: 16,
  /** numberOrderOption.phoneNumbers (upstream: exactly one). */
  phoneNumbers: 100,
} as const;

/** A string of at most `maxLength` characters. */
export const Text = (maxLength: number, description?: string) =>
  Type.String(description ? { maxLength, description } : { maxLength });
export const PathParam = Text(LIMITS.pathParam);
export const Code = Text(LIMITS.code);
export const CodeList = Type.Array(Code, { maxItems: LIMITS.codeList });

export const CAPABILITIES: readonly Capability[] = ['SMS', 'VOICE'];
export const NUMBER_TYPE_VALUES: readonly NumberType[] = ['MOBILE', 'LOCAL', 'TOLL_FREE'];

/**
 * The enums of the answers, with the values Sinch's document lists (test/contract checks them
 * against it), some of which we never send (`PROVISIONING_STATUS_UNSPECIFIED`).
 */
export const NumberTypeValue = StringEnum(NUMBER_TYPE_VALUES);
export const CapabilityValues = Type.Array(StringEnum(CAPABILITIES));
const ProvisioningStatus = StringEnum([
  'PROVISIONING_STATUS_UNSPECIFIED',
  'WAITING',
  'IN_PROGRESS',
  'FAILED',
]);
export const VoiceType = StringEnum(['RTC', 'EST', 'FAX']);

export const Money = Type.Object({ currencyCode: Type.String(), amount: Type.String() });

export const ProjectParams = Type.Object({ projectId: PathParam });
export const PhoneNumberParams = Type.Object({ projectId: PathParam, phoneNumber: PathParam });

export const AvailableNumber = Type.Object({
  phoneNumber: Type.String(),
  regionCode: Type.String(),
  type: NumberTypeValue,
  capability: CapabilityValues,
  setupPrice: Money,
  monthlyPrice: Money,
  paymentIntervalMonths: Type.Integer(),
  supportingDocumentationRequired: Type.Boolean(),
});

const ScheduledProvisioning = Type.Object({
  servicePlanId: Type.String(),
  status: ProvisioningStatus,
  lastUpdatedTime: Type.String(),
  campaignId: Type.String(),
  errorCodes: Type.Array(StringEnum(SMS_ERROR_CODES)),
});

const ScheduledVoiceProvisioning = Type.Object({
  appId: Type.String(),
  status: ProvisioningStatus,
  lastUpdatedTime: Type.String(),
  type: VoiceType,
  trunkId: Type.String(),
  serviceId: Type.String(),
});

/** Key order is the order the live service emits (contract §4.1). */
export const ActiveNumber = Type.Object({
  phoneNumber: Type.String(),
  projectId: Type.String(),
  displayName: Type.String(),
  regionCode: Type.String(),
  type: NumberTypeValue,
  capability: CapabilityValues,
  money: Money,
  paymentIntervalMonths: Type.Integer(),
  nextChargeDate: Type.String(),
  expireAt: Nullable(Type.String()),
  smsConfiguration: Type.Object({
    servicePlanId: Type.String(),
    scheduledProvisioning: Nullable(ScheduledProvisioning),
    campaignId: Type.String(),
  }),
  voiceConfiguration: Type.Object({
    appId: Type.String(),
    scheduledVoiceProvisioning: Nullable(ScheduledVoiceProvisioning),
    lastUpdatedTime: Nullable(Type.String()),
    type: VoiceType,
    trunkId: Type.String(),
    serviceId: Type.String(),
  }),
  callbackUrl: Type.String(),
});

/**
 * A configuration id: a string, or null to unlink. One schema (`type: [string, null]`) rather than
 * a union, so a bad value gets one field violation instead of one per branch.
 */
const ConfigurationId = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  maxLength: LIMITS.configurationId,
});

/** `servicePlanId` is required, as in Sinch's document and every SDK model ("" unlinks). */
export const SmsConfigurationRequest = Type.Object({
  servicePlanId: ConfigurationId,
  campaignId: Type.Optional(ConfigurationId),
});

const VoiceIds = {
  appId: Type.Optional(ConfigurationId),
  trunkId: Type.Optional(ConfigurationId),
  serviceId: Type.Optional(ConfigurationId),
};

/** `type` may be left out on an active number (RTC, as older SDKs send it: contract §4.3). */
export const VoiceConfigurationRequest = Type.Object({ type: Type.Optional(Code), ...VoiceIds });

/** A number order's voice configuration names its type (the document requires it there). */
export const OrderVoiceConfigurationRequest = Type.Object({ type: Code, ...VoiceIds });

export const CallbackUrl = Text(LIMITS.url);

/** The configuration part of rent, rentAny and PATCH bodies. */
export const ConfigurationFields = {
  smsConfiguration: Type.Optional(SmsConfigurationRequest),
  voiceConfiguration: Type.Optional(VoiceConfigurationRequest),
  callbackUrl: Type.Optional(CallbackUrl),
};

/** `numberPattern` in a body (rentAny, quantity orders). */
export const NumberPatternBody = Type.Object({
  pattern: Type.Optional(Text(LIMITS.numberPattern)),
  searchPattern: Type.Optional(Code),
});

export const CallbackConfiguration = Type.Object({ projectId: Type.String(), hmacSecret: Type.String() });

const AddressText = Text(LIMITS.text);

/** An E911 address as returned: all seven keys, "" for absent optional parts. */
export const EmergencyAddress = Type.Object({
  streetNumber: Type.String(),
  streetInfo: Type.String(),
  location: Type.String(),
  city: Type.String(),
  state: Type.String(),
  postalCode: Type.String(),
  postalCodePlusFour: Type.String(),
});

/** The document requires the display name, the address and five of its seven parts. */
export const EmergencyAddressRequest = Type.Object({
  displayName: Text(LIMITS.text),
  address: Type.Object({
    streetNumber: AddressText,
    streetInfo: AddressText,
    location: Type.Optional(AddressText),
    city: AddressText,
    state: AddressText,
    postalCode: AddressText,
    postalCodePlusFour: Type.Optional(AddressText),
  }),
});
