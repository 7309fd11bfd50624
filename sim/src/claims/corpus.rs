//! The fixture corpus: 34 documents across 24 countries and many kinds (plus synthetic
//! documents: ZZ-5000-A for load tests, ZZ-6666-A with damaged TIFFs, and the 10,000 bulk-set
//! UCIDs ZZ-80000-A … ZZ-89999-A), generated at start-up from fixed seeds (same bytes on every
//! run and machine). Paths, pkeys and file names follow the shapes observed on the real
//! service (see `shared/spec/claims-direct/notes.md` §9).

use crate::media::{formats, tiff, Bitmap};
use std::collections::HashMap;

/// Drawing sheet size (about A4 at 75 dpi: small files, still legible).
const SHEET: (u16, u16) = (640, 880);
/// Abstract figure size.
const ABSTRACT: (u16, u16) = (560, 420);
/// Clipped image size (the many small images of the 250+ attachment document).
const CLIP: (u16, u16) = (240, 160);

/// What a document carries.
#[derive(Clone, Copy)]
enum Recipe {
    /// PDF + abstract figure + `sheets` multi-page G4 TIFF drawings.
    Full { sheets: u32 },
    /// G4 TIFF drawings only (no PDF, so `/attachment/pdf` answers 204).
    TiffOnly { sheets: u32 },
    /// PNG and JPEG images plus a PDF (design registrations, some offices).
    WebImages,
    /// Chemistry and other non-image files: MOL, CDX, NB, XML, PostScript, an unknown type.
    Chemistry,
    /// No attachments at all.
    Empty,
    /// One PDF and 261 clipped images: the 250+ case.
    Huge,
    /// TIFFs that cannot be shown: truncated, garbage behind a TIFF header, and a page header
    /// claiming 108 Mpx. The app's decoder must fail on each and the app go on.
    Damaged,
}

const DOCUMENTS: &[(&str, &str, Recipe)] = &[
    ("EP-0700000-A2", "19960306", Recipe::Full { sheets: 5 }),
    ("EP-0700000-B1", "20001004", Recipe::Full { sheets: 3 }),
    ("EP-0666666-A2", "19950809", Recipe::Full { sheets: 2 }),
    ("EP-0666666-A3", "20030102", Recipe::TiffOnly { sheets: 3 }),
    ("US-20100077592-A1", "20100401", Recipe::Full { sheets: 4 }),
    ("US-5551212-A", "19960903", Recipe::TiffOnly { sheets: 2 }),
    ("US-20160000001-A1", "20160107", Recipe::Full { sheets: 2 }),
    ("US-RE45678-E", "20151027", Recipe::Full { sheets: 1 }),
    ("WO-2019123456-A1", "20190627", Recipe::Huge),
    ("WO-2020000001-A1", "20200102", Recipe::Chemistry),
    ("JP-2017173854-A", "20170928", Recipe::WebImages),
    ("CN-1055497-A", "19911016", Recipe::Full { sheets: 2 }),
    ("KR-20160114950-A", "20161006", Recipe::WebImages),
    ("DE-102015000001-A1", "20160707", Recipe::Chemistry),
    ("GB-2500000-A", "20130911", Recipe::Full { sheets: 3 }),
    ("GB-2999999-A", "20250101", Recipe::Empty),
    ("FR-3000000-A1", "20140627", Recipe::TiffOnly { sheets: 1 }),
    ("CA-167637-S", "20170103", Recipe::WebImages),
    ("SE-9400081-D0", "19940112", Recipe::TiffOnly { sheets: 2 }),
    ("SE-9400081-L", "19950301", Recipe::Full { sheets: 1 }),
    ("PL-2543232-T3", "20160229", Recipe::Full { sheets: 2 }),
    ("AU-2018100001-A4", "20180208", Recipe::WebImages),
    ("CH-712345-A2", "20170929", Recipe::Full { sheets: 2 }),
    ("ES-2600000-T3", "20170207", Recipe::Chemistry),
    ("IT-1234567-B", "19951120", Recipe::TiffOnly { sheets: 1 }),
    ("NL-2012345-B1", "20150914", Recipe::Full { sheets: 2 }),
    ("BR-102016000001-A2", "20170718", Recipe::Full { sheets: 1 }),
    ("IN-201617000001-A", "20160304", Recipe::WebImages),
    ("RU-2600000-C1", "20161020", Recipe::Full { sheets: 3 }),
    ("TW-I500000-B", "20150911", Recipe::TiffOnly { sheets: 2 }),
    ("MX-2016000001-A", "20160706", Recipe::Full { sheets: 1 }),
    ("AT-517000-B1", "20161015", Recipe::Chemistry),
    ("DK-178000-B1", "20150706", Recipe::Full { sheets: 2 }),
    ("EP-3000000-A1", "20160323", Recipe::Full { sheets: 3 }),
    (DAMAGED_UCID, "20200101", Recipe::Damaged),
];

