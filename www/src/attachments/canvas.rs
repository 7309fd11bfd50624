//! Putting decoded pixels on a canvas.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Sizes the canvas to the page and draws it.
pub fn paint(canvas: &HtmlCanvasElement, page: &ImageData) {
    canvas.set_width(page.width());
    canvas.set_height(page.height());
    if let Some(ctx) = context(canvas) {
        let _ = ctx.put_image_data(page, 0.0, 0.0);
    }
}

/// Draws `source` into `target`, scaled to fit and centred.
pub fn draw_fitted(target: &HtmlCanvasElement, source: &HtmlCanvasElement) {
    let Some(ctx) = context(target) else { return };
    let (tw, th) = (f64::from(target.width()), f64::from(target.height()));
    let (sw, sh) = (
        f64::from(source.width()).max(1.0),
        f64::from(source.height()).max(1.0),
    );
    let scale = (tw / sw).min(th / sh);
    let (w, h) = (sw * scale, sh * scale);
    ctx.clear_rect(0.0, 0.0, tw, th);
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        source,
        (tw - w) / 2.0,
        (th - h) / 2.0,
        w,
        h,
    );
}

/// A detached canvas holding `page`.
pub fn offscreen(page: &ImageData) -> Option<HtmlCanvasElement> {
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    paint(&canvas, page);
    Some(canvas)
}
