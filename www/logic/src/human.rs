//! Numbers and times in the words people read.

/// How long ago something happened, in the unit a person would say it: `(-5.0, "minute")`
/// for five minutes ago (negative = past, as `Intl.RelativeTimeFormat` takes it). `None`
/// beyond a day (or in the future by more than a minute: a clock is off), where the exact
/// local date and time say more.
pub fn ago(elapsed_ms: f64) -> Option<(f64, &'static str)> {
    const MINUTE: f64 = 60_000.0;
    if !elapsed_ms.is_finite() || !(-MINUTE..86_400_000.0).contains(&elapsed_ms) {
        return None;
    }
    let elapsed = elapsed_ms.max(0.0);
    Some(match elapsed {
        e if e < 45_000.0 => (0.0, "second"),
        e if e < 60.0 * MINUTE => (-(e / MINUTE).round().max(1.0), "minute"),
        e => (-(e / (60.0 * MINUTE)).round().max(1.0), "hour"),
    })
}

/// Whether `count` takes the singular in `language` (CLDR's plural category "one" for whole
/// numbers): 1 in English and Spanish, 0 and 1 in French; Japanese has no plural, and its one
/// form (written for every count) is the singular's.
pub fn singular(language: &str, count: usize) -> bool {
    match language {
        "fr" => count <= 1,
        _ => count == 1,
    }
}

/// `1536` → `(1.5, "KiB")`: the number and the binary unit a size is said in (whole bytes
/// below 1 KiB). The number is written in the reader's language by the app.
pub fn size_in_units(bytes: f64) -> (f64, &'static str) {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024.0 {
        return (bytes, "B");
    }
    let mut value = bytes / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    (value, UNITS[unit])
}

/// `1536` → `1.5 KiB` (English digits; the app writes the number in the reader's language).
pub fn size(bytes: f64) -> String {
    match size_in_units(bytes) {
        (value, "B") => format!("{value} B"),
        (value, unit) => format!("{value:.1} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{ago, singular, size};

    #[test]
    fn the_singular_follows_each_language() {
        assert!(singular("en", 1) && !singular("en", 0) && !singular("en", 2));
        assert!(singular("es", 1) && !singular("es", 0));
        assert!(singular("fr", 0) && singular("fr", 1) && !singular("fr", 2));
    }

    #[test]
    fn recent_times_are_said_relative_and_older_ones_are_not() {
        assert_eq!(ago(3_000.0), Some((0.0, "second")), "just now");
        assert_eq!(
            ago(-20_000.0),
            Some((0.0, "second")),
            "a clock a little ahead"
        );
        assert_eq!(ago(5.0 * 60_000.0), Some((-5.0, "minute")));
        assert_eq!(ago(50_000.0), Some((-1.0, "minute")));
        assert_eq!(ago(3.0 * 3_600_000.0), Some((-3.0, "hour")));
        assert_eq!(ago(2.0 * 86_400_000.0), None);
        assert_eq!(ago(-10.0 * 60_000.0), None);
        assert_eq!(ago(f64::NAN), None);
    }

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
