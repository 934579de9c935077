import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { toolError } from '../errors.ts';
import { PRECOMPILED_DATASET } from '../spec/precompiled/dataset.generated.ts';
import { compileSchema } from '../spec/schema-compiler.ts';
import { parseYamlDocument, sha256Of } from '../spec/yaml-documents.ts';

/** A loyalty program of an org and the decimals its amounts may carry (error 8906). */
export interface ProgramSeed {
  id: number;
  name: string;
  roundDecimals: number;
}

/** One promised-points entry of a bill: bill-level when it names no line item. */
export interface PromisedSeed {
  programId: number;
  points: number | string;
  category: 'delayedAccrual' | 'externalTrigger';
  lineItemId?: number;
  itemCode?: string;
  promotion?: { id: number; identifier: string; name: string };
}

/** A bill whose event issued promised points. */
export interface BillSeed {
  billNumber: string;
  eventName: string;
  eventLogId: number;
  promised: PromisedSeed[];
}

/** Identifier types a customer can be looked up by. */
export const IDENTIFIER_TYPES = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'] as const;
/** One of {@link IDENTIFIER_TYPES}. */
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** A customer with balances per program and promised points on bills. */
export interface CustomerSeed {
  id: number;
  identifiers: Partial<Record<Exclude<IdentifierType, 'id'>, string>>;
  programs: number[];
  mainPoints: Record<string, number | string>;
  pointsAwards?: number[];
  bills?: BillSeed[];
}

/** A Capillary org: configuration, credentials and customers. */
export interface OrgSeed {
  id: string;
  name: string;
  allowNegativeBalanceOnReturn: boolean;
  defaultProgramId: number;
  dualEligibility: { enabled: boolean; primaryIdentifier: Exclude<IdentifierType, 'id'> };
  programs: ProgramSeed[];
  credentials: {
    /** Store tills; `accessGroups` defaults to Default and Points. */
    tills: { username: string; password: string; accessGroups?: string[] }[];
    oauthClients: { key: string; secret: string }[];
    /** OAuth tokens issued beforehand (as a vault hands them out): accepted without a token request, never expire. */
    oauthTokens?: string[];
  };
  promotions?: { id: number; identifier: string; programId: number; name: string }[];
  customers: CustomerSeed[];
  userGroups?: { id: number; primaryCustomerId: number }[];
}

/** A fabric tenant: bearer tokens and members with active and pending points. */
export interface FabricTenantSeed {
  id: string;
  bearerTokens: string[];
  members: { profileId: string; activePoints: number; pendingPoints: number }[];
}

/** The whole seed dataset of the reference provider. */
export interface Dataset {
  version: 1;
  tokenTtlSeconds: number;
  orgs: OrgSeed[];
  fabric: { tenants: FabricTenantSeed[] };
}

