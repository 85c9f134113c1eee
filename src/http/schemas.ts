import { type TSchema, Type } from '@sinclair/typebox';

/** Wire fragments shared by several operations (contract §4–§6), declared once. */

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const NumberTypeSchema = Type.Union([
  Type.Literal('MOBILE'),
  Type.Literal('LOCAL'),
  Type.Literal('TOLL_FREE'),
]);
export const CapabilitySchema = Type.Union([Type.Literal('SMS'), Type.Literal('VOICE')]);

export const Money = Type.Object({ currencyCode: Type.String(), amount: Type.String() });

export const ErrorEnvelope = Type.Object({
  error: Type.Object({
    code: Type.Integer(),
    message: Type.String(),
    status: Type.String(),
    details: Type.Array(Type.Object({}, { additionalProperties: true })),
  }),
});

export const errorResponses = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
};

export const ProjectParams = Type.Object({ projectId: Type.String() });
export const PhoneNumberParams = Type.Object({ projectId: Type.String(), phoneNumber: Type.String() });

export const AvailableNumber = Type.Object({
  phoneNumber: Type.String(),
  regionCode: Type.String(),
  type: Type.String(),
  capability: Type.Array(Type.String()),
  setupPrice: Money,
  monthlyPrice: Money,
  paymentIntervalMonths: Type.Integer(),
  supportingDocumentationRequired: Type.Boolean(),
});

const ScheduledProvisioning = Type.Object({
  servicePlanId: Type.String(),
  status: Type.String(),
  lastUpdatedTime: Type.String(),
  campaignId: Type.String(),
  errorCodes: Type.Array(Type.String()),
});

const ScheduledVoiceProvisioning = Type.Object({
  appId: Type.String(),
  status: Type.String(),
  lastUpdatedTime: Type.String(),
  type: Type.String(),
  trunkId: Type.String(),
  serviceId: Type.String(),
});

/** Key order is the order the live service emits (contract §4.1). */
export const ActiveNumber = Type.Object({
  phoneNumber: Type.String(),
  projectId: Type.String(),
  displayName: Type.String(),
  regionCode: Type.String(),
  type: Type.String(),
  capability: Type.Array(Type.String()),
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
    type: Type.String(),
    trunkId: Type.String(),
    serviceId: Type.String(),
  }),
  callbackUrl: Type.String(),
});

const NullableString = Nullable(Type.String());

export const SmsConfigurationRequest = Type.Object({
  servicePlanId: Type.Optional(NullableString),
  campaignId: Type.Optional(NullableString),
});

export const VoiceConfigurationRequest = Type.Object({
  type: Type.Optional(Type.String()),
  appId: Type.Optional(NullableString),
  trunkId: Type.Optional(NullableString),
  serviceId: Type.Optional(NullableString),
});

/** The configuration part of rent, rentAny and PATCH bodies. */
export const ConfigurationFields = {
  smsConfiguration: Type.Optional(SmsConfigurationRequest),
  voiceConfiguration: Type.Optional(VoiceConfigurationRequest),
  callbackUrl: Type.Optional(Type.String({ maxLength: 2048 })),
};

export const NumberPatternQuery = {
  'numberPattern.pattern': Type.Optional(Type.String()),
  'numberPattern.searchPattern': Type.Optional(Type.String()),
};

export const CallbackConfiguration = Type.Object({ projectId: Type.String(), hmacSecret: Type.String() });

const AddressText = Type.String({ maxLength: 256 });

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

export const EmergencyAddressRequest = Type.Object({
  displayName: Type.Optional(Type.String({ maxLength: 256 })),
  address: Type.Optional(
    Type.Object({
      streetNumber: Type.Optional(AddressText),
      streetInfo: Type.Optional(AddressText),
      location: Type.Optional(AddressText),
      city: Type.Optional(AddressText),
      state: Type.Optional(AddressText),
      postalCode: Type.Optional(AddressText),
      postalCodePlusFour: Type.Optional(AddressText),
    }),
  ),
});
