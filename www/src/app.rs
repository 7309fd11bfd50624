//! The shell: header with navigation (hash routes, so the app works as plain static files on
//! any server), and the pages. Only the page shown is mounted. What must run from the start
//! (tracked retrievals, the inbox, pending registrations) lives in stores the shell makes;
//! what a page must keep while another is shown (a listing, an upload or a batch under way,
//! a draft) lives in its page state (`page_state`), so work carries on and is found again.
//!
//! Only the Attachments page's code is in the app's first wasm: every other page is a split
//! point (`wasm_split`), its code fetched as a wasm chunk of its own on its first visit
//! (`scripts/build-app.sh` splits the module).

use crate::attachments::AttachmentsPage;
use crate::context::Ctx;
use crate::i18n::*;
use crate::inbox::Inbox;
use crate::lang::{live, tr};
use crate::lazy::{self, LazyPage};
use crate::retrievals::Retrievals;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Attachments,
    Retrievals,
    Uploads,
    Batches,
    Inbox,
    Settings,
    Activity,
    Help,
}

const PAGES: [(Page, &str); 8] = [
    (Page::Attachments, "#/attachments"),
    (Page::Retrievals, "#/retrievals"),
    (Page::Uploads, "#/uploads"),
    (Page::Batches, "#/batches"),
    (Page::Inbox, "#/inbox"),
    (Page::Settings, "#/settings"),
    (Page::Activity, "#/activity"),
    (Page::Help, "#/help"),
];

/// The page's name in the navigation, in the language shown (reactive).
fn label(i18n: leptos_i18n::I18nContext<Locale>, page: Page) -> &'static str {
    match page {
        Page::Attachments => t_string!(i18n, app.nav.attachments),
        Page::Retrievals => t_string!(i18n, app.nav.retrievals),
        Page::Uploads => t_string!(i18n, app.nav.uploads),
        Page::Batches => t_string!(i18n, app.nav.batches),
        Page::Inbox => t_string!(i18n, app.nav.inbox),
        Page::Settings => t_string!(i18n, app.nav.settings),
        Page::Activity => t_string!(i18n, app.nav.activity),
        Page::Help => t_string!(i18n, app.nav.help),
    }
}

fn current_page() -> Page {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    PAGES
        .iter()
        .find(|(_, h)| *h == hash)
        .map_or(Page::Attachments, |(p, _)| *p)
}

