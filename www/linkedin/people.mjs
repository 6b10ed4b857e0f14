// The invented members of the fixture network, and the lookups that both the
// pages and the Voyager-like API share. Contact data (e-mail, phone, Twitter)
// is only ever handed out by contactInfo(), as on the real site.
import { readFileSync } from 'node:fs';

const PEOPLE = JSON.parse(readFileSync(new URL('./profiles.json', import.meta.url), 'utf8'));

export const allPeople = () => PEOPLE;
export const fullName = (p) => `${p.firstName} ${p.lastName}`;

/** By slug (case-insensitive), full member URN, or the URN's id part. */
export function findPerson(id) {
  const key = String(id).toLowerCase();
  return PEOPLE.find(
    (p) => p.slug === key || p.memberUrn.toLowerCase() === key || p.memberUrn.split(':').pop().toLowerCase() === key,
  );
}

/** What anyone who opens the profile can see; no contact data. */
export function publicProfile(p) {
  return {
    entityUrn: p.memberUrn,
    publicIdentifier: p.slug,
    firstName: p.firstName,
    lastName: p.lastName,
    headline: p.headline,
    locationName: p.location,
    $type: 'com.linkedin.voyager.dash.identity.profile.Profile',
  };
}

export function contactInfo(p) {
  return {
    emailAddress: p.email,
    phoneNumbers: [{ number: p.phone, type: 'MOBILE' }],
    twitterHandles: [{ name: p.twitter }],
    $type: 'com.linkedin.voyager.identity.profile.ProfileContactInfo',
  };
}

/** The next three members, so every profile links to others deterministically. */
export function alsoViewed(p, count = 3) {
  const i = PEOPLE.indexOf(p);
  return Array.from({ length: count }, (_, k) => PEOPLE[(i + 1 + k) % PEOPLE.length]);
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Every keyword must appear in the name or headline; no keywords → everyone. */
export function searchPeople(keywords = '') {
  const words = fold(keywords).split(/[\s+]+/).filter(Boolean);
  return PEOPLE.filter((p) => {
    const text = fold(`${fullName(p)} ${p.headline}`);
    return words.every((w) => text.includes(w));
  });
}
