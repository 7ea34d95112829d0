// The English twins of stories.zh.ts.
import type { stories as zh } from './stories.zh'

export const stories: typeof zh = {
  storiesNav: { stories: 'Stories', honour: 'Honour roll', mine: 'My stories', review: 'Story review', honourSettings: 'Honour settings' },
  storyStatus: { draft: 'Draft', in_review: 'In review', published: 'Published', rejected: 'Sent back' },
  stories: {
    title: 'Stories of help', intro: 'What help changed for households: public only once the household agreed and a second official reviewed it; no names or contacts.',
    region: 'Region', results: '{total} stories', none: 'No published stories in this region yet', photo: 'Story photo', read: 'Read the story',
    published: 'Published {date}', household: 'Household', place: 'Place', backToList: '← All stories', ofNeed: 'The need helped',
    needSection: 'Stories of help', needNone: 'No published story about this need yet', write: 'Write a story', writeHint: 'Write a story about help that arrived',
    new: { title: 'Write a story of help', subject: 'About', pledge: 'A confirmed pledge', application: 'A hire', create: 'Save the draft', missing: 'Which help is missing (the pledge id)' },
    form: { edit: 'Edit', title: 'Title', titleHint: '2–60 characters; no names, phones or ID numbers', body: 'Story', bodyHint: '10–2,000 characters: what happened and what it changed; no names, phones or ID numbers', save: 'Save changes', saved: 'Saved; the household is asked to consent again' },
    photos: { title: 'Photos', hint: 'JPEG, PNG or WebP up to 5 MB, at most 6; location data is removed on upload', showsFace: 'The photo shows a face', upload: 'Upload a photo', uploaded: 'Photo uploaded; the household is asked to consent again', remove: 'Remove', confirmRemove: 'Remove this photo?', removed: 'Photo removed', face: 'Face', none: 'No photos yet' },
    consent: {
      byAnother: 'The household agrees in the app; spoken consent is recorded by another official.',
      title: 'Household’s consent', none: 'The household has not yet agreed to publish this story', given: 'The household agreed on {date}', spoken: '(spoken, recorded by an official)', app: '(in the app)',
      faces: 'Faces may be shown', noFaces: 'Faces may not be shown', note: 'Note', noteHint: 'When, where and how consent was given; no phone or ID number',
      record: 'Record spoken consent', recorded: 'The household’s spoken consent is recorded', facesAllowed: 'The household agrees to show photos with faces',
      ask: 'Please read this story about your household. Once you agree, a second official reviews it before it is public; your name and contacts are never shown.',
      agree: 'I agree', agreeFaces: 'I agree, and photos with faces may be shown', agreeNoFaces: 'I agree, but do not show photos with faces', agreed: 'Thank you, your consent is recorded',
      confirm: 'Once you agree, a second official reviews the story and it becomes public when approved. Agree?',
    },
    submit: 'Submit for review', submitted: 'Submitted; a second official will review it', next: {
      consent: 'Next: the household’s consent (in the app, or record its spoken consent)', faces: 'A photo shows a face and the household did not allow faces: remove it or ask again',
      submit: 'The household agreed: submit it for review', review: 'Waiting for a second official’s review', published: 'Public', rejected: 'Sent back: an edit makes it a draft, to be consented again',
    },
    rejectedBecause: 'Sent back because: {reason}', writtenByYou: 'Written by you',
    mine: { title: 'My stories', intro: 'Stories about help to your household. Read them; they go to review only once you agree.', officialIntro: 'The stories you wrote and where each stands.', none: 'No stories yet', open: 'Open' },
    review: {
      title: 'Story review', intro: 'Stories another official wrote that the household agreed to. Check for names, phones and other personal data, and that the photos are fit to show.', none: 'No stories waiting for review',
      facesQuestion: 'Which photos show a face? (The writer’s marks are ticked.)', photoShowsFace: 'Photo {n} shows a face', approve: 'Approve and publish', reject: 'Send back', reason: 'Reason', reasonHint: 'The writer reads it', confirmApprove: 'The story becomes public at once (without names). Approve it?',
      approved: 'Published', rejected: 'Sent back', consentAt: 'Household agreed: {date}', faces: 'Photos with faces: {n}',
    },
  },
  honour: {
    title: 'Honour roll', intro: 'Ranked by help households confirmed receiving; unconfirmed pledges never count. Individuals appear under a masked label unless they choose to show their name.',
    region: 'Region', year: 'Year', rank: 'Rank', name: 'Supporter', value: 'Value delivered', households: 'Households helped', rating: 'Rating',
    ratingValue: '{avg} ({n} ratings)', fewerThanFive: 'fewer than 5', noRating: 'No ratings yet', none: 'No confirmed help in this region this year yet', verified: 'Verified', results: '{total} supporters',
    role: { donor: 'Individual', enterprise: 'Enterprise', social_org: 'Social organization' },
  },
  supporter: {
    title: 'Supporter', fulfilment: 'Fulfilment rate', fulfilmentHint: 'Confirmed / approved pledges {confirmed} / {approved}', median: 'Median time to deliver',
    durationDays: '{days} d {hours} h', durationHours: '{hours} h', value: 'Value delivered', households: 'Households helped', confirmed: 'Confirmed pledges',
    ratings: 'Households’ ratings', ratingsNone: 'No ratings yet', stars: '{n} stars', count: '{n}', notFound: 'No such supporter, or it chose not to be listed', back: '← Honour roll',
  },
  honourSettings: {
    title: 'Honour settings', intro: 'The honour roll and your public page count only help households confirmed receiving.', showName: 'Show my name on the roll', showNameHint: 'Unticked, you appear as “爱心人士 · code”; organizations always show their name.',
    listed: 'List me on the honour roll', listedHint: 'Unticked, you are not on the roll and your public page is not available.', saved: 'Saved', myPage: 'See my public page',
  },
}
