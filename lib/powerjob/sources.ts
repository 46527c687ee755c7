// The PowerJob servers the collector polls: those of FULCRUM_POWERJOB_SERVERS (fixed while the
// process runs) and those added in the console (Settings → Sources, kept in the store).
import type { Source } from './collector.ts';
import { ProblemError } from '../domain/problem.ts';

const KEY = 'powerjob_sources';

export interface SettingsStore {
  getSetting<T>(key: string): Promise<T | undefined>;
  putSetting<T>(key: string, value: T): Promise<void>;
}

export function createSources(store: SettingsStore, fromEnv: readonly string[]) {
  let added: string[] = [];
  const list = (): Source[] => [
    ...fromEnv.map((address) => ({ address, origin: 'env' as const })),
    ...added.filter((a) => !fromEnv.includes(a)).map((address) => ({ address, origin: 'console' as const })),
  ];
  const save = async (next: string[]) => {
    await store.putSetting(KEY, next);
    added = next;
  };
  const mustBeConsole = (address: string) => {
    if (fromEnv.includes(address)) {
      throw new ProblemError(409, `${address} comes from FULCRUM_POWERJOB_SERVERS; change that variable and restart to remove or edit it`, { code: 'source-from-env', params: { address } });
    }
    if (!added.includes(address)) throw new ProblemError(404, `${address} is not a configured source`, { code: 'source-not-found', params: { address } });
  };
  return {
    /** Re-reads the console's list (another replica or operator may have changed it). */
    async load(): Promise<void> {
      added = (await store.getSetting<string[]>(KEY)) ?? [];
    },
    list,
    async add(address: string): Promise<Source[]> {
      await this.load();
      if (list().some((s) => s.address === address)) throw new ProblemError(409, `${address} is already a source`, { code: 'source-exists', params: { address } });
      await save([...added, address]);
      return list();
    },
    async remove(address: string): Promise<Source[]> {
      await this.load();
      mustBeConsole(address);
      await save(added.filter((a) => a !== address));
      return list();
    },
    async replace(address: string, next: string): Promise<Source[]> {
      await this.load();
      mustBeConsole(address);
      if (address !== next && list().some((s) => s.address === next)) throw new ProblemError(409, `${next} is already a source`, { code: 'source-exists', params: { address: next } });
      await save(added.map((a) => (a === address ? next : a)));
      return list();
    },
  };
}

export type Sources = ReturnType<typeof createSources>;
