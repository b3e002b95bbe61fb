import type { PreviewColumn } from '@/api';

/** Each column of the file with the field it is read as, changeable per column. */
export function ColumnMapping({
  columns,
  fields,
  disabled,
  onChange,
}: {
  columns: PreviewColumn[];
  fields: string[];
  disabled?: boolean;
  onChange: (header: string, field: string) => void;
}) {
  return (
    <table className="table file-import__columns">
      <caption className="file-import__caption">Columns</caption>
      <thead>
        <tr>
          <th scope="col">Column in the file</th>
          <th scope="col">Read as</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.header}>
            <td>{c.header}</td>
            <td>
              <select
                className="input"
                aria-label={`Read ${c.header} as`}
                value={c.field}
                disabled={disabled}
                onChange={(e) => onChange(c.header, e.target.value)}
              >
                <option value="">Not read</option>
                {fields.map((f) => (
                  <option key={f} value={f}>
                    {f.replace('_', ' ')}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
