import { CapillaryAuth } from './auth.ts';
import { type BalanceOptions, balanceMethod } from './balance.ts';
import { type CapillaryOptions, type Context, tokenMethod } from './capillary.ts';
import { type DeductionOptions, deductionMethod } from './deduction.ts';
import { adjustmentMethod, type FabricOptions, fabricSession, inquiryMethod } from './fabric.ts';
import { type RestResource, type SiteOptions, startSite } from './platform.ts';
import { Storage } from './storage.ts';
import { unlockMethod } from './unlock.ts';

export interface Cleanroom41Options
  extends SiteOptions,
    CapillaryOptions,
    DeductionOptions,
    BalanceOptions,
    FabricOptions {}

export interface Cleanroom41Provider {
  /** The site's Apex REST root: Capillary's paths under it, fabric's under `/api`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The forty-first clean room as one Node server: a Salesforce Site's domain serving the vendor's
 * `@RestResource` classes over one org's custom objects.
 */
export async function startCleanroom41Provider(
  options: Cleanroom41Options = {},
): Promise<Cleanroom41Provider> {
  const storage = new Storage();
  const ctx: Context = { storage, auth: new CapillaryAuth(storage, options.exactIdentifiers), options };
  const resources: RestResource[] = [
    { urlMapping: '/v3/oauth/token/generate', methods: { POST: tokenMethod(ctx) } },
    {
      urlMapping: '/v2/customers/lookup/negativePointsAdjustment',
      methods: { POST: deductionMethod(ctx, options) },
    },
    { urlMapping: '/v2/points/unlockPromisedPoints', methods: { POST: unlockMethod(ctx) } },
    { urlMapping: '/v2/customers/lookup/points/balance', methods: { GET: balanceMethod(ctx, options) } },
    {
      urlMapping: '/api/v1/members/points-adjustment',
      methods: { POST: adjustmentMethod(storage, options) },
      session: fabricSession(options),
    },
  ];
  if (options.inquiry)
    resources.push({
      urlMapping: '/api/v1/inquire/*',
      methods: { GET: inquiryMethod(storage) },
      session: fabricSession(options),
    });
  const site = await startSite(resources, options);
  return { url: site.apexUrl, close: () => site.close() };
}
