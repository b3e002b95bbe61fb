import { CalendarCheck, CircleCheck, Play } from 'lucide-react';
import { useNavigation } from '@/app/navigation';
import { Button } from '@/components/ui';
import { cycleLabel } from '@/features/activity-log/ledgerLabels';
import { pluralize } from '@/lib/format';
import { useOpenMonth } from './useOpenMonth';
import './month-entry.css';

/** The sidebar's way into the guided month, above the pages. */
export function MonthSidebarButton() {
  const { label, detail, open, pending, done } = useOpenMonth();
  const { page } = useNavigation();
  return (
    <button
      type="button"
      className={`month-cta${done ? ' month-cta--done' : ''}`}
      aria-current={page === 'month' ? 'page' : undefined}
      onClick={open}
      disabled={pending}
      aria-busy={pending || undefined}
    >
      {done ? <CircleCheck size={18} aria-hidden="true" /> : <CalendarCheck size={18} aria-hidden="true" />}
      <span className="month-cta__text">
        <span className="month-cta__label">{label}</span>
        {detail && <span className="month-cta__detail">{detail}</span>}
      </span>
    </button>
  );
}

/** The card on the home screen (Sync Status) that starts or continues the month. */
export function MonthHomeCard() {
  const { progress, label, detail, open, pending, started, done } = useOpenMonth();
  const p = progress.data;
  if (!p) return null;
  const unmapped = p.unmapped.reduce((n, u) => n + u.accounts + u.products, 0);
  return (
    <section className="card month-home" aria-labelledby="month-home-title" data-testid="month-home-card">
      <div className="month-home__icon" aria-hidden="true">
        {done ? <CircleCheck size={22} /> : <CalendarCheck size={22} />}
      </div>
      <div className="month-home__body">
        <h2 className="month-home__title" id="month-home-title">
          {cycleLabel(p.cycle)} true-up
        </h2>
        <p className="month-home__text">
          {done
            ? p.summary || `Done: ${pluralize(p.pushed, 'push', 'pushes')} this month.`
            : started
              ? `${detail}. ${pluralize(p.open_cards, 'card')} open.`
              : `Map, sync, review the cards, reconcile costs and check the result, step by step.${
                  unmapped > 0 ? ` ${pluralize(unmapped, 'item')} to map first.` : ''
                }`}
        </p>
      </div>
      <Button variant={done ? 'secondary' : 'primary'} icon={done ? undefined : <Play size={16} aria-hidden="true" />} onClick={open} loading={pending}>
        {label}
      </Button>
    </section>
  );
}
