import { FlaskConical } from 'lucide-react';
import { useSwitchWorkspace } from '@/api';
import { Button, useNotices } from '@/components/ui';
import { useNavigation } from './navigation';

export function DemoBanner() {
  const switchTo = useSwitchWorkspace();
  const notices = useNotices();
  const { navigate } = useNavigation();

  return (
    <div className="demo-banner" role="region" aria-label="Demo workspace">
      <FlaskConical size={18} aria-hidden="true" className="demo-banner__icon" />
      <p className="demo-banner__text">
        You're exploring the demo workspace: simulated ConnectWise Manage and Pax8 running on
        this computer.
      </p>
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
