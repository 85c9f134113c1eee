import { Type } from '@sinclair/typebox';
import { Money, Nullable, PathParam } from '../../schemas.js';

/** Wire schemas of number orders (contract §9), shared by the operations of this folder and admin. */

export const OrderParams = Type.Object({ projectId: PathParam, numberOrderId: PathParam });
export const AttachmentParams = Type.Object({
  projectId: PathParam,
  numberOrderId: PathParam,
  attachmentId: PathParam,
});

const Configuration = {
  smsConfiguration: Nullable(Type.Object({ servicePlanId: Type.String(), campaignId: Type.String() })),
  voiceConfiguration: Nullable(
    Type.Object({
      type: Type.String(),
      appId: Type.String(),
      trunkId: Type.String(),
      serviceId: Type.String(),
    }),
  ),
};

export const NumberOrder = Type.Object({
  projectId: Type.String(),
  idNumberOrder: Type.String(),
  regionCode: Type.String(),
  state: Type.String(),
  numberType: Type.String(),
  orderNumbers: Type.Array(
    Type.Object({
      phoneNumber: Type.String(),
      numberPrice: Type.Object({
        setupPrice: Money,
        monthlyPrice: Money,
        paymentIntervalMonths: Type.Integer(),
      }),
      capability: Type.Array(Type.String()),
    }),
  ),
  ...Configuration,
  callbackUrl: Type.String(),
  expireTime: Type.String(),
  createTime: Type.String(),
  updateTime: Type.String(),
  rejectionReason: Type.String(),
});

export const Attachment = Type.Object({
  attachmentId: Type.String(),
  fileName: Type.String(),
  mimeType: Type.String(),
  createTime: Type.String(),
  updateTime: Type.String(),
  uploadStatus: Type.String(),
  documentType: Type.String(),
});

/** Any JSON value (registration data is free-form; the policy validates it). */
export const AnyJson = Type.Unsafe<unknown>({});

export const Registration = Type.Object({
  data: AnyJson,
  attachments: Type.Array(Attachment),
  requestDetails: Type.Object({ data: AnyJson }),
});
