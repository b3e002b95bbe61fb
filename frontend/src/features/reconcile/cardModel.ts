// Pure helpers of the Reconcile screen: labels, the order and groups cards are shown in,
// and which approvals need a confirmation first.
import type { Card, CardFlag, CardState, PushEntry } from '@/api';
import type { BadgeTone } from '@/components/ui';

export type GroupBy = 'none' | 'account' | 'vendor';

export const STATE_LABELS: Record<CardState, string> = {
  reconcile: 'Reconcile',
  new_revenue: 'New Revenue',
  no_change: 'No Change',
  no_vendor_data: 'No vendor data',
};

export const STATE_TONES: Record<CardState, BadgeTone> = {
  reconcile: 'accent',
  new_revenue: 'success',
  no_change: 'neutral',
  no_vendor_data: 'warning',
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state as CardState] ?? state;
}

export function stateTone(state: string): BadgeTone {
  return STATE_TONES[state as CardState] ?? 'neutral';
}

interface FlagInfo {
  label: string;
  tone: BadgeTone;
  /** What the flag means, shown in its tooltip. */
  help: string;
}

export const FLAGS: Record<CardFlag, FlagInfo> = {
  large_change: { label: 'Large change', tone: 'danger', help: 'Above the large-change threshold: it needs your explicit confirmation and is left out of bulk approvals.' },
  note: { label: 'Note', tone: 'warning', help: 'The account has a note.' },
  changed_since_dismissed: { label: 'Changed since dismissed', tone: 'warning', help: 'You dismissed this card this cycle, and a quantity has moved since.' },
  changed_since_approved: { label: 'Changed since approved', tone: 'warning', help: 'The data no longer matches what was approved this cycle.' },
  cost_drift: { label: 'Cost drift', tone: 'info', help: 'The vendor cost differs from the PSA catalog cost: see Costs.' },
  not_billable: { label: 'Not billable lines', tone: 'neutral', help: 'Some PSA lines are Do Not Bill or No Charge: they are listed but not counted.' },
  less_included: { label: 'Less included', tone: 'neutral', help: 'Some seats are included in the agreement at no charge; the billed quantity excludes them.' },
  several_lines: { label: 'Several lines', tone: 'neutral', help: 'More than one billable PSA line: a push changes the target line only.' },
  several_vendor_accounts: { label: 'Several vendor accounts', tone: 'neutral', help: 'The vendor seats come from more than one vendor account (a multi-site customer).' },
  renews_soon: { label: 'Renews within 30 days', tone: 'info', help: 'A commitment term behind this card renews within 30 days: seats of an NCE term can be reduced only at its renewal.' },
  term_ends: { label: 'Term ends within 30 days', tone: 'warning', help: 'A commitment term behind this card ends within 30 days and does not auto-renew.' },
};

export function flagInfo(flag: string, note: string): FlagInfo {
  const known = FLAGS[flag as CardFlag];
  if (!known) return { label: flag.replace(/_/g, ' '), tone: 'neutral', help: '' };
  // The note flag says what the note says.
  return flag === 'note' && note ? { ...known, label: note, help: `Account note: ${note}` } : known;
}

export function isLarge(card: Card): boolean {
  return card.flags.includes('large_change');
}

/** A Reconcile card below the large threshold is approved in one key, without a dialog. */
export function approvesDirectly(card: Card): boolean {
  return card.state === 'reconcile' && !isLarge(card);
}

/** No Change and No vendor data cards have nothing to push: approving acknowledges them. */
export function acknowledgeOnly(card: Card): boolean {
  return card.state === 'no_change' || card.state === 'no_vendor_data';
}

export function isOpen(card: Card): boolean {
  return card.decision === 'open';
}

export function groupKey(card: Card, by: GroupBy): string {
  if (by === 'account') return card.account_name;
  if (by === 'vendor') return card.vendors.length > 0 ? card.vendors.join(', ') : 'No vendor';
  return '';
}

/** The cards in display order: by group (name order), the server's order within a group. */
export function arrange(cards: Card[], by: GroupBy): Card[] {
  if (by === 'none') return cards;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return cards
    .map((card, i) => ({ card, i, key: groupKey(card, by) }))
    .sort((a, b) => collator.compare(a.key, b.key) || a.i - b.i)
    .map((x) => x.card);
}

/** The push state to show: the live event when there is one, else what the card says. */
export function pushOf(card: Card, live: Record<string, PushEntry>): { state: string; lastError: string; integration: string } | null {
  const entry = live[card.id];
  if (entry) {
    // A revert's own entry is pushed once the card's change is undone.
    const state = entry.revert && entry.state === 'pushed' ? 'reverted' : entry.state;
    return { state, lastError: entry.last_error, integration: entry.integration };
  }
  return card.push ? { state: card.push, lastError: '', integration: '' } : null;
}

/** The PSA integration's name for sentences ("will be sent when ConnectWise answers"). */
export function psaName(integration: string): string {
  return integration || 'the PSA';
}
