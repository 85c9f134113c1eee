import { Type } from '@sinclair/typebox';
import { LIMITS, StringEnum, Text } from '../../schemas.js';

/** Wire schemas of the Imported Numbers API (its document's facts, our words). */

const STATES = ['DONE', 'FAILED', 'IN_PROGRESS', 'WAITING', 'STATE_UNSPECIFIED'] as const;
const STEP_TYPES = ['PROVISIONING', 'DEPROVISIONING'] as const;

const Step = (serviceType: 'SMS' | 'CAMPAIGN', description: string) =>
  Type.Object(
    {
      serviceType: StringEnum([serviceType]),
      serviceId: Type.String({ description: 'The service plan or campaign' }),
      type: StringEnum(STEP_TYPES),
      state: StringEnum(STATES),
      updateTime: Type.String(),
      errorMessage: Type.String({ description: '"" unless the step failed' }),
      errorCode: Type.String({ description: '"" unless the step failed' }),
    },
    { description },
  );

const Carrier = Type.Object({
  state: StringEnum(STATES),
  errorCode: Type.String(),
  errorMessage: Type.String(),
  updateTime: Type.String(),
  operation: StringEnum([...STEP_TYPES, 'OPERATION_UNSPECIFIED']),
});

export const ImportedNumber = Type.Object(
  {
    phoneNumber: Type.String(),
    projectId: Type.String(),
    regionCode: StringEnum(['US', 'CA']),
    displayName: Type.String(),
    smsConfiguration: Type.Object({
      servicePlanId: Type.String(),
      campaignId: Type.String(),
      migrateToSinchTmo: Type.Boolean(),
    }),
    callbackUrl: Type.String(),
    mnoConfiguration: Type.Object(
      { smsAtt: Carrier, smsTmo: Carrier, mmsAtt: Carrier, mmsTmo: Carrier },
      { description: 'Per carrier (AT&T, T-Mobile) and service (SMS, MMS): how far its configuration is' },
    ),
    smsProvisioning: Type.Optional(Step('SMS', 'Provisioning to the SMS platform (service plan)')),
    campaignProvisioning: Type.Optional(Step('CAMPAIGN', 'Linking to a 10DLC campaign')),
  },
  { description: 'An imported number' },
);

const Id = Text(LIMITS.configurationId);

/** The body of an import or an update: the document's `ImportedNumber` (read-only parts ignored). */
export const ImportedNumberBody = Type.Object({
  phoneNumber: Type.Optional(Text(LIMITS.pathParam, 'E.164, a US or CA number')),
  projectId: Type.Optional(Text(LIMITS.pathParam, "If given, the path's project")),
  regionCode: Type.Optional(Text(LIMITS.code, 'US or CA: the country of the number')),
  displayName: Type.Optional(Text(LIMITS.text)),
  smsConfiguration: Type.Optional(
    Type.Object({
      servicePlanId: Type.Optional(Id),
      campaignId: Type.Optional(Id),
      migrateToSinchTmo: Type.Optional(Type.Boolean()),
    }),
  ),
  callbackUrl: Type.Optional(Text(LIMITS.url)),
});

export const ImportedNumberParams = Type.Object({
  projectId: Text(LIMITS.pathParam),
  phoneNumber: Text(LIMITS.pathParam),
});
