// The invented members of the fixture network and the viewer whose session
// the browser holds. Every member has a vanity slug (/in/<slug>/) and a
// member id (ACoAA…, 39 characters, the id part of urn:li:fsd_profile:…),
// as on the real site. Contact data is handed out only by contactOf(), and
// only to a viewer allowed to see it: on the real site e-mail and phone are
// visible to 1st-degree connections unless the member chose otherwise, which
// is why harvesters go through the customer's own connections (CNIL
// SAN-2024-020, the Kaspr decision).
import { readFileSync } from 'node:fs';

const DATA = JSON.parse(readFileSync(new URL('./profiles.json', import.meta.url), 'utf8'));
const MEMBERS = DATA.members;

/** The member logged in (the owner of the session cookies). */
export const viewer = () => DATA.viewer;
export const allPeople = () => MEMBERS;
export const fullName = (p) => `${p.firstName} ${p.lastName}`;
export const profileUrn = (p) => `urn:li:fsd_profile:${p.memberId}`;
export const isMemberId = (id) => /^ACoAA[\w-]{34}$/.test(id);

/**
 * By vanity slug (case-insensitive), member id (exact: ids are base64), or
 * full fsd_profile URN.
 */
export function findPerson(id) {
  const text = String(id);
  const memberId = text.startsWith('urn:li:fsd_profile:') ? text.slice('urn:li:fsd_profile:'.length) : text;
  if (isMemberId(memberId)) return MEMBERS.find((p) => p.memberId === memberId);
  const slug = text.toLowerCase();
  return MEMBERS.find((p) => p.slug === slug);
}

/** The viewer's 1st-degree connections, most recently added first. */
export const connections = () => MEMBERS.filter((p) => p.degree === 1);

/** Network distance labels the way the site writes them. */
export const degreeLabel = (p) => ({ 1: '1st', 2: '2nd', 3: '3rd+' })[p.degree] ?? '3rd+';

function contactVisible(p) {
  if (p.contactVisibleTo === 'everyone') return true;
  if (p.contactVisibleTo === 'connections') return p.degree === 1;
  return false;
}

/**
 * What the viewer may see of a member's contact details: e-mail, phone and
 * Twitter for connections (or members who made them public), nothing else
 * for the others. The profile link is always there.
 */
export function contactOf(p) {
  const visible = contactVisible(p);
  return {
    email: visible ? p.email : null,
    phones: visible ? [{ number: p.phone, type: 'MOBILE' }] : [],
    twitter: visible ? [p.twitter] : [],
  };
}

/** A deterministic "More profiles for you" list: the next members, skipping none. */
export function browsemapOf(p, count = 5) {
  const i = MEMBERS.indexOf(p);
  return Array.from({ length: count }, (_, k) => MEMBERS[(i + 1 + k) % MEMBERS.length]);
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Every keyword must appear in the name or headline; no keywords → everyone. */
export function searchPeople(keywords = '') {
  const words = fold(keywords).split(/[\s+]+/).filter(Boolean);
  return MEMBERS.filter((p) => {
    const text = fold(`${fullName(p)} ${p.headline}`);
    return words.every((w) => text.includes(w));
  });
}
