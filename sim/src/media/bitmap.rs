//! A 1-bit image and a deterministic "patent drawing" generator.

/// 1 bit per pixel, `true` = black, row-major.
#[derive(Clone)]
pub struct Bitmap {
    pub width: u16,
    pub height: u16,
    pixels: Vec<bool>,
}

impl Bitmap {
    pub fn new(width: u16, height: u16) -> Bitmap {
        Bitmap {
            width,
            height,
            pixels: vec![false; width as usize * height as usize],
        }
    }

    pub fn get(&self, x: u16, y: u16) -> bool {
        self.pixels[y as usize * self.width as usize + x as usize]
    }

    pub fn row(&self, y: u16) -> &[bool] {
        let w = self.width as usize;
        &self.pixels[y as usize * w..(y as usize + 1) * w]
    }

    fn set(&mut self, x: i32, y: i32) {
        if x >= 0 && y >= 0 && (x as u16) < self.width && (y as u16) < self.height {
            let w = self.width as usize;
            self.pixels[y as usize * w + x as usize] = true;
        }
    }

    fn dot(&mut self, x: i32, y: i32, pen: i32) {
        for dy in 0..pen {
            for dx in 0..pen {
                self.set(x + dx, y + dy);
            }
        }
    }

    fn line(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), pen: i32) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).max(1);
        for i in 0..=steps {
            self.dot(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, pen);
        }
    }

    fn rect(&mut self, x: i32, y: i32, w: i32, h: i32, pen: i32) {
        self.line((x, y), (x + w, y), pen);
        self.line((x + w, y), (x + w, y + h), pen);
        self.line((x + w, y + h), (x, y + h), pen);
        self.line((x, y + h), (x, y), pen);
    }

    fn circle(&mut self, cx: i32, cy: i32, r: i32, pen: i32) {
        let steps = (r * 7).max(16);
        for i in 0..steps {
            let a = i as f64 / steps as f64 * std::f64::consts::TAU;
            self.dot(
                cx + (r as f64 * a.cos()) as i32,
                cy + (r as f64 * a.sin()) as i32,
                pen,
            );
        }
    }

    /// Draws text in a 5×7 pixel font scaled by `scale` (digits, capitals used in labels).
    pub fn text(&mut self, x: i32, y: i32, s: &str, scale: i32) {
        for (i, c) in s.chars().enumerate() {
            let glyph = glyph(c);
            for (row, bits) in glyph.iter().enumerate() {
                for col in 0..5 {
                    if bits & (0b10000 >> col) != 0 {
                        for sy in 0..scale {
                            for sx in 0..scale {
                                self.set(
                                    x + (i as i32 * 6 + col) * scale + sx,
                                    y + row as i32 * scale + sy,
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// A drawing sheet: frame, boxes, circles and leader lines with reference numerals,
    /// labelled "FIG. n". Deterministic in `seed`.
    pub fn drawing(width: u16, height: u16, figure: u32, seed: u64) -> Bitmap {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut b = Bitmap::new(width, height);
        let (w, h) = (width as i32, height as i32);
        let pen = (w / 400).max(1) + 1;
        let margin = w / 12;
        for _ in 0..rng.i32(3..7) {
            let bw = rng.i32(w / 8..w / 3);
            let bh = rng.i32(h / 12..h / 5);
            let x = rng.i32(margin..(w - margin - bw).max(margin + 1));
            let y = rng.i32(margin..(h * 3 / 4 - bh).max(margin + 1));
            b.rect(x, y, bw, bh, pen);
            let numeral = rng.u32(10..99) * 2;
            let (lx, ly) = (x + bw + rng.i32(20..60), y - rng.i32(10..40));
            b.line((x + bw, y + bh / 2), (lx, ly + 10), pen / 2 + 1);
            b.text(lx + 4, ly, &numeral.to_string(), (w / 250).max(1));
        }
        for _ in 0..rng.i32(1..4) {
            let r = rng.i32(w / 30..w / 10);
            b.circle(
                rng.i32(margin + r..w - margin - r),
                rng.i32(margin + r..h * 3 / 4),
                r,
                pen,
            );
        }
        let scale = (w / 120).max(2);
        let label = format!("FIG. {figure}");
        let label_w = label.len() as i32 * 6 * scale;
        b.text((w - label_w) / 2, h - margin - 7 * scale, &label, scale);
        b
    }

    /// 8-bit grey pixels (0 = black), for PNG/JPEG encoders.
    pub fn to_gray(&self) -> Vec<u8> {
        self.pixels
            .iter()
            .map(|&black| if black { 0 } else { 255 })
            .collect()
    }
}

/// A 5×7 glyph, one byte per row (low 5 bits).
fn glyph(c: char) -> [u8; 7] {
    match c {
        '0' => [14, 17, 19, 21, 25, 17, 14],
        '1' => [4, 12, 4, 4, 4, 4, 14],
        '2' => [14, 17, 1, 2, 4, 8, 31],
        '3' => [31, 2, 4, 2, 1, 17, 14],
        '4' => [2, 6, 10, 18, 31, 2, 2],
        '5' => [31, 16, 30, 1, 1, 17, 14],
        '6' => [6, 8, 16, 30, 17, 17, 14],
        '7' => [31, 1, 2, 4, 8, 8, 8],
        '8' => [14, 17, 17, 14, 17, 17, 14],
        '9' => [14, 17, 17, 15, 1, 2, 12],
        'F' => [31, 16, 16, 30, 16, 16, 16],
        'I' => [14, 4, 4, 4, 4, 4, 14],
        'G' => [14, 17, 16, 23, 17, 17, 15],
        '.' => [0, 0, 0, 0, 0, 12, 12],
        _ => [0; 7],
    }
}
