// A rollout's id, `ro-` and ten hex digits: made by the creation form before the rollout exists, so
// that the preview buckets cohorts by the id the rollout will have (cohort.ts hashes `<id>:<key>`).

export const ROLLOUT_ID = /^ro-[0-9a-f]{10}$/;

/** The id from five random bytes (crypto.getRandomValues in the browser, randomBytes on the server). */
export function rolloutIdOf(bytes: Uint8Array): string {
  if (bytes.length < 5) throw new RangeError('a rollout id takes five random bytes');
  return `ro-${[...bytes.subarray(0, 5)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
