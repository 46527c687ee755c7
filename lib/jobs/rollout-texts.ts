// The rollout controller's texts in English, from the messages' `rolloutTexts` section: a row's
// `detail` is the English of its `code` and `params`, so the two never say different things.
import en from '../../messages/en.json' with { type: 'json' };
import { sayRolloutText, wordsOf, type RolloutText, type RolloutTextCode, type RolloutTextParams } from '../domain/rollout-texts.ts';

const ENGLISH = wordsOf(en.rolloutTexts);

/** A text the controller writes: its code and params, and their English as the row's detail. */
export function said(code: RolloutTextCode, params: RolloutTextParams = {}): RolloutText & { detail: string } {
  return { code, params, detail: sayRolloutText({ code, params }, ENGLISH) ?? code };
}

/** An audit entry's detail (its English) and its code (0021), for a text that holds another one (`text`: a move's). */
export function auditSaid(code: RolloutTextCode, params: RolloutTextParams, text: RolloutText): { detail: string; detailText: RolloutText } {
  const { detail, ...detailText } = said(code, { ...params, text: { code: text.code, params: text.params } });
  return { detail, detailText };
}
