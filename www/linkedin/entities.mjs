// The entities the API hands out, shaped like the real site's (names of
// types and fields as public scraper code reads them). Only contactEntity()
// and legacyContactInfo() carry contact details, and only what the viewer
// may see (people.mjs).
import { contactOf, degreeLabel, fullName, profileUrn } from './people.mjs';

const PROFILE = 'com.linkedin.voyager.dash.identity.profile.Profile';
const DISTANCE = { 1: 'DISTANCE_1', 2: 'DISTANCE_2', 3: 'DISTANCE_3' };

/** The top card: what anyone who opens the profile sees. */
export function profileEntity(p) {
  return {
    $type: PROFILE,
    entityUrn: profileUrn(p),
    publicIdentifier: p.slug,
    firstName: p.firstName,
    lastName: p.lastName,
    headline: p.headline,
    locationName: p.location,
    summary: p.about,
    memberRelationship: { distance: DISTANCE[p.degree] ?? 'OUT_OF_NETWORK' },
  };
}

/**
 * A member as recommendation and feed responses list them: by member URN,
 * name and headline, without the vanity name (a client links to /in/<id>/).
 */
export function profileByUrn(p) {
  return { $type: PROFILE, entityUrn: profileUrn(p), firstName: p.firstName, lastName: p.lastName, headline: p.headline };
}

/** The contact-info finder's projection of a profile. */
export function contactEntity(p) {
  const contact = contactOf(p);
  return {
    $type: PROFILE,
    entityUrn: profileUrn(p),
    publicIdentifier: p.slug,
    firstName: p.firstName,
    lastName: p.lastName,
    emailAddress: contact.email ? { emailAddress: contact.email, $type: 'com.linkedin.voyager.dash.common.EmailAddress' } : null,
    phoneNumbers: contact.phones.map((phone) => ({
      phoneNumber: { number: phone.number, $type: 'com.linkedin.voyager.dash.common.PhoneNumber' },
      type: phone.type,
    })),
    twitterHandles: contact.twitter.map((name) => ({ name })),
    websites: [],
    birthDateOn: null,
    address: null,
  };
}

/** The legacy REST contact record (/identity/profiles/<id>/profileContactInfo). */
export function legacyContactInfo(p) {
  const contact = contactOf(p);
  return {
    emailAddress: contact.email,
    phoneNumbers: contact.phones,
    twitterHandles: contact.twitter.map((name) => ({ name })),
    websites: [],
    ims: null,
    birthDateOn: null,
    address: null,
    $type: 'com.linkedin.voyager.identity.profile.ProfileContactInfo',
  };
}

/** The legacy REST profile view: public fields only. */
export function legacyProfileView(p) {
  return {
    profile: { ...profileByUrn(p), miniProfile: { publicIdentifier: p.slug }, locationName: p.location, summary: p.about },
    $type: 'com.linkedin.voyager.identity.profile.ProfileView',
  };
}

/** A people-search hit: title, subtitles and a link, no vanity field of its own. */
export function searchResult(p) {
  const mini = encodeURIComponent(`urn:li:fs_miniProfile:${p.memberId}`);
  return {
    $type: 'com.linkedin.voyager.dash.search.EntityResultViewModel',
    entityUrn: `urn:li:fsd_entityResultViewModel:(${profileUrn(p)},SEARCH_SRP,DEFAULT)`,
    title: { text: fullName(p) },
    primarySubtitle: { text: p.headline },
    secondarySubtitle: { text: p.location },
    badgeText: { text: `• ${degreeLabel(p)}` },
    navigationUrl: `https://www.linkedin.com/in/${p.slug}?miniProfileUrn=${mini}`,
  };
}

/** One of the viewer's connections (/relationships/dash/connections). */
export function connectionEntity(p, createdAt) {
  return {
    $type: 'com.linkedin.voyager.dash.relationships.Connection',
    entityUrn: `urn:li:fsd_connection:${p.memberId}`,
    connectedMember: profileUrn(p),
    createdAt,
  };
}
