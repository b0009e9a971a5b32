import type { CsvField, CsvProblem } from '../../../../shared/contracts';

/** Where the header is and which column holds which field, as sniffing found them. */
export interface CsvLayout {
  headerLine: number;
  columns: Map<CsvField, number>;
  warnings: CsvProblem[];
  bom: boolean;
}
