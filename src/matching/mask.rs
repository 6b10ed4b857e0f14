//! Watched values as findings show them: enough to recognise one's own
//! entry (`j***@example.com`, `+33 6 ** ** ** 78`), never the value itself.
//! Findings are kept and exported; the values stay in memory.

use crate::messages::vocabulary::DataKind;

/// `value` masked for its kind.
///
/// ```
/// use vigie::matching::mask::mask;
/// use vigie::messages::vocabulary::DataKind;
/// assert_eq!(mask(DataKind::Email, "jane.doe@example.com"), "j***@example.com");
/// assert_eq!(mask(DataKind::Phone, "+33 6 12 34 56 78"), "+33 6 ** ** ** 78");
/// assert_eq!(mask(DataKind::Name, "Chloé Nguyen"), "C*** N***");
/// ```
pub fn mask(kind: DataKind, value: &str) -> String {
    let value = value.trim();
    match kind {
        DataKind::Email => match value.rsplit_once('@') {
            Some((local, domain)) => format!("{}***@{domain}", first(local)),
            None => masked_text(value),
        },
        DataKind::Phone => {
            let digits = value.chars().filter(char::is_ascii_digit).count();
            let mut seen = 0;
            value
                .chars()
                .map(|c| {
                    if !c.is_ascii_digit() {
                        return c;
                    }
                    seen += 1;
                    if seen <= 3 || seen + 2 > digits {
                        c
                    } else {
                        '*'
                    }
                })
                .collect()
        }
        DataKind::Name => crate::messages::finding::join(
            &value
                .split_whitespace()
                .map(|word| format!("{}***", first(word)))
                .collect::<Vec<_>>(),
            " ",
        ),
        DataKind::Custom => masked_text(value),
    }
}

fn first(text: &str) -> String {
    text.chars().next().map(String::from).unwrap_or_default()
}

/// The first character of a text, then stars: a custom value may be short,
/// so no more of it is shown.
fn masked_text(value: &str) -> String {
    if value.chars().count() <= 3 {
        return "***".to_owned();
    }
    format!("{}***", first(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_what_lets_a_person_recognise_their_entry() {
        assert_eq!(
            mask(DataKind::Email, " Ada@Example.org "),
            "A***@Example.org"
        );
        assert_eq!(mask(DataKind::Phone, "+1 514 555 0103"), "+1 51* *** **03");
        assert_eq!(mask(DataKind::Custom, "ABC"), "***");
        assert_eq!(mask(DataKind::Custom, "my-secret-code"), "m***");
        assert_eq!(mask(DataKind::Email, "é@ü.example"), "é***@ü.example");
        for (kind, value) in [
            (DataKind::Email, "jane.doe@example.com"),
            (DataKind::Phone, "+33 6 12 34 56 78"),
            (DataKind::Custom, "my-secret-code"),
        ] {
            assert_ne!(mask(kind, value), value);
        }
    }
}
