import { describeVariantShard } from './variant-shards.ts';

// The correct variants of shard 2 (see `VARIANT_SHARDS`): a full conformance run of each.
describeVariantShard(2);
