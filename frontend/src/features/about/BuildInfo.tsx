import { FolderOpen } from 'lucide-react';
import { errorMessage } from '@/api';
import type { About } from '@/api/aboutTypes';
import { Button, InlineAlert } from '@/components/ui';
import { useOpenDataFolder } from './queries';

/** Version, commit, system and the data folder, with Open folder. */
export function BuildInfo({ about }: { about: About }) {
  const open = useOpenDataFolder();
  return (
    <section className="section about__build" aria-labelledby="about-build-title">
      <h2 className="section__title" id="about-build-title">
        This copy of TrueUp
      </h2>
      <dl className="about__facts">
        <dt>Version</dt>
        <dd>{about.version}</dd>
        <dt>Commit</dt>
        <dd>{about.commit ? <code>{about.commit}</code> : 'not recorded in this build'}</dd>
        <dt>System</dt>
        <dd>
          {about.os} / {about.arch}, {about.go}
        </dd>
        <dt>{about.demo ? 'Demo data folder' : 'Data folder'}</dt>
        <dd className="about__folder">
          <code>{about.data_folder}</code>
          <Button
            variant="ghost"
            icon={<FolderOpen size={16} aria-hidden="true" />}
            loading={open.isPending}
            onClick={() => open.mutate()}
          >
            Open folder
          </Button>
        </dd>
      </dl>
      {open.isError && <InlineAlert>{errorMessage(open.error)}</InlineAlert>}
    </section>
  );
}
