import { Checkbox } from '@/components/ui';
import { useDesktopEnabled, useSetDesktopEnabled } from './queries';

/** Inbox > "Show desktop notifications": new notices also appear on the OS desktop. */
export function DesktopToggle() {
  const enabled = useDesktopEnabled();
  const set = useSetDesktopEnabled();
  const on = enabled.data ?? true;
  return (
    <label className="inbox__desktop">
      <Checkbox
        checked={on}
        disabled={enabled.isLoading || set.isPending}
        label="Show desktop notifications"
        onChange={(v) => set.mutate(v)}
      />
      <span>Show desktop notifications</span>
    </label>
  );
}
