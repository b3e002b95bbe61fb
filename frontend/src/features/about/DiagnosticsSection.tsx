import { FileArchive } from 'lucide-react';
import { errorMessage } from '@/api';
import { Button, InlineAlert } from '@/components/ui';
import { formatSize } from '@/features/backups/format';
import { useExportDiagnostics } from './queries';

/** Export diagnostics: the zip to send with a support request. */
export function DiagnosticsSection() {
  const exp = useExportDiagnostics();
  const saved = exp.data && exp.data.path ? exp.data : null;
  return (
    <section className="section" aria-labelledby="about-diag-title">
      <div className="section__header">
        <h2 className="section__title" id="about-diag-title">
          Diagnostics
        </h2>
        <Button icon={<FileArchive size={16} aria-hidden="true" />} loading={exp.isPending} onClick={() => exp.mutate()}>
          Export diagnostics…
        </Button>
      </div>
      <p className="about__text">
        A zip to send with a support request: the version, your system, the integrations with their settings (never a
        credential: the keychain is not read), the latest syncs with their logs, push counts, backups and the
        application log.
      </p>
      {saved && (
        <p className="about__saved" role="status">
          Saved to <code>{saved.path}</code> ({formatSize(saved.size)}): {saved.files.length} files.
        </p>
      )}
      {exp.isError && <InlineAlert>Could not export the diagnostics: {errorMessage(exp.error)}</InlineAlert>}
    </section>
  );
}
