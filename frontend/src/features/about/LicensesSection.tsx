import { useDeferredValue, useMemo, useState } from 'react';
import type { LicensedPackage } from '@/api/aboutTypes';
import { InlineAlert, SearchInput, Spinner } from '@/components/ui';
import { useLicenses } from './queries';

/** The licences of the third-party Go and npm packages this build ships. */
export function LicensesSection() {
  const licenses = useLicenses();
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query.trim().toLowerCase());
  const groups = useMemo(() => {
    const data = licenses.data;
    if (!data) return [];
    const match = (p: LicensedPackage) =>
      !q || p.name.toLowerCase().includes(q) || p.license.toLowerCase().includes(q);
    return [
      { title: 'Go modules', packages: data.go.filter(match) },
      { title: 'npm packages', packages: data.npm.filter(match) },
    ];
  }, [licenses.data, q]);

  return (
    <section className="section" aria-labelledby="about-licenses-title">
      <div className="section__header">
        <h2 className="section__title" id="about-licenses-title">
          Open-source licences
        </h2>
        <SearchInput value={query} onChange={setQuery} ariaLabel="Search the licences" placeholder="Package or licence" />
      </div>
      {licenses.isPending && (
        <div className="loading">
          <Spinner size={18} /> Reading the licences…
        </div>
      )}
      {licenses.data === null && (
        <InlineAlert>
          This build has no licence list: it is generated when the app is built (<code>make licenses</code>).
        </InlineAlert>
      )}
      {groups.map((g) => (
        <div key={g.title} className="about__licenses">
          <h3 className="about__group">
            {g.title} ({g.packages.length})
          </h3>
          <ul className="about__packages">
            {g.packages.map((p) => (
              <li key={`${p.name}@${p.version}`}>
                <details>
                  <summary>
                    <span className="about__package">{p.name}</span> <span className="about__version">{p.version}</span>{' '}
                    <span className="about__license">{p.license || 'see the text'}</span>
                  </summary>
                  {p.text ? (
                    <pre className="about__text-block">{p.text}</pre>
                  ) : (
                    <p className="about__text">The package ships no licence file; its licence is {p.license || 'not stated'}.</p>
                  )}
                </details>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
