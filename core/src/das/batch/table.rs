//! CSV in and out, as spreadsheets and WIPO's sample client write it: a UTF-8 byte-order
//! mark, `,` or `;` (or tab) separators, quoted cells with separators, quotes and line
//! breaks inside, `\r\n` or `\n`, blank lines anywhere. Parsing is the `csv` crate's.

use crate::error::{Error, Result};

/// Rows above this are refused: a batch is kept whole in memory and in IndexedDB.
pub const MAX_ROWS: usize = 100_000;

/// A CSV file as read: its separator, header cells and records with their line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub separator: u8,
    pub headers: Vec<String>,
    /// `(line number in the file, 1-based; cells)`; blank lines are left out.
    pub records: Vec<(usize, Vec<String>)>,
}

/// Reads CSV text. The separator is the one of `,`, `;` and tab that occurs most in the
/// header line (outside quotes); short records are padded with empty cells.
pub fn read(text: &str) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = detect_separator(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut records = Vec::new();
    // A record's position is where the reader began looking for it, before the line ends
    // and blank lines it skipped; the line number counts the file's `\n`s up to the record.
    let bytes = text.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1usize);
    for record in reader.records() {
        let record = record.map_err(|e| Error::invalid_input(format!("CSV: {e}")))?;
        let mut start = record
            .position()
            .map_or(counted_to, |p| p.byte() as usize)
            .clamp(counted_to, bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        line += bytes[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = start;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match &headers {
            None => headers = Some(cells),
            Some(h) => {
                if cells.len() > h.len() {
                    return Err(Error::invalid_input(format!(
                        "CSV line {line} has {} cells but the header has {}",
                        cells.len(),
                        h.len()
                    )));
                }
                if records.len() == MAX_ROWS {
                    return Err(Error::invalid_input(format!(
                        "a batch holds at most {MAX_ROWS} rows"
                    )));
                }
                let mut cells = cells;
                cells.resize(h.len(), String::new());
                records.push((line, cells));
            }
        }
    }
    let headers = headers.ok_or_else(|| Error::invalid_input("the CSV file is empty"))?;
    Ok(Table {
        separator,
        headers,
        records,
    })
}

/// Writes `headers` and `rows` with `separator`, quoting only where needed, `\r\n` line
/// ends (what spreadsheet programs write). A header cell holding another candidate
/// separator is quoted, so reading the file back detects the same separator.
pub fn write<'a>(
    separator: u8,
    headers: &[String],
    rows: impl IntoIterator<Item = &'a [String]>,
) -> String {
    let ambiguous = headers
        .iter()
        .any(|h| h.bytes().any(|b| SEPARATORS.contains(&b)));
    let header_style = match ambiguous {
        true => csv::QuoteStyle::Always,
        false => csv::QuoteStyle::Necessary,
    };
    let mut out = records(separator, header_style, std::iter::once(headers));
    out += &records(separator, csv::QuoteStyle::Necessary, rows);
    out
}

/// Records as CSV text. Writing into a Vec cannot fail.
fn records<'a>(
    separator: u8,
    style: csv::QuoteStyle,
    rows: impl IntoIterator<Item = &'a [String]>,
) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .quote_style(style)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The separators a file may use, in the order ties are broken.
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

fn detect_separator(text: &str) -> u8 {
    let mut counts = SEPARATORS.map(|sep| (sep, 0usize));
    let mut quoted = false;
    for b in text.bytes() {
        if !quoted && (b == b'\n' || b == b'\r') {
            break;
        }
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if b == *sep {
                    *n += 1;
                }
            }
        }
    }
    // The first of the most frequent wins, so a header without separators reads as `,`.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(sep, n)| if n > best.1 { (sep, n) } else { best },
        )
        .0
}
