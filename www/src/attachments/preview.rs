//! The preview pane: PNG/JPEG in an `<img>`, PDF in the browser's own viewer, TIFF drawings
//! decoded in the decoder worker onto a canvas with page navigation and zoom.

use super::{canvas, decoder};
use crate::activity::logged;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::human;
use crate::lang::{live, tr};
use ipdocs::claims::{Attachment, MediaKind};
use ipdocs::Error;
use ipdocs_www_logic::zoom::Zoom;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{AbortController, Blob};

#[derive(Clone)]
enum Shown {
    Loading,
    Image(String),
    Pdf(String),
    Tiff {
        blob: Blob,
        pages: usize,
    },
    NoViewer,
    /// The decoder refused the file or stopped on it (the app goes on; see `decoder`).
    Undecodable(String),
    Failed(Error),
}

#[component]
pub fn Preview(attachment: Attachment) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let kind = attachment.media_kind();
    let shown = RwSignal::new_local(Shown::Loading);
    let object_url = StoredValue::new_local(None::<String>);
    // Stored values, because `on_cleanup` wants `Send` closures and these are JS objects.
    let abort = StoredValue::new_local(AbortController::new().ok());
    let signal = abort.with_value(|a| a.as_ref().map(AbortController::signal));
    on_cleanup(move || {
        // `try_`: the values may already be disposed together with their owner.
        if let Some(Some(a)) = abort.try_get_value() {
            a.abort();
        }
        if let Some(Some(url)) = object_url.try_get_value() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let viewable = kind.is_web_image() || matches!(kind, MediaKind::Pdf | MediaKind::Tiff);
    if viewable {
        let a = attachment.clone();
        spawn_local(async move {
            let result = async {
                let claims = ctx.claims()?;
                let blob = logged(
                    ctx,
                    &tr!(log.preview, name = a.filename.clone()).to_string(),
                    claims.fetch(&a.path, signal.as_ref()),
                    |b| human::size(b.size()),
                )
                .await?;
                if kind == MediaKind::Tiff {
                    return Ok(match decoder::page_count(&blob).await {
                        Ok(pages) => Shown::Tiff { blob, pages },
                        Err(why) => Shown::Undecodable(why),
                    });
                }
                let url = web_sys::Url::create_object_url_with_blob(&blob)
                    .map_err(|e| Error::invalid_input(ipdocs::transport::js_message(&e)))?;
                object_url.set_value(Some(url.clone()));
                Ok(if kind == MediaKind::Pdf {
                    Shown::Pdf(url)
                } else {
                    Shown::Image(url)
                })
            }
            .await;
            shown.set(result.unwrap_or_else(Shown::Failed));
        });
    } else {
        shown.set(Shown::NoViewer);
    }
    let close = move |_| {
        expect_context::<Selected>().0.set(None);
    };
    let filename = attachment.filename.clone();
    let pane_label = {
        let filename = filename.clone();
        move || tr!(attachments.preview_of, name = filename.clone()).to_string()
    };
    view! {
        <aside class="preview" aria-label=pane_label>
            <header>
                <h2>{attachment.filename.clone()}</h2>
                <span class="muted">{format!("{} · {}", attachment.media, human::size(attachment.size as f64))}</span>
                <button type="button" class="close" on:click=close aria-label=live(|| tr!(attachments.close_preview))>{live(|| tr!(attachments.close))}</button>
            </header>
            {move || match shown.get() {
                Shown::Loading => view! { <p class="spinner" role="status">{tr!(attachments.loading_file)}</p> }.into_any(),
                Shown::Image(url) => view! { <img class="full" src=url alt=filename.clone() /> }.into_any(),
                Shown::Pdf(url) => view! { <iframe class="pdf" src=url title=format!("PDF {filename}")></iframe> }.into_any(),
                Shown::Tiff { blob, pages } => view! { <TiffView blob pages /> }.into_any(),
                Shown::NoViewer => view! { <p class="empty">{tr!(attachments.no_viewer)}</p> }.into_any(),
                Shown::Undecodable(why) => view! {
                    <div class="notice error" role="alert">
                        <strong>{tr!(attachments.not_shown)}</strong>
                        <p>{why}</p>
                        <p class="hint">{tr!(attachments.damaged)}</p>
                    </div>
                }.into_any(),
                Shown::Failed(e) => view! { <ErrorNotice error=e /> }.into_any(),
            }}
        </aside>
    }
}

/// The currently previewed attachment, shared between the list and the pane.
#[derive(Clone, Copy)]
pub struct Selected(pub RwSignal<Option<Attachment>>);

/// "fit width (83 %)", "fit page (50 %)" or "150 %".
fn zoom_label(zoom: Zoom, shown: f64) -> String {
    let percent = Zoom::percent(shown);
    match zoom {
        Zoom::FitWidth => tr!(attachments.tiff.fit_width_at, percent).to_string(),
        Zoom::FitPage => tr!(attachments.tiff.fit_page_at, percent).to_string(),
        Zoom::Scale(_) => format!("{percent} %"),
    }
}

#[component]
fn TiffView(blob: Blob, pages: usize) -> impl IntoView {
    let page = RwSignal::new(0usize);
    let zoom = RwSignal::new(Zoom::FitWidth);
    // The scale on screen (CSS pixels per drawing pixel), measured after each paint and zoom.
    let shown = RwSignal::new(1.0f64);
    let size = RwSignal::new((0u32, 0u32));
    let failure = RwSignal::new(None::<String>);
    // The page on the canvas: decoding is asynchronous, so it lags `page` for a moment.
    let painted = RwSignal::new(None::<usize>);
    let node = NodeRef::<Canvas>::new();
    let measure = move || {
        request_animation_frame(move || {
            let (Some(canvas), (width, _)) = (node.get_untracked(), size.get_untracked()) else {
                return;
            };
            if width > 0 {
                shown.set(f64::from(canvas.client_width()) / f64::from(width));
            }
        })
    };
    let blob = StoredValue::new_local(blob);
    Effect::new(move |_| {
        let index = page.get();
        let Some(canvas) = node.get() else { return };
        let blob = blob.get_value();
        spawn_local(async move {
            match decoder::decode(&blob, index, None).await {
                // A later page may have been asked for meanwhile: only the current one is shown.
                Ok(_) if page.get_untracked() != index => {}
                Ok(decoded) => {
                    canvas::paint(&canvas, &decoded);
                    size.set((decoded.width(), decoded.height()));
                    painted.set(Some(index));
                    measure();
                    failure.set(None);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    });
    let set_zoom = move |z: Zoom| {
        zoom.set(z);
        measure();
    };
    let step = move |up: bool| set_zoom(Zoom::step(shown.get_untracked(), up));
    view! {
        <div class="tiff">
            <div class="toolbar" role="toolbar" aria-label=live(|| tr!(attachments.tiff.toolbar))>
                <button type="button" on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>{live(|| tr!(attachments.tiff.previous))}</button>
                <span id="tiff-page" aria-live="polite">{move || tr!(app.page_of, page = page.get() + 1, pages).to_string()}</span>
                <button type="button" on:click=move |_| page.update(|p| *p = (*p + 1).min(pages - 1)) disabled=move || { page.get() + 1 >= pages }>{live(|| tr!(attachments.tiff.next))}</button>
                <button type="button" on:click=move |_| step(false) aria-label=live(|| tr!(attachments.tiff.zoom_out))>"−"</button>
                <button type="button" on:click=move |_| set_zoom(Zoom::FitWidth) aria-pressed=move || (zoom.get() == Zoom::FitWidth).to_string()>{live(|| tr!(attachments.tiff.fit_width))}</button>
                <button type="button" on:click=move |_| set_zoom(Zoom::FitPage) aria-pressed=move || (zoom.get() == Zoom::FitPage).to_string()>{live(|| tr!(attachments.tiff.fit_page))}</button>
                <button type="button" on:click=move |_| step(true) aria-label=live(|| tr!(attachments.tiff.zoom_in))>"+"</button>
                <span class="muted" id="tiff-zoom">{move || zoom_label(zoom.get(), shown.get())}</span>
                <span class="muted">{move || { let (w, h) = size.get(); format!("{w} × {h} px") }}</span>
            </div>
            {move || failure.get().map(|e| view! { <p class="notice error" role="alert">{move || tr!(attachments.tiff.undecodable, e = e.clone()).to_string()}</p> })}
            <div class="canvas-scroll" tabindex="0" aria-label=live(|| tr!(attachments.tiff.drawing))>
                <canvas
                    node_ref=node
                    class="drawing"
                    class:fit=move || zoom.get() == Zoom::FitWidth
                    class:fit-page=move || zoom.get() == Zoom::FitPage
                    role="img"
                    aria-busy=move || (painted.get() != Some(page.get())).to_string()
                    data-page=move || painted.get().map(|p| p + 1)
                    aria-label=move || tr!(attachments.tiff.drawing_page, page = page.get() + 1, pages).to_string()
                    style:width=move || match zoom.get() {
                        Zoom::Scale(z) => Some(format!("{}px", (f64::from(size.get().0) * z).round())),
                        _ => None,
                    }
                ></canvas>
            </div>
        </div>
    }
}
