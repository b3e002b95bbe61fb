import { FileUp } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui';
import { ImportFileDialog } from './ImportFileDialog';

/** A csv integration's Sync Status action: there is nothing to sync, a file to import. */
export function ImportFileButton({ integrationId, integrationName, disabled }: { integrationId: number; integrationName: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="sm"
        icon={<FileUp size={14} aria-hidden="true" />}
        onClick={() => setOpen(true)}
        disabled={disabled}
        title={`Choose a CSV or XLSX export to import into ${integrationName}`}
      >
        Import file…
      </Button>
      {open && <ImportFileDialog integrationId={integrationId} integrationName={integrationName} onClose={() => setOpen(false)} />}
    </>
  );
}
