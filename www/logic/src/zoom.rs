//! The drawing viewer's zoom: fixed steps, and a step from a fitted view starts from the scale
//! actually shown (a drawing fitted at 83 % zooms in to 100 %, never "in" to 75 %).

/// The scales offered by zooming in and out.
pub const STEPS: [f64; 9] = [0.125, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0];

/// How a drawing is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zoom {
    /// As wide as the pane.
    FitWidth,
    /// The whole page in the pane (width and height).
    FitPage,
    /// A fixed scale (1.0 = one drawing pixel per CSS pixel).
    Scale(f64),
}

impl Zoom {
    /// The next step in (`up`) or out from `shown`, the scale on screen now.
    pub fn step(shown: f64, up: bool) -> Zoom {
        let next = if up {
            STEPS.iter().copied().find(|z| *z > shown * 1.001)
        } else {
            STEPS.iter().rev().copied().find(|z| *z < shown * 0.999)
        };
        Zoom::Scale(next.unwrap_or(if up { STEPS[STEPS.len() - 1] } else { STEPS[0] }))
    }

    /// In words, with the scale shown: `fit width (83 %)`, `150 %`.
    /// The scale shown (CSS pixels per drawing pixel) as a whole percentage, for its label.
    pub fn percent(shown: f64) -> f64 {
        (shown * 100.0).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_in_from_a_fitted_view_always_enlarges() {
        assert_eq!(Zoom::step(0.83, true), Zoom::Scale(1.0));
        assert_eq!(Zoom::step(0.2, true), Zoom::Scale(0.25));
        assert_eq!(Zoom::step(0.83, false), Zoom::Scale(0.75));
        // On a step, the next one (not the same again).
        assert_eq!(Zoom::step(1.0, true), Zoom::Scale(1.5));
        assert_eq!(Zoom::step(1.0, false), Zoom::Scale(0.75));
    }

    #[test]
    fn the_ends_hold() {
        assert_eq!(Zoom::step(4.0, true), Zoom::Scale(4.0));
        assert_eq!(Zoom::step(0.125, false), Zoom::Scale(0.125));
        assert_eq!(Zoom::step(9.0, false), Zoom::Scale(4.0));
    }

    #[test]
    fn labels_say_the_scale_shown_in_whole_percent() {
        assert_eq!(Zoom::percent(0.8333), 83.0);
        assert_eq!(Zoom::percent(1.5), 150.0);
    }
}
