import type { QueryParam, Schema } from './apikit.ts';

/**
 * The vendor's own OAS 3 spec, written from the pages, from which APIkit's router was scaffolded:
 * stricter than the pages where a table gives a type or a list of values (enums are case-sensitive,
 * an Integer field refuses a string), looser where an example contradicts its table
 * (`pointsToBeAdjusted` untyped: the example sends "100.00"; `billNumber` and `eventLogId` in
 * each shape the example and the table give).
 */
const NPA_SOURCES = [
  'INSTORE',
  'MARTJACK',
  'WECHAT',
  'FACEBOOK',
  'WEB_ENGAGE',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'ALL',
];
const UNLOCK_SOURCES = [
  'INSTORE',
  'FACEBOOK',
  'WEB_ENGAGE',
  'WECHAT',
  'MARTJACK',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'MOBILE_APP',
];

const text: Schema = { type: 'string' };
const integer: Schema = { type: 'integer' };

export const TOKEN_BODY: Schema = {
  type: 'object',
  required: ['key', 'secret'],
  properties: { key: text, secret: text },
};

export const NPA_QUERY: Readonly<Record<string, QueryParam>> = {
  identifierName: { type: 'string', enum: ['externalId', 'mobile'], required: true },
  identifierValue: { type: 'string', required: true },
  source: { type: 'string', enum: NPA_SOURCES, required: true },
};

export const NPA_BODY: Schema = {
  type: 'object',
  required: ['pointsToBeAdjusted', 'reasonOfReturn'],
  properties: {
    // Untyped: the table says Integer, the example sends "100.00".
    pointsToBeAdjusted: {},
    programId: integer,
    reasonOfReturn: { type: 'string', maxLength: 50 },
    pointsAwardedId: integer,
    promotionId: integer,
    promotionIdentifier: text,
    pointsAwardedRefType: {
      type: 'string',
      enum: [
        'bill_regular',
        'bill_promotions',
        'line_item_regular',
        'line_item_promotions',
        'customer_promotions',
      ],
    },
  },
};

export const BALANCE_QUERY: Readonly<Record<string, QueryParam>> = {
  source: { type: 'string', enum: [...new Set([...NPA_SOURCES, ...UNLOCK_SOURCES])], required: true },
  identifierName: { type: 'string', required: true },
  identifierValue: { type: 'string', required: true },
  programId: { type: 'integer' },
  fetchDataForAllPrograms: { type: 'boolean' },
};

export const UNLOCK_QUERY: Readonly<Record<string, QueryParam>> = {
  identifierName: {
    type: 'string',
    enum: ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'],
    minLength: 1,
    required: true,
  },
  identifierValue: { type: 'string', minLength: 1, required: true },
  source: { type: 'string', enum: UNLOCK_SOURCES, minLength: 1, required: true },
  type: { type: 'string', enum: ['USERGROUP2', 'CUSTOMER'] },
};

const idOrIds: Schema = {
  oneOf: [integer, { type: 'string' }, { type: 'array', items: { oneOf: [integer, { type: 'string' }] } }],
};

export const UNLOCK_BODY: Schema = {
  type: 'object',
  required: ['eventName', 'billNumber'],
  properties: {
    eventName: { type: 'string', minLength: 1 },
    billNumber: { oneOf: [{ type: 'string', minLength: 1 }, integer] },
    eventLogId: idOrIds,
    lineItemIds: { type: 'array', items: integer },
    itemCodes: { type: 'array', items: text },
    billDate: { type: 'string', format: 'date' },
    sourceStoreId: integer,
    sourceTillId: integer,
    sourceTilId: integer,
    sourceProgramId: integer,
  },
};

export const FABRIC_BODY: Schema = {
  type: 'object',
  required: ['points'],
  properties: {
    points: { type: 'number' },
    profileId: text,
    pointType: { type: 'string', nullable: true, minLength: 1 },
    billingEntity: { type: 'string', nullable: true, minLength: 1 },
    reasonCode: { type: 'string', nullable: true, minLength: 1 },
    setToPending: { type: 'boolean' },
  },
};
