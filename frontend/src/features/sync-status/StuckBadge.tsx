import { TriangleAlert } from 'lucide-react';
import { Badge } from '@/components/ui';

export function StuckBadge({ reason }: { reason: string }) {
  return (
    <Badge
      tone="warning"
      icon={<TriangleAlert size={12} aria-hidden="true" />}
      title={reason || 'This sync has made no progress'}
      className="stuck-badge"
    >
      Stuck
    </Badge>
  );
}
