import { FlaskConical } from 'lucide-react';
import { useSwitchWorkspace, useWorkspaceInfo } from '@/api';
import { Button, useNotices } from '@/components/ui';
import { DemoPSASelect } from './DemoPSASelect';
import { useNavigation } from './navigation';

export function DemoBanner() {
  const switchTo = useSwitchWorkspace();
  const info = useWorkspaceInfo();
  const notices = useNotices();
  const { navigate } = useNavigation();
  const psa = info.data?.demo_psas?.find((p) => p.kind === info.data?.demo_psa)?.name ?? 'PSA';

  return (
    <div className="demo-banner" role="region" aria-label="Demo workspace">
      <FlaskConical size={18} aria-hidden="true" className="demo-banner__icon" />
      <p className="demo-banner__text">
        You're exploring the demo workspace: simulated {psa}, Pax8 and Microsoft Partner Center running on this computer.
      </p>
      <DemoPSASelect />
      <Button
        variant="primary"
        size="sm"
        loading={switchTo.isPending}
        onClick={() =>
          switchTo.mutate('own', {
            onSuccess: () => navigate('integrations'),
            onError: (err) => notices.error('Could not open your workspace', err),
          })
        }
      >
        Set up my own workspace
      </Button>
    </div>
  );
}
