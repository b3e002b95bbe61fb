import { CalendarClock, Layers, RefreshCw } from 'lucide-react';
import { MenuButton } from '@/components/ui';

/** "Sync selected (n)" with the mode menu. */
export function SyncSelectedMenu({
  count,
  loading,
  onQuick,
  onFull,
  onSince,
}: {
  count: number;
  loading?: boolean;
  onQuick: () => void;
  onFull: () => void;
  onSince: () => void;
}) {
  return (
    <MenuButton
      label={`Sync selected (${count})`}
      loading={loading}
      items={[
        {
          key: 'quick',
          label: 'QuickSync',
          description: 'Only what changed since the last sync',
          icon: <RefreshCw size={16} />,
          onSelect: onQuick,
        },
        {
          key: 'full',
          label: 'Full Sync',
          description: 'Re-read everything: slower, more API calls',
          icon: <Layers size={16} />,
          onSelect: onFull,
        },
        {
          key: 'since',
          label: 'Sync from date…',
          description: 'What changed since a date you choose',
          icon: <CalendarClock size={16} />,
          onSelect: onSince,
        },
      ]}
    />
  );
}
