// An e-mail address as people type one, the whole value and nothing else:
// a local part, `@`, a domain with a dot and a top-level label of letters.
// The observer (typed values) and the main-world field hooks (field reads)
// both know an address typed into a text box the page did not mark as an
// e-mail field by it — a log-in identifier marked only as a username, a
// search box. Main-world code runs it through the RegExp exec captured at
// load, never through methods a page could replace.
export const EMAIL_SHAPED = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/i;
