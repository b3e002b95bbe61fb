import { Tooltip } from '@/components/ui';
import { roleLabel } from '@/lib/sync';

/** "PSA" / "Vendor" pill. */
export function RolePill({ role }: { role: string }) {
  return (
    <Tooltip content={role === 'psa' ? 'PSA: what you bill' : 'Vendor: what you are charged'}>
      <span className={`pill pill--${role === 'psa' ? 'psa' : 'vendor'}`}>{roleLabel(role)}</span>
    </Tooltip>
  );
}