const amount = { oneOf: [{ type: 'number' }, { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' }] };
/**
 * The JSON Schema of a dataset (defaults filled in when it is checked). What only some tests need
 * has a default, so that a consumer's dataset of one org and one customer (PUT between tests) need
 * not spell out fabric, OAuth clients or dual eligibility: no fabric tenant, no OAuth client, dual
 * eligibility off.
 */
export const DATASET_SCHEMA = {
  type: 'object',
  required: ['version', 'orgs'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    tokenTtlSeconds: { type: 'integer', minimum: 1, default: 3600 },
    orgs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'name',
          'allowNegativeBalanceOnReturn',
          'defaultProgramId',
          'programs',
          'credentials',
          'customers',
        ],
        properties: {
          id: { type: 'string', minLength: 1 },
          name: { type: 'string' },
          allowNegativeBalanceOnReturn: { type: 'boolean' },
          defaultProgramId: { type: 'integer' },
          dualEligibility: {
            type: 'object',
            default: { enabled: false, primaryIdentifier: 'mobile' },
            required: ['enabled', 'primaryIdentifier'],
            properties: {
              enabled: { type: 'boolean' },
              primaryIdentifier: { enum: ['mobile', 'email', 'externalId', 'cuid', 'primaryUserId'] },
            },
          },
          programs: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['id', 'name', 'roundDecimals'],
              properties: {
                id: { type: 'integer' },
                name: { type: 'string' },
                roundDecimals: { type: 'integer', minimum: 0, maximum: 6 },
              },
            },
          },
          credentials: {
            type: 'object',
            required: ['tills'],
            properties: {
              tills: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['username', 'password'],
                  properties: {
                    username: { type: 'string' },
                    password: { type: 'string' },
                    accessGroups: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
              oauthClients: {
                type: 'array',
                default: [],
                items: {
                  type: 'object',
                  required: ['key', 'secret'],
                  properties: { key: { type: 'string' }, secret: { type: 'string' } },
                },
              },
              oauthTokens: { type: 'array', items: { type: 'string', minLength: 8 } },
            },
          },
          promotions: {
            type: 'array',
            items: { type: 'object', required: ['id', 'identifier', 'programId'] },
          },
          userGroups: { type: 'array', items: { type: 'object', required: ['id', 'primaryCustomerId'] } },
          customers: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'identifiers', 'programs', 'mainPoints'],
              properties: {
                id: { type: 'integer' },
                identifiers: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
                programs: { type: 'array', items: { type: 'integer' } },
                mainPoints: { type: 'object', additionalProperties: amount },
                pointsAwards: { type: 'array', items: { type: 'integer' } },
                bills: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['billNumber', 'eventName', 'eventLogId', 'promised'],
                    properties: {
                      billNumber: { type: 'string' },
                      eventName: { type: 'string' },
                      eventLogId: { type: 'integer' },
                      promised: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['programId', 'points', 'category'],
                          properties: {
                            programId: { type: 'integer' },
                            points: amount,
                            category: { enum: ['delayedAccrual', 'externalTrigger'] },
                            lineItemId: { type: 'integer' },
                            itemCode: { type: 'string' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    fabric: {
      type: 'object',
      default: { tenants: [] },
      required: ['tenants'],
      properties: {
        tenants: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'bearerTokens', 'members'],
            properties: {
              id: { type: 'string' },
              bearerTokens: { type: 'array', items: { type: 'string', minLength: 1 } },
              members: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['profileId', 'activePoints', 'pendingPoints'],
                  properties: {
                    profileId: { type: 'string', minLength: 1 },
                    activePoints: { type: 'number' },
                    pendingPoints: { type: 'number' },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

let datasetValidator: ValidateFunction | undefined;

/** Checks a dataset object and returns it typed; throws LC_ERR_DATASET_INVALID naming the field. */
export function parseDataset(value: unknown, origin = 'given to parseDataset()'): Dataset {
  // Compiled on first use (never when this module is imported), once per process.
  datasetValidator ??= compileSchema('dataset', DATASET_SCHEMA, PRECOMPILED_DATASET);
  const validateDataset = datasetValidator;
  const copy = structuredClone(value);
  if (!validateDataset(copy)) {
    const first = validateDataset.errors?.[0];
    throw toolError('LC_ERR_DATASET_INVALID', {
      origin,
      field: first?.instancePath || '/',
      problem: first?.message ?? 'invalid',
    });
  }
  const dataset = copy as unknown as Dataset;
  const inconsistent = inconsistencyOf(dataset);
  if (inconsistent) throw toolError('LC_ERR_DATASET_INVALID', { origin, ...inconsistent });
  return dataset;
}

/**
 * The first reference between parts of a dataset that names nothing (a default program the org
 * does not have, a customer in an unknown program) or an ID used twice where the provider looks
 * things up by it. The schema cannot say these; unchecked, the mock answered them with
 * surprises (zero balances, 1218 "not enrolled", one customer's balance under another's ID).
 */
function inconsistencyOf(dataset: Dataset): { field: string; problem: string } | undefined {
  const orgIds = new Set<string>();
  for (const [o, org] of dataset.orgs.entries()) {
    const at = `/orgs/${o}`;
    if (orgIds.has(org.id)) return { field: `${at}/id`, problem: `org id ${org.id} is used twice` };
    orgIds.add(org.id);
    const programs = new Set<number>();
    for (const [p, program] of org.programs.entries()) {
      if (programs.has(program.id)) {
        return {
          field: `${at}/programs/${p}/id`,
          problem: `program id ${program.id} is used twice in org ${org.id}`,
        };
      }
      programs.add(program.id);
    }
    const known = [...programs].join(', ');
    if (!programs.has(org.defaultProgramId)) {
      return {
        field: `${at}/defaultProgramId`,
        problem: `program ${org.defaultProgramId} is not one of the org's programs (${known})`,
      };
    }
    for (const [p, promotion] of (org.promotions ?? []).entries()) {
      if (!programs.has(promotion.programId)) {
        return {
          field: `${at}/promotions/${p}/programId`,
          problem: `program ${promotion.programId} is not one of the org's programs (${known})`,
        };
      }
    }
    const customerIds = new Set<number>();
    for (const [c, customer] of org.customers.entries()) {
      const where = `${at}/customers/${c}`;
      if (customerIds.has(customer.id)) {
        return { field: `${where}/id`, problem: `customer id ${customer.id} is used twice in org ${org.id}` };
      }
      customerIds.add(customer.id);
      for (const [p, programId] of customer.programs.entries()) {
        if (!programs.has(programId)) {
          return {
            field: `${where}/programs/${p}`,
            problem: `program ${programId} is not one of the org's programs (${known})`,
          };
        }
      }
      for (const key of Object.keys(customer.mainPoints)) {
        if (!programs.has(Number(key))) {
          return {
            field: `${where}/mainPoints/${key}`,
            problem: `program ${key} is not one of the org's programs (${known})`,
          };
        }
      }
      for (const [b, bill] of (customer.bills ?? []).entries()) {
        for (const [e, entry] of bill.promised.entries()) {
          if (!programs.has(entry.programId)) {
            return {
              field: `${where}/bills/${b}/promised/${e}/programId`,
              problem: `program ${entry.programId} is not one of the org's programs (${known})`,
            };
          }
        }
      }
    }
    for (const [g, group] of (org.userGroups ?? []).entries()) {
      if (!customerIds.has(group.primaryCustomerId)) {
        return {
          field: `${at}/userGroups/${g}/primaryCustomerId`,
          problem: `no customer of org ${org.id} has id ${group.primaryCustomerId}`,
        };
      }
    }
  }
  return undefined;
}

/** Reads and checks a dataset YAML file. */
export function loadDataset(path: string): Dataset {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    // Says why (a typo in --dataset is ENOENT), so "invalid at /" is not read as a bad document.
    const code = (error as NodeJS.ErrnoException).code;
    const problem = `file not readable (${code === 'ENOENT' ? 'no such file' : (code ?? 'unknown error')})`;
    throw toolError('LC_ERR_DATASET_INVALID', { origin: path, field: '/', problem }, { cause: error });
  }
  let document: ReturnType<typeof parseYamlDocument>;
  try {
    document = parseYamlDocument(bytes.toString('utf8'), sha256Of(bytes));
  } catch (error) {
    const problem = `not valid YAML: ${((error as Error).message.split('\n')[0] ?? '').replace(/:$/, '')}`;
    throw toolError('LC_ERR_DATASET_INVALID', { origin: path, field: '/', problem }, { cause: error });
  }
  return parseDataset(document, path);
}
