//! Vigie's HAR audit page: the core's HAR reader and detectors, in a page
//! whose every element is made here, with `web-sys` for the DOM and `gloo`
//! for reading the file in slices, listening to the page and yielding to it
//! between chunks of work. The only JavaScript is wasm-bindgen's loader.
//!
//! Nothing leaves the page: the file is read with the File API, audited in
//! this wasm instance, and exported (on request) through a `blob:` URL.

mod dom;
mod render;
mod run;
mod strings;

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use vigie::har::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement};

use dom::{document, el, testid};
use strings::ui;

/// What the page shows and keeps: the language, the last audit (for the
/// language switch and the export), and the elements it updates.
pub(crate) struct App {
    pub lang: Lang,
    pub last: Option<run::Done>,
    pub busy: bool,
    pub ui: Ui,
}

pub(crate) struct Ui {
    pub title: web_sys::Element,
    pub intro: web_sys::Element,
    pub choose: web_sys::Element,
    pub drop_hint: web_sys::Element,
    pub lang_label: web_sys::Element,
    pub status: web_sys::Element,
    pub progress: web_sys::HtmlProgressElement,
    pub export: web_sys::HtmlElement,
    pub results: web_sys::Element,
    pub watch_legend: web_sys::Element,
    pub watch_email_label: web_sys::Element,
    pub watch_phone_label: web_sys::Element,
    pub watch_email: HtmlInputElement,
    pub watch_phone: HtmlInputElement,
}

#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let doc = document();
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app element"))?;
    let lang = initial_lang();

    let title = el("h1", "", "");
    let select: HtmlSelectElement = el("select", "", "").dyn_into()?;
    testid(&select, "lang");
    for l in Lang::ALL {
        let option = el(
            "option",
            "",
            if *l == Lang::En {
                "English"
            } else {
                "Français"
            },
        );
        option.set_attribute("value", l.code())?;
        select.append_child(&option)?;
    }
    select.set_value(lang.code());
    let lang_label = el("label", "", "");
    let header = el("header", "", "");
    let lang_box = el("span", "", "");
    lang_box.append_with_node_2(&lang_label, &select)?;
    header.append_with_node_2(&title, &lang_box)?;

    let intro = el("p", "intro", "");
    let input: HtmlInputElement = el("input", "", "").dyn_into()?;
    input.set_type("file");
    input.set_accept(".har,application/json");
    input.set_id("har-file");
    testid(&input, "har-input");
    let choose = el("label", "choose", "");
    choose.set_attribute("for", "har-file")?;
    let drop_hint = el("p", "", "");
    let drop = el("div", "drop", "");
    testid(&drop, "drop");
    drop.append_with_node_3(&choose, &input, &drop_hint)?;

    // The person's own values: read from these fields when an audit
    // starts, given to this page's engine only.
    let watch = el("fieldset", "watch", "");
    let watch_legend = el("legend", "", "");
    let watch_email_label = el("label", "", "");
    let watch_email: HtmlInputElement = el("input", "", "").dyn_into()?;
    watch_email.set_type("email");
    watch_email.set_attribute("autocomplete", "off")?;
    testid(&watch_email, "watch-email");
    watch_email_label.append_child(&watch_email)?;
    let watch_phone_label = el("label", "", "");
    let watch_phone: HtmlInputElement = el("input", "", "").dyn_into()?;
    watch_phone.set_type("tel");
    watch_phone.set_attribute("autocomplete", "off")?;
    testid(&watch_phone, "watch-phone");
    watch_phone_label.append_child(&watch_phone)?;
    watch.append_with_node_3(&watch_legend, &watch_email_label, &watch_phone_label)?;

    let status = el("p", "status", "");
    testid(&status, "status");
    status.set_attribute("role", "status")?;
    let progress: web_sys::HtmlProgressElement = el("progress", "", "").dyn_into()?;
    testid(&progress, "progress");
    progress.set_max(1.0);
    progress.set_value(0.0);
    progress.set_hidden(true);
    let export: web_sys::HtmlElement = el("button", "", "").dyn_into()?;
    testid(&export, "export");
    export.set_hidden(true);
    let results = el("section", "", "");
    testid(&results, "results");
    let limitations = el("p", "limitations", "");
    limitations.set_id("limitations");

    root.append_with_node_5(&header, &intro, &drop, &watch, &status)?;
    root.append_with_node_4(&progress, &export, &results, &limitations)?;

    let app = Rc::new(RefCell::new(App {
        lang,
        last: None,
        busy: false,
        ui: Ui {
            title,
            intro,
            choose,
            drop_hint,
            lang_label,
            status,
            progress,
            export: export.clone(),
            results,
            watch_legend,
            watch_email_label,
            watch_phone_label,
            watch_email,
            watch_phone,
        },
    }));
    apply_lang(&app.borrow());

    {
        let app = app.clone();
        let target = input.clone();
        EventListener::new(&input, "change", move |_| {
            if let Some(file) = target.files().and_then(|list| list.get(0)) {
                run::audit_file(app.clone(), file);
            }
            // The same file chosen again is a new audit.
            target.set_value("");
        })
        .forget();
    }
    {
        let app = app.clone();
        let select_el = select.clone();
        EventListener::new(&select, "change", move |_| {
            let Some(lang) = Lang::parse(&select_el.value()) else {
                return;
            };
            app.borrow_mut().lang = lang;
            let app = app.borrow();
            apply_lang(&app);
            if let Some(done) = &app.last {
                render::show(&app, done);
            }
        })
        .forget();
    }
    {
        let app = app.clone();
        EventListener::new(&export, "click", move |_| {
            let app = app.borrow();
            if let Some(done) = &app.last {
                if let Err(e) = run::export(done, app.lang) {
                    web_sys::console::warn_1(&e);
                }
            }
        })
        .forget();
    }
    // Drag and drop: the default (opening the file in the tab) prevented.
    let options = EventListenerOptions::enable_prevent_default();
    for kind in ["dragenter", "dragover"] {
        let zone = drop.clone();
        EventListener::new_with_options(&drop, kind, options, move |event| {
            event.prevent_default();
            let _ = zone.class_list().add_1("over");
        })
        .forget();
    }
    {
        let zone = drop.clone();
        EventListener::new(&drop, "dragleave", move |_| {
            let _ = zone.class_list().remove_1("over");
        })
        .forget();
    }
    {
        let app = app.clone();
        let zone = drop.clone();
        EventListener::new_with_options(&drop, "drop", options, move |event| {
            event.prevent_default();
            let _ = zone.class_list().remove_1("over");
            let file = event
                .dyn_ref::<DragEvent>()
                .and_then(DragEvent::data_transfer)
                .and_then(|t| t.files())
                .and_then(|list| list.get(0));
            if let Some(file) = file {
                run::audit_file(app.clone(), file);
            }
        })
        .forget();
    }
    Ok(())
}

