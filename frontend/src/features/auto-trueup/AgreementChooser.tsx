import { useState } from 'react';
import type { AutoTrueUpItem } from '@/api/autoTrueUpTypes';
import { Button, Select } from '@/components/ui';

/**
 * Beside a created line that waits for its agreement (the customer has several current
 * ones): the agreements to choose from and "Use for new lines". The choice is the
 * customer's, for every line the true-up creates for it.
 */
export function AgreementChooser({
  item,
  busy,
  onChoose,
}: {
  item: AutoTrueUpItem;
  busy: boolean;
  onChoose: (account: string, agreementId: string) => void;
}) {
  const options = item.agreement_options ?? [];
  const [chosen, setChosen] = useState('');
  if (options.length === 0) return null;
  return (
    <div className="auto-trueup__chooser">
      <Select
        value={chosen}
        onChange={setChosen}
        placeholder="Choose an agreement"
        ariaLabel={`Agreement for new lines of ${item.account_name}`}
        options={options.map((o) => ({ value: o.id, label: o.name }))}
      />
      <Button variant="secondary" disabled={!chosen} loading={busy} onClick={() => onChoose(item.account_name, chosen)}>
        Use for new lines
      </Button>
    </div>
  );
}
