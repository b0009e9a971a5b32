import type { CsvColumnField, CsvColumnMapping, CsvProblem, CsvSeparator } from '../../../../shared/contracts';
import type { DetectedEncoding } from './encoding';

/** How the file is read, as sniffing its start found it. */
export interface CsvLayout {
  /** The physical line of the header. */
  headerLine: number;
  /** The header's cells, trimmed: the columns an admin can map. */
  header: string[];
  /** Which column is read as which field. */
  columns: CsvColumnMapping[];
  /** The same, as 0-based cell indexes. */
  columnIndex: Map<CsvColumnField, number>;
  delimiter: CsvSeparator;
  /** Named by an Excel `sep=` first line. */
  separatorDeclared: boolean;
  encoding: DetectedEncoding;
  warnings: CsvProblem[];
}
