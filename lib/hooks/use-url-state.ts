'use client';
// List state (filters, sort, page) kept in the URL, so a view can be shared as a link and
// survives a reload.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

export function useUrlState<T extends Record<string, string>>(defaults: T): [T, (patch: Partial<T>) => void, string] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => {
    const s = { ...defaults };
    for (const key of Object.keys(defaults) as (keyof T)[]) {
      const v = params.get(key as string);
      if (v !== null) s[key] = v as T[keyof T];
    }
    return s;
    // defaults are constant per page, so they are not dependencies
  }, [params]);
  const query = useMemo(() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(state)) if (v !== '' && v !== defaults[k]) q.set(k, v);
    return q.toString();
  }, [state]);
  const set = useCallback(
    (patch: Partial<T>) => {
      const next = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...state, ...patch })) if (v !== '' && v !== defaults[k]) next.set(k, v as string);
      router.replace(`${pathname}${next.size ? `?${next}` : ''}`, { scroll: false });
    },
    [state, pathname, router],
  );
  return [state, set, query];
}
