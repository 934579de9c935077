import { describeVariantShard } from './variant-shards.ts';

// The correct variants of shard 2 (see `VARIANT_SHARDS`): a conformance run of each, scoped to
// the API family it changes where one is derived (see variant-scope.ts).
describeVariantShard(2);
