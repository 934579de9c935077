import { describeVariantShard } from './variant-shards.ts';

// The correct variants of shard 1 (see `VARIANT_SHARDS`): a full conformance run of each.
describeVariantShard(1);