#[component]
pub fn App() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = Ctx::new();
    let retrievals = Retrievals::new();
    provide_context(ctx);
    crate::page_state::provide();
    provide_context(crate::explain::DasAnswerer(Signal::derive(move || {
        ctx.das_answerer()
    })));
    provide_context(ctx.activity);
    provide_context(crate::human::Clock::start());
    #[cfg(feature = "demo")]
    provide_context(crate::explain::TokenRefused(Callback::new(
        move |repaired: RwSignal<bool>| {
            spawn_local(async move {
                if crate::demo::recheck_demo_key(&ctx).await {
                    repaired.set(true);
                }
            })
        },
    )));
    ctx.activity.observe();
    provide_context(retrievals);
    let inbox = Inbox::new();
    provide_context(inbox);
    provide_context(crate::uploads::start_registrations(ctx));
    let ready = RwSignal::new(false);
    Effect::new(move || {
        let profile = ctx.settings.with(|s| s.profile_label());
        ctx.activity.set_profile(profile);
    });
    // After a switch of environment or office (and once its key is loaded): follow that
    // office's retrievals only.
    Effect::new(
        move |previous: Option<(crate::environment::Profile, bool)>| {
            let now = (
                ctx.settings.with(crate::environment::Profile::of),
                ctx.das_key.with(Option::is_some),
            );
            if previous.is_some_and(|p| p != now) {
                retrievals.follow_current(ctx);
            }
            now
        },
    );
    spawn_local(async move {
        let (days, max) = ctx
            .settings
            .with_untracked(|s| (s.audit_days, s.audit_max_entries as usize));
        ctx.activity.restore(days, max).await;
        ctx.restore().await;
        find_services(ctx).await;
        resume_sign_in(ctx).await;
        retrievals.restore(ctx).await;
        inbox.run(ctx, retrievals);
        ready.set(true);
    });
    let page = RwSignal::new(current_page());
    // The phone layout's navigation menu, closed again once a page is chosen.
    let menu = RwSignal::new(false);
    // Set by a navigation until the new page's heading (or the field asked for) has focus: a
    // page whose code is still loading has nothing to focus yet, so `LazyPage` tries again.
    let focus_pending = StoredValue::new(false);
    let focus_when_built = move || {
        request_animation_frame(move || {
            if focus_new_page() {
                focus_pending.set_value(false);
            }
        })
    };
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        page.set(current_page());
        menu.set(false);
        focus_pending.set_value(true);
        // Once the new page is built (Leptos renders it after this handler).
        focus_when_built();
    });
    let loaded = Callback::new(move |()| {
        if focus_pending.get_value() {
            focus_when_built();
        }
    });
    let current = move |p: Page| move || page.get() == p;

    view! {
        <a class="skip" href="#main">{live(|| tr!(app.skip))}</a>
        <header class="top">
            <span class="brand">"ipdocs"</span>
            <nav aria-label=move || t_string!(i18n, app.main_nav) class:open=move || menu.get()>
                <button type="button" class="menu-toggle" aria-expanded=move || menu.get().to_string() aria-controls="main-pages" on:click=move |_| menu.update(|open| *open = !*open)>
                    {move || t_string!(i18n, app.menu, page = label(i18n, page.get())).to_string()}
                </button>
                <ul id="main-pages">
                    {PAGES
                        .iter()
                        .map(|(p, href)| {
                            let p = *p;
                            view! {
                                <li>
                                    <a href=*href aria-current=move || (page.get() == p).then_some("page")>{move || label(i18n, p)}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <span class="state muted" role="status" data-ready=move || ready.get().to_string()>
                {move || match ready.get() {
                    false => t_string!(i18n, app.starting),
                    true => ctx.settings.with(|s| crate::environment::name(crate::environment::Environment::of(&s.environment))),
                }}
            </span>
        </header>
        <main id="main">
            // One `Show` per page rather than one `match`: the match made every page an
            // `AnyView`, whose build and rebuild code for each page cost 7.7 KiB gzip.
            <Show when=current(Page::Attachments)><AttachmentsPage /></Show>
            <Show when=current(Page::Retrievals)><LazyPage code=lazy::RETRIEVALS loaded /></Show>
            <Show when=current(Page::Uploads)><LazyPage code=lazy::UPLOADS loaded /></Show>
            <Show when=current(Page::Batches)><LazyPage code=lazy::BATCHES loaded /></Show>
            <Show when=current(Page::Inbox)><LazyPage code=lazy::INBOX loaded /></Show>
            <Show when=current(Page::Settings)><LazyPage code=lazy::SETTINGS loaded /></Show>
            <Show when=current(Page::Activity)><LazyPage code=lazy::ACTIVITY loaded /></Show>
            <Show when=current(Page::Help)><LazyPage code=lazy::HELP loaded /></Show>
        </main>
    }
}

/// Moves focus to the field a "fix in Settings" link named, or else to the shown page's
/// heading, as a screen reader user would expect. False while the page is not built yet (its
/// code still loading): the request is then kept for the next try.
fn focus_new_page() -> bool {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(heading) = document.query_selector("main h1").ok().flatten() else {
        return false;
    };
    // Focusable by script only, not in the tab order.
    let _ = heading.set_attribute("tabindex", "-1");
    let target = crate::settings::take_focus_request()
        .and_then(|id| document.get_element_by_id(id))
        .unwrap_or(heading);
    if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = target.focus();
    }
    true
}

/// On first use, or while the settings point at this page's origin: the simulator serving
/// this page (the demo build) or `ipdocs-office` serving it (its inbox is then here). Never
/// a stray request on real deployments.
async fn find_services(ctx: Ctx) {
    let first_use = !crate::settings::saved();
    let origin = crate::settings::origin();
    if !first_use && !ctx.settings.with_untracked(|s| s.uses_origin(&origin)) {
        return;
    }
    #[cfg(feature = "demo")]
    if crate::demo::discover(&ctx, first_use).await {
        return;
    }
    if first_use {
        crate::inbox::find_on_page_origin(ctx).await;
    }
}

/// Completes a staff sign-in the identity provider sent this page back from, or takes back
/// this tab's unexpired sign-in.
async fn resume_sign_in(ctx: Ctx) {
    let resumed = crate::inbox::sign_in::resume(ctx).await;
    if resumed.as_ref().is_ok_and(|done| !done) {
        return;
    }
    ctx.activity.action(tr!(log.sign_in), &resumed, |_| {
        tr!(log.signed_in).to_owned()
    });
}
