import { useWorkspaceInfo } from '@/api';
import { PageHeader } from '@/components/ui';
import { BackupsSection } from '@/features/backups/BackupsSection';
import { SchedulesSection } from '@/features/schedules/SchedulesSection';

/** Settings: what belongs to the app rather than to one screen (the true-up's thresholds
 * stay on the Reconcile screen, where they apply). */
export function SettingsPage() {
  const info = useWorkspaceInfo();
  return (
    <>
      <PageHeader title="Settings" description="When syncs run on their own, backups of your data folder and how to restore one." />
      <SchedulesSection />
      <BackupsSection demo={info.data?.demo ?? false} />
    </>
  );
}
