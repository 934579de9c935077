import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { toolError } from '../errors.ts';
import type { SpecOperation, SpecRegistry } from '../spec/index.ts';
import { PRINCIPAL_HEADER } from './credentials.ts';
import { COMMENT } from './interactions.ts';
import type { JsonValue, NamedState } from './states.ts';

/**
 * Reading pact files before any verification: every interaction with its states, its principal,
 * the requirements it names and the operation of the specs its path is, so that a contract the
 * target cannot be checked against is reported before a single request is sent.
 */

/** One HTTP interaction of a pact file. */
export interface PactInteraction {
  readonly description: string;
  readonly states: readonly NamedState[];
  /** Requirement IDs from the `requirements` comment (empty when the contract names none). */
  readonly requirements: readonly string[];
  /** The scenario it comes from (`scenario` comment or test name), if any. */
  readonly scenarioId: string | undefined;
  /** `X-LC-Principal` of the request, else the `principal` comment. */
  readonly principal: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly operation: SpecOperation;
  /** Keys of the `${...}` provider-state expressions the request uses. */
  readonly expressions: readonly string[];
}

/** One pact file. */
export interface PactFile {
  /** Its path, or its URL for a pact read from a broker. */
  readonly path: string;
  readonly consumer: string;
  readonly provider: string;
  readonly specification: string;
  readonly family: 'capillary' | 'fabric';
  readonly interactions: readonly PactInteraction[];
}

/** Whether a pact is named by an http(s) URL (a pact in a broker) rather than a path. */
export const isPactUrl = (source: string) => /^https?:\/\//i.test(source);

/** Whether the environment holds Pact Broker credentials (a token, or a user name and password). */
export function brokerCredentialsInEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.PACT_BROKER_TOKEN || (env.PACT_BROKER_USERNAME && env.PACT_BROKER_PASSWORD));
}

/** Pact files named by paths: files as given, folders by their `*.json` files, URLs as given. */
export function findPactFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    if (isPactUrl(given)) {
      files.push(given);
      continue;
    }
    const path = resolve(given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      throw toolError(
        'LC_ERR_PACT_INVALID',
        { path: given, reason: (error as Error).message },
        { cause: error },
      );
    }
    if (!isDirectory) files.push(path);
    else {
      const found = readdirSync(path)
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => join(path, name));
      if (found.length === 0)
        throw toolError('LC_ERR_PACT_INVALID', { path: given, reason: 'the folder holds no .json file' });
      files.push(...found);
    }
  }
  return files;
}

/** Reads and checks one pact, from a file or (an http(s) URL) from a Pact Broker. */
export async function readPactSource(source: string, registry: SpecRegistry): Promise<PactFile> {
  if (!isPactUrl(source)) return readPactFile(source, registry);
  return parsePactText(await fetchPactText(source), source, registry);
}

/** Milliseconds a broker may take to answer a pact's URL. */
const BROKER_TIMEOUT_MS = 30_000;

/** A pact's text from a broker, read with the broker credentials of the environment. */
async function fetchPactText(url: string): Promise<string> {
  const fail = (reason: string, cause?: unknown) =>
    toolError('LC_ERR_PACT_INVALID', { path: url, reason }, cause ? { cause } : undefined);
  const env = process.env;
  const authorization = env.PACT_BROKER_TOKEN
    ? `Bearer ${env.PACT_BROKER_TOKEN}`
    : env.PACT_BROKER_USERNAME && env.PACT_BROKER_PASSWORD
      ? `Basic ${Buffer.from(`${env.PACT_BROKER_USERNAME}:${env.PACT_BROKER_PASSWORD}`).toString('base64')}`
      : undefined;
  try {
    const answer = await request(url, {
      headers: {
        accept: 'application/hal+json, application/json',
        ...(authorization ? { authorization } : {}),
      },
      headersTimeout: BROKER_TIMEOUT_MS,
      bodyTimeout: BROKER_TIMEOUT_MS,
    });
    const text = await answer.body.text();
    if (answer.statusCode !== 200) throw fail(`the broker answered ${answer.statusCode}`);
    return text;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'LC_ERR_PACT_INVALID') throw error;
    throw fail(`it cannot be read (${(error as Error).message})`, error);
  }
}

/** Reads and checks one pact file (V3 or V4, HTTP interactions). */
export function readPactFile(path: string, registry: SpecRegistry): PactFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw toolError('LC_ERR_PACT_INVALID', { path, reason: (error as Error).message }, { cause: error });
  }
  return parsePactText(text, path, registry);
}

