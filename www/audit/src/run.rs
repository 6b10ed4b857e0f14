//! One audit, in steps the page can breathe between: the file read in
//! slices (progress to 40 %), the capture parsed (50 %), then its events fed
//! to the engine a few thousand at a time (to 100 %), yielding to the event
//! loop after each step so that the progress bar moves and the page answers.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_file::{Blob, ObjectUrl};
use gloo_timers::future::TimeoutFuture;
use serde::Serialize;
use vigie::har::{self, Audit, Catalogue, HarLimits, Lang, Session};
use vigie::messages::vocabulary::DataKind;
use vigie::Engine;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::dom::{document, el, testid};
use crate::strings::ui;
use crate::App;

/// Bytes read per slice of the file.
const SLICE_BYTES: u64 = 4 * 1024 * 1024;
/// Events fed to the engine between two yields.
const EVENTS_PER_STEP: usize = 2_000;

/// A finished audit, kept for the language switch and the export.
pub(crate) struct Done {
    pub file: String,
    pub audit: Audit,
    /// The error kind when this core refused the person's own values.
    pub watch_refused: Option<String>,
    /// The message keys of the values not taken (not an address, not a
    /// phone number): the others are watched.
    pub watch_invalid: Vec<&'static str>,
}

/// Starts auditing `file`; a second file while one runs waits its turn by
/// being refused (the person sees the first one's progress).
pub(crate) fn audit_file(app: Rc<RefCell<App>>, file: web_sys::File) {
    {
        let mut state = app.borrow_mut();
        if state.busy {
            return;
        }
        state.busy = true;
        state.last = None;
        state.ui.results.set_text_content(None);
        state.ui.export.set_hidden(true);
    }
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let outcome = run(&app, file).await;
        let mut state = app.borrow_mut();
        state.busy = false;
        state.ui.progress.set_hidden(true);
        match outcome {
            Ok((audit, (watch_refused, watch_invalid))) => {
                let done = Done {
                    file: name,
                    audit,
                    watch_refused,
                    watch_invalid,
                };
                crate::render::show(&state, &done);
                state.last = Some(done);
            }
            Err(message) => {
                let lang = state.lang;
                state
                    .ui
                    .status
                    .set_text_content(Some(&format!("{name}: {}", ui(lang, "error"))));
                let p = el("p", "error", &message);
                testid(&p, "error");
                let _ = state.ui.results.append_child(&p);
            }
        }
    });
}

fn progress(app: &Rc<RefCell<App>>, key: &str, fraction: f64) {
    let state = app.borrow();
    state.ui.progress.set_hidden(false);
    state.ui.progress.set_value(fraction.clamp(0.0, 1.0));
    state.ui.status.set_text_content(Some(&ui(state.lang, key)));
}

async fn run(app: &Rc<RefCell<App>>, file: web_sys::File) -> Result<(Audit, Watched), String> {
    let limits = HarLimits::default();
    let file = gloo_file::File::from(file);
    let size = file.size();
    if size > limits.max_bytes as u64 {
        return Err(format!(
            "TooLarge: the file is {size} bytes, the page reads {} at most",
            limits.max_bytes
        ));
    }
    let mut bytes: Vec<u8> = Vec::with_capacity(size as usize);
    let mut at = 0;
    while at < size {
        progress(app, "reading", 0.4 * at as f64 / size.max(1) as f64);
        let end = (at + SLICE_BYTES).min(size);
        let slice: &Blob = &file.slice(at, end);
        let chunk = gloo_file::futures::read_as_bytes(slice)
            .await
            .map_err(|e| format!("Unreadable: {e}"))?;
        bytes.extend_from_slice(&chunk);
        at = end;
    }
    progress(app, "parsing", 0.4);
    TimeoutFuture::new(0).await;
    let engine = Engine::new();
    let capture = har::read_bytes(&bytes, &engine, &limits).map_err(|e| e.to_string())?;
    drop(bytes);
    let mut session = Session::new(engine, capture);
    let watched = watch_own_values(app, &mut session);
    loop {
        let (fed, total) = session.progress();
        progress(
            app,
            "auditing",
            0.5 + 0.5 * fed as f64 / total.max(1) as f64,
        );
        TimeoutFuture::new(0).await;
        if session.step(EVENTS_PER_STEP) {
            break;
        }
    }
    progress(app, "done", 1.0);
    Ok((session.finish(), watched))
}

/// What became of the person's own values: the engine's refusal, if any,
/// and the message keys of the values not taken.
type Watched = (Option<String>, Vec<&'static str>);

/// Gives the engine the person's own e-mail and phone, read and checked as
/// the extension's options page and the command line take them
/// ([`har::own_value`]), as the same `watchedValues` event, held in memory
/// only, before the capture's events. Returns the engine's error kind when
/// it refused them, and the message keys of the values not taken.
fn watch_own_values(app: &Rc<RefCell<App>>, session: &mut Session) -> Watched {
    let state = app.borrow();
    let mut values = vec![];
    let mut invalid = vec![];
    for (kind, text, key) in [
        (
            DataKind::Email,
            state.ui.watch_email.value(),
            "watchInvalidEmail",
        ),
        (
            DataKind::Phone,
            state.ui.watch_phone.value(),
            "watchInvalidPhone",
        ),
    ] {
        if text.trim().is_empty() {
            continue;
        }
        match har::own_value(kind, &text) {
            Ok(value) => values.push(value),
            Err(_) => invalid.push(key),
        }
    }
    let refused = session
        .watch(values)
        .err()
        .map(|e| e.kind().as_str().to_owned());
    (refused, invalid)
}

/// The export: the audit as the core writes it, each finding with its
/// sentence in the page's language, stamped like the popup's evidence files.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Export<'a> {
    exported_at: String,
    vigie_version: &'static str,
    lang: &'static str,
    file: &'a str,
    #[serde(flatten)]
    audit: &'a Audit,
    sentences: Vec<Sentence>,
}

#[derive(Serialize)]
struct Sentence {
    key: String,
    sentence: String,
}

pub(crate) fn export(done: &Done, lang: Lang) -> Result<(), JsValue> {
    let c = Catalogue::get(lang);
    let doc = Export {
        exported_at: String::from(js_sys::Date::new_0().to_iso_string()),
        vigie_version: env!("CARGO_PKG_VERSION"),
        lang: lang.code(),
        file: &done.file,
        audit: &done.audit,
        sentences: done
            .audit
            .findings()
            .map(|f| Sentence {
                key: f.key.clone(),
                sentence: c.sentence(f),
            })
            .collect(),
    };
    // Through serde-wasm-bindgen to a plain JS object (maps as objects),
    // pretty-printed by the browser's JSON.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = doc.serialize(&serializer)?;
    let text =
        js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2))?;
    let text = String::from(text);
    let blob = Blob::new_with_options(text.as_str(), Some("application/json"));
    let url = ObjectUrl::from(blob);
    let link: web_sys::HtmlAnchorElement = el("a", "", "").dyn_into()?;
    link.set_href(&url);
    let stem = done.file.trim_end_matches(".har");
    link.set_download(&format!("vigie-audit-{stem}.json"));
    let body = document().body().ok_or("no body")?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    // The object URL is revoked when `url` drops: after the click has
    // handed the blob to the download.
    gloo_timers::callback::Timeout::new(60_000, move || drop(url)).forget();
    Ok(())
}
