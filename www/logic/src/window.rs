//! Which rows of a long list are rendered: rows have a fixed height, a spacer gives the
//! scrollbar its full length, and only the visible rows (plus a margin) exist in the DOM.

use std::ops::Range;

/// Rows rendered above and below the visible ones.
pub const OVERSCAN: usize = 8;

/// The first rendered row for a scroll position.
pub fn first(scroll_top: f64, row_height: f64) -> usize {
    ((scroll_top / row_height) as usize).saturating_sub(OVERSCAN)
}

/// The rows to render out of `len`, for a scroll position and viewport height.
pub fn visible(scroll_top: f64, viewport: f64, row_height: f64, len: usize) -> Range<usize> {
    let start = first(scroll_top, row_height).min(len);
    let shown = (viewport / row_height).ceil() as usize;
    start..(start + shown + 2 * OVERSCAN).min(len)
}

/// How many pages `len` rows take, `per_page` a page (at least one, empty).
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// One page of `rows`: `(rows on the page, number of pages)`; `page` counts from 0 and is
/// kept within the pages there are.
pub fn page<T>(rows: &[T], page: usize, per_page: usize) -> (&[T], usize) {
    let per_page = per_page.max(1);
    let pages = page_count(rows.len(), per_page);
    let start = page.min(pages - 1) * per_page;
    (&rows[start..(start + per_page).min(rows.len())], pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_hold_their_size_and_the_last_page_is_kept_in_range() {
        let all: Vec<u32> = (0..120).collect();
        let (first, pages) = page(&all, 0, 50);
        assert_eq!((first.len(), pages), (50, 3));
        assert_eq!(page(&all, 2, 50).0.len(), 20);
        assert_eq!(page(&all, 9, 50).0.len(), 20, "past the end: the last page");
        assert_eq!(page::<u32>(&[], 0, 50), (&[][..], 1));
    }

    #[test]
    fn the_window_covers_the_viewport_with_a_margin_and_stays_in_bounds() {
        assert_eq!(visible(0.0, 520.0, 52.0, 5000), 0..26);
        // Scrolled to row 100: 8 rows above, 10 visible, 8 below.
        assert_eq!(visible(5200.0, 520.0, 52.0, 5000), 92..118);
        assert_eq!(visible(1e9, 520.0, 52.0, 5000), 5000..5000);
        assert_eq!(visible(0.0, 520.0, 52.0, 3), 0..3);
        assert_eq!(visible(0.0, 0.0, 52.0, 0), 0..0);
        // Odd values from the browser (negative overscroll, NaN) give the top, not a panic.
        assert_eq!(visible(-40.0, 520.0, 52.0, 100), 0..26);
        assert_eq!(visible(f64::NAN, 520.0, 52.0, 100).start, 0);
    }
}
