import type { FileImportRequest, FilePreview, PreviewColumn } from '@/api';

/** What the user chose in the dialog, on top of how the file was read. */
export interface ImportChoices {
  /** The columns with the field each is read as ('' for none), as the user left them. */
  columns: PreviewColumn[];
  /** ',' or '.' forces the number style; '' keeps the detected one. */
  decimal: string;
  /** 'day-first' or 'month-first' forces the date order; '' keeps the detected one. */
  dateOrder: string;
  /** Whether the user changed the mapping (else the profile's is used as it is). */
  mapped: boolean;
}

export function initialChoices(preview: FilePreview): ImportChoices {
  return { columns: preview.columns, decimal: '', dateOrder: '', mapped: false };
}

/**
 * Reads column `header` as `field` ('' for none); a field is read from one column only, so
 * the column that had it loses it.
 */
export function setColumnField(columns: PreviewColumn[], header: string, field: string): PreviewColumn[] {
  return columns.map((c) => {
    if (c.header === header) return { ...c, field };
    if (field !== '' && c.field === field) return { ...c, field: '' };
    return c;
  });
}

/** The request that reads the file with the user's choices. */
export function importRequest(integrationId: number, path: string, choices: ImportChoices): FileImportRequest {
  const map: Record<string, string> = {};
  if (choices.mapped) {
    for (const c of choices.columns) if (c.field) map[c.field] = c.header;
  }
  return {
    integration_id: integrationId,
    path,
    profile: '',
    map,
    decimal: choices.decimal,
    date_order: choices.dateOrder,
    sheet: '',
  };
}
