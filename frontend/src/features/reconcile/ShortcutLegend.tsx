import { Kbd } from '@/components/ui';

export const SHORTCUTS: ReadonlyArray<{ keys: string[]; label: string }> = [
  { keys: ['j', 'k'], label: 'next / previous' },
  { keys: ['a'], label: 'approve' },
  { keys: ['d'], label: 'dismiss' },
  { keys: ['r'], label: 'review' },
  { keys: ['x'], label: 'select' },
];

/** The keyboard shortcuts of the Reconcile screen, always in view. */
export function ShortcutLegend() {
  return (
    <ul className="shortcut-legend" aria-label="Keyboard shortcuts">
      {SHORTCUTS.map((s) => (
        <li key={s.label}>
          {s.keys.map((k) => (
            <Kbd key={k}>{k}</Kbd>
          ))}
          <span>{s.label}</span>
        </li>
      ))}
    </ul>
  );
}
