import { Type } from '@sinclair/typebox';
import { CapabilityValues, Money, NumberTypeValue, PathParam, StringEnum, VoiceType } from '../../schemas.js';

/** Wire schemas of number orders (contract §9), shared by the operations of this folder and admin. */

export const OrderParams = Type.Object({ projectId: PathParam, numberOrderId: PathParam });
export const AttachmentParams = Type.Object({
  projectId: PathParam,
  numberOrderId: PathParam,
  attachmentId: PathParam,
});

/** Left out when not set. */
const Configuration = {
  smsConfiguration: Type.Object({ servicePlanId: Type.String(), campaignId: Type.String() }),
  voiceConfiguration: Type.Object({
    type: VoiceType,
    appId: Type.String(),
    trunkId: Type.String(),
    serviceId: Type.String(),
  }),
};

/** The document's order properties, in its order. */
const OrderProperties = {
  projectId: Type.String(),
  idNumberOrder: Type.String(),
  regionCode: Type.String(),
  state: StringEnum([
    'NUMBER_ORDER_STATE_UNSPECIFIED',
    'CREATED',
    'EXPIRED',
    'IN_REVIEW',
    'BLOCKED',
    'REJECTED',
    'COMPLETED',
  ]),
  numberType: NumberTypeValue,
  orderNumbers: Type.Array(
    Type.Object({
      phoneNumber: Type.String(),
      numberPrice: Type.Object({
        setupPrice: Money,
        monthlyPrice: Money,
        paymentIntervalMonths: Type.Integer(),
      }),
      capabilities: CapabilityValues,
    }),
  ),
  ...Configuration,
  expireTime: Type.String(),
  createTime: Type.String(),
  updateTime: Type.String(),
};

/**
 * Every property optional, as in the document (which has no `required` here): the serializer
 * writes optional properties in this order, so the unset configurations can be left out in place.
 */
export const NumberOrder = Type.Partial(Type.Object(OrderProperties));

/** An order as operators see it: also the callback URL and the reason of a rejection or block. */
export const OperatorNumberOrder = Type.Partial(
  Type.Object({ ...OrderProperties, callbackUrl: Type.String(), rejectionReason: Type.String() }),
);

export const Attachment = Type.Object({
  attachmentId: Type.String(),
  fileName: Type.String(),
  mimeType: Type.String(),
  createTime: Type.String(),
  updateTime: Type.String(),
  uploadStatus: StringEnum(['COMPLETED', 'WAITING', 'FAILED']),
  documentType: Type.String(),
});

/** Any JSON value (registration data is free-form; the policy validates it). */
export const AnyJson = Type.Unsafe<unknown>({});

export const RegistrationLog = Type.Object({ message: Type.String(), createTime: Type.String() });

export const Registration = Type.Object({
  requestDetails: Type.Object({ data: AnyJson }),
  attachments: Type.Array(Attachment),
  logs: Type.Array(RegistrationLog),
});

/** An attachment the requirements ask for; `template` lists forms to download, fill in and upload. */
export const RequiredAttachment = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  mandatory: Type.Boolean(),
  template: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
  allowedMimeTypes: Type.Array(Type.String()),
  allowedDocumentTypes: Type.Array(Type.String()),
});
