//! Numbers in the words people read.

/// `1536` → `1.5 KiB`.
pub fn size(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024.0 {
        return format!("{bytes} B");
    }
    let mut value = bytes / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(0.0), "0 B");
        assert_eq!(size(1023.0), "1023 B");
        assert_eq!(size(1536.0), "1.5 KiB");
        assert_eq!(size(5.0 * 1024.0 * 1024.0), "5.0 MiB");
        // Beyond the largest unit the number grows instead of the unit running out.
        assert_eq!(size(2048.0 * 1024f64.powi(4)), "2048.0 TiB");
    }
}
