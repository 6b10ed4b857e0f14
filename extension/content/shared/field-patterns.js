// How a form field is known for what it holds: by its autocomplete token,
// its name or id, and, for a log-in identifier box, by what is typed in it.
// The observer (typed values, observer/form-inputs.js) and the main-world
// field hooks (field reads, main-world/fields.js) classify fields alike from
// these. A box the page marks only as a username, or names as a log-in
// ("E-mail or customer number"), holds the person's address when what is
// typed is one; other text boxes (a search, an "invite a colleague" box) are
// left alone: an address there may be anyone's. Main-world code runs these
// through the RegExp exec captured at load, never through methods a page
// could replace. Autofill tokens:
// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#autofill

export const AUTOCOMPLETE_EMAIL = /\bemail\b/;
export const AUTOCOMPLETE_PHONE = /\btel\b|\btel-national\b/;
export const AUTOCOMPLETE_NAME = /\b(?:name|given-name|family-name)\b/;
/** A field's name or id (together) that says e-mail, or phone. */
export const EMAIL_NAME = /e-?mail|courriel/i;
export const PHONE_NAME = /phone|mobile|\btel\b|telephone|portable/i;
/** A field's name, or its id, that says name. */
export const NAME_NAME = /^(?:full_?name|first_?name|last_?name|given_?name|family_?name|surname|nom|prenom|prénom|name)$/i;

/** An autocomplete token of a log-in identifier. */
export const AUTOCOMPLETE_USERNAME = /\busername\b/;
/** A field's name or id that says log-in identifier. */
export const LOGIN_NAME = /log-?in|user|ident|account|compte|connexion|sign-?in/i;
/** The whole value is an address: a local part, `@`, a domain with a dot and a top-level label of letters. */
export const EMAIL_SHAPED = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/i;
