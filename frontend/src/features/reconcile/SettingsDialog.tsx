import { useId, useState } from 'react';
import { errorMessage, useIntegrations, useReconcileSettings, useSetReconcileSettings, type ReconcileSettings } from '@/api';
import { Button, Dialog, Field, InlineAlert, Select, Spinner, useNotices } from '@/components/ui';

const POLICIES = [
  { value: 'next_period', label: 'First day of the next billing period' },
  { value: 'detected', label: 'Day the change was detected (prorated)' },
];

/**
 * The true-up's settings: when a change counts as large (left out of bulk approve, confirmed
 * on its own), and per vendor when its approved changes take effect. Go validates; the
 * dialog shows its answer under the form.
 */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useReconcileSettings();
  const save = useSetReconcileSettings();
  const formId = useId();
  return (
    <Dialog
      title="True-up settings"
      description="When a change is large, and from when each vendor's approved changes count."
      onClose={onClose}
      size="sm"
      testId="settings-dialog"
      footer={
        settings.data && (
          <>
            <Button variant="ghost" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button variant="primary" type="submit" form={formId} loading={save.isPending}>
              Save settings
            </Button>
          </>
        )
      }
    >
      {settings.data ? (
        <SettingsForm id={formId} initial={settings.data} save={save} onSaved={onClose} />
      ) : settings.error ? (
        <InlineAlert tone="danger">{errorMessage(settings.error)}</InlineAlert>
      ) : (
        <Spinner label="Reading the settings" />
      )}
    </Dialog>
  );
}

function SettingsForm({
  id,
  initial,
  save,
  onSaved,
}: {
  id: string;
  initial: ReconcileSettings;
  save: ReturnType<typeof useSetReconcileSettings>;
  onSaved: () => void;
}) {
  const [units, setUnits] = useState(String(initial.large_change_units));
  const [percent, setPercent] = useState(String(initial.large_change_percent));
  const [newRevenue, setNewRevenue] = useState(String(initial.large_new_revenue_units));
  const [billing, setBilling] = useState<Record<string, string>>(initial.billing ?? {});
  const integrations = useIntegrations();
  const notices = useNotices();
  const ids = { units: useId(), percent: useId(), newRevenue: useId() };
  const vendors = (integrations.data ?? []).filter((i) => i.role === 'vendor' && String(i.id) in billing);

  return (
    <form
      id={id}
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          {
            ...initial,
            // No min/max on the inputs: Go refuses what is out of range with a sentence saying
            // what to give, shown under the form (a browser tooltip would say less).
            large_change_units: Math.trunc(Number(units)),
            large_change_percent: Math.trunc(Number(percent)),
            large_new_revenue_units: Math.trunc(Number(newRevenue)),
            billing,
          },
          {
            onSuccess: () => {
              notices.success('Saved the true-up settings');
              onSaved();
            },
          },
        );
      }}
    >
      <Field id={ids.units} label="Large change: units" help="A difference of at least this many seats (default 10).">
        <input id={ids.units} className="input" type="number" step={1} value={units} onChange={(e) => setUnits(e.target.value)} />
      </Field>
      <Field id={ids.percent} label="Large change: percent" help="…or of at least this share of the PSA quantity (default 20).">
        <input
          id={ids.percent}
          className="input"
          type="number"
          step={1}
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
        />
      </Field>
      <Field id={ids.newRevenue} label="Large New Revenue: units" help="New Revenue of at least this many seats (default 10).">
        <input
          id={ids.newRevenue}
          className="input"
          type="number"
          step={1}
          value={newRevenue}
          onChange={(e) => setNewRevenue(e.target.value)}
        />
      </Field>
      {vendors.map((v) => (
        <VendorBilling
          key={v.id}
          name={v.name}
          value={billing[String(v.id)] ?? 'next_period'}
          onChange={(p) => setBilling({ ...billing, [String(v.id)]: p })}
        />
      ))}
      {vendors.length > 0 && (
        <p className="field__help">A changed billing setting applies to cards detected from now on; cards already shown keep theirs.</p>
      )}
      {save.error && <InlineAlert tone="danger">{errorMessage(save.error)}</InlineAlert>}
    </form>
  );
}

function VendorBilling({ name, value, onChange }: { name: string; value: string; onChange: (policy: string) => void }) {
  const id = useId();
  return (
    <Field id={id} label={`${name}: changes take effect on`}>
      <Select id={id} value={value} options={POLICIES} onChange={onChange} ariaLabel={`${name} billing setting`} />
    </Field>
  );
}
