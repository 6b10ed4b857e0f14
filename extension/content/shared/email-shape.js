// What marks a log-in identifier box, and an e-mail address as people type
// one. A box the page marks only as a username, or names as a log-in ("E-mail
// or customer number"), holds the person's address when what is typed is one;
// the observer (typed values) and the main-world field hooks (field reads)
// both go by these. Other text boxes (a search, an "invite a colleague" box)
// are left alone: an address there may be anyone's. Main-world code runs
// these through the RegExp exec captured at load, never through methods a
// page could replace.

/** An autocomplete token of a log-in identifier. */
export const AUTOCOMPLETE_USERNAME = /\busername\b/;
/** A field's name or id that says log-in identifier. */
export const LOGIN_NAME = /log-?in|user|ident|account|compte|connexion|sign-?in/i;
/** The whole value is an address: a local part, `@`, a domain with a dot and a top-level label of letters. */
export const EMAIL_SHAPED = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/i;