/// The synthetic document with damaged TIFFs ([`Recipe::Damaged`]). Not a real office code.
pub const DAMAGED_UCID: &str = "ZZ-6666-A";

/// A synthetic document with [`LOAD_TEST_SIZE`] attachments (see `add_load_test_document`).
pub const LOAD_TEST_UCID: &str = "ZZ-5000-A";

/// Bulk-set UCIDs (`ZZ-8dddd-A`, 10,000 of them) all hold the attachments of this document,
/// so sets of hundreds of UCIDs can be listed and downloaded (benchmarks, bulk tests).
const BULK_TEMPLATE: &str = "US-5551212-A";

fn is_bulk_ucid(key: &str) -> bool {
    key.strip_prefix("ZZ-8")
        .and_then(|rest| rest.strip_suffix("-A"))
        .is_some_and(|digits| digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
}
const LOAD_TEST_SIZE: usize = 5_000;

/// How to re-create a stored image as a bitmap, for `/attachment/abimage` conversions.
#[derive(Clone, Copy)]
pub struct DrawingSpec {
    pub width: u16,
    pub height: u16,
    pub figure: u32,
    pub seed: u64,
}

impl DrawingSpec {
    pub fn render(&self) -> Bitmap {
        Bitmap::drawing(self.width, self.height, self.figure, self.seed)
    }
}

pub struct StoredFile {
    pub media: &'static str,
    pub bytes: bytes::Bytes,
    pub drawing: Option<DrawingSpec>,
}

pub struct Listed {
    pub path: String,
    pub filename: String,
    pub media: &'static str,
    pub size: u64,
}

pub struct Document {
    pub ucid: &'static str,
    pub pkey: String,
    pub attachments: Vec<Listed>,
}

impl Document {
    pub fn pdf(&self) -> Option<&Listed> {
        self.attachments
            .iter()
            .find(|a| a.media == "application/pdf")
    }

    /// The abstract figure if there is one, else the first image.
    pub fn abstract_image(&self) -> Option<&Listed> {
        self.attachments
            .iter()
            .find(|a| a.filename.starts_with("imgaf"))
            .or_else(|| {
                self.attachments
                    .iter()
                    .find(|a| a.media.starts_with("image/"))
            })
    }
}

pub struct Corpus {
    pub documents: Vec<Document>,
    by_ucid: HashMap<&'static str, usize>,
    files: HashMap<String, StoredFile>,
}

impl Corpus {
    pub fn generate() -> Corpus {
        let mut corpus = Corpus {
            documents: Vec::new(),
            by_ucid: HashMap::new(),
            files: HashMap::new(),
        };
        for (index, &(ucid, date, recipe)) in DOCUMENTS.iter().enumerate() {
            let mut doc = DocumentBuilder::new(ucid, date, index as u64 * 1000);
            doc.fill(recipe);
            let (document, files) = doc.finish();
            corpus.by_ucid.insert(ucid, corpus.documents.len());
            corpus.documents.push(document);
            corpus.files.extend(files);
        }
        corpus.add_load_test_document();
        corpus
    }

    /// [`LOAD_TEST_UCID`]: 5,000 TIFF attachments (one drawing, listed 5,000 times), for the
    /// web app's large-list test and benchmark. Not a real office code.
    fn add_load_test_document(&mut self) {
        let Some((media, bytes, drawing, size)) = self
            .files
            .values()
            .find(|f| f.media == "image/tiff")
            .map(|f| (f.media, f.bytes.clone(), f.drawing, f.bytes.len() as u64))
        else {
            return;
        };
        let mut attachments = Vec::with_capacity(LOAD_TEST_SIZE);
        for j in 0..LOAD_TEST_SIZE {
            let filename = format!("imgf{j:04}.tif");
            let path = format!("/ZZ/20200101/A/005000/{:02}/{filename}", j / 100);
            self.files.insert(
                path.clone(),
                StoredFile {
                    media,
                    bytes: bytes.clone(),
                    drawing,
                },
            );
            attachments.push(Listed {
                path,
                filename,
                media,
                size,
            });
        }
        self.by_ucid.insert(LOAD_TEST_UCID, self.documents.len());
        self.documents.push(Document {
            ucid: LOAD_TEST_UCID,
            pkey: format!("{LOAD_TEST_UCID}-20200101"),
            attachments,
        });
    }

    /// Looks a UCID up case-insensitively (the simulator's documented choice).
    pub fn document(&self, ucid: &str) -> Option<&Document> {
        let key = ucid.trim().to_ascii_uppercase();
        let key = if is_bulk_ucid(&key) {
            BULK_TEMPLATE
        } else {
            key.as_str()
        };
        self.by_ucid.get(key).map(|&i| &self.documents[i])
    }

    pub fn file(&self, path: &str) -> Option<&StoredFile> {
        self.files.get(path)
    }

    pub fn attachment_count(&self) -> usize {
        self.documents.iter().map(|d| d.attachments.len()).sum()
    }
}

struct DocumentBuilder {
    ucid: &'static str,
    date: &'static str,
    seed: u64,
    base: String,
    pkey: String,
    listed: Vec<Listed>,
    files: Vec<(String, StoredFile)>,
}

impl DocumentBuilder {
    fn new(ucid: &'static str, date: &'static str, seed: u64) -> DocumentBuilder {
        let mut parts = ucid.split('-');
        let (cc, number, kind) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        // /{CC}/{date}/{kind}/{NNNNNN}/{NN}/{NN}/{NN}/ from the number padded to 12.
        let padded = format!("{number:0>12}");
        let base = format!(
            "/{cc}/{date}/{kind}/{}/{}/{}/{}",
            &padded[..6],
            &padded[6..8],
            &padded[8..10],
            &padded[10..12]
        );
        DocumentBuilder {
            ucid,
            date,
            seed,
            base,
            pkey: format!("{ucid}-{date}"),
            listed: Vec::new(),
            files: Vec::new(),
        }
    }

    fn add(
        &mut self,
        filename: String,
        media: &'static str,
        bytes: Vec<u8>,
        drawing: Option<DrawingSpec>,
    ) {
        let path = format!("{}/{filename}", self.base);
        self.listed.push(Listed {
            path: path.clone(),
            filename,
            media,
            size: bytes.len() as u64,
        });
        self.files.push((
            path,
            StoredFile {
                media,
                bytes: bytes.into(),
                drawing,
            },
        ));
    }

    fn spec(&self, (width, height): (u16, u16), figure: u32, salt: u64) -> DrawingSpec {
        DrawingSpec {
            width,
            height,
            figure,
            seed: self.seed + salt,
        }
    }

    fn pdf(&mut self, pages: usize) {
        let compact: String = self.ucid.split('-').collect();
        let lines = vec![
            format!("Publication {} of {}", self.ucid, self.date),
            "Simulated full-text document generated by ipdocs-sim.".to_string(),
            "Claims, description and drawings are placeholders.".to_string(),
        ];
        let bytes = formats::pdf(self.ucid, &lines, pages);
        self.add(
            format!("{compact}{}.pdf", self.date),
            "application/pdf",
            bytes,
            None,
        );
    }

    fn abstract_figure(&mut self) {
        let spec = self.spec(ABSTRACT, 1, 1);
        self.add(
            "imgaf001.tif".into(),
            "image/tiff",
            tiff::encode(&[spec.render()]),
            Some(spec),
        );
    }

    /// Sheets alternate 1, 2 and 3 pages, so multi-page TIFFs are common.
    fn sheets(&mut self, count: u32) {
        let mut figure = 1;
        for sheet in 1..=count {
            let pages: Vec<Bitmap> = (0..(sheet - 1) % 3 + 1)
                .map(|p| {
                    figure += 1;
                    self.spec(SHEET, figure - 1, 10 + sheet as u64 * 10 + p as u64)
                        .render()
                })
                .collect();
            let first = self.spec(SHEET, figure - pages.len() as u32, 10 + sheet as u64 * 10);
            self.add(
                format!("imgf{sheet:04}.tif"),
                "image/tiff",
                tiff::encode(&pages),
                Some(first),
            );
        }
    }

    fn fill(&mut self, recipe: Recipe) {
        match recipe {
            Recipe::Full { sheets } => {
                self.pdf(sheets as usize + 2);
                self.abstract_figure();
                self.sheets(sheets);
            }
            Recipe::TiffOnly { sheets } => {
                self.abstract_figure();
                self.sheets(sheets);
            }
            Recipe::WebImages => {
                self.pdf(2);
                for i in 1..=3u32 {
                    let spec = self.spec(ABSTRACT, i, 100 + i as u64);
                    self.add(
                        format!("D{i:05}.png"),
                        "image/png",
                        formats::png(&spec.render()),
                        Some(spec),
                    );
                }
                let spec = self.spec(ABSTRACT, 4, 200);
                self.add(
                    "D00004.jpg".into(),
                    "image/jpeg",
                    formats::jpeg(&spec.render()),
                    Some(spec),
                );
            }
            Recipe::Chemistry => {
                self.pdf(3);
                self.abstract_figure();
                self.add(
                    "chem0001.mol".into(),
                    "application/chemexpres",
                    formats::molfile(self.ucid),
                    None,
                );
                self.add(
                    "chem0002.cdx".into(),
                    "application/chemdraw",
                    formats::chemdraw(self.seed),
                    None,
                );
                self.add(
                    "math0001.nb".into(),
                    "application/mathmatica",
                    formats::mathematica(self.ucid),
                    None,
                );
                self.add(
                    "seql0001.xml".into(),
                    "text/xml",
                    formats::sequence_xml(self.ucid),
                    None,
                );
                self.add(
                    "fig0001.pos".into(),
                    "application/postscript",
                    formats::postscript(self.ucid),
                    None,
                );
                self.add(
                    "data0001.dat".into(),
                    "application/x-ipdocs-unknown",
                    b"opaque data of a media type the docs do not list\n".to_vec(),
                    None,
                );
            }
            Recipe::Empty => {}
            Recipe::Damaged => {
                let spec = self.spec(SHEET, 1, 1);
                let good = tiff::encode(&[spec.render()]);
                let truncated = good[..good.len() / 2].to_vec();
                let mut garbage = b"II*\0".to_vec();
                let mut rng = fastrand::Rng::with_seed(self.seed);
                garbage.extend((0..4096).map(|_| rng.u8(..)));
                self.add("trunc0001.tif".into(), "image/tiff", truncated, None);
                self.add("garb0001.tif".into(), "image/tiff", garbage, None);
                let huge = tiff::claim_size(good, 12_000, 9_000);
                self.add("huge0001.tif".into(), "image/tiff", huge, None);
            }
            Recipe::Huge => {
                self.pdf(4);
                for i in 1..=261u32 {
                    let spec = self.spec(CLIP, i, 1000 + i as u64);
                    self.add(
                        format!("imgb{i:04}.tif"),
                        "image/tiff",
                        tiff::encode(&[spec.render()]),
                        Some(spec),
                    );
                }
            }
        }
    }

    fn finish(self) -> (Document, Vec<(String, StoredFile)>) {
        (
            Document {
                ucid: self.ucid,
                pkey: self.pkey,
                attachments: self.listed,
            },
            self.files,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_has_the_promised_variety() {
        let c = Corpus::generate();
        assert!(c.documents.len() >= 30);
        let countries: std::collections::HashSet<&str> =
            c.documents.iter().map(|d| &d.ucid[..2]).collect();
        assert!(countries.len() >= 10);
        assert!(c.document("GB-2999999-A").unwrap().attachments.is_empty());
        assert!(c.document("wo-2019123456-a1").unwrap().attachments.len() >= 250);
        let load = c.document(LOAD_TEST_UCID).unwrap();
        assert_eq!(load.attachments.len(), 5_000);
        assert!(c.file(&load.attachments[4_999].path).is_some());
        let ep = c.document("EP-0700000-B1").unwrap();
        assert_eq!(ep.pkey, "EP-0700000-B1-20001004");
        assert!(ep
            .attachments
            .iter()
            .any(|a| a.path == "/EP/20001004/B1/000000/70/00/00/imgaf001.tif"));
        let media: std::collections::HashSet<&str> = c
            .documents
            .iter()
            .flat_map(|d| d.attachments.iter().map(|a| a.media))
            .collect();
        for m in [
            "image/tiff",
            "image/png",
            "image/jpeg",
            "application/pdf",
            "application/chemexpres",
            "application/mathmatica",
        ] {
            assert!(media.contains(m), "{m}");
        }
    }

    #[test]
    fn bulk_set_ucids_resolve_to_the_template() {
        let c = Corpus::generate();
        let template = c.document(BULK_TEMPLATE).unwrap();
        for ucid in ["ZZ-80000-A", "zz-89999-a"] {
            assert_eq!(
                c.document(ucid).unwrap().attachments.len(),
                template.attachments.len()
            );
        }
        for not_bulk in ["ZZ-8000-A", "ZZ-800000-A", "ZZ-8000X-A", "ZZ-80000-B"] {
            assert!(c.document(not_bulk).is_none(), "{not_bulk}");
        }
    }

    #[test]
    fn generation_is_reproducible() {
        let (a, b) = (Corpus::generate(), Corpus::generate());
        let path = &a.document("EP-0700000-A2").unwrap().attachments[2].path;
        assert_eq!(a.file(path).unwrap().bytes, b.file(path).unwrap().bytes);
    }
}
