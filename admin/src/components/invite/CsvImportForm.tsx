import { useRef, useState } from 'react';
import { Badge, Box, Button, Flex, Loader, Table, Tbody, Td, TextButton, Tr, Typography } from '@strapi/design-system';
import { Download, FileCsv, PaperPlane, Upload } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { errorDetails, errorMessage, saveBlob } from '../../api/client';
import { useCsvImport } from '../../api/invitations';
import { useT } from '../../hooks/useT';
import { ErrorBanner } from '../common/StateViews';
import { TableHeader } from '../common/TableHeader';
import { ColumnMapping } from './ColumnMapping';
import type { CsvMappingRequest, FormOptions, ImportReport } from '../../types';

type Stage = 'choose' | 'checking' | 'preview' | 'sending' | 'done';

interface CsvImportFormProps {
  options: FormOptions;
  onInvited: () => void;
  onClose: () => void;
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 1_048_576 ? 2 : 1)} MB`;

/** The mapping a report's recognised columns amount to, for the admin to adjust. */
const mappingOfReport = (report: ImportReport): CsvMappingRequest =>
  Object.fromEntries(report.columns.mapping.map((mapped) => [mapped.field, mapped.header]));

/** Whether two mappings read the same columns as the same fields (unread fields left out or null). */
const sameMapping = (a: CsvMappingRequest, b: CsvMappingRequest) => {
  const read = (m: CsvMappingRequest) =>
    JSON.stringify(
      Object.entries(m)
        .filter(([, header]) => header)
        .sort(([x], [y]) => x.localeCompare(y))
    );
  return read(a) === read(b);
};

/**
 * "Import CSV File": a dry run first (nothing is written) that lists each problem with its line and
 * how to fix it, and the file's columns with what each is read as, which the admin may change and
 * check again; then "Send Invite" commits the valid rows, read the same way.
 */
export const CsvImportForm = ({ options, onInvited, onClose }: CsvImportFormProps) => {
  const t = useT();
  const csvImport = useCsvImport();
  const { toggleNotification } = useNotification();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>('choose');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  // The file's columns and what each is read as; `applied` is the mapping the shown report used
  // (undefined: the import's own recognition), which "Send Invite" sends again.
  const [columns, setColumns] = useState<string[] | null>(null);
  const [mapping, setMapping] = useState<CsvMappingRequest>({});
  const [applied, setApplied] = useState<CsvMappingRequest | undefined>(undefined);

  const upload = csvImport.run;

  const check = async (chosen: File) => {
    setFile(chosen);
    setReport(null);
    setError(null);
    if (chosen.size > options.importLimits.maxBytes) {
      setError(t('import.tooLarge', { size: megabytes(chosen.size), limit: megabytes(options.importLimits.maxBytes) }));
      setStage('choose');
      return;
    }
    setColumns(null);
    setApplied(undefined);
    await dryRun(chosen, undefined);
  };

  /** The check; on a file whose email column was not found, the columns it did find, to map by hand. */
  const dryRun = async (chosen: File, withMapping: CsvMappingRequest | undefined) => {
    setStage('checking');
    setError(null);
    try {
      const checked = await upload(chosen, true, withMapping);
      setReport(checked);
      setColumns(checked.columns.header);
      setMapping(mappingOfReport(checked));
      setApplied(withMapping);
      setStage('preview');
    } catch (failure) {
      setReport(null);
      setError(errorMessage(failure, t('import.failed')));
      const found = errorDetails(failure).columns;
      if (Array.isArray(found) && found.length > 0) {
        setColumns(found as string[]);
        if (!withMapping) setMapping({});
      }
      setStage('choose');
    }
  };

  const send = async () => {
    if (!file) return;
    setStage('sending');
    setError(null);
    try {
      const result = await upload(file, false, applied);
      setReport(result);
      setStage('done');
      toggleNotification({ type: 'success', message: t('import.sent', { created: result.totals.created }) });
      if (result.totals.created > 0) onInvited();
    } catch (failure) {
      setError(errorMessage(failure, t('import.failed')));
      setStage('preview');
    }
  };

  const downloadSample = async () => {
    try {
      const data = await csvImport.sample();
      saveBlob(data, 'invitations-sample.csv');
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorMessage(failure, t('import.sampleFailed')) });
    }
  };

  const reset = () => {
    setFile(null);
    setReport(null);
    setError(null);
    setColumns(null);
    setMapping({});
    setApplied(undefined);
    setStage('choose');
    if (inputRef.current) inputRef.current.value = '';
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex justifyContent="space-between">
        <Typography variant="omega" textColor="neutral600">
          {t('import.intro', {
            rows: options.importLimits.maxRows.toLocaleString(),
            size: megabytes(options.importLimits.maxBytes),
          })}
        </Typography>
        <TextButton startIcon={<Download />} onClick={downloadSample}>
          {t('import.sample')}
        </TextButton>
      </Flex>

      {(stage === 'choose' || stage === 'checking') && (
        <Box
          padding={8}
          hasRadius
          borderStyle="dashed"
          borderWidth="1px"
          borderColor={dragging ? 'primary600' : 'neutral300'}
          background={dragging ? 'primary100' : 'neutral100'}
          onDragOver={(e: React.DragEvent) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e: React.DragEvent) => {
            e.preventDefault();
            setDragging(false);
            const dropped = e.dataTransfer.files[0];
            if (dropped) void check(dropped);
          }}
        >
          <Flex direction="column" gap={3}>
            {stage === 'checking' ? (
              <Loader>{t('import.checking', { name: file?.name ?? '' })}</Loader>
            ) : (
              <>
                <FileCsv width="4rem" height="4rem" fill="primary600" />
                <Typography>{t('import.drop')}</Typography>
                <Button variant="secondary" startIcon={<Upload />} onClick={() => inputRef.current?.click()}>
                  {t('import.browse')}
                </Button>
              </>
            )}
            <input
              ref={inputRef}
              type="file"
              accept=".csv,text/csv"
              aria-label={t('import.browse')}
              style={{ display: 'none' }}
              onChange={(e) => {
                const chosen = e.target.files?.[0];
                if (chosen) void check(chosen);
              }}
            />
          </Flex>
        </Box>
      )}

      <ErrorBanner message={error} />

      {stage === 'sending' && (
        <Flex gap={2} role="status">
          <Loader small />
          <Typography>{t('import.sending', { count: report?.totals.valid ?? 0 })}</Typography>
        </Flex>
      )}

      {file && columns && stage !== 'sending' && stage !== 'done' && (
        <ColumnMapping
          columns={columns}
          mapping={mapping}
          onChange={setMapping}
          onApply={() => void dryRun(file, mapping)}
          busy={stage === 'checking'}
          definitions={options.fields.invitation}
        />
      )}

      {report && (stage === 'preview' || stage === 'sending' || stage === 'done') && (
        <ImportReportView report={report} fileName={file?.name ?? ''} />
      )}

      <Flex justifyContent="space-between" gap={2}>
        <Box>
          {(stage === 'preview' || stage === 'done') && (
            <Button variant="tertiary" onClick={reset}>
              {t('import.another')}
            </Button>
          )}
        </Box>
        <Flex gap={2}>
          <Button variant="tertiary" onClick={onClose}>
            {stage === 'done' ? t('common.done') : t('common.cancel')}
          </Button>
          {(stage === 'preview' || stage === 'sending') && (
            <Button
              startIcon={<PaperPlane />}
              loading={stage === 'sending'}
              // Changed columns are checked again before anything is sent.
              disabled={!report || report.totals.valid === 0 || !sameMapping(mapping, mappingOfReport(report))}
              onClick={send}
            >
              {t('import.send', { count: report?.totals.valid ?? 0 })}
            </Button>
          )}
        </Flex>
      </Flex>
    </Flex>
  );
};

const SEPARATOR_KEYS: Record<ImportReport['format']['separator'], string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'bar',
};

/** Totals and the problem rows of a dry run or a commit. */
const ImportReportView = ({ report, fileName }: { report: ImportReport; fileName: string }) => {
  const t = useT();
  const { totals } = report;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="import-report">
      <Typography variant="delta" tag="h3">
        {report.dryRun ? t('import.preview', { name: fileName }) : t('import.result', { name: fileName })}
      </Typography>
      <Flex gap={2} wrap="wrap">
        <Badge>{t('import.totals.rows', { count: totals.rows })}</Badge>
        <Badge variant="success">{t('import.totals.valid', { count: totals.valid })}</Badge>
        <Badge variant={totals.invalid ? 'danger' : 'neutral'}>
          {t('import.totals.invalid', { count: totals.invalid })}
        </Badge>
        <Badge variant={totals.warnings ? 'warning' : 'neutral'}>
          {t('import.totals.warnings', { count: totals.warnings })}
        </Badge>
        {!report.dryRun && <Badge variant="success">{t('import.totals.created', { count: totals.created })}</Badge>}
      </Flex>
      <Typography variant="pi" textColor="neutral600" data-testid="import-format">
        {t('import.format', {
          encoding: t(`import.encoding.${report.format.encoding}`),
          separator: t(`import.separator.${SEPARATOR_KEYS[report.format.separator]}`),
          line: report.format.headerLine,
        })}
        {report.format.separatorDeclared ? ` ${t('import.format.declared')}` : ''}
      </Typography>
      {report.problems.length === 0 ? (
        <Typography textColor="success600">{report.dryRun ? t('import.clean') : t('import.cleanDone')}</Typography>
      ) : (
        <Box style={{ maxHeight: '32rem', overflow: 'auto' }}>
          <Table colCount={4} rowCount={report.problems.length + 1}>
            <TableHeader columns={[t('import.line'), t('import.value'), t('import.problem'), t('import.fix')]} />
            <Tbody>
              {report.problems.map((problem, index) => (
                <Tr key={`${problem.line}-${problem.code}-${index}`} data-line={problem.line}>
                  <Td>
                    <Typography fontWeight="semiBold">
                      {problem.endLine ? `${problem.line}–${problem.endLine}` : problem.line}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography ellipsis style={{ maxWidth: '18rem' }}>
                      {problem.column ? `${problem.column}: ` : ''}
                      {problem.value || '—'}
                    </Typography>
                  </Td>
                  <Td>
                    <Flex direction="column" alignItems="flex-start" gap={1}>
                      <Badge variant={problem.severity === 'error' ? 'danger' : 'warning'}>
                        {t(`import.severity.${problem.severity}`)}
                      </Badge>
                      <Typography variant="pi" style={{ whiteSpace: 'normal' }}>
                        {problem.message}
                      </Typography>
                    </Flex>
                  </Td>
                  <Td>
                    <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'normal' }}>
                      {problem.fix}
                    </Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      )}
      {report.problemsTruncated && (
        <Typography variant="pi" textColor="neutral600">
          {t('import.truncated', { shown: report.problems.length })}
        </Typography>
      )}
    </Flex>
  );
};
