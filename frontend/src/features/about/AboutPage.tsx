import { errorMessage } from '@/api';
import { InlineAlert, PageHeader, Spinner } from '@/components/ui';
import { BuildInfo } from './BuildInfo';
import { DiagnosticsSection } from './DiagnosticsSection';
import { LicensesSection } from './LicensesSection';
import { useAbout } from './queries';
import './about.css';

/** About: the build, the data folder, Export diagnostics and the shipped licences. */
export function AboutPage() {
  const about = useAbout();
  return (
    <>
      <PageHeader title="About TrueUp" description="Version, data folder, diagnostics for support, and licences." />
      {about.isPending && (
        <div className="loading">
          <Spinner size={18} /> Reading…
        </div>
      )}
      {about.isError && <InlineAlert>{errorMessage(about.error)}</InlineAlert>}
      {about.data && <BuildInfo about={about.data} />}
      <DiagnosticsSection />
      <LicensesSection />
    </>
  );
}
