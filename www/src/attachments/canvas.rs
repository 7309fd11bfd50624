//! Putting decoded pixels on a canvas, and reading a Blob's bytes for the decoder.

use super::tiff::Page;
use ipdocs::{Error, ErrorKind, Result};
use wasm_bindgen::{Clamped, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Sizes the canvas to the page and draws it.
pub fn paint(canvas: &HtmlCanvasElement, page: &Page) {
    canvas.set_width(page.width);
    canvas.set_height(page.height);
    let Ok(data) =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&page.rgba), page.width, page.height)
    else {
        return;
    };
    if let Some(ctx) = context(canvas) {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
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
pub fn offscreen(page: &Page) -> Option<HtmlCanvasElement> {
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    paint(&canvas, page);
    Some(canvas)
}

/// The Blob's bytes, copied into wasm memory (decoding needs them there).
pub async fn bytes(blob: &Blob) -> Result<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| Error::new(ErrorKind::Network, ipdocs::transport::js_message(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
