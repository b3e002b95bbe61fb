import { useWorkspaceInfo } from '@/api';
import { PageHeader } from '@/components/ui';
import { BackupsSection } from '@/features/backups/BackupsSection';
import { InvoiceTemplateSection } from './InvoiceTemplateSection';

/** Settings: what belongs to the app rather than to one screen (the true-up's thresholds
 * stay on the Reconcile screen, where they apply). */
export function SettingsPage() {
  const info = useWorkspaceInfo();
  return (
    <>
      <PageHeader
        title="Settings"
        description="The invoice description of pushed lines, backups of your data folder and how to restore one."
      />
      <InvoiceTemplateSection />
      <BackupsSection demo={info.data?.demo ?? false} />
    </>
  );
}
