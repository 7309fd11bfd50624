//! The other attachment formats: PNG, JPEG, PDF, and text-like chemistry/maths files.

use super::Bitmap;

pub fn png(bitmap: &Bitmap) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, bitmap.width as u32, bitmap.height as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("in-memory PNG header");
        writer
            .write_image_data(&bitmap.to_gray())
            .expect("in-memory PNG data");
    }
    out
}

pub fn jpeg(bitmap: &Bitmap) -> Vec<u8> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 80)
        .encode(
            &bitmap.to_gray(),
            bitmap.width,
            bitmap.height,
            jpeg_encoder::ColorType::Luma,
        )
        .expect("in-memory JPEG");
    out
}

/// A small valid PDF: one page per line group, Helvetica text. Offsets in the xref table
/// are computed, so viewers open it without repair.
pub fn pdf(title: &str, lines: &[String], pages: usize) -> Vec<u8> {
    let pages = pages.max(1);
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
    };
    let mut objects: Vec<String> = Vec::new();
    // 1 catalog, 2 page tree, 3 font, then (page, content) pairs.
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 4 + i * 2)).collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    ));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    for page in 0..pages {
        let mut text = format!("BT /F1 18 Tf 56 780 Td ({}) Tj ET\n", escape(title));
        for (i, line) in lines.iter().enumerate() {
            text += &format!(
                "BT /F1 11 Tf 56 {} Td ({}) Tj ET\n",
                740 - i as i32 * 16,
                escape(line)
            );
        }
        text += &format!(
            "BT /F1 9 Tf 280 40 Td (Page {} of {pages}) Tj ET\n",
            page + 1
        );
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + page * 2
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{text}endstream",
            text.len()
        ));
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A MDL molfile (V2000) of benzene: the `application/chemexpres` attachments.
pub fn molfile(name: &str) -> Vec<u8> {
    let mut s = format!("{name}\n  ipdocs-sim\n\n  6  6  0  0  0  0  0  0  0  0999 V2000\n");
    let coords = [
        (1.2124, 0.7),
        (1.2124, -0.7),
        (0.0, -1.4),
        (-1.2124, -0.7),
        (-1.2124, 0.7),
        (0.0, 1.4),
    ];
    for (x, y) in coords {
        s += &format!(
            "{x:>10.4}{y:>10.4}{:>10.4} C   0  0  0  0  0  0  0  0  0  0  0  0\n",
            0.0
        );
    }
    for (a, b, order) in [
        (1, 2, 2),
        (2, 3, 1),
        (3, 4, 2),
        (4, 5, 1),
        (5, 6, 2),
        (6, 1, 1),
    ] {
        s += &format!("{a:>3}{b:>3}{order:>3}  0\n");
    }
    s += "M  END\n";
    s.into_bytes()
}

/// A ChemDraw CDX-like binary (the real format's magic and a small body).
pub fn chemdraw(seed: u64) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = b"VjCD0100\x04\x03\x02\x01".to_vec();
    out.extend((0..500).map(|_| rng.u8(..)));
    out
}

pub fn mathematica(name: &str) -> Vec<u8> {
    format!("(* Content-type: application/vnd.wolfram.mathematica *)\nNotebook[{{Cell[\"{name}\", \"Title\"], Cell[BoxData[RowBox[{{\"Integrate\", \"[\", RowBox[{{\"x^2\", \",\", \"x\"}}], \"]\"}}]], \"Input\"]}}]\n").into_bytes()
}

pub fn sequence_xml(ucid: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ST26SequenceListing dtdVersion=\"V1_3\" fileName=\"{ucid}.xml\">\n  <SequenceData sequenceIDNumber=\"1\"><INSDSeq><INSDSeq_length>24</INSDSeq_length><INSDSeq_moltype>DNA</INSDSeq_moltype><INSDSeq_sequence>atgcgtacgttagcatgcatgcaa</INSDSeq_sequence></INSDSeq></SequenceData>\n</ST26SequenceListing>\n").into_bytes()
}

pub fn postscript(title: &str) -> Vec<u8> {
    format!("%!PS-Adobe-3.0\n%%Title: {title}\n/Helvetica findfont 12 scalefont setfont\n72 720 moveto ({title}) show\nshowpage\n%%EOF\n").into_bytes()
}