/** Checks one pact's text; `path` names it in messages. */
function parsePactText(text: string, path: string, registry: SpecRegistry): PactFile {
  const invalid = (reason: string) => toolError('LC_ERR_PACT_INVALID', { path, reason });
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw toolError('LC_ERR_PACT_INVALID', { path, reason: (error as Error).message }, { cause: error });
  }
  const consumer = nameOf(document.consumer);
  const provider = nameOf(document.provider);
  if (!consumer || !provider) throw invalid('consumer.name and provider.name are required');
  const metadata = record(document.metadata);
  const specification = String(
    record(metadata.pactSpecification ?? metadata['pact-specification']).version ?? '',
  );
  if (!Array.isArray(document.interactions) || document.interactions.length === 0) {
    throw invalid('it has no interactions');
  }
  const families = new Set<'capillary' | 'fabric'>();
  const descriptions = new Set<string>();
  const interactions = document.interactions.map((raw, index) => {
    const interaction = record(raw);
    const description = typeof interaction.description === 'string' ? interaction.description : '';
    if (!description) throw invalid(`interaction ${index} has no description`);
    if (descriptions.has(description)) throw invalid(`two interactions are described "${description}"`);
    descriptions.add(description);
    if (interaction.type !== undefined && interaction.type !== 'Synchronous/HTTP') {
      throw invalid(
        `interaction "${description}" is ${String(interaction.type)}; only HTTP interactions can be verified`,
      );
    }
    const request = record(interaction.request);
    const method = String(request.method ?? 'GET').toUpperCase();
    const requestPath = typeof request.path === 'string' ? request.path : '';
    const operation = operationAt(registry, method, requestPath);
    if (!operation) {
      throw invalid(
        `interaction "${description}": ${method} ${requestPath} is no operation of the specs (paths are relative to the API family's base URL, e.g. /v1/members/points-adjustment)`,
      );
    }
    families.add(operation.family === 'fabric' ? 'fabric' : 'capillary');
    const comments = record(interaction.comments);
    const requirements = String(comments[COMMENT.requirements] ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const scenario = comments[COMMENT.scenario] ?? comments.testname;
    const principal = headerValue(request.headers, PRINCIPAL_HEADER) ?? comments[COMMENT.principal];
    return {
      description,
      states: statesOf(interaction),
      requirements,
      scenarioId: typeof scenario === 'string' ? scenario : undefined,
      principal: typeof principal === 'string' ? principal : undefined,
      method,
      path: requestPath,
      operation,
      expressions: expressionsOf(record(request.generators)),
    } satisfies PactInteraction;
  });
  if (families.size > 1)
    throw invalid('its interactions call both API families; keep one family per pact file');
  return {
    path,
    consumer,
    provider,
    specification,
    family: [...families][0] ?? 'capillary',
    interactions,
  };
}

function statesOf(interaction: Record<string, unknown>): NamedState[] {
  if (Array.isArray(interaction.providerStates)) {
    return interaction.providerStates.map((s) => {
      const state = record(s);
      return { name: String(state.name ?? ''), params: record(state.params) as Record<string, JsonValue> };
    });
  }
  // Pact V2 wrote one state as `providerState`.
  const single = interaction.providerState ?? interaction.provider_state;
  return typeof single === 'string' ? [{ name: single, params: {} }] : [];
}

/** The operation a method and path (relative to the family's base URL) are. */
function operationAt(registry: SpecRegistry, method: string, path: string): SpecOperation | undefined {
  return registry.operations().find((operation) => {
    if (operation.method.toUpperCase() !== method) return false;
    const pattern = operation.path
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return new RegExp(`^${pattern}/?$`).test(path);
  });
}

/** The keys of every `${key}` of the request's provider-state generators. */
function expressionsOf(generators: Record<string, unknown>): string[] {
  const keys = new Set<string>();
  const visit = (value: unknown) => {
    const node = record(value);
    if (node.type === 'ProviderState' && typeof node.expression === 'string') {
      for (const match of node.expression.matchAll(/\$\{([^}]+)\}/g)) keys.add(match[1] as string);
      return;
    }
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) visit(child);
  };
  visit(generators);
  return [...keys];
}

function headerValue(headers: unknown, name: string): string | undefined {
  const entry = Object.entries(record(headers)).find(([key]) => key.toLowerCase() === name.toLowerCase());
  const value = entry?.[1];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function nameOf(value: unknown): string | undefined {
  const name = record(value).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
