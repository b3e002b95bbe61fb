import { errorMessage } from '@/api';
import { InlineAlert, Spinner } from '@/components/ui';
import { AutoTrueUpIntegration } from './AutoTrueUpIntegration';
import { useAutoTrueUps } from './queries';
import './autoTrueUp.css';

/** Settings > Automatic true-up: one panel per vendor integration; the one named focus (the
 * vendor of an inbox notice) is scrolled into view and focused once it is here. */
export function AutoTrueUpSection({ focus = null }: { focus?: string | null }) {
  const list = useAutoTrueUps();
  return (
    <section className="section auto-trueup" aria-labelledby="auto-trueup-title">
      <div className="section__header">
        <h2 className="section__title" id="auto-trueup-title">
          Automatic true-up
        </h2>
      </div>
      <p className="auto-trueup__about">
        After each scheduled sync of a vendor that succeeds, TrueUp pushes its mapped customers' changes as the billing
        style says, through the same outbox and activity log as your approvals (marked Automatic). Large changes always
        wait as cards. The first run is a dry run: nothing is pushed until you approve its plan.
      </p>
      {list.isPending && (
        <div className="loading">
          <Spinner size={18} /> Reading the settings…
        </div>
      )}
      {list.isError && <InlineAlert>Could not read the automatic true-up: {errorMessage(list.error)}</InlineAlert>}
      {list.data && list.data.length === 0 && <p>Add a vendor integration to true it up automatically.</p>}
      {list.data?.map((s) => (
        <AutoTrueUpIntegration key={s.integration_id} settings={s} focused={s.integration === focus} />
      ))}
    </section>
  );
}
