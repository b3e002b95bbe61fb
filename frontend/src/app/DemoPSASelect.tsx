import { useId } from 'react';
import { useChooseDemoPSA, useWorkspaceInfo } from '@/api';
import { Select, Spinner, useNotices } from '@/components/ui';

/**
 * "Demo PSA": which simulated PSA the demo workspace runs on. Choosing another re-opens the
 * demo on it in place (its own folder, cache and activity log); every screen re-reads. The
 * options are the PSAs this build's demo ships (WorkspaceInfo.demo_psas).
 */
export function DemoPSASelect() {
  const info = useWorkspaceInfo();
  const choose = useChooseDemoPSA();
  const notices = useNotices();
  const id = useId();
  const options = (info.data?.demo_psas ?? []).map((p) => ({ value: p.kind, label: p.name }));
  if (!info.data?.demo || options.length === 0) return null;
  const pending = choose.isPending ? options.find((o) => o.value === choose.variables)?.label : undefined;

  return (
    <div className="demo-psa" data-testid="demo-psa">
      <label className="demo-psa__label" htmlFor={id}>
        Demo PSA
      </label>
      <Select
        id={id}
        value={choose.isPending ? (choose.variables ?? info.data.demo_psa) : info.data.demo_psa}
        options={options}
        onChange={(kind) => {
          if (kind === info.data?.demo_psa || choose.isPending) return;
          choose.mutate(kind, {
            onError: (err) => notices.error('Could not open the demo on that PSA', err),
          });
        }}
      />
      <span className="demo-psa__status" role="status">
        {pending && (
          <>
            <Spinner size={14} /> Opening the demo on {pending}…
          </>
        )}
      </span>
    </div>
  );
}
