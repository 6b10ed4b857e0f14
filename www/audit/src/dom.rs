//! The few DOM helpers the page needs: elements with a class and text, and
//! the `data-testid` the end-to-end test reads.

use web_sys::{Document, Element};

pub(crate) fn document() -> Document {
    // The page runs in a window: there is always a document.
    web_sys::window()
        .and_then(|w| w.document())
        .expect("the audit page runs in a window with a document")
}

/// `<tag class="class">text</tag>`; empty class and text are left out.
pub(crate) fn el(tag: &str, class: &str, text: &str) -> Element {
    let e = document().create_element(tag).expect("a valid tag name");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    e
}

pub(crate) fn testid(e: &Element, id: &str) {
    let _ = e.set_attribute("data-testid", id);
}
