//! Row thumbnails for images: PNG/JPEG decoded by the browser, TIFF drawings by the decoder
//! worker. Fetched only for rows on screen (after a short pause, so fast scrolling does not
//! spend the CLAIMS request budget), then cached for the session.

use super::{canvas, decoder};
use crate::context::Ctx;
use ipdocs::claims::{Attachment, MediaKind};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlCanvasElement;

/// Side of a thumbnail's bitmap, in pixels (shown at half for sharpness on HiDPI screens).
const SIDE: u32 = 96;
/// How long a row must stay on screen before its thumbnail is fetched.
const SETTLE_MS: u64 = 250;

#[derive(Clone, Copy)]
pub struct Thumbs(StoredValue<HashMap<String, Option<HtmlCanvasElement>>, LocalStorage>);

impl Default for Thumbs {
    fn default() -> Thumbs {
        Thumbs(StoredValue::new_local(HashMap::new()))
    }
}

fn has_thumbnail(kind: MediaKind) -> bool {
    kind.is_web_image() || kind == MediaKind::Tiff
}

/// A small label for files without a thumbnail.
fn badge(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Tiff => "TIFF",
        MediaKind::Png => "PNG",
        MediaKind::Jpeg => "JPEG",
        MediaKind::Pdf => "PDF",
        MediaKind::Xml => "XML",
        MediaKind::ChemicalExpression => "MOL",
        MediaKind::Mathematica => "NB",
        MediaKind::ChemDraw => "CDX",
        MediaKind::PostScript => "PS",
        _ => "FILE",
    }
}

async fn render(ctx: Ctx, attachment: &Attachment) -> Option<HtmlCanvasElement> {
    let claims = ctx.claims().ok()?;
    // Background work: its request is logged and folded with the other thumbnails'.
    let blob = claims.fetch(&attachment.path, None).await.ok()?;
    if attachment.media_kind() == MediaKind::Tiff {
        let decoded = decoder::decode(&blob, 0, Some(SIDE)).await.ok()?;
        return canvas::offscreen(&decoded);
    }
    let window = web_sys::window()?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(&blob).ok()?)
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let source: HtmlCanvasElement = window
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    let scale = (f64::from(SIDE) / f64::from(bitmap.width().max(bitmap.height()).max(1))).min(1.0);
    source.set_width((f64::from(bitmap.width()) * scale).ceil() as u32);
    source.set_height((f64::from(bitmap.height()) * scale).ceil() as u32);
    let context: web_sys::CanvasRenderingContext2d =
        source.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            &bitmap,
            0.0,
            0.0,
            f64::from(source.width()),
            f64::from(source.height()),
        )
        .ok()?;
    bitmap.close();
    Some(source)
}

#[component]
pub fn Thumb(attachment: Attachment) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let kind = attachment.media_kind();
    if !has_thumbnail(kind) || !ctx.settings.with_untracked(|s| s.thumbnails) {
        return view! { <span class="badge" aria-hidden="true">{badge(kind)}</span> }.into_any();
    }
    let thumbs = expect_context::<Thumbs>();
    let node = NodeRef::<Canvas>::new();
    let alive = Arc::new(AtomicBool::new(true));
    on_cleanup({
        let alive = alive.clone();
        move || alive.store(false, Ordering::Relaxed)
    });
    let path = attachment.path.clone();
    node.on_load(move |target: HtmlCanvasElement| {
        let cached = thumbs.0.with_value(|m| m.get(&path).cloned());
        match cached {
            Some(Some(source)) => canvas::draw_fitted(&target, &source),
            Some(None) => {}
            None => spawn_local(async move {
                let _ = ipdocs::transport::sleep(SETTLE_MS, None).await;
                if !alive.load(Ordering::Relaxed) || thumbs.0.with_value(|m| m.contains_key(&path))
                {
                    return;
                }
                let made = render(ctx, &attachment).await;
                if let Some(source) = &made {
                    canvas::draw_fitted(&target, source);
                }
                thumbs.0.update_value(|m| {
                    m.insert(path, made);
                });
            }),
        }
    });
    view! { <canvas class="thumb" width=SIDE height=SIDE node_ref=node aria-hidden="true"></canvas> }.into_any()
}
