import { useWorkspaceInfo } from '@/api';
import { useNavigation } from '@/app/navigation';
import { PageHeader } from '@/components/ui';
import { AutoTrueUpSection } from '@/features/auto-trueup/AutoTrueUpSection';
import { BackupsSection } from '@/features/backups/BackupsSection';
import { InvoiceTemplateSection } from './InvoiceTemplateSection';
import { SchedulesSection } from '@/features/schedules/SchedulesSection';

/** Settings: what belongs to the app rather than to one screen (the true-up's thresholds
 * stay on the Reconcile screen, where they apply). */
export function SettingsPage() {
  const info = useWorkspaceInfo();
  // A notice about an automatic true-up's dry run opens Settings at that vendor's panel.
  const { integrationName } = useNavigation();
  return (
    <>
      <PageHeader
        title="Settings"
        description="When syncs run on their own, the automatic true-up of each vendor, the invoice description of pushed lines, and backups of your data folder and how to restore one."
      />
      <SchedulesSection />
      <AutoTrueUpSection focus={integrationName} />
      <InvoiceTemplateSection />
      <BackupsSection demo={info.data?.demo ?? false} />
    </>
  );
}
