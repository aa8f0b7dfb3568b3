/** A small RFC 4180 reader/writer: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by the header; `line` is the 1-based line in the file (header is line 1). */
export function csvRecords(text: string): Array<Record<string, string> & { line: number }> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows
    .map((r, i) => ({ r, line: i + 2 }))
    .filter(({ r }) => r.length > 1 || (r[0] ?? '') !== '')
    .map(({ r, line }) => Object.assign(Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])), { line }));
}

export function toCsv(header: string[], rows: Array<Record<string, string>>): string {
  const esc = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header.join(','), ...rows.map((r) => header.map((h) => esc(r[h] ?? '')).join(','))].join('\n') + '\n';
}
