'use client';
// The rollout controller's texts (a rollout's events and moves) in the operator's language: a row
// with a code is said from the messages' `rolloutTexts`, an older row by its English detail.
import { useTranslations } from 'next-intl';
import { sayRolloutText } from '@/lib/domain/rollout-texts';

export function useRolloutText() {
  const t = useTranslations('rolloutTexts');
  return <D extends string | null>(row: { code?: string | null; params?: unknown; detail: D }): string | D =>
    sayRolloutText(row, (key) => (t.has(key) ? String(t.raw(key)) : undefined)) ?? row.detail;
}
