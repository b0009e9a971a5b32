import { useState } from 'react';
import type { ImportReport } from '../../../../shared/contracts';
import { api } from '../api';
import { plural } from '../format';
import { messageOf } from '../feedback';
import { Notice } from './Layout';

/**
 * The admin panel's CSV import, for an organization: a dry run shows every problem with its line and
 * how to fix it; then the valid rows are sent. The organization column, if any, is not used here.
 */
export function ImportCsv({ path, onImported }: { path: string; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (chosen: File, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', chosen);
      const answer = await api<ImportReport>(`${path}${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', form });
      setReport(answer);
      if (!dryRun) onImported();
    } catch (caught) {
      setReport(null);
      setError(messageOf(caught, 'The server could not be reached. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <label>
        CSV file (columns emailAddress, and optionally role, firstName, lastName, teams)
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const chosen = e.target.files?.[0] ?? null;
            setFile(chosen);
            if (chosen) void run(chosen, true);
          }}
        />
      </label>
      {error && <Notice tone="error">{error}</Notice>}
      {report && file && (
        <div aria-label={`${report.dryRun ? 'Check' : 'Import'} of ${file.name}`}>
          <h3>
            {report.dryRun ? 'Check' : 'Import'} of {file.name}
          </h3>
          <p>
            {report.dryRun
              ? `${plural(report.totals.valid, 'row')} ready to send, ${plural(report.totals.invalid, 'row')} with problems.`
              : `${plural(report.totals.created, 'invitation')} sent.`}
          </p>
          <p className="muted">
            Read as {report.format.encoding.toUpperCase()}, separated by{' '}
            {report.format.separator === '\t' ? 'tabs' : `"${report.format.separator}"`}:{' '}
            {report.columns.mapping.map((mapped) => `${mapped.header} → ${mapped.field}`).join(', ')}.
          </p>
          {report.problems.length > 0 && (
            <table aria-label="Problems in the file">
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Problem</th>
                  <th>How to fix it</th>
                </tr>
              </thead>
              <tbody>
                {report.problems.map((problem, index) => (
                  <tr key={index} data-line={problem.line} className={problem.severity}>
                    <td>{problem.endLine ? `${problem.line}–${problem.endLine}` : problem.line}</td>
                    <td>{problem.message}</td>
                    <td>{problem.fix}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.dryRun && report.totals.valid > 0 && (
            <button type="button" className="primary" disabled={busy} onClick={() => void run(file, false)}>
              Send {plural(report.totals.valid, 'invitation')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
