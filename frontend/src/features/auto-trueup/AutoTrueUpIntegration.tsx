import { Play, ShieldCheck } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/api';
import type { AutoTrueUpSettings, BillingStyle } from '@/api/autoTrueUpTypes';
import { Button, Checkbox, InlineAlert, SegmentedControl, useNotices } from '@/components/ui';
import { AgreementChooser } from './AgreementChooser';
import { AutoTrueUpPlanTable } from './AutoTrueUpPlanTable';
import {
  useApproveAutoPlan,
  useChooseAgreement,
  useDisableAutoTrueUp,
  useDryRunAutoTrueUp,
  useEnableAutoTrueUp,
  useRunAutoTrueUpNow,
} from './queries';

/**
 * One vendor integration's automatic true-up: on or off with its billing style, the dry run's
 * plan with Approve, Run now for one customer, and the last run. What runs and how it is dated
 * is decided in Go (workspace.AutoTrueUp); this only shows it and asks.
 */
export function AutoTrueUpIntegration({ settings: s, focused = false }: { settings: AutoTrueUpSettings; focused?: boolean }) {
  const [style, setStyle] = useState<BillingStyle>(s.billing_style === 'arrears' ? 'arrears' : 'advance');
  const [prorate, setProrate] = useState(s.prorate);
  const [account, setAccount] = useState('');
  const enable = useEnableAutoTrueUp();
  const disable = useDisableAutoTrueUp();
  const dryRun = useDryRunAutoTrueUp();
  const approve = useApproveAutoPlan();
  const runNow = useRunAutoTrueUpNow();
  const choose = useChooseAgreement();
  const notices = useNotices();
  const failed = [enable, disable, dryRun, approve, runNow, choose].find((m) => m.isError);
  const chooser = (it: Parameters<typeof AgreementChooser>[0]['item']) => (
    <AgreementChooser
      item={it}
      busy={choose.isPending}
      onChoose={(acct, agreementId) =>
        choose.mutate(
          { id: s.integration_id, account: acct, agreementId, dryRunAfter: !s.dry_run_approved },
          { onSuccess: () => notices.success(`New lines for ${acct} go on the chosen agreement.`) },
        )
      }
    />
  );
  const id = `auto-${s.integration_id}`;
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focused) return;
    panel.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, [focused]);
  const refused = style === 'arrears' && prorate;

  return (
    <article
      className="auto-trueup__integration"
      aria-labelledby={`${id}-title`}
      data-testid="auto-integration"
      ref={panel}
    >
      <header className="auto-trueup__head">
        <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
          {s.integration}
        </h3>
        <span className="auto-trueup__state">
          {!s.enabled ? 'Off' : s.dry_run_approved ? 'On: pushes after each scheduled sync' : 'On: dry run waiting for approval'}
        </span>
      </header>
      <div className="auto-trueup__controls">
        <SegmentedControl<BillingStyle>
          label="Billing style"
          value={style}
          onChange={setStyle}
          segments={[
            { value: 'advance', label: 'In advance' },
            { value: 'arrears', label: 'In arrears' },
          ]}
        />
        <Checkbox id={`${id}-prorate`} checked={prorate} onChange={setProrate} label="Prorate" />
        {s.enabled ? (
          <>
            <Button
              variant="secondary"
              loading={enable.isPending}
              disabled={refused}
              onClick={() => enable.mutate({ integration_id: s.integration_id, billing_style: style, prorate })}
            >
              Save style (new dry run)
            </Button>
            <Button variant="ghost" loading={disable.isPending} onClick={() => disable.mutate(s.integration_id)}>
              Turn off
            </Button>
          </>
        ) : (
          <Button
            loading={enable.isPending}
            disabled={refused}
            onClick={() => enable.mutate({ integration_id: s.integration_id, billing_style: style, prorate })}
          >
            Turn on
          </Button>
        )}
      </div>
      {(refused || s.refusal) && <InlineAlert>{s.refusal || 'Billing in arrears with proration is not supported by the automatic true-up: choose in arrears without proration, or in advance.'}</InlineAlert>}
      {failed && <InlineAlert>{errorMessage(failed.error)}</InlineAlert>}
      {s.enabled && (
        <div className="auto-trueup__run">
          <label htmlFor={`${id}-account`}>Customer</label>
          <input
            id={`${id}-account`}
            className="input"
            value={account}
            placeholder="all customers"
            onChange={(e) => setAccount(e.target.value)}
          />
          <Button
            variant="secondary"
            icon={<Play size={16} aria-hidden="true" />}
            loading={runNow.isPending || dryRun.isPending}
            onClick={() =>
              (s.dry_run_approved ? runNow : dryRun).mutate(
                { id: s.integration_id, account: account.trim() },
                { onSuccess: (run) => notices.success(`${run.dry_run ? 'Dry run' : 'Run'} of ${run.integration}: ${run.note}.`) },
              )
            }
          >
            {s.dry_run_approved ? 'Run now' : 'Dry run now'}
          </Button>
        </div>
      )}
      {s.enabled && s.plan && !s.dry_run_approved && (
        <section className="auto-trueup__plan" aria-label={`Dry run of ${s.integration}`}>
          <h4>Dry run of {new Date(s.plan.at).toLocaleString()}{s.plan.account ? ` for ${s.plan.account}` : ''}</h4>
          <p>{s.plan.note}</p>
          <AutoTrueUpPlanTable items={s.plan.items} caption={`Dry run of ${s.integration}`} extra={chooser} />
          <Button
            icon={<ShieldCheck size={16} aria-hidden="true" />}
            loading={approve.isPending}
            onClick={() =>
              approve.mutate(s.integration_id, {
                onSuccess: (run) => notices.success(`Approved: ${run.note}.`),
              })
            }
          >
            Approve and push this plan
          </Button>
        </section>
      )}
      {s.last_run && (
        <section className="auto-trueup__last" aria-label={`Last run of ${s.integration}`}>
          <h4>Last run, {new Date(s.last_run.at).toLocaleString()}</h4>
          <p>{s.last_run.note}</p>
          <AutoTrueUpPlanTable items={s.last_run.items} caption={`Last run of ${s.integration}`} extra={chooser} />
        </section>
      )}
    </article>
  );
}
