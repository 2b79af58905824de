// Reads the CSV a candidate writes (`out.csv`) as ChronoBench's judge does: the first row is
// the header (names stripped), and a cell that is not a number reads as NaN. Quoted fields
// (RFC 4180) are understood. Pure.

export interface CsvTable {
  header: string[];
  rows: string[][];
}

export function parseCsv(text: string): CsvTable {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const source = text.replace(/\r\n?/g, '\n');
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0].trim() === ''));
  const [header = [], ...rows] = nonEmpty;
  return { header: header.map((h) => h.trim()), rows };
}

/** A column as numbers (NaN where a cell is not one), or null when there is no such column. */
export function csvColumn(table: CsvTable, name: string): number[] | null {
  const index = table.header.indexOf(name.trim());
  if (index < 0) return null;
  return table.rows.map((row) => {
    const cell = (row[index] ?? '').trim();
    return cell === '' ? NaN : Number(cell);
  });
}
