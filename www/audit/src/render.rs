//! An audit as the popup shows it: per site, one card per finding with its
//! severity and kind, the sentence, who did it, how sure and on what, the
//! notes, what data went where, the evidence counts and samples, and the
//! profiles — every word from the extension's catalogue.

use vigie::har::{Catalogue, SiteFindings};
use vigie::{Finding, Severity};

use crate::dom::{el, testid};
use crate::run::Done;
use crate::strings::{ui, ui_with};
use crate::App;

const SAMPLES_SHOWN: usize = 5;
const PROFILES_SHOWN: usize = 50;

/// Replaces the results with `done` in the current language.
pub(crate) fn show(app: &App, done: &Done) {
    let lang = app.lang;
    let c = Catalogue::get(lang);
    let results = &app.ui.results;
    results.set_text_content(None);
    let audit = &done.audit;
    let count = audit.findings().count();
    let [pages, requests, findings] =
        vigie::har::summary_counts(c, audit.summary.pages, audit.summary.entries, count);
    app.ui.status.set_text_content(Some(&ui_with(
        lang,
        "summary",
        &[done.file.clone(), pages, requests, findings],
    )));
    if !audit.har_caps.is_empty() {
        let cut: Vec<String> = audit
            .har_caps
            .iter()
            .map(|cap| vigie::har::cap_text(c, cap))
            .collect();
        let p = el("p", "", &ui_with(lang, "harCaps", &[cut.join(", ")]));
        testid(&p, "har-caps");
        let _ = results.append_child(&p);
    }
    if let Some(note) = vigie::har::caps_note(audit, c) {
        let _ = results.append_child(&el("p", "", &note));
    }
    if let Some(kind) = &done.watch_refused {
        let p = el(
            "p",
            "",
            &ui_with(lang, "watchRefused", std::slice::from_ref(kind)),
        );
        testid(&p, "watch-refused");
        let _ = results.append_child(&p);
    }
    for key in &done.watch_invalid {
        let p = el("p", "", &ui(lang, key));
        testid(&p, "watch-invalid");
        let _ = results.append_child(&p);
    }
    if count == 0 {
        let p = el("p", "", &ui(lang, "noFindings"));
        testid(&p, "no-findings");
        let _ = results.append_child(&p);
    }
    for site in &audit.sites {
        let _ = results.append_child(&site_section(c, site));
    }
    app.ui.export.set_hidden(false);
}

fn site_section(c: &Catalogue, site: &SiteFindings) -> web_sys::Element {
    let section = el("section", "site", "");
    testid(&section, "site");
    let _ = section.set_attribute("data-site", &site.site);
    let _ = section.append_child(&el("h2", "", &site.site));
    let list = el("ul", "findings", "");
    for f in &site.findings {
        let _ = list.append_child(&card(c, site, f));
    }
    let _ = section.append_child(&list);
    section
}

fn card(c: &Catalogue, site: &SiteFindings, f: &Finding) -> web_sys::Element {
    let severity = match f.severity {
        Severity::High => "high",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let item = el("li", &format!("finding severity-{severity}"), "");
    testid(&item, "finding");
    let _ = item.set_attribute("data-kind", f.kind.as_str());
    let _ = item.set_attribute("data-severity", severity);

    let label = el("p", "card-label", "");
    let _ = label.append_child(&el("span", "severity", &c.severity(f.severity)));
    let _ = label.append_child(&el("span", "kind", &c.kind(f)));
    let _ = item.append_child(&label);
    let sentence = el("p", "sentence", &c.sentence(f));
    testid(&sentence, "sentence");
    let _ = item.append_child(&sentence);
    // As the popup's card shows it: who, how sure, on what (no "By"
    // before "An extension or script on this page").
    let _ = item.append_child(&el(
        "p",
        "actor",
        &format!(
            "{} · {} · {}",
            c.actor(&f.actor),
            c.confidence(f),
            c.basis(f)
        ),
    ));
    let notes = c.notes(f);
    if !notes.is_empty() {
        let list = el("ul", "notes", "");
        for note in notes {
            let _ = list.append_child(&el("li", "", &note));
        }
        let _ = item.append_child(&list);
    }
    let chips = c.data_chips(f);
    if !chips.is_empty() {
        let p = el("p", "chips", "");
        testid(&p, "finding-data");
        for chip in chips {
            let _ = p.append_child(&el("span", "chip", &chip));
        }
        let _ = item.append_child(&p);
    }
    let facts = c.evidence_counts(f);
    if !facts.is_empty() {
        let evidence = c.text("popup_evidence", "Evidence");
        let p = el("p", "facts", &format!("{evidence}: {}", facts.join(" · ")));
        testid(&p, "finding-evidence");
        let _ = item.append_child(&p);
    }
    if !f.evidence.samples.is_empty() {
        let list = el("ul", "samples", "");
        for sample in f.evidence.samples.iter().take(SAMPLES_SHOWN) {
            let li = el("li", "", "");
            let _ = li.append_child(&el("code", "", sample));
            let _ = list.append_child(&li);
        }
        let _ = item.append_child(&list);
    }
    let is_lead = |s: &str| site.site_model.as_ref().is_some_and(|m| m.is_lead(s));
    if !f.subjects.is_empty() && !Catalogue::subjects_written(f, is_lead) {
        let prefix = site
            .site_model
            .as_ref()
            .map(|m| m.profile_url_prefix.as_str())
            .unwrap_or("");
        let details = el("details", "profiles", "");
        let heading = c
            .plural("popup_profiles", f.subjects.len() as u64)
            .unwrap_or_default();
        let _ = details.append_child(&el("summary", "", &heading));
        let list = el("ul", "", "");
        for slug in f.subjects.iter().take(PROFILES_SHOWN) {
            let _ = list.append_child(&el("li", "", &format!("{prefix}{slug}")));
        }
        let _ = details.append_child(&list);
        let _ = item.append_child(&details);
    }
    item
}
