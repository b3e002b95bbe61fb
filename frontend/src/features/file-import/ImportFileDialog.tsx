import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage, type FileImport, type FilePreview } from '@/api';
import { Button, Dialog, InlineAlert, Spinner } from '@/components/ui';
import { ColumnMapping } from './ColumnMapping';
import { importRequest, initialChoices, setColumnField, type ImportChoices } from './importRequest';
import { PreviewLines } from './PreviewLines';
import './file-import.css';

/**
 * Import a file into a csv integration: the file dialog first, then how TrueUp reads the
 * file (profile, columns, number style, date order, the first lines, the bad rows), with
 * the mapping and styles changeable; Save as profile keeps the choices for next month's
 * file; Import runs the import. All reading happens in Go (FileImportService).
 */
export function ImportFileDialog({
  integrationId,
  integrationName,
  onClose,
}: {
  integrationId: number;
  integrationName: string;
  onClose: () => void;
}) {
  const [path, setPath] = useState<string | null>(null);
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [choices, setChoices] = useState<ImportChoices | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FileImport | null>(null);
  const [profileName, setProfileName] = useState('');
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const qc = useQueryClient();
  const asked = useRef(false);

  useEffect(() => {
    // StrictMode mounts twice: the file dialog opens once.
    if (asked.current) return;
    asked.current = true;
    void (async () => {
      try {
        const chosen = await api.fileImport.chooseFile();
        if (!chosen) {
          onClose();
          return;
        }
        setPath(chosen);
        const pv = await api.fileImport.preview(importRequest(integrationId, chosen, { columns: [], decimal: '', dateOrder: '', mapped: false }));
        setPreview(pv);
        setChoices(initialChoices(pv));
      } catch (err) {
        setError(errorMessage(err));
      }
    })();
  }, [integrationId, onClose]);

  async function reread(next: ImportChoices) {
    if (!path) return;
    setChoices(next);
    setBusy(true);
    setError(null);
    try {
      const pv = await api.fileImport.preview(importRequest(integrationId, path, next));
      setPreview(pv);
      setChoices({ ...next, columns: pv.columns });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function saveProfile() {
    if (!path || !choices || !profileName.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await api.fileImport.saveProfile(profileName.trim(), importRequest(integrationId, path, choices));
      setSavedAs(saved.name);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function runImport() {
    if (!path || !choices) return;
    setBusy(true);
    setError(null);
    try {
      const req = savedAs ? { ...importRequest(integrationId, path, { ...choices, mapped: false }), profile: savedAs, decimal: '', date_order: '' } : importRequest(integrationId, path, choices);
      const done = await api.fileImport.import(req);
      setResult(done);
      await qc.invalidateQueries();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const canImport = !!preview && !preview.problem && !busy && !result;
  return (
    <Dialog
      title={`Import a file into ${integrationName}`}
      description={preview ? preview.file_name : 'Choose the CSV or XLSX export in the file dialog.'}
      onClose={onClose}
      size="xl"
      testId="file-import"
      footer={
        result ? (
          <div className="form__actions">
            <Button variant="primary" onClick={onClose}>
              Close
            </Button>
          </div>
        ) : (
          <div className="form__actions">
            <Button variant="ghost" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button variant="primary" onClick={() => void runImport()} disabled={!canImport} loading={busy && !!preview}>
              Import
            </Button>
          </div>
        )
      }
    >
      {!preview && !error && (
        <div className="loading">
          <Spinner /> Waiting for the file…
        </div>
      )}
      {result && <ImportOutcome result={result} />}
      {preview && choices && !result && (
        <>
          <dl className="file-import__facts">
            <dt>Profile</dt>
            <dd data-testid="file-import-profile">
              {savedAs ?? preview.profile}
              {preview.profile_detected && !savedAs ? ' (chosen from the headers)' : ''}
            </dd>
            <dt>Read as</dt>
            <dd>{preview.source}</dd>
            <dt>Rows</dt>
            <dd>
              {preview.rows} rows, {preview.line_count} lines, {preview.bad_rows.length} bad
            </dd>
          </dl>
          <div className="file-import__choices">
            <label>
              Numbers
              <select
                className="input"
                value={choices.decimal}
                disabled={busy}
                onChange={(e) => void reread({ ...choices, decimal: e.target.value })}
              >
                <option value="">Detected: {preview.number_style === ',' ? 'decimal comma (1.234,56)' : 'decimal point (1,234.56)'}</option>
                <option value=",">Decimal comma (1.234,56)</option>
                <option value=".">Decimal point (1,234.56)</option>
              </select>
            </label>
            <label>
              Dates
              <select
                className="input"
                value={choices.dateOrder}
                disabled={busy}
                onChange={(e) => void reread({ ...choices, dateOrder: e.target.value })}
              >
                <option value="">Detected: {preview.date_order === 'month-first' ? 'month first (mm/dd/yyyy)' : 'day first (dd/mm/yyyy)'}</option>
                <option value="day-first">Day first (dd/mm/yyyy)</option>
                <option value="month-first">Month first (mm/dd/yyyy)</option>
              </select>
            </label>
          </div>
          {preview.problem && <InlineAlert>{preview.problem}</InlineAlert>}
          <ColumnMapping
            columns={choices.columns}
            fields={preview.fields}
            disabled={busy}
            onChange={(header, field) => void reread({ ...choices, mapped: true, columns: setColumnField(choices.columns, header, field) })}
          />
          <PreviewLines lines={preview.lines} total={preview.line_count} bad={preview.bad_rows} />
          <div className="file-import__save">
            <label>
              Save these choices as a profile
              <input className="input" value={profileName} placeholder="e.g. ingram" onChange={(e) => setProfileName(e.target.value)} />
            </label>
            <Button onClick={() => void saveProfile()} disabled={busy || !profileName.trim() || !!preview.problem}>
              Save as profile
            </Button>
          </div>
          {savedAs && <p role="status">Saved as the profile “{savedAs}”: this import and later ones use it.</p>}
        </>
      )}
      {error && <InlineAlert>{error}</InlineAlert>}
    </Dialog>
  );
}

function ImportOutcome({ result }: { result: FileImport }) {
  const run = result.runs[0];
  if (result.nothing_changed) return <p role="status">Nothing changed: the cached lines already match {result.preview.file_name}.</p>;
  return (
    <p role="status" data-testid="file-import-result">
      {run?.status === 'partial'
        ? `Imported ${result.preview.line_count} lines from ${result.preview.file_name}; ${result.preview.bad_rows.length} bad rows were skipped (see the run's log).`
        : run?.status === 'succeeded'
          ? `Imported ${result.preview.line_count} lines from ${result.preview.file_name}.`
          : `The import failed: ${run?.error || 'see the run log on Sync Status'}.`}
    </p>
  );
}
