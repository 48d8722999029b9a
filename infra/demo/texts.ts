/** What the demo's people write: long enough for the default minimums (200 and 1000 characters). */

export const MOTIVATION =
  'Many of our students already take part in international activities at home and abroad without it being recognised. ' +
  'CIL gives them a way to reflect on what they learn and to show it to employers.';

export const PROPOSED_ACTIVITIES = 'Language café, guest lectures by international guests, a buddy scheme for incoming students, exchange semesters at partner universities.';

export const REFLECTIONS = {
  cafe:
    'At the language café I explained my field to students from Spain, Vietnam and Ghana, first in English and then in my own simple Spanish. ' +
    'I noticed how much I rely on jargon, and how often a drawing or an everyday example works better. ' +
    'I also learnt to wait and listen before answering, which I will take with me into group work and into practice placements.',
  buddy:
    'As a buddy for two incoming exchange students I helped them through their first weeks: housing, the library, the bureaucracy of a new country. ' +
    'Seeing my own university through their eyes showed me habits I had never questioned. ' +
    'I learnt to plan for people who do not share my assumptions, and to ask what they need instead of guessing.',
  exchange:
    'A semester at a partner university abroad: new teaching methods, a new language in daily life, and classmates from many countries. ' +
    'I had to manage on my own, to ask for help in a language I was still learning, and to adapt quickly. ' +
    'It made me more patient and more curious, and it changed how I think about the professional role I am studying towards.',
};

const REPORT_PARAGRAPHS = [
  'When I enrolled in the Certificate of International Learning I thought of internationalisation as something that happens abroad. Looking back on three very different activities, I see that most of what I learnt happened in meetings between people, and that many of those meetings took place on my own campus.',
  'The language café taught me to explain my field without jargon. Students from other countries asked simple questions that turned out to be hard ones, and I had to find examples that worked across languages and cultures. I now prepare explanations with the listener in mind, not the textbook.',
  'Being a buddy for incoming exchange students showed me my own university from the outside. Things I took for granted, from how to book a group room to how teachers expect us to speak up in class, had to be explained and sometimes defended. That made me more aware of unwritten rules, and of how excluding they can be.',
  'The exchange semester put me on the other side of the same situation. I was the one who did not know the rules, who misunderstood e-mails and who needed help. I learnt to ask early, to accept that I would get things wrong, and to build a network from scratch.',
  'The career course helped me put these experiences into words for employers, and the presentation to other students made me choose what mattered most. Together the activities have made me more patient, more curious and better at working with people whose starting point differs from mine.',
];

export const REPORT = REPORT_PARAGRAPHS.join('\n\n');

export const REVISED_REPORT = `${REPORT}\n\nAbroad I learnt most from the group project with students from four countries: we disagreed about deadlines, feedback and who should lead. We agreed to rotate the lead each week and to write down decisions after every meeting. I will bring that habit, and the humility behind it, into my first job.`;

export const REVISION_COMMENT = 'Thank you for a thoughtful report. Please say more about what you learnt abroad, with a concrete example.';
