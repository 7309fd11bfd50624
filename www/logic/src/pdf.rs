//! What a clerk is shown about a PDF before it is sent to WIPO: whether it is a PDF at all and
//! how many pages it says it has. Read from the file's first and last part only (the page tree's
//! root is nearly always in one of them), so that a 50 MB file is never read whole for it.

/// How much of each end of a file is read for [`facts`].
pub const END_BYTES: usize = 256 * 1024;

/// What the ends of a file say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfFacts {
    /// The file starts with the PDF header (`%PDF-`), as every PDF does.
    pub is_pdf: bool,
    /// The page tree's `/Count`: the largest one found (the root counts every page). `None`
    /// when the page tree is compressed out of sight (object streams).
    pub pages: Option<u32>,
}

/// The facts read from the file's first bytes (`head`) and last bytes (`tail`), each at most
/// [`END_BYTES`]; for a small file both may be the whole file.
pub fn facts(head: &[u8], tail: &[u8]) -> PdfFacts {
    let is_pdf = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .is_some_and(|start| head[start..].starts_with(b"%PDF-"));
    let pages = [head, tail].into_iter().filter_map(largest_count).max();
    PdfFacts { is_pdf, pages }
}

/// The largest `/Count N` in `bytes`.
fn largest_count(bytes: &[u8]) -> Option<u32> {
    const KEY: &[u8] = b"/Count";
    bytes
        .windows(KEY.len())
        .enumerate()
        .filter(|(_, w)| *w == KEY)
        .filter_map(|(at, _)| {
            let rest = &bytes[at + KEY.len()..];
            let digits: Vec<u8> = rest
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .take_while(|b| b.is_ascii_digit())
                .copied()
                .collect();
            std::str::from_utf8(&digits).ok()?.parse().ok()
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREE_PAGES: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
        2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >> endobj\n\
        4 0 obj << /Type /Pages /Parent 2 0 R /Kids [5 0 R 6 0 R] /Count 2 >> endobj\n%%EOF";

    #[test]
    fn the_root_page_count_is_the_largest() {
        assert_eq!(
            facts(THREE_PAGES, THREE_PAGES),
            PdfFacts {
                is_pdf: true,
                pages: Some(3)
            }
        );
    }

    #[test]
    fn a_count_in_the_tail_only_is_found() {
        let tail = b"7 0 obj << /Type /Pages /Count 12 /Kids [] >> endobj trailer";
        assert_eq!(facts(b"%PDF-1.7\n%\xe2\xe3", tail).pages, Some(12));
    }

    #[test]
    fn a_file_that_is_not_a_pdf_says_so() {
        let f = facts(b"PK\x03\x04 zip", b"");
        assert!(!f.is_pdf);
        assert_eq!(f.pages, None);
        assert!(!facts(b"", b"").is_pdf);
        // Leading white space before the header is tolerated, as readers do.
        assert!(facts(b"\r\n%PDF-1.3", b"").is_pdf);
    }

    #[test]
    fn a_compressed_page_tree_gives_no_count_rather_than_a_wrong_one() {
        assert_eq!(facts(b"%PDF-1.5 /ObjStm /Count", b"/Count x").pages, None);
    }
}
