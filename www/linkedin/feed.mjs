// The main feed: posts by members, each with the people who reacted to it.
// As on the real site, a post's author comes with a profile (vanity name
// included), while reactors are listed by name and member-URN link only
// (https://www.linkedin.com/in/ACoAA…): a client that wants their vanity
// names has to open those links, which redirect to /in/<vanity>/.
import { allPeople, fullName, profileUrn } from './people.mjs';
import { profileByUrn } from './entities.mjs';
import { vectorImage } from './assets.mjs';

// A member's photo the way the API nests it in a lockup.
const photo = (p) => ({
  attributes: [{ detailData: { nonEntityProfilePicture: { vectorImage: vectorImage(profileUrn(p), 'profile-displayphoto-shrink_100_100') } } }],
});

const POSTS = [
  'Three years after our DPIA template went public, it is used by 40 teams. What changed our minds: writing it with the engineers, not for them.',
  'We replaced a 2,000-line retry loop with a queue and a timeout. Boring code wins.',
  'New case study: how a small team redesigned onboarding for screen-reader users first.',
  'Hiring two backend engineers in Berlin. No whiteboard puzzles, a paid take-home instead.',
  'Our newsroom now checks every browser extension on shared laptops. You would be surprised what some of them read.',
  'Quarter closed. Thank you to a finance team that kept its sense of humour through three system migrations.',
  'Data pipelines fail at 3 am on a Sunday. Write the runbook on Friday.',
  'Proud of the EMEA team: first quarter with more renewals than new logos.',
];
const PER_POST_REACTORS = [5, 3, 6, 4, 7, 2, 5, 4];
const POST_COUNT = 12;
const REACTIONS = ['LIKE', 'PRAISE', 'INTEREST', 'LIKE', 'EMPATHY'];

function activityOf(index) {
  return `urn:li:activity:7${String(210000000000000000 + index * 7919).padStart(18, '0')}`;
}

/** Every post of the feed, newest first, with its social detail. */
export function feedUpdates() {
  const people = allPeople();
  return Array.from({ length: POST_COUNT }, (_, i) => {
    const author = people[(i * 3) % people.length];
    const activity = activityOf(i);
    const reactors = Array.from(
      { length: PER_POST_REACTORS[i % PER_POST_REACTORS.length] },
      (_, k) => people[(i * 3 + 1 + k * 2) % people.length],
    ).filter((p) => p !== author);
    const socialDetail = {
      $type: 'com.linkedin.voyager.dash.social.SocialDetail',
      entityUrn: `urn:li:fsd_socialDetail:(${activity},${activity},urn:li:highlightedReply:-)`,
      totalReactions: reactors.length + 11 * (i % 4),
      reactions: reactors.map((p) => ({
        reactionType: REACTIONS[(i + p.slug.length) % REACTIONS.length],
        actorUrn: profileUrn(p),
        reactorLockup: {
          title: { text: fullName(p) },
          image: photo(p),
          subtitle: { text: p.headline },
          navigationUrl: `https://www.linkedin.com/in/${p.memberId}`,
        },
      })),
    };
    const update = {
      $type: 'com.linkedin.voyager.dash.feed.Update',
      entityUrn: `urn:li:fsd_update:(${activity},MAIN_FEED,EMPTY,DEFAULT,false)`,
      actor: {
        '*profile': profileUrn(author),
        name: { text: fullName(author) },
        image: photo(author),
        description: { text: author.headline },
        navigationUrl: `https://www.linkedin.com/in/${author.slug}`,
      },
      commentary: { text: { text: POSTS[i % POSTS.length] } },
      // Every other post shares a picture.
      content: i % 2 === 0 ? { imageComponent: { images: [{ attributes: [{ detailData: { vectorImage: vectorImage(activity, 'feedshare-shrink_800') } }] }] } } : null,
      '*socialDetail': socialDetail.entityUrn,
    };
    return { update, socialDetail, author: { ...profileByUrn(author), publicIdentifier: author.slug } };
  });
}
