import type { BadRow, PreviewLine } from '@/api';

/** The first lines as they will be imported, and the rows that will not. */
export function PreviewLines({ lines, total, bad }: { lines: PreviewLine[]; total: number; bad: BadRow[] }) {
  return (
    <>
      <table className="table file-import__lines" data-testid="file-import-lines">
        <caption className="file-import__caption">
          {total > lines.length ? `The first ${lines.length} of ${total} lines` : `${total} ${total === 1 ? 'line' : 'lines'}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Account</th>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Term</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.file_lines.join(',')}>
              <td className="num">{l.file_lines.length > 1 ? `${l.file_lines[0]} (+${l.file_lines.length - 1})` : l.file_lines[0]}</td>
              <td>{l.account}</td>
              <td>{l.product}</td>
              <td className="num">{l.quantity}</td>
              <td className="num">{l.cost || '—'}</td>
              <td>{l.term || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {bad.length > 0 && (
        <section aria-label="Rows that will not import" className="file-import__bad">
          <h3 className="file-import__caption">
            {bad.length} {bad.length === 1 ? 'row' : 'rows'} will not import (the good rows still do)
          </h3>
          <ul>
            {bad.map((b) => (
              <li key={b.line}>
                Line {b.line}: {b.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
