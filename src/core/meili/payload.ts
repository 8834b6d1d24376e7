// The largest request body the engines we run accept, and what the ingester sends under it. One
// number for the embedded engine (embedded.ts), the compose engine (docker-compose.yml) and the
// spool (ingest/spool.ts). Why so large: the spool of a run goes to the engine as a few requests,
// and the engine starts indexing the first as soon as it arrives; every later request lands in a
// second batch that rewrites the first batch's posting lists (at 20,000 documents: ~600 MB of
// records, four requests of 180 MB, two batches — the largest cost above the engine's own). The
// body is streamed to a file on the engine's disk, not held in memory, so a large limit costs
// nothing until a request is that large.
export const ENGINE_PAYLOAD_LIMIT_MIB = 4096;

/** Largest spool request: under the limit, with room for a line that does not fit a segment. */
export const MAX_REQUEST_BYTES = (ENGINE_PAYLOAD_LIMIT_MIB - 64) * 2 ** 20;
