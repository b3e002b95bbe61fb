import { ChevronRight } from 'lucide-react';
import type { KindInfo } from '@/api';

const GROUPS: { role: string; title: string; hint: string }[] = [
  { role: 'psa', title: 'PSA', hint: 'Where you bill: companies, agreements and service lines' },
  { role: 'vendor', title: 'Vendor', hint: 'What you are charged: customers and subscriptions' },
];

export function KindPicker({ kinds, onPick }: { kinds: KindInfo[]; onPick: (kind: KindInfo) => void }) {
  return (
    <div className="kind-picker">
      {GROUPS.map((g) => {
        const items = kinds.filter((k) => k.role === g.role);
        if (items.length === 0) return null;
        return (
          <section key={g.role} className="kind-group" aria-label={g.title}>
            <h3 className="kind-group__title">{g.title}</h3>
            <p className="kind-group__hint">{g.hint}</p>
            <ul className="kind-list">
              {items.map((k) => (
                <li key={k.kind}>
                  <button type="button" className="kind-option" onClick={() => onPick(k)} data-kind={k.kind}>
                    <span className="kind-option__text">
                      <span className="kind-option__label">{k.label}</span>
                      <span className="kind-option__hint">
                        {k.change_filter
                          ? 'QuickSync asks the API for changes only'
                          : 'QuickSync compares on this computer (the API has no change filter)'}
                      </span>
                    </span>
                    <ChevronRight size={16} aria-hidden="true" />
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