/// The language of `?lang=`, else of the browser, else English.
fn initial_lang() -> Lang {
    let window = web_sys::window();
    let query = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let asked = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::parse);
    asked
        .or_else(|| {
            window
                .and_then(|w| w.navigator().language())
                .and_then(|l| Lang::parse(&l))
        })
        .unwrap_or(Lang::En)
}

/// Every fixed text of the page in the current language.
fn apply_lang(app: &App) {
    let l = app.lang;
    let ui_el = &app.ui;
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", l.code());
    }
    document().set_title(&ui(l, "title"));
    ui_el.title.set_text_content(Some(&ui(l, "title")));
    ui_el.intro.set_text_content(Some(&ui(l, "intro")));
    ui_el.choose.set_text_content(Some(&ui(l, "choose")));
    ui_el.drop_hint.set_text_content(Some(&ui(l, "drop")));
    ui_el
        .lang_label
        .set_text_content(Some(&format!("{} ", ui(l, "language"))));
    ui_el.export.set_text_content(Some(&ui(l, "export")));
    ui_el
        .watch_legend
        .set_text_content(Some(&ui(l, "watchLegend")));
    // The label's text before its input (set_text_content would drop it).
    for (label, input, key) in [
        (&ui_el.watch_email_label, &ui_el.watch_email, "watchEmail"),
        (&ui_el.watch_phone_label, &ui_el.watch_phone, "watchPhone"),
    ] {
        label.set_text_content(Some(&format!("{} ", ui(l, key))));
        let _ = label.append_child(input);
    }
    if let Some(limits) = document().get_element_by_id("limitations") {
        limits.set_text_content(Some(&ui(l, "limitations")));
    }
}
