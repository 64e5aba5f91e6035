import { Type } from 'typebox';

const FieldErrorSchema = Type.Object(
  {
    pointer: Type.String({ description: 'JSON Pointer (RFC 6901) to the failing field, e.g. /phoneNumber.' }),
    detail: Type.String({ description: 'What is wrong with it.' }),
  },
  { additionalProperties: false },
);

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI of the problem type.' }),
    title: Type.String({ description: 'Short summary of the problem type.' }),
    status: Type.Integer({ description: 'The HTTP status.' }),
    detail: Type.String({ description: 'What went wrong in this request.' }),
    code: Type.String({ description: 'Stable machine-readable code, e.g. validation_failed, customer_exists.' }),
    requestId: Type.String({ description: 'The request id, also in the X-Request-Id header; quote it to support.' }),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { description: 'Every failing field (validation problems).' })),
  },
  {
    additionalProperties: true,
    $id: 'Problem',
    description: 'An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes.',
  },
);

export const problemResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, Type.Ref('Problem')]));
