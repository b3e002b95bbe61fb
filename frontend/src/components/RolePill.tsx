import { roleLabel } from '@/lib/sync';

/** "PSA" / "Vendor" pill. */
export function RolePill({ role }: { role: string }) {
  return (
    <span
      className={`pill pill--${role === 'psa' ? 'psa' : 'vendor'}`}
      title={role === 'psa' ? 'PSA: what you bill' : 'Vendor: what you are charged'}
    >
      {roleLabel(role)}
    </span>
  );
}
